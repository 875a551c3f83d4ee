"""Parsed documents kept between builds: unchanged files are not parsed again, and what a
build sees is the same as parsing every file."""

from __future__ import annotations

import os

import pytest

import portal.content.docstore
import portal.content.load
from portal.content.docstore import DocumentStore
from portal.content.document import Document
from portal.content.load import load_tree
from portal.problems import ContentError
from portal.store.version import code_version

from conftest import build, check, parse, snapshot


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


# The index of sources by their status (docstore.py): a file whose status is as when it
# was last read is not read again, unless it changed too recently for its status to tell.

PROFILE = "data/prisoners/anna-test.yaml"


@pytest.fixture
def reads(monkeypatch):
    """The source files a build reads through the loader, by path."""
    seen: list[str] = []
    real = portal.content.load.read_bytes

    def counting(root, relative):
        seen.append(relative)
        return real(root, relative)

    monkeypatch.setattr(portal.content.load, "read_bytes", counting)
    return seen


@pytest.fixture
def settled(monkeypatch):
    """Files count as changed long enough ago to be indexed as soon as they are read (in a
    test every file was written a moment ago, and none would be)."""
    monkeypatch.setattr(portal.content.docstore, "RACY_NS", 0)


def page_text(site, path: str) -> str:
    return parse(site / path).get_text(" ", strip=True)


def test_unchanged_sources_are_not_read_again(project, tmp_path, reads, settled):
    root = project("minimal")
    build(root, tmp_path / "one")
    assert PROFILE in reads
    reads.clear()
    build(root, tmp_path / "two")  # another output folder: a whole build
    assert reads == []
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_seen(
        project, tmp_path, reads, settled):
    """`touch -m` (or an editor, or a restore) can set the modification time back, never
    the time of change that the index compares too."""
    root = project("minimal")
    build(root, tmp_path / "one")
    path = root / PROFILE
    before = path.stat()
    path.write_text(path.read_text().replace("A journalist released", "A newsreader released"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    build(root, tmp_path / "two")
    assert reads == [PROFILE]
    shown = page_text(tmp_path / "two", "en/prisoners/anna-test/index.html")
    assert "A newsreader released" in shown
    build(root, tmp_path / "fresh", cache=False)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "fresh")


def test_a_file_changed_a_moment_before_it_was_read_is_read_again(project, tmp_path, reads):
    """Two changes within one tick of the file system's clock, the same size both times,
    leave one status: a file changed less than RACY_NS before a build read it is not
    indexed, and the next build reads it again."""
    root = project("minimal")
    build(root, tmp_path / "one")
    first = sorted(reads)
    reads.clear()
    build(root, tmp_path / "two")
    assert sorted(reads) == first and PROFILE in first


def test_a_file_replaced_by_a_link_to_outside_is_refused(project, tmp_path, settled):
    root = project("minimal")
    build(root, tmp_path / "one")
    outside = tmp_path / "outside.yaml"
    path = root / PROFILE
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(ContentError) as error:
        build(root, tmp_path / "two")
    assert any(p.file == PROFILE and "outside the project" in p.message
               for p in error.value.problems)


def test_a_folder_moved_out_and_linked_back_is_refused(project, tmp_path, settled):
    """Its files keep their status when the folder is moved (same inode, same times):
    only the folder's way out of the project tells them apart."""
    root = project("minimal")
    build(root, tmp_path / "one")
    folder = root / "data/prisoners"
    moved = tmp_path / "elsewhere"
    folder.rename(moved)
    folder.symlink_to(moved)
    with pytest.raises(ContentError) as error:
        build(root, tmp_path / "two")
    assert any(p.file == PROFILE and "outside the project" in p.message
               for p in error.value.problems)


def test_a_kept_value_that_is_not_a_document_is_parsed_again(tmp_path):
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "data/site.yaml").write_text("title: x\n")
    folder = tmp_path / "documents"
    store = DocumentStore(folder, b"v")
    key = store.key("data/site.yaml", "yaml", b"title: x\n")
    store.kept.put(b"d" + key.encode(), b"not a pickle")
    store.save()
    again = DocumentStore(folder, b"v")
    assert again.get(key) is None
    document = Document("data/site.yaml", {"title": "x"})
    again.put(key, document)
    again.save()
    assert DocumentStore(folder, b"v").get(key) == document


def test_old_entries_one_file_each_are_deleted(project, tmp_path):
    root = project("minimal")
    old = root / ".cache/documents/ab"
    old.mkdir(parents=True)
    (old / "ab12").write_bytes(b"an entry of the old layout")
    build(root)
    assert not old.exists()
    assert [p.name for p in (root / ".cache/documents").iterdir()] == [code_version().hex()]


def test_what_the_live_preview_keeps_in_memory_stays_kept(project, parses):
    """The live preview reads only changed files through the store (it keeps the others'
    documents itself); the next build still finds every document kept."""
    root = project("minimal")
    folder = root / ".cache/documents"

    def store() -> DocumentStore:
        return DocumentStore(folder, code_version())

    def load(cache=None) -> None:
        kept = store()
        load_tree(root, cache, store=kept, strict=False)
        kept.save()

    memory: dict = {}
    load(memory)  # the preview starts
    path = root / PROFILE
    path.write_text(path.read_text().replace("A journalist released", "A reporter released"))
    load(memory)  # and updates after the edit
    parses["files"] = 0
    load()  # a build
    assert parses["files"] == 0
