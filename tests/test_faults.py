"""Faults of the machine are one line, never a traceback, and leave site/ as it was: no
space left, a file too large for the system, a read-only project or output, an output
path that cannot be a folder. Where the tests can, they make the real fault (a small
file system of their own, a file size limit, a read-only mount)."""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from portal.cli import main

from conftest import (
    PROJECT,
    TODAY,
    append_to,
    built_project,
    can_unshare,
    in_namespace,
    make_project,
    run_as_read_only,
    snapshot,
)

BUILD = [sys.executable, str(PROJECT / "build.py")]


def digest_of(folder: Path) -> str:
    return hashlib.sha256(repr(sorted(snapshot(folder).items())).encode()).hexdigest()


def assert_one_line(stderr: str, start: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert "Traceback" not in stderr
    assert len(errors) == 1 and errors[0].startswith(start), stderr


needs_namespaces = pytest.mark.skipif(
    not can_unshare() and os.environ.get("CI") != "true",
    reason="making a small file system needs mount namespaces (unshare), as root or in a "
           "user namespace")


@needs_namespaces
def test_no_space_left_is_one_line_and_the_site_stays(tmp_path):
    """A tmpfs of 24 MB: the first build fits; then a file fills it, and the next build runs
    out of space while writing the new site beside the old one."""
    root = make_project(tmp_path / "project", "minimal")
    mount = tmp_path / "small"
    mount.mkdir()
    before, after = tmp_path / "before.txt", tmp_path / "after.txt"
    command = " ".join(f"'{a}'" for a in [*BUILD, "--root", str(root), "--today",
                                           TODAY.isoformat(), "--out", str(mount / "site"),
                                           "--no-cache"])
    listing = f"(cd {mount}/site && find . -type f -exec sha256sum {{}} + | sort)"
    script = (f"set -e; mount -t tmpfs -o size=24m tmpfs {mount}; {command} >/dev/null; "
              f"{listing} > {before}; "
              f"avail=$(df --output=avail -B1 {mount} | tail -1); "
              f"head -c $((avail - 300000)) /dev/zero > {mount}/filler; "
              f"set +e; {command}; echo \"exit=$?\"; {listing} > {after}; "
              f"ls -a {mount}")
    result = subprocess.run([*in_namespace(), "sh", "-c", script], capture_output=True,
                            text=True, timeout=600)
    assert "exit=1" in result.stdout, result.stdout + result.stderr
    assert_one_line(result.stderr, "Error: no space is left on the disk while writing")
    assert "site/ is as it was" in result.stderr
    assert before.read_text() == after.read_text() and before.read_text()
    assert ".site-new-" not in result.stdout  # the half-written site was removed


def test_a_file_too_large_for_the_system_is_one_line(tmp_path):
    """With a file size limit of 150 KB the offline zip cannot be written (EFBIG)."""
    root = built_project(tmp_path / "project")
    before = digest_of(root / "site")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    result = subprocess.run([*BUILD, "--root", str(root), "--today", TODAY.isoformat(),
                             "--no-cache"], capture_output=True, text=True, timeout=300,
                            preexec_fn=limited)
    assert result.returncode == 1
    assert_one_line(result.stderr, "Error: the file is too large for this system while "
                                   "writing")
    assert (root / "site/download/portal-offline.zip").stat().st_size > 150_000
    assert digest_of(root / "site") == before
    assert not list(root.glob(".site-new-*"))


def test_a_read_only_project_is_one_line(tmp_path):
    root = built_project(tmp_path / "project")
    before = digest_of(root / "site")
    result = run_as_read_only(root, "build")
    assert result.returncode == 1
    assert_one_line(result.stderr, "Error: not allowed to write")
    assert digest_of(root / "site") == before


@needs_namespaces
def test_a_read_only_output_folder_is_one_line_or_replaced_whole(tmp_path):
    root = built_project(tmp_path / "project")
    before = digest_of(root / "site")
    site = root / "site"
    append_to(root, "content/pages/about.en.md", "One more sentence.")  # work to do
    command = " ".join(f"'{a}'" for a in [*BUILD, "--root", str(root), "--today",
                                           TODAY.isoformat()])
    script = f"mount --bind {site} {site} && mount -o remount,bind,ro {site} && {command}"
    result = subprocess.run([*in_namespace(), "sh", "-c", script], capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert_one_line(result.stderr, "Error: ")
    assert digest_of(site) == before


def test_an_output_path_under_a_file_is_one_line(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    (tmp_path / "file").write_text("not a folder")
    result = subprocess.run([*BUILD, "--root", str(root), "--today", TODAY.isoformat(),
                             "--out", str(tmp_path / "file" / "site")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert_one_line(result.stderr, "Error: ")


@pytest.mark.parametrize("code, start", [
    (errno.ENOSPC, "Error: no space is left on the disk while writing"),
    (errno.EDQUOT, "Error: no space is left on the disk while writing"),
    (errno.EACCES, "Error: not allowed to write"),
    (errno.EIO, "Error: Input/output error"),
])
def test_a_failing_write_midway_leaves_the_site(tmp_path, monkeypatch, capsys, code, start):
    import portal.store.write

    root = built_project(tmp_path / "project")
    before = snapshot(root / "site")
    calls = {"n": 0}
    real = portal.store.write.write_bytes

    def failing(path, data):
        calls["n"] += 1
        if calls["n"] == 40:
            raise OSError(code, os.strerror(code), path)
        return real(path, data)

    monkeypatch.setattr(portal.store.write, "write_bytes", failing)
    assert main(["--root", str(root), "--today", TODAY.isoformat(), "--jobs", "1",
                 "--no-cache"]) == 1  # every file written (else unchanged ones are linked)
    assert_one_line(capsys.readouterr().err, start)
    monkeypatch.undo()
    assert snapshot(root / "site") == before
    assert not list(root.glob(".site-new-*"))
