"""Write the built site atomically: build beside the output folder, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

Content = bytes | Callable[[Path], None]
"""A file's bytes, or a function that writes the file (for one too large to hold)."""


def write_site(out: Path, files: Iterable[tuple[str, Content]],
               before_swap: Callable[[], None] | None = None) -> int:
    """Write every (relative path, content) into a fresh folder and swap it for `out`.

    `before_swap` may raise to stop the swap. If anything fails, `out` is left exactly as
    it was. Returns the number of files.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    wait_for_cleanup()
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    count = 0
    made = {staging}
    try:
        for relative, content in files:
            target = staging / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if callable(content):
                content(target)
            else:
                target.write_bytes(content)
            count += 1
        if before_swap is not None:
            before_swap()
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def remove_leftovers(out: Path) -> None:
    """Delete staging folders an interrupted build (Ctrl-C, kill -9) left beside `out`."""
    for prefix in (f".{out.name}-new-", f".{out.name}-old-"):
        for leftover in out.parent.glob(prefix + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        os.replace(out, old / "site")
    try:
        os.replace(staging, out)
        os.chmod(out, 0o755)
    except BaseException:
        if old is not None:
            os.replace(old / "site", out)
        raise
    finally:
        if old is not None:
            _discard(old)


_CLEANING: list[threading.Thread] = []


def _discard(folder: Path) -> None:
    """Delete the previous site in the background: the new one is already in place, and
    deleting tens of thousands of files takes seconds. The program waits for it before it
    exits (the thread is not a daemon); if killed, the next build removes the rest."""
    thread = threading.Thread(target=shutil.rmtree, args=(folder,),
                              kwargs={"ignore_errors": True}, name="portal-cleanup")
    thread.start()
    _CLEANING.append(thread)


def wait_for_cleanup() -> None:
    """Until every previous site this process replaced is deleted."""
    while _CLEANING:
        _CLEANING.pop().join()


def write_file_atomic(path: Path, content: bytes, durable: bool = False) -> None:
    """Replace one file so that readers see the old or the new content, never half;
    `durable`: flushed to the disk before it takes the file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if durable:
                handle.flush()
                os.fdatasync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
