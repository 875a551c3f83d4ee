"""Whatever an editor types, the loaders answer with our content errors, never a crash."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.content.load import parse_yaml
from portal.problems import ContentError

from conftest import build, check, make_project

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
           | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10) | st.integers(0, 5), inner, max_size=4),
    max_leaves=12,
)
TARGETS = [
    "data/site.yaml", "data/sources.yaml", "data/prisoners/anna-test.yaml",
    "data/facilities.yaml", "data/releases.yaml", "data/statistics.yaml", "data/actions.yaml",
    "data/letters.yaml", "data/strings/be.yaml",
]


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_parses_or_gives_a_content_error(text):
    try:
        parse_yaml(text, "data/x.yaml")
    except ContentError as error:
        assert all(p.file == "data/x.yaml" for p in error.problems)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """The fixture site, built once: each example checks it as an editor's `check` does
    after a build, with .cache/ warm, so the files an example leaves alone are not parsed
    and searched for withheld names again (each example's own file always is, and `check`
    writes nothing, so every example starts from the same cache)."""
    root = make_project(tmp_path_factory.mktemp("fuzz") / "site", "minimal")
    build(root)
    return root


@pytest.mark.parametrize("target", TARGETS)
def test_any_yaml_structure_in_any_file_gives_problems_not_crashes(scratch, target):
    original = (scratch / target).read_bytes()

    @SETTINGS
    @given(structures)
    def run(data):
        (scratch / target).write_text(yaml.safe_dump(data, allow_unicode=True),
                                      encoding="utf-8")
        check(scratch)  # returns problems; any other exception fails the test

    try:
        run()
    finally:
        (scratch / target).write_bytes(original)


@SETTINGS
@given(st.text(max_size=300))
def test_any_markdown_file_gives_problems_not_crashes(scratch, text):
    path = scratch / "content/statements/2025-09-11-release.be.md"
    original = path.read_bytes()
    try:
        path.write_text(text, encoding="utf-8")
        check(scratch)
    finally:
        path.write_bytes(original)


def test_scratch_project_is_restored(scratch):
    assert not [p for p in check(scratch) if not p.warning]
    shutil.rmtree(scratch / "site", ignore_errors=True)
