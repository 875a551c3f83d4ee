"""Unchanged files reach the new site as links made in a thread of their own while the
build makes the rest (store/linking.py): the promises of the swap hold all the same. A
build killed while the thread works leaves the old site whole and the next build whole; a
full disk met by the thread is the usual one line; a failing build leaves nothing."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import portal.store.linking as linking
from portal.cli import main
from portal.store.write import Linked, wait_for_cleanup, write_site

from conftest import PROJECT, TODAY, build, make_project, snapshot

COUNT = 700
"""Files to link: several of the thread's batches."""


def sources(folder: Path) -> list[tuple[str, Linked]]:
    """COUNT files in folders of their own (as pages are), to be linked."""
    folder.mkdir()
    files = []
    for number in range(COUNT):
        path = folder / f"page-{number}.html"
        path.write_bytes(f"page {number}".encode())
        files.append((f"en/people/p-{number}/index.html", Linked(path, b"")))
    return files


def expected(files: list[tuple[str, Linked]]) -> dict[str, bytes]:
    return {relative: Path(linked.source).read_bytes() for relative, linked in files}


def test_linked_files_are_second_names_of_their_sources(tmp_path):
    files = sources(tmp_path / "src")
    out = tmp_path / "site"
    assert write_site(out, [*files, ("index.html", b"home")]) == COUNT + 1
    assert snapshot(out) == {**expected(files), "index.html": b"home"}
    for relative, linked in files[::97]:
        assert (out / relative).stat().st_ino == Path(linked.source).stat().st_ino


def test_a_file_that_cannot_be_linked_is_copied_and_named(tmp_path, monkeypatch):
    files = sources(tmp_path / "src")
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(
        OSError(errno.EXDEV, "Invalid cross-device link")))
    copied: set[str] = set()
    write_site(tmp_path / "site", files, copied=copied)
    assert copied == {relative for relative, _ in files}
    assert snapshot(tmp_path / "site") == expected(files)


def test_a_failure_while_links_are_made_leaves_the_old_site_and_no_folder(tmp_path):
    files = sources(tmp_path / "src")
    out = tmp_path / "site"
    write_site(out, [("index.html", b"old")])
    wait_for_cleanup()

    def failing():
        yield from files
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        write_site(out, failing())
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]
    assert not any(t.name == "portal-linker" for t in threading.enumerate())


def test_no_space_for_the_threads_folders_is_one_line_and_the_site_stays(
        tmp_path, monkeypatch, capsys):
    """An edit build (its unchanged pages linked): the disk fills up as the thread makes
    the new site's folders."""
    root = make_project(tmp_path / "project", "minimal")
    build(root)
    wait_for_cleanup()
    before = snapshot(root / "site")
    path = root / "content/statements/2025-09-11-release.en.md"
    path.write_text(path.read_text().replace("Fifty-two released", "Fifty-two were released"))
    real = os.mkdir
    failed = []

    def full(target, *args, **kwargs):
        if threading.current_thread().name == "portal-linker":
            failed.append(target)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", full)
    assert main(["--root", str(root), "--today", TODAY.isoformat(), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert failed  # the thread did meet the full disk
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in err
    assert len(errors) == 1 and errors[0].startswith(
        "Error: no space is left on the disk while writing"), err
    assert "site/ is as it was" in errors[0]
    monkeypatch.undo()
    assert snapshot(root / "site") == before
    assert not list(root.glob(".site-new-*"))


CHILD = """
import os, sys, time
sys.path.insert(0, {project!r})
from pathlib import Path
import portal.store.linking as linking
from portal.store.write import Linked, write_site

real, calls = linking.link_or_copy, [0]

def slow(source, target):
    calls[0] += 1
    if calls[0] == {at}:
        print("linking", flush=True)
        time.sleep(60)  # the kill comes now, with folders half made
    return real(source, target)

linking.link_or_copy = slow
files = [(relative, Linked(source, b"")) for relative, source in {files!r}]
write_site(Path({out!r}), files)
"""


@pytest.mark.parametrize("at", [1, 300])
def test_kill_9_while_the_thread_links_leaves_the_old_site_and_the_next_build_whole(
        tmp_path, at):
    files = sources(tmp_path / "src")
    out = tmp_path / "site"
    write_site(out, [("index.html", b"old")])
    wait_for_cleanup()
    script = CHILD.format(project=str(PROJECT), at=at, out=str(out), files=[
        (relative, str(linked.source)) for relative, linked in files])
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout.readline().strip() == "linking"
    assert list(tmp_path.glob(".site-new-*/en/people/p-*"))  # folders being made
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert snapshot(out) == {"index.html": b"old"}
    write_site(out, files)
    wait_for_cleanup()
    assert snapshot(out) == expected(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]


def test_the_offline_copy_reads_every_file_linked_before_it(tmp_path):
    """A file written by a function (the offline copy) may read the site's other files:
    every link handed over before it is made by then."""
    files = sources(tmp_path / "src")
    seen = {}

    def write(target: Path) -> None:
        staging = target.parent
        seen.update({relative: (staging / relative).read_bytes() for relative, _ in files})
        target.write_bytes(b"zip")

    write_site(tmp_path / "site", [*files, ("archive.zip", write)])
    assert seen == expected(files)
    assert linking.BATCH < COUNT
