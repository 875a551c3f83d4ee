"""One build at a time per output folder.

A build takes an exclusive lock on `.<output>.lock` beside its output folder (site/ →
.site.lock) for as long as it runs. A second build of the same folder, started meanwhile
(another terminal, a CI job, the live preview), says once that it waits, and starts when
the first has finished: it never touches the first one's files. The lock is the kernel's
(flock): a build that is killed lets go of it at once."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path


def lock_file(out: Path) -> Path:
    """Where the lock for an output folder is kept."""
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def output_lock(out: Path, wait: bool = True) -> Iterator[None]:
    """Hold the lock of the output folder `out` (waiting for another build to finish; with
    `wait=False`, raise BlockingIOError instead)."""
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_file(out)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            print(f"Another build is writing {out.name}/{who}; waiting for it to finish…",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock
