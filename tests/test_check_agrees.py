"""`check` finds what the build finds: for every kind of mistake the two print the same
problems, named at the file and line where the mistake is written, and one file's syntax
error hides no other file's problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.problems import ContentError

from conftest import append_to, build, errors, make_project, replace_in, snapshot

STATEMENT = "content/statements/2025-09-11-release.en.md"
PROFILE = "data/prisoners/anna-test.yaml"






def build_problems(root: Path) -> list[str]:
    before = snapshot(root / "site")
    with pytest.raises(ContentError) as caught:
        build(root)
    assert snapshot(root / "site") == before
    return [str(p) for p in caught.value.problems if not p.warning]


@pytest.fixture
def root(tmp_path) -> Path:
    root = make_project(tmp_path / "project", "minimal")
    build(root)
    return root


def test_a_broken_internal_link_in_a_statement(root):
    line = append_to(root, STATEMENT, "See [the list](../nowhere/).")
    found = [str(p) for p in errors(root)]
    assert found and all(p.startswith(f"{STATEMENT}:{line} ") for p in found), found
    assert "links to ../nowhere/, which does not exist" in found[0]
    assert build_problems(root) == found


def test_a_broken_link_in_a_biography_names_the_profile_and_line(root):
    line = replace_in(root, PROFILE, "Anna wrote about",
                   "Anna ([more](/en/prisoners/nobody/)) wrote about")
    found = [str(p) for p in errors(root)]
    assert found and all(p.startswith(f"{PROFILE}:{line} ") for p in found), found
    assert build_problems(root) == found


def test_a_link_to_a_missing_anchor(root):
    line = append_to(root, STATEMENT, "See [the waves](../../timeline/#wave-1999-01-01).")
    found = [str(p) for p in errors(root)]
    assert found and all(p.startswith(f"{STATEMENT}:{line} ") and "has no #wave-1999" in p
                         for p in found), found
    assert build_problems(root) == found


@pytest.mark.parametrize("text", ["[x](/\\evil.example/)", "![x](/\\evil.example/x.png)",
                                  '<a href="/\\evil.example/">x</a>',
                                  "[x]\n\n[x]: /\\evil.example/"])
def test_backslash_links_are_refused_where_written(root, text):
    line = append_to(root, STATEMENT, text)
    found = [str(p) for p in errors(root)]
    assert len(found) == 1 and found[0].startswith(f"{STATEMENT}:") and "backslash" in found[0]
    written = line + text.count("\n")  # where the target is: the definition's line
    assert found[0].split(" ")[0] == f"{STATEMENT}:{written}"
    assert build_problems(root) == found


def test_a_link_to_a_withheld_person(root):
    line = replace_in(root, PROFILE, "Anna wrote about", "Anna met [someone](prisoner:withheld-1) "
                                                     "and wrote about")
    found = [str(p) for p in errors(root)]
    assert found == [f"{PROFILE}:{line} biography.en: the link \"prisoner:withheld-1\" is to a "
                     "person whose name is withheld: they have no page, and their name must "
                     "not appear; remove the link and the name around it"]
    assert build_problems(root) == found


def test_an_unknown_translated_from_language(root):
    line = replace_in(root, "content/statements/2025-09-11-release.be.md", "title:",
                   "translated_from: {lang: xx, hash: 5ece607b7e1e}\ntitle:")
    found = [str(p) for p in errors(root)]
    assert found == ["content/statements/2025-09-11-release.be.md:"
                     f"{line}:19 translated_from.lang: \"xx\" is not a configured language; "
                     "use one of: en, be, ru"]
    assert build_problems(root) == found


def test_a_syntax_error_hides_no_other_problem(root):
    replace_in(root, PROFILE, "gender: female", "gender: [female")
    replace_in(root, "data/prisoners/boris-test.yaml", "status:", "statuss:")
    replace_in(root, "data/sources.yaml", "title: Report A", "title: [Report A")
    found = [str(p) for p in errors(root)]
    assert [p.split(" ")[0] for p in found] == [
        "data/prisoners/anna-test.yaml:7:7", "data/prisoners/boris-test.yaml:7:1",
        "data/sources.yaml:3:12"], found
    assert build_problems(root) == found


def test_a_template_error_is_located_by_check_and_build(root):
    line = replace_in(root, "templates/statement.html", "</article>",
                   "{{ h.no_such_helper() }}</article>")
    found = [str(p) for p in errors(root)]
    assert len(found) == 1 and found[0].startswith(f"templates/statement.html:{line} ")
    assert build_problems(root) == found
