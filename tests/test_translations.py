"""Translations that say when they are missing or out of date."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.build.builder import translation_items
from portal.options import Options
from portal.pages import plan

from conftest import PROJECT, TODAY, build, check, copy_of_built, make_project, parse

STATEMENT = "content/statements/2025-09-11-release"
ANNA = "data/prisoners/anna-test.yaml"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=120)


def statuses(root: Path) -> dict[tuple[str, str, str], str]:
    _, items, _ = translation_items(Options(root=root, today=TODAY))
    return {(i.file, i.field, i.lang): i.status for i in items}


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, check=True, capture_output=True)


@pytest.fixture
def marked(tmp_path) -> Path:
    """The minimal fixture in a git repository, with the Belarusian statement and Anna's
    profile marked current, committed (made once per test process, then copied:
    conftest.copy_of_built)."""
    return copy_of_built(tmp_path / "project", "marked", _mark)


def _mark(root: Path) -> None:
    make_project(root, "minimal")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fixture")
    assert cli(root, "translations", "--mark-current", f"{STATEMENT}.be.md", ANNA,
               "content/pages/help.ru.md").returncode == 0
    git(root, "commit", "-qam", "mark current")


def test_without_records_translations_are_untracked_and_gaps_missing(project):
    found = statuses(project("minimal"))
    assert found[(f"{STATEMENT}.be.md", "", "be")] == "untracked"
    assert found[(f"{STATEMENT}.ru.md", "", "ru")] == "missing"
    assert found[("data/prisoners/boris-test.yaml", "summary", "be")] == "missing"
    assert found[(ANNA, "summary", "ru")] == "untracked"


def test_marking_records_the_source_fingerprint(marked):
    text = (marked / f"{STATEMENT}.be.md").read_text(encoding="utf-8")
    assert "translated_from:\n  lang: en\n  hash: " in text  # in the editor's style
    anna = (marked / ANNA).read_text(encoding="utf-8")
    assert "translated:\n  name.be: en " in anna and "summary.ru: en " in anna
    assert "\nphoto:\n" in anna  # the rest of the file is as it was
    found = statuses(marked)
    assert found[(f"{STATEMENT}.be.md", "", "be")] == "current"
    assert found[(ANNA, "summary", "be")] == "current"
    assert found[(ANNA, "photo.alt", "ru")] == "current"


def test_marking_twice_changes_nothing(marked):
    before = (marked / ANNA).read_bytes()
    assert cli(marked, "translations", "--mark-current", ANNA).returncode == 0
    assert (marked / ANNA).read_bytes() == before


def test_a_changed_source_makes_its_translations_stale(marked):
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    edit(marked, ANNA, "en: A journalist released in September 2025.",
         "en: A journalist freed in September 2025.")
    edit(marked, "content/pages/help.en.md", "Intro (en).", "A new introduction.")
    found = statuses(marked)
    assert found[("content/pages/help.ru.md", "", "ru")] == "stale"
    assert found[("content/pages/help.be.md", "", "be")] == "untracked"
    assert found[(f"{STATEMENT}.be.md", "", "be")] == "stale"
    assert found[(ANNA, "summary", "be")] == "stale"
    assert found[(ANNA, "summary", "ru")] == "stale"
    assert found[(ANNA, "name", "be")] == "current"


def test_readers_are_told_when_a_translation_is_stale(marked):
    edit(marked, f"{STATEMENT}.en.md", "date: 2025-09-11", "date: 2025-09-11\nupdated: 2025-10-12")
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    edit(marked, ANNA, "en: A journalist released in September 2025.",
         "en: A journalist freed in September 2025.")
    build(marked)
    soup = parse(marked / "site/be/statements/2025-09-11-release/index.html")
    notice = soup.find(class_="stale-notice")
    assert notice is not None and notice["role"] == "note"
    assert notice.get_text(" ", strip=True).startswith(
        "Арыгінал (англійская) абноўлены 12 кастрычніка 2025")
    assert notice.a["href"] == "../../../en/statements/2025-09-11-release/"
    assert notice.a["hreflang"] == "en"
    profile = parse(marked / "site/ru/prisoners/anna-test/index.html")
    assert "перевод может быть устаревшим" in profile.find("p", class_="lead").get_text()
    current = parse(marked / "site/en/statements/2025-09-11-release/index.html")
    assert current.find(class_="stale-notice") is None


def test_report_shows_what_changed_in_the_source(marked):
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    git(marked, "commit", "-qam", "source changed")
    result = cli(marked, "translations", "--lang", "be")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("be: ") and "1 stale" in lines[0]
    assert "  stale:" in lines
    assert f"    {STATEMENT}.be.md (statement 2025-09-11-release)" in lines
    assert any(line.strip().startswith("-On 11 September 2025, 52 people were released")
               for line in lines)
    assert any(line.strip().startswith("+On 11 September 2025, 52 people were freed")
               for line in lines)
    assert not any(line.startswith("ru: ") for line in lines)
    assert "uncommitted" not in result.stdout


def test_report_says_when_the_source_has_uncommitted_changes(marked):
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    result = cli(marked, "translations", "--lang", "be")
    lines = result.stdout.splitlines()
    note = next(line.strip() for line in lines if "uncommitted" in line)
    assert note.startswith(f"{STATEMENT}.en.md has uncommitted changes: compared from the text "
                           "translated (commit ")
    assert note.endswith("to the file as it is now, uncommitted changes included")
    assert any(line.strip().startswith("+On 11 September 2025, 52 people were freed")
               for line in lines)


def test_a_translation_of_a_source_never_committed_is_compared_with_the_last_commit(marked):
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    assert cli(marked, "translations", "--mark-current", f"{STATEMENT}.be.md",
               "--yes").returncode == 0
    edit(marked, f"{STATEMENT}.en.md", "52 people were freed", "52 people walked free")
    lines = cli(marked, "translations", "--lang", "be").stdout.splitlines()
    note = next(line.strip() for line in lines if "uncommitted" in line)
    assert note.startswith(f"{STATEMENT}.en.md has uncommitted changes, and the text it was "
                           "translated from is in no commit: compared with its last commit (")
    assert any(line.strip().startswith("-On 11 September 2025, 52 people were released")
               for line in lines)
    assert any(line.strip().startswith("+On 11 September 2025, 52 people walked free")
               for line in lines)


def test_report_as_json(marked):
    edit(marked, ANNA, "en: A journalist released in September 2025.",
         "en: A journalist freed in September 2025.")
    result = cli(marked, "translations", "--json")
    data = json.loads(result.stdout)
    assert set(data) == {"be", "ru"}
    stale = [i for i in data["ru"]["items"] if i["status"] == "stale"]
    assert [(i["file"], i["field"]) for i in stale] == [(ANNA, "summary")]
    assert "source_diff" in stale[0]
    assert data["be"]["counts"]["missing"] >= 1
    assert 0 <= data["be"]["current_percent"] <= 100


def test_ci_gate_fails_below_the_share_and_names_the_items(marked):
    result = cli(marked, "check", "--translations", "be:100")
    assert result.returncode == 1
    assert "--translations translations: too few current translations (be: " in result.stderr
    assert "100% required)" in result.stderr
    assert ("data/prisoners/boris-test.yaml:15 summary: be translation missing "
            "(prisoner boris-test); add a `be:` line, translated from the en text, then "
            "`.venv/bin/python build.py translations --mark-current data/prisoners/boris-test.yaml "
            "--lang be`") in result.stderr
    assert ("content/statements/2024-10-01-english-only.be.md be translation missing "
            "(statement 2024-10-01-english-only); translate content/statements/"
            "2024-10-01-english-only.en.md: `.venv/bin/python build.py new translation content/"
            "statements/2024-10-01-english-only.en.md --lang be` makes the file"
            ) in result.stderr
    assert cli(marked, "check", "--translations", "be:5").returncode == 0


def test_gate_from_site_config(project):
    root = project("minimal")
    edit(root, "data/site.yaml", "menu:", "checks:\n  translations:\n    ru: 90\nmenu:")
    problems = [str(p) for p in check(root) if not p.warning]
    assert problems and problems[0].startswith("data/site.yaml translations: too few current "
                                               "translations (ru: ")


def test_the_gate_and_the_warnings_agree(project):
    """The gate says once, for every language below its share, that the site is published
    all the same with the fallback text (it is: the build does not stop, and the page
    shows the fallback with a notice), and that the gate is for review; a text the gate
    lists is not warned about as well."""
    root = project("minimal")
    edit(root, "data/site.yaml", "menu:", "checks:\n  translations:\n    be: 100\n"
         "    ru: 100\nmenu:")
    problems = check(root)
    notes = [p for p in problems if "published" in f"{p.message} {p.fix}"]
    assert [(p.file, p.field) for p in notes] == [("data/site.yaml", "translations")]
    assert "be: " in notes[0].message and "ru: " in notes[0].message
    assert notes[0].fix.startswith("this check is for review: the site is built and published "
                                   "all the same, with the fallback text and a notice")
    untranslated = [p for p in problems if p.warning and "not yet translated" in p.message]
    assert untranslated == []
    missing = [p for p in problems if not p.warning and p.message.startswith(
        "ru translation missing (statement 2025-09-11-release)")]
    assert [p.file for p in missing] == ["content/statements/2025-09-11-release.ru.md"]
    assert build(root).pages  # the gate does not stop a build
    page = parse(root / "site/ru/statements/2025-09-11-release/index.html")
    assert page.find(class_="fallback-notice") is not None and page.h1["lang"] == "en"


def test_a_gate_on_one_language_leaves_the_warnings_of_the_others(project):
    root = project("minimal")
    problems = check(root)
    before = [p for p in problems if p.warning and "not yet translated" in p.message]
    edit(root, "data/site.yaml", "menu:", "checks:\n  translations:\n    ru: 100\nmenu:")
    after = [p for p in check(root) if p.warning and "not yet translated" in p.message]
    assert after and all("be" in p.message for p in after)
    assert {str(p) for p in after} == {str(p) for p in before if "be" in p.message}


def test_status_page_for_editors(built_fixture):
    soup = parse(built_fixture / "status/translations/index.html")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
            for tr in soup.find("table").tbody.find_all("tr")}
    assert set(rows) == {"Belarusian", "Russian"}
    _, items, _ = translation_items(Options(root=built_fixture.parent, today=TODAY))
    missing_be = sum(1 for i in items if i.lang == "be" and i.status == "missing")
    assert rows["Belarusian"][3] == str(missing_be) and missing_be > 0
    assert soup.find(id="lang-be") and soup.find(id="lang-ru")
    menu = parse(built_fixture / "en/index.html").find("nav", class_="menu")
    assert "status" not in str(menu)


def test_the_sample_content_is_fully_translated_and_current():
    _, items, config = translation_items(Options(root=PROJECT, today=TODAY))
    assert items and all(i.status == "current" for i in items), [
        i.label for i in items if i.status != "current"][:5]
    assert config.translation_gate == {"be": 100, "ru": 100}


def test_marking_a_list_file_writes_it_in_the_editors_style(marked):
    """Marked once (a new block), then again after an edit (the block replaced): the file
    is in the web editor's style each time (blank lines and comments go, as they do in
    the editor), and each block stays with its own record."""
    actions = marked / "data/actions.yaml"
    for change in (None, ("Letters matter.", "Letters matter a lot.")):
        if change:
            edit(marked, "data/actions.yaml", *change)
        assert cli(marked, "translations", "--mark-current", "data/actions.yaml",
                   "--yes").returncode == 0
        text = actions.read_text(encoding="utf-8")
        assert cli(marked, "format", "--check", "data/actions.yaml").returncode == 0
        assert text.count("translated:") == 2
        records = yaml.safe_load(text)["actions"]
        letters = next(r for r in records if "Letters matter" in r["text"]["en"])
        assert letters["translated"]["text.be"].startswith("en ")
    found = {s for k, s in statuses(marked).items() if k[0] == "data/actions.yaml"}
    assert "current" in found and "stale" not in found


def test_a_record_written_first_in_belarusian_is_the_original(marked):
    """An editor writes a summary in Belarusian, then English and Russian from it:
    `--mark-current FILE --from be --field summary` records both as translations of the
    Belarusian, so that a later change to the Belarusian makes them stale (not the other
    way round)."""
    boris = "data/prisoners/boris-test.yaml"
    edit(marked, boris, "summary:\n", "summary:\n  be: Палітык у следчым ізалятары.\n")
    before = {k: v for k, v in statuses(marked).items() if k[0] == boris and k[1] == "summary"}
    result = cli(marked, "translations", "--mark-current", boris, "--from", "be",
                 "--field", "summary")
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((marked / boris).read_text(encoding="utf-8"))
    records = data["translated"]
    assert records["summary.en"].startswith("be ") and records["summary.ru"].startswith("be ")
    assert "summary.be" not in records
    found = statuses(marked)
    assert found[(boris, "summary", "en")] == found[(boris, "summary", "ru")] == "current"
    assert (boris, "summary", "be") not in found  # the original
    edit(marked, boris, "  be: Палітык у следчым ізалятары.", "  be: Палітык у СІЗА.")
    found = statuses(marked)
    assert found[(boris, "summary", "en")] == found[(boris, "summary", "ru")] == "stale"
    assert before  # the field was there to classify before marking


def test_from_needs_a_configured_language_and_a_yaml_file(marked):
    result = cli(marked, "translations", "--mark-current", ANNA, "--from", "xx")
    assert result.returncode == 2 and "'xx' is not a configured language" in result.stderr
    result = cli(marked, "translations", "--mark-current", f"{STATEMENT}.be.md", "--from", "be")
    assert result.returncode == 1 and "--from is for YAML files" in result.stdout + result.stderr


def test_a_stale_translation_outside_the_gate_is_a_warning(marked):
    """English is not under the gate here: its translation of a Belarusian original that
    changed is a warning in check (readers see it with an out-of-date notice)."""
    boris = "data/prisoners/boris-test.yaml"
    edit(marked, boris, "summary:\n", "summary:\n  be: Палітык у следчым ізалятары.\n")
    assert cli(marked, "translations", "--mark-current", boris, "--from", "be",
               "--field", "summary").returncode == 0
    assert not [p for p in check(marked) if "out of date" in str(p)]
    edit(marked, boris, "  be: Палітык у следчым ізалятары.", "  be: Палітык у СІЗА.")
    found = [str(p) for p in check(marked) if "out of date" in str(p)]
    assert any(p.startswith(f"{boris}:") and "summary: warning: the en translation is out of "
               "date: its be original has changed since" in p for p in found), found


def test_the_status_page_lists_the_stale_first_and_counts_what_it_leaves_out(marked,
                                                                          monkeypatch):
    """At 5,000 people the full to-do list made a 4.7 MB page: it lists a few per language,
    the stale first (their original changed), and says how many more the command lists."""
    edit(marked, ANNA, "en: A journalist released in September 2025.",
         "en: A journalist freed in September 2025.")
    monkeypatch.setattr(plan, "PENDING_LISTED", 2)
    build(marked)
    section = parse(marked / "site/status/translations/index.html").find(
        id="lang-be").parent
    items = section.find("ul", class_="pending").find_all("li")
    assert len(items) == 2
    assert items[0].strong.get_text() == "stale"
    assert items[0].code.get_text().startswith(ANNA)
    from portal.languages.translations import listed

    todo = listed([i for i in translation_items(Options(root=marked, today=TODAY))[1]
                   if i.lang == "be" and i.status != "current"],
                  {"data/prisoners/withheld-1.yaml"})  # a withheld person: once, by file
    assert len(todo) > 3
    more = section.find_all("p")[-1].get_text()
    assert more == (f"{len(todo) - 2} more are not listed here: “.venv/bin/python build.py "
                    "translations --lang be” lists them all.")


def test_a_withheld_persons_translations_are_named_by_file_alone(marked):
    """`translations` (text and JSON) and the status page name the file of a person whose
    name is withheld, never the name, the changed text, nor which field changed."""
    withheld = "data/prisoners/withheld-1.yaml"
    edit(marked, withheld, "  en: Secret Person\n", "  en: Secret Person\n  be: Сакрэт Персона\n")
    edit(marked, withheld, "  en: Detained in 2024.\n",
         "  en: Detained in 2024.\n  be: Затрыманы ў 2024.\n")
    assert cli(marked, "translations", "--mark-current", withheld).returncode == 0
    git(marked, "commit", "-qam", "withheld person translated")
    edit(marked, withheld, "  en: Secret Person\n", "  en: Secret Persson\n")
    edit(marked, withheld, "  en: Detained in 2024.", "  en: Detained in May 2024.")
    assert statuses(marked)[(withheld, "name", "be")] == "stale"  # the case this is about

    text = cli(marked, "translations").stdout
    data = json.loads(cli(marked, "translations", "--json").stdout)
    build(marked)
    page = (marked / "site/status/translations/index.html").read_text(encoding="utf-8")
    label = f"{withheld} (a person whose name is withheld: the texts are not named)"
    for output in (text, json.dumps(data, ensure_ascii=False), page):
        for secret in ("Secret", "Persson", "Сакрэт", "Detained", "Затрыманы"):
            assert secret not in output
        assert withheld in output
    lines = [line.strip() for line in text.splitlines() if withheld in line]
    assert lines and set(lines) == {label}
    be = text.split("\nru: ")[0]
    assert be.split("  stale:")[1].split("  missing:")[0].strip().splitlines()[0] == label
    mine = [i for lang in data.values() for i in lang["items"] if i["file"] == withheld]
    assert {(i["status"], i["field"], i["line"], i["withheld"]) for i in mine} == {
        ("stale", "", None, True), ("missing", "", None, True)}
    assert not [i for i in mine if "source_diff" in i]
    shown = [li.code.get_text() for li in parse(marked / "site/status/translations/index.html")
             .find_all("li") if li.code and withheld in li.code.get_text()]
    assert shown and set(shown) == {label}
