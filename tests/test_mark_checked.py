"""A translation is current only when someone checked it: `translations --mark-current`
after its original changed shows what changed and marks it only when the translation was
edited since, or with `--yes`; `--from` makes a language the original of the fields named
with `--field`, and of no other."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_translations import ANNA, STATEMENT, cli, edit, git, statuses

from conftest import copy_of_built, make_project

OLD = "en: A journalist released in September 2025."
NEW = "en: A journalist freed in September 2025."
BE = "  be: Журналістка, вызваленая ў верасні 2025 года."


@pytest.fixture
def marked(tmp_path) -> Path:
    """The minimal fixture in a git repository, Anna's profile and the Belarusian
    statement marked current and committed (as in test_translations; made once per test
    process, then copied: conftest.copy_of_built)."""
    return copy_of_built(tmp_path / "project", "marked-two", _mark)


def _mark(root: Path) -> None:
    make_project(root, "minimal")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "fixture")
    assert cli(root, "translations", "--mark-current", f"{STATEMENT}.be.md",
               ANNA).returncode == 0
    git(root, "commit", "-qam", "mark current")


def test_a_changed_original_is_shown_and_the_unchanged_translation_is_not_marked(marked):
    edit(marked, ANNA, OLD, NEW)
    git(marked, "commit", "-qam", "original changed")
    before = (marked / ANNA).read_bytes()
    result = cli(marked, "translations", "--mark-current", ANNA, "--lang", "be")
    assert result.returncode == 1
    assert (marked / ANNA).read_bytes() == before  # nothing written
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert any(line.startswith(f"{ANNA}:") and " summary (prisoner anna-test): the en "
               "original changed since the be text was translated:" in line for line in lines)
    assert "-A journalist released in September 2025." in lines
    assert "+A journalist freed in September 2025." in lines
    refusal = [line for line in result.stderr.splitlines() if "--yes" in line]
    line = BE.strip()
    number = (marked / ANNA).read_text(encoding="utf-8").splitlines().index(f"  {line}") + 1
    assert len(refusal) == 1 and refusal[0].startswith(f"1. {ANNA}:{number}")
    assert ("summary: this be translation is not marked current: its en original changed, "
            "and its text has not changed since; update it") in refusal[0]
    assert "Nothing was marked." in result.stderr
    assert statuses(marked)[(ANNA, "summary", "be")] == "stale"


def test_with_yes_it_is_marked_after_the_changes_are_shown(marked):
    edit(marked, ANNA, OLD, NEW)
    result = cli(marked, "translations", "--mark-current", ANNA, "--lang", "be", "--yes")
    assert result.returncode == 0, result.stderr
    assert "+A journalist freed in September 2025." in [
        line.strip() for line in result.stdout.splitlines()]
    found = statuses(marked)
    assert found[(ANNA, "summary", "be")] == "current"
    assert found[(ANNA, "summary", "ru")] == "stale"  # --lang be: the Russian is left


def test_a_translation_edited_since_is_marked_without_yes(marked):
    edit(marked, ANNA, OLD, NEW)
    git(marked, "commit", "-qam", "original changed")
    edit(marked, ANNA, BE, "  be: Журналістка, вызваленая ў верасні 2025-га.")
    result = cli(marked, "translations", "--mark-current", ANNA, "--lang", "be")
    assert result.returncode == 0, result.stderr
    assert statuses(marked)[(ANNA, "summary", "be")] == "current"


def test_a_statement_whose_translation_was_not_touched_needs_yes(marked):
    edit(marked, f"{STATEMENT}.en.md", "52 people were released", "52 people were freed")
    before = (marked / f"{STATEMENT}.be.md").read_bytes()
    result = cli(marked, "translations", "--mark-current", f"{STATEMENT}.be.md")
    assert result.returncode == 1
    assert (marked / f"{STATEMENT}.be.md").read_bytes() == before
    assert any(line.strip().startswith("+On 11 September 2025, 52 people were freed")
               for line in result.stdout.splitlines())


def test_one_unchecked_file_stops_every_file_named(marked):
    edit(marked, ANNA, OLD, NEW)
    boris = "data/prisoners/boris-test.yaml"
    edit(marked, boris, "summary:\n", "summary:\n  be: Палітык у следчым ізалятары.\n")
    before = {f: (marked / f).read_bytes() for f in (boris, ANNA)}
    result = cli(marked, "translations", "--mark-current", boris, ANNA)
    assert result.returncode == 1
    assert {f: (marked / f).read_bytes() for f in (boris, ANNA)} == before


def test_from_changes_only_the_records_of_the_field_named(marked):
    boris = "data/prisoners/boris-test.yaml"
    assert cli(marked, "translations", "--mark-current", boris).returncode == 0
    git(marked, "commit", "-qam", "boris marked")
    before = yaml.safe_load((marked / boris).read_text(encoding="utf-8"))["translated"]
    edit(marked, boris, "summary:\n", "summary:\n  be: Палітык у следчым ізалятары.\n")
    result = cli(marked, "translations", "--mark-current", boris, "--from", "be",
                 "--field", "summary")
    assert result.returncode == 0, result.stderr
    after = yaml.safe_load((marked / boris).read_text(encoding="utf-8"))["translated"]
    assert after["summary.en"].startswith("be ") and after["summary.ru"].startswith("be ")
    assert {k: v for k, v in after.items() if not k.startswith("summary.")} == \
        {k: v for k, v in before.items() if not k.startswith("summary.")}
    assert after["name.be"].startswith("en ")  # the name's original is still English


def test_from_without_a_field_is_refused_saying_how_to_name_them(marked):
    before = (marked / ANNA).read_bytes()
    result = cli(marked, "translations", "--mark-current", ANNA, "--from", "be")
    assert result.returncode == 1
    assert (marked / ANNA).read_bytes() == before
    message = [line for line in result.stderr.splitlines() if "--from be" in line]
    assert len(message) == 1
    assert "names no field" in message[0] and "--field summary" in message[0]


def test_an_unknown_field_is_named_with_the_fields_there_are(marked):
    result = cli(marked, "translations", "--mark-current", ANNA, "--field", "sumary")
    assert result.returncode == 1
    assert f"{ANNA} sumary: is not a translated field of this file; name one of: " \
        in result.stderr
    assert "summary" in result.stderr.split("name one of: ")[1]


def test_a_withheld_persons_unchecked_text_is_named_by_file_alone(marked):
    withheld = "data/prisoners/withheld-1.yaml"
    edit(marked, withheld, "  en: Detained in 2024.\n",
         "  en: Detained in 2024.\n  be: Затрыманы ў 2024.\n")
    assert cli(marked, "translations", "--mark-current", withheld).returncode == 0
    git(marked, "commit", "-qam", "withheld person translated")
    edit(marked, withheld, "  en: Detained in 2024.", "  en: Detained in May 2024.")
    result = cli(marked, "translations", "--mark-current", withheld)
    assert result.returncode == 1
    for secret in ("Secret", "Detained", "Затрыманы", "summary"):
        assert secret not in result.stdout + result.stderr
    assert withheld in result.stdout and withheld in result.stderr
