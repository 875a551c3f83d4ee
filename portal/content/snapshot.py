"""What changed on disk: a snapshot of the source folders, compared with an earlier one."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

SOURCES = ("content", "data", "templates")
"""The folders a build reads."""

RECENT_NS = 2_000_000_000
"""A file changed less than two seconds ago may change again within one clock tick with
the same size; such files are told apart by their content as well."""

Snapshot = dict[str, tuple]


def ignored(name: str) -> bool:
    """Hidden files and editor backups: never read by a build."""
    return name.startswith(".") or name.endswith("~") or name.startswith("#")


def signature(path: Path | str, now_ns: int | None = None) -> tuple:
    """What identifies one version of a file without reading it (unless it is brand new)."""
    return _mark(os.stat(path), path, time.time_ns() if now_ns is None else now_ns)


def _mark(status: os.stat_result, path: Path | str, now_ns: int,
          before: tuple | None = None) -> tuple:
    """The file's status, and its content's hash when it is recent or was recent when
    `before` was taken (so that two marks of one file always compare alike)."""
    mark = (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)
    if not stat.S_ISREG(status.st_mode):
        return mark + (status.st_mode,)  # a pipe or device is never opened here
    if now_ns - status.st_mtime_ns < RECENT_NS or (
            before is not None and len(before) > 4 and before[:4] == mark):
        with open(path, "rb") as handle:
            mark += (hashlib.blake2b(handle.read(), digest_size=16).digest(),)
    return mark


def scan(root: Path, previous: Snapshot | None = None) -> Snapshot:
    """Every source file under `root`, by path relative to it, with its signature (to be
    compared with `previous`, the snapshot it was taken after)."""
    previous = previous or {}
    found: Snapshot = {}
    now = time.time_ns()
    todo = [(os.path.join(root, folder), folder) for folder in SOURCES]
    while todo:
        directory, relative = todo.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:  # missing, or removed while we looked
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            name = f"{relative}/{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, name))
                else:
                    found[name] = _mark(entry.stat(), entry.path, now, previous.get(name))
            except OSError:
                continue
    return found


def rescan(root: Path, previous: Snapshot, paths: set[str]) -> Snapshot:
    """`previous` with only `paths` (as the system reported them) looked at again: a few
    files where `scan` looks at thousands. A folder among them, or a path outside the
    source folders, means looking at everything (`scan`)."""
    found = dict(previous)
    now = time.time_ns()
    for path in paths:
        relative = os.path.relpath(path, root).replace(os.sep, "/")
        parts = relative.split("/")
        if parts[0] not in SOURCES or len(parts) < 2:
            return scan(root, previous)
        if any(ignored(part) for part in parts):
            continue
        try:
            status = os.lstat(path)
            if stat.S_ISLNK(status.st_mode):
                status = os.stat(path)
        except OSError:
            found.pop(relative, None)  # gone
            continue
        if stat.S_ISDIR(status.st_mode):
            return scan(root, previous)
        found[relative] = _mark(status, path, now, previous.get(relative))
    return found


def changes(before: Snapshot, after: Snapshot) -> set[str]:
    """Files added, removed or changed between two snapshots."""
    return {path for path in before.keys() | after.keys()
            if before.get(path) != after.get(path)}
