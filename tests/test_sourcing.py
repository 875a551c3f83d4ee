"""Facts shown as their sources give them: reported facts read "reportedly" in every
language, secondary reporting must be marked, `verified` is never more precise than a
source, publishers and descriptions in the reader's language, and a letter page that
always leads somewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build, check, errors, parse

REPORTED = {"en": "(reportedly)", "be": "(паводле паведамленняў)", "ru": "(по сообщениям)"}


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()  # as read: inline tags add no space


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def nothing_reported(root: Path) -> None:
    """Every record of the fixture citing report-b says none of its facts rests on it."""
    for name in ("boris-test", "clara-test", "dmitry-test", "eva-test", "withheld-1"):
        path = root / f"data/prisoners/{name}.yaml"
        content = path.read_text().replace("    sources: [report-b]\n",
                                           "    sources: [report-b]\n    reported: []\n")
        path.write_text(content.replace("\nsources: [report-b, report-a]\n",
                                        "\nsources: [report-b, report-a]\nreported: []\n"))
    edit(root / "data/releases.yaml", "  sources: [report-b]\n",
         "  sources: [report-b]\n  reported: []\n")


def warnings(root: Path) -> list[str]:
    return [str(p) for p in check(root) if p.warning]


@pytest.fixture
def reported_site(project):
    """The fixture site with a reported status, a reported event date, a reported count."""
    root = project("minimal")
    anna = root / "data/prisoners/anna-test.yaml"
    edit(anna, "status: released\n", "status: released\nreported: [status]\n")
    edit(anna, "    sources: [report-a]\n", "    sources: [report-a]\n    reported: [date]\n")
    edit(root / "data/releases.yaml", "  sources: [report-a]\n",
         "  sources: [report-a]\n  reported: [released]\n")
    return root


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_reported_facts_read_reportedly_in_every_language(reported_site, lang):
    build(reported_site)
    site = reported_site / "site"
    profile = parse(site / lang / "prisoners/anna-test/index.html")
    assert REPORTED[lang] in text(profile.find(class_="profile-status"))
    first_event = profile.find("ol", class_="events").find("li")
    assert REPORTED[lang] in text(first_event.find(class_="event-date"))
    others = profile.find("ol", class_="events").find_all("li")[1:]
    assert not any(REPORTED[lang] in text(e.find(class_="event-date")) for e in others)
    timeline = parse(site / lang / "timeline/index.html")
    released = [dd for dl in timeline.find_all("dl", class_="facts") for dd in dl.find_all("dd")
                if REPORTED[lang] in text(dd)]
    assert released, "the reported count is marked"
    listing = parse(site / lang / "prisoners/index.html")
    card = next(li for li in listing.find_all("li", class_="person")
                if li.find("a", href=re.compile("anna-test")))
    assert REPORTED[lang] in text(card.find(class_="person-meta"))


def test_reported_facts_are_in_the_open_data(reported_site):
    build(reported_site)
    data = json.loads((reported_site / "site/data/prisoners.json").read_text())
    anna = next(p for p in data["prisoners"] if p["slug"] == "anna-test")
    assert anna["reported"] == ["status"]
    assert anna["events"][0]["reported"] == ["date"]
    waves = json.loads((reported_site / "site/data/releases.json").read_text())["releases"]
    assert any(w["reported"] == ["released"] for w in waves)
    csv = (reported_site / "site/data/prisoners.csv").read_text().splitlines()
    header = csv[0].split(",")
    row = next(line for line in csv if line.startswith('"anna-test"'))
    # the status, and the date of the first detention (the CSV's `detained` column)
    assert row.split(",")[header.index('"reported"')] == '"status;detained"'


def test_a_record_citing_secondary_reporting_must_say_what_rests_on_it(project):
    root = project("minimal")
    edit(root / "data/sources.yaml", "  publisher: Other Org\n",
         "  publisher: Other Org\n  secondary: true\n")
    found = [str(p) for p in errors(root)]
    boris = [p for p in found if p.startswith("data/prisoners/boris-test.yaml:18:")]
    assert boris == ["data/prisoners/boris-test.yaml:18:1 sources: cites report-b: secondary "
                     "reporting, still to be checked; list the facts that rest on it in "
                     "`reported:` (e.g. `reported: [status]`), shown as “reportedly”; or "
                     "write `reported: []` if none do"]
    assert any(p.startswith("data/prisoners/boris-test.yaml:14:") and "events[0].sources"
               in p for p in found)
    nothing_reported(root)
    assert not [p for p in errors(root) if "secondary" in str(p)]


def test_reported_names_only_fields_the_record_has(project):
    root = project("minimal")
    edit(root / "data/prisoners/anna-test.yaml", "    sources: [report-a]\n",
         "    sources: [report-a]\n    reported: [destination]\n")
    found = [str(p) for p in errors(root)]
    assert any("events[0].reported[0]: names `destination`, which this record does not have"
               in p for p in found), found
    edit(root / "data/prisoners/anna-test.yaml", "reported: [destination]", "reported: [fate]")
    assert any('"fate" is not one of' in str(p) for p in errors(root))


def test_verified_no_more_precise_than_its_sources(project):
    root = project("minimal")
    anna = root / "data/prisoners/anna-test.yaml"
    assert not [w for w in warnings(root) if "is not supported" in w]
    edit(anna, "verified: 2025-09-12", "verified: 2025-09-13")
    assert ("data/prisoners/anna-test.yaml:8:1 verified: warning: 2025-09-13 is not supported "
            "by a date of the cited sources; write `verified: 2025-09-12`, as precise as the "
            "source") in warnings(root)
    edit(anna, "verified: 2025-09-13", "verified: 2025-09")  # less precise: supported
    assert not [w for w in warnings(root) if "is not supported" in w]
    edit(anna, "verified: 2025-09", "verified: 2025-10")  # later than every source
    assert any("anna-test.yaml:8:1 verified: warning: 2025-10 is not supported" in w
               for w in warnings(root))


@pytest.mark.parametrize("lang, publisher, title, description", [
    ("en", "Fixture Org", "“Report A”", "Description of B"),
    ("be", "Фікстурная арганізацыя", "«Report A»", "Апісанне B"),
    ("ru", "Фикстурная организация", "«Report A»", "Описание B"),
])
def test_sources_in_the_readers_language(project, lang, publisher, title, description):
    root = project("minimal")
    sources = root / "data/sources.yaml"
    edit(sources, "  title: Report A\n  publisher: Fixture Org\n",
         "  title: Report A\n  publisher:\n    en: Fixture Org\n    be: Фікстурная арганізацыя\n"
         "    ru: Фикстурная организация\n")
    edit(sources, "  title: Report B\n", "  title:\n    en: Description of B\n    be: Апісанне B\n"
         "    ru: Описание B\n  untitled: true\n")
    build(root)
    page = parse(root / "site" / lang / "prisoners/anna-test/index.html")
    items = [text(li) for li in page.find("ul", class_="sources").find_all("li")]
    assert any(item.startswith(f"{title} — {publisher}") for item in items), items
    page = parse(root / "site" / lang / "prisoners/boris-test/index.html")
    items = [text(li) for li in page.find("ul", class_="sources").find_all("li")]
    assert any(item.startswith(f"{description} — Other Org") for item in items), items


SERVICES_HEADING = {"en": "Write through a service", "be": "Напісаць праз сэрвіс",
                    "ru": "Написать через сервис"}


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_letter_page_without_an_address_leads_to_the_services(built_fixture, lang):
    soup = parse(built_fixture / lang / "prisoners/clara-test/letter/index.html")
    assert soup.find("figure", class_="envelope") is None
    section = soup.find(id="services-heading").parent
    assert text(soup.find(id="services-heading")) == SERVICES_HEADING[lang]
    # right after the note that no address is known, before the rules
    headings = [h["id"] for h in soup.find("article").find_all("h2", id=True)]
    assert headings.index("services-heading") < headings.index("rules-heading")
    links = {a["href"]: text(a) for a in section.find_all("a", href=True)}
    assert set(links) == {"https://postcards.example/", "https://keeper.example/"}
    postcards = section.find("a", href="https://postcards.example/").find_parent("li")
    assert postcards.find(class_="warning")["role"] == "note"
    keeper = section.find("a", href="https://keeper.example/").find_parent("li")
    assert keeper.find(class_="warning") is None and links["https://keeper.example/"] == "Keeper"
    hint = text(soup.find(class_="print-hint"))
    assert not re.search(r"envelope|канверт|конверт", hint), hint
    assert soup.find(class_="sheet-phrases").find("li")


def test_letter_page_with_an_address_keeps_the_envelope_first(built_fixture):
    soup = parse(built_fixture / "en/prisoners/boris-test/letter/index.html")
    headings = [h["id"] for h in soup.find("article").find_all("h2", id=True)]
    assert headings.index("envelope-heading") < headings.index("services-heading")
    assert "envelope" in text(soup.find(class_="print-hint"))


def test_no_service_and_no_address_is_a_warning(project):
    root = project("minimal")
    letters = root / "data/letters.yaml"
    letters.write_text(letters.read_text().split("services:")[0])
    found = [w for w in warnings(root) if "lists no `services:`" in w]
    assert sorted(w.split(":")[0] for w in found) == ["data/prisoners/clara-test.yaml",
                                                       "data/prisoners/eva-test.yaml"]
    assert "has no known address" in next(w for w in found if "clara" in w)
    assert "is held incommunicado" in next(w for w in found if "eva" in w)


def test_recipient_name_in_the_same_order_everywhere(built_fixture):
    """First name, then surname, as the sources give it: the rule, the example envelope
    on /write/ and every letter page."""
    write = parse(built_fixture / "ru/write/index.html")
    placeholders = [text(line) for line in write.find_all(class_="placeholder")]
    assert placeholders == ["Имя Фамилия", "Імя Прозвішча"]
    letter = parse(built_fixture / "ru/prisoners/boris-test/letter/index.html")
    recipients = [text(line) for line in letter.find_all(class_="recipient")]
    assert recipients == ["Борис Тест", "Барыс Тэст"]  # name.ru and name.be: first name first


def test_a_string_left_empty_in_one_language_is_an_error(project):
    root = project("minimal")
    strings = root / "data/strings/en.yaml"
    content = strings.read_text()
    strings.write_text(re.sub(r"(?m)^  risk: .*(\n    .*)*$", '  risk: ""', content))
    assert [str(p) for p in errors(root) if "share.risk" in str(p)] == [
        f"data/strings/en.yaml:{_line(content, '  risk:')}:3 share.risk: is empty, while the "
        "be, ru file(s) have a text: readers in en would see nothing here; write it in this "
        "language"]


def _line(content: str, start: str) -> int:
    return next(i for i, line in enumerate(content.splitlines(), 1) if line.startswith(start))


def test_a_sentence_beginning_with_a_figure_is_a_warning(project):
    root = project("minimal")
    edit(root / "data/prisoners/anna-test.yaml",
         "  be: Журналістка, вызваленая ў верасні 2025 года.",
         "  be: Журналістка. 5 гадоў яна была за кратамі.")
    statement = next((root / "content/statements").glob("*.en.md"))
    statement.write_text(statement.read_text() + "\n52 people were freed. Cell No. 4 was "
                         "small.\n\n1. A list item is not a sentence.\n")
    found = [w for w in warnings(root) if "begins with the figure" in w]
    assert any(w.startswith("data/prisoners/anna-test.yaml:") and "summary.be" in w
               and "“5”" in w for w in found), found
    body = [w for w in found if w.startswith(statement.relative_to(root).as_posix())]
    assert len(body) == 1 and "“52”" in body[0], body
    line = statement.read_text().splitlines().index("52 people were freed. Cell No. 4 was "
                                                    "small.") + 1
    assert body[0].startswith(f"{statement.relative_to(root).as_posix()}:{line} body:")


def test_a_translation_cannot_change_the_statements_facts(project):
    """The site takes a statement's date, people, sources and schedule from its original;
    a translation that writes them differently gets a warning, not silence."""
    root = project("minimal")
    be = root / "content/statements/2025-09-11-release.be.md"
    assert not [p for p in check(root) if "differs from the original" in str(p)]
    edit(be, "date: 2025-09-11", "date: 2025-09-10")
    edit(be, "people: [anna-test]", "people: [anna-test, boris-test]")
    found = [str(p) for p in check(root) if "differs from the original" in str(p)]
    assert found == [
        "content/statements/2025-09-11-release.be.md:3:1 date: warning: differs from the "
        "original, content/statements/2025-09-11-release.en.md (2025-09-11): the site takes "
        "date from the original; write 2025-09-11 as there",
        "content/statements/2025-09-11-release.be.md:6:1 people: warning: differs from the "
        "original, content/statements/2025-09-11-release.en.md ([anna-test]): the site takes "
        "people from the original; write [anna-test] as there"]
    edit(be, "people: [anna-test, boris-test]", "people: [anna-test]")
    edit(be, "date: 2025-09-10", "date: 2025-09-11")
    assert not [p for p in check(root) if "differs from the original" in str(p)]


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_the_letter_guide_lists_the_services_with_their_warnings(built_fixture, lang):
    soup = parse(built_fixture / lang / "write/index.html")
    section = soup.find(id="services-heading").parent
    postcards = section.find("a", href="https://postcards.example/").find_parent("li")
    assert postcards.find(class_="warning")["role"] == "note"


def test_a_secondary_source_says_so_wherever_it_is_listed(project):
    root = project("minimal")
    edit(root / "data/sources.yaml", "  publisher: Other Org\n",
         "  publisher: Other Org\n  secondary: true\n")
    nothing_reported(root)
    build(root)
    page = parse(root / "site/ru/prisoners/boris-test/index.html")
    items = [text(li) for li in page.find("ul", class_="sources").find_all("li")]
    assert any(i.startswith("«Report B» — Other Org") and i.endswith(
        "(вторичный источник, ещё нужно проверить)") for i in items), items
    letter = parse(root / "site/en/prisoners/clara-test/letter/index.html")
    keeper = letter.find("a", href="https://keeper.example/").find_parent("li")
    assert "(secondary reporting, still to be checked)" in text(keeper)


def test_a_belarusian_letter_page_starts_with_the_belarusian_sheet(built_fixture):
    be = parse(built_fixture / "be/prisoners/boris-test/letter/index.html")
    ru = parse(built_fixture / "ru/prisoners/boris-test/letter/index.html")
    assert be.find(id="script-be").has_attr("checked") and not be.find(id="script-ru").has_attr(
        "checked")
    assert ru.find(id="script-ru").has_attr("checked")
    words = be.find(class_="draft-check")["data-avoid"].split("|")
    assert len(words) == len(set(words))


def test_one_mistake_gives_one_error_about_reported(project):
    root = project("minimal")
    anna = root / "data/prisoners/anna-test.yaml"
    edit(anna, "status: released\n", "statuss: released\nreported: [status]\n")
    found = [str(p) for p in errors(root) if "anna-test" in str(p)]
    assert any("statuss: unknown field" in p for p in found), found
    assert not any("names `status`" in p for p in found), found
    edit(anna, "statuss: released\nreported: [status]\n",
         "status: released\nreported: [facility]\n")
    found = [str(p) for p in errors(root) if "reported" in str(p)]
    assert len(found) == 1 and '"facility" is not one of: status' in found[0], found


def test_the_example_in_the_error_fits_the_event(project):
    root = project("minimal")
    edit(root / "data/sources.yaml", "  publisher: Other Org\n",
         "  publisher: Other Org\n  secondary: true\n")
    found = [str(p) for p in errors(root) if "boris-test.yaml:14:" in str(p)]
    boris = (root / "data/prisoners/boris-test.yaml").read_text()
    event = boris.split("events:")[1].split("sources:")[0]
    fields = [f for f in ("date", "term", "destination") if f"    {f}:" in event]
    assert found and f"`reported: [{', '.join(fields)}]`" in found[0], (found, event)


@pytest.mark.parametrize("lang, meanings", [("en", True), ("be", False), ("ru", False)])
def test_phrases_have_a_meaning_only_for_readers_of_neither_script(built_fixture, lang,
                                                                   meanings):
    """A Belarusian or Russian reader reads the phrases themselves: a 'meaning' in their
    language would only repeat one of them."""
    write = parse(built_fixture / lang / "write/index.html")
    columns = len(write.find("table", class_="phrases").find("thead").find_all("th"))
    assert columns == (3 if meanings else 2)
    letter = parse(built_fixture / lang / "prisoners/boris-test/letter/index.html")
    assert bool(letter.find(class_="meaning")) == meanings


@pytest.mark.parametrize("lang, name", [("en", "Fixture Org"), ("be", "Фікстурная арганізацыя"),
                                        ("ru", "Фикстурная организация")])
def test_a_partner_in_the_readers_language(project, lang, name):
    root = project("minimal")
    edit(root / "data/actions.yaml", 'partner: {name: Fixture Org, url: "https://fixture.example/"}',
         'partner: {name: {en: Fixture Org, be: Фікстурная арганізацыя, '
         'ru: Фикстурная организация}, url: "https://fixture.example/"}')
    build(root)
    page = parse(root / "site" / lang / "help/index.html")
    links = [text(a) for a in page.find_all("a", href="https://fixture.example/")]
    assert name in links, links
