"""Caches that cannot lie: every kind of entry under .cache/, emptied, cut short, changed
in one byte, replaced or deleted, gives a build byte-identical to a `--no-cache` build,
with no traceback; the bad entry is made again. `check` writes nothing, and a cache that
cannot be written is a warning, not a failure."""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from portal.cli import main
from portal.store.cachefile import CacheFolder, seal, unseal

from conftest import PROJECT, TODAY, build, check, make_project, run_as_read_only, snapshot

KINDS = ("pages", "markdown", "share", "zip", "documents", "words", "records", "photos",
         "guard", "checks", "links", "names", "fragments", "people", "entries", "templates",
         "graph")
DAMAGE = ("empty", "truncate", "flip", "garbage", "delete", "folder", "swap", "pipe", "zero")


def damage(entry: Path, how: str) -> None:
    data = entry.read_bytes()
    if how == "empty":
        entry.write_bytes(b"")
    elif how == "truncate":
        entry.write_bytes(data[:len(data) // 2])
    elif how == "flip":
        at = len(data) - 1 - len(data) // 3
        entry.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
    elif how == "garbage":
        entry.write_bytes(os.urandom(len(data)))
    elif how == "delete":
        entry.unlink()
    elif how == "folder":
        entry.unlink()
        entry.mkdir()
    elif how == "pipe":
        entry.unlink()
        os.mkfifo(entry)
    elif how == "zero":
        entry.unlink()
        entry.symlink_to("/dev/zero")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A project whose withheld person is named (so the guard keeps verdicts), built with
    its caches filled, and the site a `--no-cache` build makes of it."""
    root = make_project(tmp_path_factory.mktemp("caches") / "project", "minimal")
    path = root / "data/prisoners/withheld-1.yaml"
    path.write_text(path.read_text().replace("  en: Secret Person\n",
                                             "  en: Secret Person\n  ru: Секрет Персона\n"))
    out = root.parent / "uncached"
    build(root, out, cache=False)
    build(root)
    return root, snapshot(out)


def run_build(root: Path, capfd, in_process: bool) -> tuple[int, str]:
    """`build.py --root ROOT --today … --jobs 1`: its exit code and what it printed on
    stderr. Run in this process (cli.main, what build.py runs) unless `in_process` is
    false: an entry that is a pipe or endless (/dev/zero) is built in a process of its
    own, which a timeout stops if the build waits on it or reads it for ever. An
    exception out of the build is what Python prints for it: a traceback, exit status 1."""
    args = ["--root", str(root), "--today", TODAY.isoformat(), "--jobs", "1"]
    if in_process:
        capfd.readouterr()
        try:
            code = main(args)
        except Exception:
            code = 1
            print(traceback.format_exc(), file=sys.stderr)
        return code, capfd.readouterr().err
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), *args],
                            capture_output=True, text=True, timeout=300)
    return result.returncode, result.stderr


@pytest.mark.parametrize("how", DAMAGE)
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_cache_entry_changes_nothing(reference, tmp_path, capfd, kind, how):
    source, expected = reference
    root = tmp_path / "project"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    entries = [p for p in (root / ".cache" / kind).rglob("*") if p.is_file()]
    assert entries, f"no {kind} entries to damage"
    if how == "swap":  # each entry replaced by another good entry of the same kind
        contents = [entry.read_bytes() for entry in entries]
        for entry, other in zip(entries, contents[1:] + contents[:1], strict=True):
            entry.write_bytes(other)
    else:
        for entry in entries:
            damage(entry, how)
    # Rendered Markdown, kept cards and compiled templates are read only for pages
    # rendered again.
    user = {"markdown": "pages", "fragments": "pages", "templates": "pages"}.get(kind)
    if user:
        subprocess.run(["rm", "-r", str(root / ".cache" / user)], check=True)
    # (compiled templates are kept in this process's memory too: a new process reads them)
    code, stderr = run_build(root, capfd, in_process=how not in ("pipe", "zero")
                             and kind != "templates")
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert snapshot(root / "site") == expected
    if how not in ("delete", "folder") and len(entries) > 1:  # bad entries were replaced
        folder = CacheFolder(root / ".cache" / kind)
        for entry in entries:
            if entry.is_file() and not entry.is_symlink():
                assert folder.read(entry) is not None, entry


def test_an_entry_is_sealed_and_any_change_is_noticed():
    payload = b"<html>a page</html>"
    entry = seal(payload, "pages/ab/abc")
    assert unseal(entry, "pages/ab/abc") == payload
    assert unseal(entry, "pages/ab/abd") is None  # the same bytes under another name
    for at in range(len(entry)):
        changed = entry[:at] + bytes([entry[at] ^ 1]) + entry[at + 1:]
        assert unseal(changed, "pages/ab/abc") is None
    assert unseal(entry[:-1], "pages/ab/abc") is None
    assert unseal(entry + b"x", "pages/ab/abc") is None and unseal(b"", "pages/ab/abc") is None


def test_a_cache_sealed_with_another_key_is_not_trusted(reference, tmp_path):
    """A cache from another machine, or planted in a CI cache, vouches for nothing: every
    entry is made again, and the site is the same as without it."""
    source, expected = reference
    root = tmp_path / "project"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    planted = root / ".cache" / "pages"
    forged = next(p for p in planted.rglob("*") if p.is_file())
    other_key = tmp_path / "other.key"
    other_key.write_bytes(os.urandom(32))
    env = {**os.environ, "PORTAL_CACHE_KEY": str(other_key)}
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", TODAY.isoformat()], capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert snapshot(root / "site") == expected
    assert forged.exists() is False or unseal(forged.read_bytes(), CacheFolder(
        planted).name(forged)) is None  # sealed again with the other key, or gone


@pytest.mark.parametrize("damage", ["short", "folder"])
def test_a_damaged_key_file_is_a_warning_and_the_build_goes_on_without_the_cache(
        reference, tmp_path, damage):
    source, expected = reference
    root = tmp_path / "project"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    key = tmp_path / "damaged.key"
    if damage == "short":
        key.write_bytes(b"12345")
    else:
        key.mkdir()
    env = {**os.environ, "PORTAL_CACHE_KEY": str(key)}
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", TODAY.isoformat()], capture_output=True, text=True,
                            timeout=300, env=env)
    printed = result.stdout + result.stderr
    assert result.returncode == 0, printed
    assert "Traceback" not in printed
    assert f"{key} warning: the cache key cannot be read or made" in printed
    assert "building without the cache" in printed
    assert snapshot(root / "site") == expected


def test_check_writes_nothing(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    before = snapshot(root)
    check(root)
    assert snapshot(root) == before
    assert not (root / ".cache").exists() and not (root / "site").exists()


def test_check_writes_nothing_in_a_checkout_it_cannot_write(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    result = run_as_read_only(root, "check")
    assert "Traceback" not in result.stderr and "error" not in result.stderr.lower()
    assert result.returncode == 0 and "No errors" in result.stdout


def test_an_unwritable_cache_is_a_warning_and_the_build_goes_on(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    (root / ".cache").mkdir()
    (root / ".cache" / "pages").write_text("a file where a folder should be")
    os.chmod(root / ".cache", 0o555)
    if os.geteuid() == 0:  # root writes anyway: make it a file instead of a folder
        os.chmod(root / ".cache", 0o755)
        (root / ".cache" / "pages").unlink()
        os.rmdir(root / ".cache")
        (root / ".cache").write_text("not a folder")
    try:
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root",
                                 str(root), "--today", TODAY.isoformat()],
                                capture_output=True, text=True, timeout=300)
    finally:
        if (root / ".cache").is_dir():
            os.chmod(root / ".cache", 0o755)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "the cache in .cache/ cannot be written" in result.stderr
    build(root, tmp_path / "uncached", cache=False)
    assert snapshot(root / "site") == snapshot(tmp_path / "uncached")
