"""Writing never leaves a half-built site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from portal.store.write import wait_for_cleanup, write_site

from conftest import PROJECT, snapshot


def test_swaps_in_a_complete_site(tmp_path):
    out = tmp_path / "site"
    write_site(out, [("a.html", b"one"), ("x/b.html", b"two")])
    assert snapshot(out) == {"a.html": b"one", "x/b.html": b"two"}
    write_site(out, [("c.html", b"three")])
    assert snapshot(out) == {"c.html": b"three"}


def test_an_error_mid_write_leaves_the_old_site(tmp_path):
    out = tmp_path / "site"
    write_site(out, [("a.html", b"old")])

    def files():
        yield "a.html", b"new"
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_site(out, files())
    assert snapshot(out) == {"a.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_leftovers_of_a_killed_build_are_removed_next_time(tmp_path):
    out = tmp_path / "site"
    write_site(out, [("a.html", b"old")])
    (tmp_path / ".site-new-abc123").mkdir()
    (tmp_path / ".site-new-abc123" / "half.html").write_bytes(b"half")
    write_site(out, [("a.html", b"new")])
    wait_for_cleanup()  # the replaced site is deleted in the background
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_kill_9_mid_build_leaves_the_site_as_it_was(tmp_path):
    out = tmp_path / "site"
    write_site(out, [("a.html", b"old")])
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(PROJECT)!r})\n"
        "from pathlib import Path\n"
        "from portal.store.write import write_site\n"
        "def files():\n"
        "    yield 'a.html', b'new'\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        f"write_site(Path({str(out)!r}), files())\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    time.sleep(0.1)
    assert snapshot(out) == {"a.html": b"old"}
    write_site(out, [("a.html", b"newer")])
    assert snapshot(out) == {"a.html": b"newer"}
    wait_for_cleanup()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
