"""Every optional setting or field, left empty (`key:` with nothing after it) or given a
value of the wrong type, is its documented default or one line naming the file, the line,
the field and the fix: never a traceback, a template's KeyError, or a page showing
everything. The cases are generated from the schema (portal/checks/shapes.py), so a field
added to it is tested without being listed here."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from portal.build.builder import load_site
from portal.checks import shapes
from portal.content.document import format_path
from portal.content.records import List, Local, PerLanguage, Record, Translated
from portal.content.schema import Flag, Number, Spec
from portal.options import Options

from conftest import TODAY, assert_same_sites, build, check, make_project

STATEMENT = "content/statements/2025-09-11-release.en.md"
FILES = {
    "data/site.yaml": shapes.SITE, "data/sources.yaml": shapes.SOURCE,
    "data/prisoners/anna-test.yaml": shapes.PRISONER,
    "data/facilities.yaml": shapes.FACILITY, "data/releases.yaml": shapes.WAVE,
    "data/statistics.yaml": shapes.STAT, "data/actions.yaml": shapes.ACTION,
    "data/letters.yaml": shapes.LETTERS, STATEMENT: shapes.STATEMENT,
    "content/pages/about.en.md": shapes.PAGE,
}
"""A file of the fixture site for each kind of record (a file that lists records: its
records)."""


def fields(spec: Spec, path: tuple = ()) -> Iterator[tuple[tuple, Spec, bool]]:
    """(path, spec, optional) of every field of a record, nested ones and the items of
    lists too (`*` stands for an item of a list)."""
    if isinstance(spec, Record):
        for key, field in spec.fields.items():
            yield (*path, key), field, key not in spec.required
            yield from fields(field, (*path, key))
    elif isinstance(spec, List):
        yield (*path, "*"), spec.item, False
        yield from fields(spec.item, (*path, "*"))


def wrong_value(spec: Spec):
    """A value of another type than the field takes: a list where a number is expected, a
    text where true or false, a mapping where a text or a list."""
    if isinstance(spec, Number):
        return [1, 2]
    if isinstance(spec, Flag):
        return "yes"
    if isinstance(spec, Record | Local | PerLanguage | Translated):
        return ["a", "b"]
    return {"a": 1}


CASES = [pytest.param(file, path, spec, optional, id=f"{file}:{'.'.join(map(str, path))}")
         for file, shape in FILES.items() for path, spec, optional in fields(shape)]


def read(root: Path, file: str):
    text = (root / file).read_text(encoding="utf-8")
    if file.endswith(".md"):
        _, front, body = text.split("---\n", 2)
        return yaml.safe_load(front), body
    return yaml.safe_load(text), None


def write(root: Path, file: str, data, body: str | None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / file).write_text(text if body is None else f"---\n{text}---\n{body}",
                             encoding="utf-8")


def place(data, path: tuple, value) -> tuple:
    """Set the field at `path` (in the first record that has its parent, making the parent
    where none has it) and return its path in the file."""
    if isinstance(data, list):
        index = next((i for i, item in enumerate(data) if isinstance(item, dict)
                      and path[0] in item), 0)
        return (index, *place(data[index], path, value))
    key, rest = path[0], path[1:]
    if not rest:
        data[key] = value
        return (key,)
    if rest[0] == "*":
        items = data.get(key) if isinstance(data.get(key), list) else []
        data[key] = items or [{}]
        if len(rest) == 1:
            data[key][0] = value
            return (key, 0)
        index = next((i for i, item in enumerate(items) if rest[1] in item), 0)
        return (key, index, *place(data[key][index], rest[1:], value))
    if not isinstance(data.get(key), dict):
        data[key] = {}
    return (key, *place(data[key], rest, value))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The fixture site, built once, so each case's build reuses what did not change."""
    root = make_project(tmp_path_factory.mktemp("pristine"), "minimal")
    build(root, jobs=1)
    return root


def edited(pristine: Path, tmp_path: Path, file: str, path: tuple, value) -> tuple[Path, str]:
    """A copy of the fixture site with the field set to `value`; its path as problems
    name it."""
    root = tmp_path / "project"
    root.mkdir(parents=True)
    subprocess.run(["cp", "-a", *(str(p) for p in pristine.iterdir() if p.name != "site"),
                    str(root)], check=True)  # a third of the time copytree takes
    data, body = read(root, file)
    written = place(data, path, value)
    write(root, file, data, body)
    return root, format_path(written)


def assert_named(problems, file: str, field: str | None = None) -> None:
    """Every error is one line naming a file and its line; one names `file` (and `field`)."""
    found = [p for p in problems if not p.warning]
    assert found
    assert all("\n" not in str(p) and p.line is not None for p in found), found
    assert any(p.file == file and (field is None or p.field == field) for p in found), found


@pytest.mark.parametrize("file, path, spec, optional", CASES)
def test_a_field_of_the_wrong_type_is_one_line_naming_it(pristine, tmp_path, file, path, spec,
                                                         optional):
    root, field = edited(pristine, tmp_path, file, path, wrong_value(spec))
    assert_named(check(root, jobs=1), file, field)


@pytest.mark.parametrize("file, path, spec, optional", CASES)
def test_a_field_left_empty_is_its_default(pristine, tmp_path, file, path, spec, optional):
    """Left empty, an optional field is what its default says (the site is as if the
    default were written), or absent where it has none; or, where that leaves the record
    wanting, an error on one line naming where. A required field or an item of a list
    left empty is an error naming it. Never a traceback, from the checks or the templates
    (`check` renders every page)."""
    root, field = edited(pristine, tmp_path, file, path, None)
    found = [p for p in check(root, jobs=1) if not p.warning]
    if not optional:
        assert_named(found, file, field)
    elif found:
        assert_named(found, file)
    elif spec.default is not None:
        written, _ = edited(pristine, tmp_path / "default", file, path, spec.default)
        assert model(root) == model(written)


SETTINGS = [case for case in CASES if case.values[0] == "data/site.yaml" and case.values[3]]


@pytest.mark.parametrize("file, path, spec, optional", SETTINGS)
def test_a_setting_left_empty_builds_what_its_default_builds(pristine, tmp_path, file, path,
                                                             spec, optional):
    """The settings are read by the build's outputs too (the offline copy, share images):
    a build with a setting left empty succeeds, and makes the very site its default does."""
    root, _ = edited(pristine, tmp_path, file, path, None)
    if [p for p in check(root, jobs=1) if not p.warning]:
        return  # an error of its own, named by the test above
    build(root, jobs=1)
    if spec.default is not None:
        written, _ = edited(pristine, tmp_path / "default", file, path, spec.default)
        build(written, jobs=1)
        assert_same_sites(root / "site", written / "site")


def model(root: Path):
    """The site model and the warnings."""
    return load_site(Options(root=root, today=TODAY))


def test_the_editors_guide_gives_every_default_of_the_settings():
    """The defaults come from the schema; the guide's settings section shows each one."""
    guide = (Path(__file__).resolve().parent.parent / "docs/editors-guide.md").read_text(
        encoding="utf-8")
    section = guide[guide.index("## `data/site.yaml`"):guide.index("## `data/strings/")]
    defaults = shapes.SITE.defaults()
    assert "lists.page_size" in defaults and "offline_copy" in defaults
    for path, default in defaults.items():
        leaf = path.rsplit(".", 1)[-1]
        assert yaml.safe_dump({leaf: default}).strip() in section, path
