"""Invalid sites: each case under tests/fixtures/invalid/<case>/ changes the minimal fixture
(its files replace the fixture's; `remove.txt` lists files to delete) and `expected.txt`
holds exactly the errors `python build.py check` must print, one per line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, errors, make_project

CASES = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def overlay(root: Path, case: Path) -> None:
    removed = case / "remove.txt"
    for line in removed.read_text().splitlines() if removed.exists() else []:
        (root / line).unlink()
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if path.is_file() and relative.parts[0] in ("data", "content"):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / relative)


def test_there_are_enough_cases():
    assert len(CASES) >= 40


def test_the_valid_fixture_has_no_errors(tmp_path):
    assert errors(make_project(tmp_path / "site", "minimal")) == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_exactly_what_is_expected(tmp_path, case):
    root = make_project(tmp_path / "site", "minimal")
    overlay(root, case)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in errors(root)] == expected
