"""The swap has no gap, and one build runs at a time: a build killed at any step of the
swap leaves site/ whole (the old site or the new one), and the next build cleans up; two
builds at once never disturb each other."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.store.lock import lock_file, output_lock
from portal.store.write import recover, wait_for_cleanup, write_site

from conftest import PROJECT, TODAY, make_project, snapshot

OLD = {"a.html": b"old", "x/b.html": b"old b"}
NEW = {"a.html": b"new", "x/b.html": b"new b", "y/c.html": b"new c"}

CHILD = """
import errno, os, signal, sys
sys.path.insert(0, {project!r})
from pathlib import Path
import portal.store.write as w

step, two_steps = sys.argv[1], sys.argv[2] == "1"
real_exchange, real_rename, real_discard = w._exchange, w._rename, w._discard
renames = [0]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def exchange(a, b):
    if two_steps:
        raise OSError(errno.ENOSYS, "no renameat2 here")
    if step == "before-exchange":
        die()
    real_exchange(a, b)
    if step == "after-exchange":
        die()

def rename(a, b):
    renames[0] += 1
    if step == f"before-rename-{{renames[0]}}":
        die()
    real_rename(a, b)
    if step == f"after-rename-{{renames[0]}}":
        die()

def discard(folder):
    if step == "before-discard":
        die()
    import shutil
    first = next(p for p in sorted(folder.rglob("*")) if p.is_file())
    first.unlink()  # part of the old site is gone when the kill comes
    if step == "during-discard":
        die()
    real_discard(folder)

w._exchange, w._rename, w._discard = exchange, rename, discard
w.write_site(Path(sys.argv[3]), {files!r})
"""

EXCHANGE_STEPS = ["before-exchange", "after-exchange", "after-rename-1", "before-discard",
                  "during-discard"]
TWO_STEP_STEPS = ["before-rename-1", "after-rename-1", "after-rename-2", "before-discard",
                  "during-discard"]


def killed_at(tmp_path: Path, step: str, two_steps: bool) -> Path:
    out = tmp_path / "site"
    write_site(out, list(OLD.items()))
    wait_for_cleanup()
    script = CHILD.format(project=str(PROJECT), files=list(NEW.items()))
    child = subprocess.run([sys.executable, "-c", script, step, "1" if two_steps else "0",
                            str(out)], capture_output=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    return out


@pytest.mark.parametrize("step", EXCHANGE_STEPS)
def test_killed_at_each_step_of_the_swap_site_is_old_or_new(tmp_path, step):
    out = killed_at(tmp_path, step, two_steps=False)
    assert snapshot(out) in (OLD, NEW)
    assert snapshot(out) == (OLD if step == "before-exchange" else NEW)
    write_site(out, [("a.html", b"next")])
    wait_for_cleanup()
    assert snapshot(out) == {"a.html": b"next"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("step", TWO_STEP_STEPS)
def test_without_renameat2_a_kill_between_the_renames_is_undone_by_the_next_build(
        tmp_path, step):
    out = killed_at(tmp_path, step, two_steps=True)
    if step == "after-rename-1":  # the old site moved aside, the new one not yet in
        assert not out.exists()
        recover(out)  # what the next build does first
        assert snapshot(out) == OLD
    else:
        assert snapshot(out) == (OLD if step == "before-rename-1" else NEW)
    write_site(out, [("a.html", b"next")])
    wait_for_cleanup()
    assert snapshot(out) == {"a.html": b"next"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_swap_is_one_step_where_the_system_allows(tmp_path, monkeypatch):
    """On Linux the folders trade places: there is no moment without site/."""
    import portal.store.write as w

    out = tmp_path / "site"
    write_site(out, list(OLD.items()))
    seen = []
    real = w._exchange

    def exchange(a, b):
        seen.append(snapshot(b))
        real(a, b)
        seen.append(snapshot(b))

    monkeypatch.setattr(w, "_exchange", exchange)
    write_site(out, list(NEW.items()))
    assert seen == [OLD, NEW]


def run_build(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", TODAY.isoformat(), "--jobs", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_at_any_moment_of_a_real_build_leaves_site_whole(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    assert run_build(root).wait(timeout=120) == 0
    old = snapshot(root / "site")
    path = root / "content/statements/2025-09-11-release.en.md"
    path.write_text(path.read_text().replace("Fifty-two released", "Fifty-two were released"))
    assert run_build(root, "--out", str(tmp_path / "reference")).wait(timeout=120) == 0
    new = snapshot(tmp_path / "reference")
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.4):
        child = run_build(root, "--no-cache")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        assert snapshot(root / "site") in (old, new), f"killed after {delay} s"
    assert run_build(root).wait(timeout=120) == 0
    assert snapshot(root / "site") == new
    # no half-written or replaced site is left; the site before is kept as the spare
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == \
        [".site-spare", ".site.lock"]


def test_two_builds_at_once_wait_for_each_other(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    with output_lock(root / "site"):  # a build already running
        first, second = run_build(root), run_build(root)
        time.sleep(1.5)
        assert first.poll() is None and second.poll() is None  # both wait
    outs = [child.communicate(timeout=120) for child in (first, second)]
    assert [child.returncode for child in (first, second)] == [0, 0]
    for _, stderr in outs:
        assert "Traceback" not in stderr
        assert stderr.splitlines()[0] == ("Another build is writing site/ (process "
                                          f"{os.getpid()}); waiting for it to finish…")
        assert stderr.count("waiting") == 1
    # the one that gets the lock first builds; the other then finds nothing changed
    assert sorted(stdout.split(" ", 1)[0] for stdout, _ in outs) == ["Built", "Nothing"]
    assert run_build(root, "--out", str(tmp_path / "reference")).wait(timeout=120) == 0
    assert snapshot(root / "site") == snapshot(tmp_path / "reference")


def test_builds_started_together_both_succeed(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    children = [run_build(root) for _ in range(3)]
    results = [child.communicate(timeout=180) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], results
    assert all("Traceback" not in stderr for _, stderr in results)
    assert run_build(root, "--out", str(tmp_path / "reference")).wait(timeout=120) == 0
    assert snapshot(root / "site") == snapshot(tmp_path / "reference")


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path):
    out = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", (
        f"import sys, time; sys.path.insert(0, {str(PROJECT)!r})\n"
        "from pathlib import Path\nfrom portal.store.lock import output_lock\n"
        f"with output_lock(Path({str(out)!r})):\n"
        "    print('holding', flush=True); time.sleep(60)\n")], stdout=subprocess.PIPE,
        text=True)
    assert holder.stdout.readline().strip() == "holding"
    with pytest.raises(BlockingIOError), output_lock(out, wait=False):
        pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    with output_lock(out, wait=False):
        assert lock_file(out).read_text() == str(os.getpid())


@pytest.mark.parametrize("where", [".", "content", "data/prisoners", "templates", "..",
                                   "notes.txt", "/dev/null", "foreign", "site-file"])
def test_an_output_that_is_not_a_site_is_never_replaced(tmp_path, where):
    """A build replaces its output folder whole: never the project, a folder holding it,
    its sources, a file, a device or a folder of something else."""
    root = make_project(tmp_path / "project", "minimal")
    (root / "notes.txt").write_text("my notes")
    (root / "foreign").mkdir()
    (root / "foreign" / "thesis.odt").write_text("years of work")
    (root / "site-file").write_text("not a folder")
    out = where if where.startswith("/") else str(root / where)
    before = snapshot(tmp_path)
    result = run_build(root, "--out", out)
    _, stderr = result.communicate(timeout=120)
    assert result.returncode == 1 and "Traceback" not in stderr
    assert "the output folder" in stderr and "a build replaces it whole" in stderr
    assert snapshot(tmp_path) == before
    if where == "/dev/null":
        assert Path("/dev/null").is_char_device()


def test_an_old_site_that_cannot_be_moved_after_the_swap_is_no_error(tmp_path, monkeypatch):
    """A site made read-only by hand cannot be moved into another folder once it has
    been swapped out; the new site is in place all the same: no error, and the old one is
    deleted where it is (not left beside the output for ever)."""
    import portal.store.write as w

    out = tmp_path / "site"
    write_site(out, [("index.html", b"old")])
    real = w._rename
    monkeypatch.setattr(w, "_rename", lambda source, target: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied")) if target.name == "site" and
        target.parent.name.startswith(".site-old-") else real(source, target))
    assert write_site(out, [("index.html", b"new")]) == 1
    wait_for_cleanup()
    assert (out / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]

