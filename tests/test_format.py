"""`build.py format` and the list files kept under one key: every file in the web editor's
style, `check` warning on a file out of it, and the loader reading both forms of a list
file with the same lines and field paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.checks.canonical import project_files

from conftest import PROJECT, TODAY, check, errors, make_project

RELEASES = "data/releases.yaml"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=300)


def files(root: Path) -> dict[str, bytes]:
    return {f: (root / f).read_bytes() for f in project_files(root)}


def out_of_style(root: Path) -> list[str]:
    return sorted(p.file for p in check(root) if "web editor's style" in p.message)


def test_format_check_lists_files_out_of_style_and_writes_nothing(project):
    root = project("minimal")
    before = files(root)
    result = cli(root, "format", "--check")
    assert result.returncode == 1
    assert f"{RELEASES}: not in the editor's style" in result.stdout
    assert files(root) == before


def test_format_rewrites_every_file_once_and_then_nothing(project, tmp_path):
    root = project("minimal")
    untouched = files(make_project(tmp_path / "untouched", "minimal"))
    assert out_of_style(root)  # the fixture is written by hand
    first = cli(root, "format")
    assert first.returncode == 0, first.stderr
    formatted = files(root)
    assert formatted.keys() == untouched.keys() and formatted != untouched
    again = cli(root, "format")
    assert again.returncode == 0 and "0 file(s) rewritten" in again.stdout
    assert files(root) == formatted
    assert cli(root, "format", "--check").returncode == 0
    assert out_of_style(root) == []
    assert errors(root) == []
    waves = yaml.safe_load((root / RELEASES).read_text(encoding="utf-8"))
    assert list(waves) == ["waves"] and waves["waves"][0]["id"] == "2024-summer"


def test_check_warns_once_per_file_out_of_style_with_the_fix(project):
    root = project("minimal")
    assert cli(root, "format").returncode == 0
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text("# a comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    found = [p for p in check(root) if "web editor's style" in p.message]
    assert [(p.file, p.warning) for p in found] == [("data/prisoners/anna-test.yaml", True)]
    assert found[0].fix == ("run .venv/bin/python build.py format "
                            "data/prisoners/anna-test.yaml")


def test_a_person_without_name_withheld_is_told_the_editor_lists_them_nowhere(project):
    """The web editor lists people by `name_withheld` (public or withheld): one who leaves
    it out is in neither list, so check says so, naming the field and the fix."""
    root = project("minimal")
    assert cli(root, "format").returncode == 0
    path = root / "data/prisoners/anna-test.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nname_withheld: false\n" not in text
    found = [p for p in check(root) if p.file == "data/prisoners/anna-test.yaml"
             and "web editor" in p.message]
    assert [(p.field, p.warning, "lists this person nowhere" in p.message,
             p.fix.startswith("write `name_withheld: false`")) for p in found] == [
        ("name_withheld", True, True, True)]
    path.write_text(text + "name_withheld: false\n", encoding="utf-8")
    assert cli(root, "format", "data/prisoners/anna-test.yaml").returncode == 0
    assert not [p for p in check(root) if p.file == "data/prisoners/anna-test.yaml"
                and "web editor" in p.message]


def test_a_file_that_does_not_parse_is_one_line_and_left_as_it_is(project):
    root = project("minimal")
    broken = root / "data/prisoners/anna-test.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    result = cli(root, "format")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("data/prisoners/anna-test.yaml:2: YAML")
    assert "left as it is" in lines[0]
    assert broken.read_text(encoding="utf-8") == "name: [unclosed\n"
    assert "not in the editor's style" not in cli(root, "format", "--check").stdout


def test_format_of_named_files_touches_only_them(project):
    root = project("minimal")
    before = files(root)
    assert cli(root, "format", RELEASES).returncode == 0
    after = files(root)
    assert [f for f in after if after[f] != before[f]] == [RELEASES]


def test_both_forms_of_a_list_file_give_the_same_problems(project):
    """A problem in a wrapped file keeps its field path (`[1].date`, not `waves[1]…`) and
    the line where it is in that file."""
    plain = project("minimal")
    text = (plain / RELEASES).read_text(encoding="utf-8")
    (plain / RELEASES).write_text(text.replace("date: 2025-09-11", "date: 2025-13-11"),
                                  encoding="utf-8")
    found = [p for p in errors(plain) if p.file == RELEASES]
    assert [p.field for p in found] == ["[1].date"]
    indented = "".join("  " + line if line.strip() else line
                       for line in text.splitlines(keepends=True))
    (plain / RELEASES).write_text("waves:\n" + indented.replace("date: 2025-09-11",
                                                                "date: 2025-13-11"),
                                  encoding="utf-8")
    again = [p for p in errors(plain) if p.file == RELEASES]
    assert [p.field for p in again] == ["[1].date"]
    assert again[0].line == found[0].line + 1


@pytest.mark.parametrize("text, word", [("wave:\n  - id: x\n", "`wave:`"),
                                        ("waves:\n  - id: x\nextra: 1\n", "`extra:`")])
def test_a_wrapped_file_with_a_wrong_or_extra_key_is_one_clear_error(project, text, word):
    root = project("minimal")
    (root / RELEASES).write_text(text, encoding="utf-8")
    found = [p for p in errors(root) if p.file == RELEASES]
    assert len(found) == 1, found
    assert word in found[0].message and "`waves:`" in found[0].fix


@pytest.mark.parametrize("formatted", [False, True], ids=["as-written", "in-style"])
def test_marking_translations_current_leaves_a_list_file_in_style(project, formatted):
    root = project("minimal")
    if formatted:
        assert cli(root, "format").returncode == 0
    result = cli(root, "translations", "--mark-current", RELEASES)
    assert result.returncode == 0, result.stderr
    assert cli(root, "format", "--check", RELEASES).returncode == 0
    waves = yaml.safe_load((root / RELEASES).read_text(encoding="utf-8"))["waves"]
    assert set(waves[0]["translated"]) == {"summary.be", "summary.ru"}
    assert errors(root) == []


def test_a_file_with_windows_line_ends_is_out_of_style(project):
    root = project("minimal")
    assert cli(root, "format").returncode == 0
    path = root / RELEASES
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert out_of_style(root) == [RELEASES]
    assert cli(root, "format", "--check").returncode == 1
