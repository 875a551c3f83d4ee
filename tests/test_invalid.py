"""Invalid sites: each case under tests/fixtures/invalid/<case>/ makes one mistake in the
minimal fixture, described in `edit.yaml` (replace a text in a file, write, rename or
re-encode a file), and `expected.txt` holds exactly the errors `.venv/bin/python build.py check`
must print, one per line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, errors, make_project

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def overlay(root: Path, case: Path) -> int | None:
    """Apply a case's edits to a copy of the minimal fixture; return the line where the
    first replaced text began (expected.txt may say @LINE@, @LINE-2@, … for files such as
    the interface strings, whose lines move as the product grows)."""
    first_line = None
    for edit in yaml.safe_load((case / "edit.yaml").read_text(encoding="utf-8")):
        path = root / edit["file"]
        if "write" in edit:
            path.write_text(edit["write"], encoding="utf-8")
        elif "rename" in edit:
            path.rename(root / edit["rename"])
        elif "encode" in edit:
            path.write_bytes(path.read_text(encoding="utf-8").encode(edit["encode"]))
        else:
            text = path.read_text(encoding="utf-8")
            assert edit["replace"] in text, f"{case.name}: the text to replace is gone"
            if first_line is None:
                first_line = text[:text.index(edit["replace"])].count("\n") + 1
            path.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    return first_line


def expected_lines(case: Path, line: int | None) -> list[str]:
    text = (case / "expected.txt").read_text(encoding="utf-8")
    text = re.sub(r"@LINE([+-]\d+)?@", lambda m: str(line + int(m[1] or 0)), text)
    return text.splitlines()


def test_there_are_enough_cases():
    assert len(CASES) >= 40


def test_the_valid_fixture_has_no_errors(tmp_path):
    assert errors(make_project(tmp_path / "site", "minimal")) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_exactly_what_is_expected(tmp_path, case):
    root = make_project(tmp_path / "site", "minimal")
    line = overlay(root, case)
    assert [str(p) for p in errors(root)] == expected_lines(case, line)
