"""Bad content: every problem reported at once, with file, line, field and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.problems import ContentError

from conftest import build, check, errors


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    pytest.param("data/prisoners/anna-test.yaml", "status: released", "statuss: released",
                 "data/prisoners/anna-test.yaml:7:1 statuss: unknown field; did you mean `status`?",
                 id="unknown-field"),
    pytest.param("data/prisoners/anna-test.yaml", "date: 2021-05", "date: 2021-13",
                 'data/prisoners/anna-test.yaml:12:5 events[0].date: "2021-13" has no month 13',
                 id="bad-month"),
    pytest.param("data/prisoners/anna-test.yaml", "date: 2025-09-11", "date: 2025-13-01",
                 'anna-test.yaml:19:5 events[2].date: "2025-13-01" has no month 13',
                 id="bad-day-date"),
    pytest.param("data/prisoners/anna-test.yaml", "wave: 2025-09-11", "wave: 2025-09-12",
                 "events[2].wave: \"2025-09-12\" is not in data/releases.yaml; did you mean "
                 "`2025-09-11`?", id="unknown-wave"),
    pytest.param("data/prisoners/boris-test.yaml", "facility: sizo-test", "facility: sizo",
                 'boris-test.yaml:9:1 facility: "sizo" is not in data/facilities.yaml',
                 id="unknown-facility"),
    pytest.param("data/prisoners/anna-test.yaml", "gender: female", "gender: woman",
                 'gender: "woman" is not one of: male, female, other', id="bad-choice"),
    pytest.param("data/prisoners/anna-test.yaml", "file: anna-test.png", "file: anna.png",
                 "anna-test.yaml:31:3 photo.file: content/photos/anna.png does not exist",
                 id="missing-photo"),
    pytest.param("data/releases.yaml", "released: 52", "released: 0",
                 "data/releases.yaml:9:3 [1].released: 0 is not a whole number", id="zero"),
    pytest.param("content/statements/2025-09-11-release.be.md", "people: [anna-test]",
                 "people: [anna]",
                 'content/statements/2025-09-11-release.be.md:6:10 people[0]: "anna" is not in '
                 "data/prisoners/", id="statement-front-matter-line"),
    pytest.param("content/statements/2025-09-11-release.en.md", "(prisoner:anna-test)",
                 "(prisoner:ana-test)",
                 'content/statements/2025-09-11-release.en.md:9 body: the link "prisoner:ana-test" '
                 "leads nowhere; did you mean `anna-test`?", id="broken-markdown-link"),
    pytest.param("content/statements/2025-09-11-release.en.md", "title: Fifty-two released",
                 "title: Fifty-two: released",
                 "content/statements/2025-09-11-release.en.md:2:17 YAML syntax error: mapping "
                 "values are not allowed in this context; put text containing \": \" in quotes",
                 id="front-matter-syntax"),
    pytest.param("data/facilities.yaml", "  kind: pre-trial", "  kind: pre-trial\n\tbad: tab",
                 "data/facilities.yaml:3", id="yaml-tab"),
    pytest.param("data/strings/be.yaml", '    few: "{count} палітвязні"\n', "",
                 "data/strings/be.yaml:", id="missing-plural-category"),
    pytest.param("data/strings/ru.yaml", "  skip: Перейти к содержанию\n", "",
                 "nav.skip: missing interface string", id="missing-string"),
    pytest.param("data/strings/ru.yaml", 'count_as_of: "По состоянию на {date}"',
                 'count_as_of: "По состоянию на {day}"', "placeholders differ",
                 id="placeholder"),
]


@pytest.mark.parametrize("relative, old, new, expected", CASES)
def test_each_mistake_is_reported_precisely(project, relative, old, new, expected):
    root = project("minimal")
    edit(root, relative, old, new)
    problems = [str(p) for p in check(root)]
    assert any(expected in p for p in problems), "\n".join(problems)


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
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    edit(root, "data/prisoners/anna-test.yaml", "status: released", "status: freed")
    with pytest.raises(ContentError):
        build(root)
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
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
    assert any("no event is of type released" in str(p) for p in check(root))


def test_wave_cannot_list_more_people_than_it_counts(project):
    root = project("minimal")
    edit(root, "data/releases.yaml", "released: 52", "released: 1")
    edit(root, "data/releases.yaml", "political: 40", "political: 1")
    edit(root, "data/releases.yaml", "people: [anna-test]", "people: [anna-test, boris-test]")
    problems = [str(p) for p in check(root)]
    assert any("lists 2 people but only 1 were released" in p for p in problems), problems


def test_two_pages_at_one_address_are_an_error(project):
    root = project("minimal")
    (root / "content/pages/prisoners.en.md").write_text("---\ntitle: Prisoners\n---\nText.\n")
    with pytest.raises(ContentError) as caught:
        build(root)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("content/pages/prisoners.en.md") and '"en/prisoners/"' in m
               for m in messages), messages
    assert not (root / "site").exists()


def test_a_link_to_a_page_that_was_not_built_stops_the_build(project):
    root = project("minimal")
    build(root)
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    page = root / "content/pages/about.en.md"
    page.write_text(page.read_text() + "\nSee [the archive](../archive/) and [x](../help/#nope).\n")
    with pytest.raises(ContentError) as caught:
        build(root)
    messages = [str(p) for p in caught.value.problems]
    assert ("content/pages/about.en.md the built page en/about/index.html links to ../archive/, "
            "which does not exist; correct the link (in the content, or in the template that "
            "makes it)") in messages
    assert any("links to ../help/#nope, which has no #nope" in m for m in messages)
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before
