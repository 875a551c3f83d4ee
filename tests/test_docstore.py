"""Parsed documents kept between builds: unchanged files are not parsed again, and what a
build sees is the same as parsing every file."""

from __future__ import annotations

import pytest

import portal.content.load
from portal.problems import ContentError

from conftest import build, check, snapshot


@pytest.fixture
def parses(monkeypatch):
    count = {"files": 0}
    real = portal.content.load.parse_yaml

    def counting(*args, **kwargs):
        count["files"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(portal.content.load, "parse_yaml", counting)
    return count


def test_a_second_build_parses_only_changed_files(project, tmp_path, parses):
    root = project("minimal")
    build(root, tmp_path / "one")
    assert parses["files"] > 10
    parses["files"] = 0
    build(root, tmp_path / "two")
    assert parses["files"] == 0
    profile = root / "data/prisoners/anna-test.yaml"
    profile.write_text(profile.read_text().replace("  en: A journalist", "  en: A reporter"))
    build(root, tmp_path / "three")
    assert parses["files"] == 1
    build(root, tmp_path / "fresh", cache=False)
    assert snapshot(tmp_path / "three") == snapshot(tmp_path / "fresh")


def test_stored_documents_report_the_same_problems(project, parses):
    root = project("minimal")
    profile = root / "data/prisoners/anna-test.yaml"
    profile.write_text(profile.read_text().replace("status: released", "status: relesed"))
    with pytest.raises(ContentError):
        build(root)  # a build keeps what it parsed (check writes nothing)
    first = check(root)
    parses["files"] = 0
    again = check(root)
    assert parses["files"] == 0
    assert again == first == check(root, cache=False)
    assert any(p.field == "status" and not p.warning for p in first)


def test_a_file_that_does_not_parse_is_reported_every_time(project):
    root = project("minimal")
    profile = root / "data/prisoners/anna-test.yaml"
    profile.write_text(profile.read_text() + "status: [unclosed\n")
    first = [str(p) for p in check(root) if not p.warning]
    assert first and first == [str(p) for p in check(root) if not p.warning]
