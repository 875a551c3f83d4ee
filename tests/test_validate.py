"""Bad content: every problem reported at once, with file, line, field and a fix.

One mistake at a time is covered by tests/fixtures/invalid/ (test_invalid.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.problems import ContentError

from conftest import build, check, errors, snapshot


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_problem_is_reported_at_once(project):
    root = project("minimal")
    edit(root, "data/prisoners/anna-test.yaml", "status: released", "status: freed")
    edit(root, "data/prisoners/boris-test.yaml", "gender: male", "gender: m")
    edit(root, "data/releases.yaml", "mechanism: deal", "mechanism: bargain")
    problems = errors(root)
    assert len(problems) == 3
    assert [p.file for p in problems] == ["data/prisoners/anna-test.yaml",
                                          "data/prisoners/boris-test.yaml", "data/releases.yaml"]


def test_a_failed_build_leaves_the_previous_site_untouched(project):
    root = project("minimal")
    build(root)
    before = snapshot(root / "site")
    edit(root, "data/prisoners/anna-test.yaml", "status: released", "status: freed")
    with pytest.raises(ContentError):
        build(root)
    after = snapshot(root / "site")
    assert after == before
    assert not [p for p in root.iterdir() if p.name.startswith(".site-")]


def test_a_field_written_twice_is_an_error(project):
    root = project("minimal")
    edit(root, "data/prisoners/anna-test.yaml", "gender: female", "gender: female\ngender: male")
    problems = [str(p) for p in errors(root)]
    assert problems == ['data/prisoners/anna-test.yaml:7:1 YAML syntax error: the field "gender" '
                        "appears twice; keep one of them"]


def test_release_cannot_come_before_detention(project):
    root = project("minimal")
    edit(root, "data/prisoners/anna-test.yaml", "date: 2025-09-11", "date: 2020-09-11")
    found = [str(p) for p in errors(root)]
    assert ("data/prisoners/anna-test.yaml:19:5 events[2].date: released on 2020-09-11, before "
            "detained on 2021-05; check both dates against the sources") in found


def test_released_person_needs_a_release_event(project):
    root = project("minimal")
    edit(root, "data/prisoners/boris-test.yaml", "status: imprisoned", "status: released")
    assert any("but no `released` event has a date" in str(p) for p in check(root))


def test_wave_cannot_list_more_people_than_it_counts(project):
    root = project("minimal")
    edit(root, "data/releases.yaml", "released: 52", "released: 1")
    edit(root, "data/releases.yaml", "political: 40", "political: 1")
    edit(root, "data/releases.yaml", "people: [anna-test]", "people: [anna-test, boris-test]")
    problems = [str(p) for p in check(root)]
    assert any("lists 2 people, more than the 1 released" in p for p in problems), problems


def test_two_pages_at_one_address_are_an_error(project):
    root = project("minimal")
    (root / "content/pages/prisoners.en.md").write_text("---\ntitle: Prisoners\n---\nText.\n")
    with pytest.raises(ContentError) as caught:
        build(root)
    messages = [str(p) for p in caught.value.problems]
    assert messages == ['content/pages/prisoners.en.md this page would have the address '
                        '"prisoners/", which the prisoners page already has; rename the file: '
                        "its name is used in the address"]
    assert not (root / "site").exists()


def test_a_link_to_a_page_that_was_not_built_stops_the_build(project):
    root = project("minimal")
    build(root)
    before = snapshot(root / "site")
    page = root / "content/pages/about.en.md"
    page.write_text(page.read_text() + "\nSee [the archive](../archive/) and [x](../help/#nope).\n")
    with pytest.raises(ContentError) as caught:
        build(root)
    messages = [str(p) for p in caught.value.problems]
    assert ("content/pages/about.en.md:7 the built page en/about/index.html links to ../archive/, "
            "which does not exist; correct the link (in the content, or in the template that "
            "makes it)") in messages
    assert any("links to ../help/#nope, which has no #nope" in m for m in messages)
    after = snapshot(root / "site")
    assert after == before
