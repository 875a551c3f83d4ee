"""The site before the current one, kept beside it (`.site-spare`) to become the next new
site (store/write.py): an edit build brings it up to date where it differs instead of
making a folder of every file anew by links and deleting the replaced site after the
swap (at 1,200 people: one changed profile, 11,662 links made, 7,000 folders made and as
many deleted).

The spare is trusted only as far as the manifest of the last build describes it
(build/manifest.Spare): each of its folders with the time and inode recorded then (so
no file was added to or removed from it by hand since) and writable; the files it holds
that the current site does not. Every file of it is brought to what the new site holds:
a file whose inode is the current site's unchanged file at the same path stays; any
other is unlinked first, then linked or written, never written through (the spare and
the current site share most files' inodes: a write in place would change the published
file too). What it holds that the new site does not is deleted. It is renamed to a
staging folder before anything in it changes, so a kill leaves what the next build
deletes, and the build after makes its new site from nothing."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .trees import remove_tree

SPARE = "-spare"


@dataclass(frozen=True, slots=True)
class Base:
    """A spare found as recorded: `holds`, every file it may hold (relative paths);
    `folders`, every folder it has."""

    folder: Path
    holds: frozenset[str]
    folders: frozenset[str]


@dataclass
class SpareUse:
    """What write_site is to do with spares: start from `base` (None: from an empty
    folder); `kept` is set once the replaced site is kept as the next spare."""

    base: Base | None = None
    kept: bool = False


def spare_folder(out: Path) -> Path:
    return out.parent / f".{out.name}{SPARE}"


def found_spare(out: Path, folders: dict[str, tuple[int, int, int]], holds: Iterable[str]
                ) -> Base | None:
    """The spare beside `out`, if each of its folders is as recorded (modification time,
    inode, change time: nothing added or removed since, no permissions changed, no time
    set back), ours and open to us; else None. The spare's own folder was renamed since
    it was recorded, which sets its change time: what it holds is listed instead."""
    folder = spare_folder(out)
    holds = frozenset(holds)
    if "" not in folders:
        return None
    for name, recorded in folders.items():
        try:
            status = os.stat(os.path.join(folder, name) if name else folder,
                             follow_symlinks=False)
        except OSError:
            return None
        found = (status.st_mtime_ns, status.st_ino, status.st_ctime_ns)
        if not stat.S_ISDIR(status.st_mode) or found[:2] != tuple(recorded[:2]) or \
                (name and found[2] != recorded[2]) or \
                status.st_mode & 0o700 != 0o700 or status.st_uid != os.geteuid():
            return None
    top = {path.split("/", 1)[0] for path in holds} | \
        {name.split("/", 1)[0] for name in folders if name}
    try:
        if not set(os.listdir(folder)) <= top:
            return None
    except OSError:
        return None
    return Base(folder, holds, frozenset(folders))


def clear(path: str) -> None:
    """Remove what a spare holds at `path` (a file, a link, or a folder where the new site
    has a file), so the new file is made anew and never written through."""
    try:
        os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there (or a file above)
        pass
    except (IsADirectoryError, PermissionError):
        if not is_folder(path):
            raise
        remove_tree(Path(path))


def is_folder(path: str) -> bool:
    """Whether `path` is a folder itself (not a link to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def same_file(path: str, inode: int) -> bool:
    """Whether the spare's `path` is already a name of the current site's file `inode`
    (the spare and the site are beside each other, on one file system)."""
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return status.st_ino == inode and stat.S_ISREG(status.st_mode)


def prune_spare(staging: str, base: Base, present: set[str]) -> None:
    """Delete from a spare brought up to date what the new site does not hold: its files,
    then its folders (deepest first)."""
    needed = {""}
    for path in present:
        name = path.rpartition("/")[0]
        while name not in needed:
            needed.add(name)
            name = name.rpartition("/")[0]
    for path in base.holds - present - needed:  # (a file then may be a folder now)
        clear(os.path.join(staging, path))
    for name in sorted(base.folders - needed, key=lambda n: n.count("/"), reverse=True):
        path = os.path.join(staging, name)
        try:
            os.rmdir(path)
        except FileNotFoundError:
            pass
        except OSError:
            clear(path)
