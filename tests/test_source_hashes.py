"""The hashes of the source files (what decides that nothing changed, and each page's
cache key): a build hashes its sources twice but reads each file once, and a file changed
in any way between the two is read again, even one changed too quickly for its
timestamps to show it."""

from __future__ import annotations

import builtins
import os
import time
from pathlib import Path

import pytest

import portal.pages.pagecache as pagecache
from portal.pages.pagecache import hashed_files


def project(root: Path) -> Path:
    for relative, text in {"content/pages/about.en.md": "About us.",
                           "data/prisoners/anna.yaml": "name: Anna\n",
                           "templates/base.html": "<html></html>"}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    return root


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The source files hashed_files opens, in order (a fresh memory of hashes)."""
    monkeypatch.setattr(pagecache, "_HASHED", {})
    opened: list[str] = []

    def counting(path, *args, **kwargs):
        opened.append(os.path.basename(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(pagecache, "open", counting, raising=False)
    return opened


def fresh(root: Path) -> dict[str, bytes]:
    """What hashing every file anew gives."""
    saved = dict(pagecache._HASHED)
    pagecache._HASHED.clear()
    try:
        return hashed_files(root)
    finally:
        pagecache._HASHED.update(saved)


def test_an_unchanged_file_is_read_once_per_process(tmp_path, reads, monkeypatch):
    root = project(tmp_path)
    monkeypatch.setattr(pagecache, "RACY_NS", 0)  # not racy: the files were made before
    time.sleep(0.05)
    first = hashed_files(root)
    assert sorted(reads) == ["about.en.md", "anna.yaml", "base.html"]
    reads.clear()
    assert hashed_files(root) == first
    assert reads == []


def test_a_file_changed_between_two_hashings_is_read_again(tmp_path, reads, monkeypatch):
    root = project(tmp_path)
    monkeypatch.setattr(pagecache, "RACY_NS", 0)
    time.sleep(0.05)
    before = hashed_files(root)
    path = root / "data/prisoners/anna.yaml"
    status = path.stat()
    path.write_text("name: Anya\n")  # the same size, its time put back as it was
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    reads.clear()
    after = hashed_files(root)
    assert reads == ["anna.yaml"]
    assert after["data/prisoners/anna.yaml"] != before["data/prisoners/anna.yaml"]
    assert after == fresh(root)


def test_a_file_changed_just_before_it_was_hashed_is_always_read_again(tmp_path, reads):
    """Within the timestamps' resolution, a second change would not show in the file's
    status: such a file is never trusted by its status (git's racily clean rule)."""
    root = project(tmp_path)
    hashed_files(root)
    reads.clear()
    hashed_files(root)
    assert sorted(reads) == ["about.en.md", "anna.yaml", "base.html"]


def test_a_link_or_an_oversized_file_is_hashed_by_what_it_is(tmp_path, reads):
    root = project(tmp_path)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("secret: yes\n")
    (root / "data/prisoners/link.yaml").symlink_to(outside)
    (root / "content/pages/huge.en.md").write_bytes(b"x" * (pagecache.file_size_limit(
        "content/pages/huge.en.md") + 1))
    found = hashed_files(root)
    assert "link.yaml" not in reads and "huge.en.md" not in reads
    assert found == fresh(root) and len(found) == 5
    outside.write_text("secret: no longer\n")  # the link's target changes: its status does
    assert hashed_files(root)["data/prisoners/link.yaml"] != found["data/prisoners/link.yaml"]
