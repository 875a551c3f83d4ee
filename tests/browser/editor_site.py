"""The sample project as the web editor's test needs it: a copy in a fresh git repository
(so that the test can read `git diff`), and `build.py serve` over it offering /admin/."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from conftest import TODAY, free_port, make_project, serving


def git(root: Path, *args: str) -> str:
    """Run git in the project and give what it printed."""
    return subprocess.run(["git", "-C", str(root), "-c", "user.name=test",
                           "-c", "user.email=test@localhost", *args],
                          check=True, capture_output=True, text=True).stdout


def sample_repository(target: Path) -> Path:
    """The sample project, copied and committed to a fresh git repository."""
    root = make_project(target)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample")
    return root


def answers(url: str, data: bytes | None = None) -> bool:
    """Whether the address answers 200 (a POST of JSON when data is given)."""
    request = urllib.request.Request(url, data=data,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until(ready, process: subprocess.Popen, seconds: float = 60.0) -> None:
    """Wait until `ready()`, failing with the process's output if it stops first."""
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} stopped:\n{process.stdout.read()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args[:3]} never answered")
        time.sleep(0.05)


@contextlib.contextmanager
def served_editor(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`build.py serve` over a copy of the sample; the project and its /admin/ address.
    (The preview builds into a folder of its own, so that the test's own build of the
    project does not race it.)"""
    root = sample_repository(tmp_path / "project")
    port = free_port()
    with serving(root, port, "--out", str(tmp_path / "preview"),
                 today=TODAY.isoformat()) as process:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/admin/config.yml"), process)
        yield root, f"http://127.0.0.1:{port}/admin/"
