"""The project's own files, read safely: only regular files inside the project, of bounded
size. A link to a file elsewhere (`/proc/self/environ`, a home folder), a named pipe, a
device or a socket is refused before it is opened for reading, so nothing but the
project's own files is ever read into the site, and nothing can make a build wait forever."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..limits import file_size_limit, human_size
from ..problems import ContentError, Problem


def _refuse(relative: str, message: str, fix: str) -> ContentError:
    return ContentError([Problem(relative, None, "", message, fix)])


RACY_NS = 3_000_000_000
"""A file changed less than this before it was read may change again within the same tick
of the clock that stamps it (two seconds on some file systems), unseen: what was read of
it is not trusted by its status alone (git's rule for "racily clean" entries)."""

Status = tuple[int, int, int, int, int]
"""What a file's status says of its content: size, modified and changed times, inode,
device."""


def plain_status(path: str, relative: str) -> Status | None:
    """The status of the ordinary file (not a link) at `path` within the size limit of
    `relative`; None for anything else, or when it cannot be read."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or found.st_size > file_size_limit(relative):
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev


def inside(root: Path | str, path: Path | str) -> bool:
    """Whether `path`, with every link in it followed, lies inside `root`."""
    try:
        return resolved_inside(os.path.realpath(root), os.path.realpath(path))
    except (ValueError, OSError, RuntimeError):
        return False


def resolved_inside(base: str, resolved: str) -> bool:
    """Whether the resolved path `resolved` (os.path.realpath: every link followed) is the
    resolved folder `base` or inside it."""
    return resolved == base or resolved.startswith(base.rstrip(os.sep) + os.sep)


def read_project_file(root: Path, relative: str, limit: int | None = None,
                      links: bool = True) -> bytes:
    """The bytes of `root/relative`; raise ContentError (naming the file) when it is a link
    to outside the project (with `links=False`, a link at all), not a regular file, or
    larger than `limit` (by default, the limit for its kind in limits.py)."""
    limit = file_size_limit(relative) if limit is None else limit
    path = os.path.join(root, relative)
    if not links and os.path.islink(path):
        raise _refuse(relative, "the file is a link (files published as they are must be "
                      "the files themselves)", "replace the link with a copy of the file")
    try:
        resolved = os.path.realpath(path)
        within = resolved_inside(os.path.realpath(root), resolved)
    except (ValueError, OSError):
        within = False
    if not within:
        raise _refuse(relative, "the file is a link to a place outside the project",
                      "replace the link with the file itself")
    try:
        fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise _refuse(relative, "the file is missing (or is a link to nothing)",
                      "create it, or remove what refers to it") from None
    except OSError as error:
        raise _refuse(relative, f"the file cannot be read ({error.strerror})",
                      "check that it is an ordinary file you may read") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _refuse(relative, "not an ordinary file (a folder, pipe, device or socket)",
                          "replace it with an ordinary file")
        if status.st_size > limit:
            raise _too_large(relative, status.st_size, limit)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while we read
                raise _too_large(relative, size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(relative: str, size: int, limit: int) -> ContentError:
    shown = human_size(size) if human_size(size) != human_size(limit) else f"{size:,} bytes"
    return _refuse(relative, f"the file is {shown}, more than the "
                   f"{human_size(limit)} allowed for this kind of file",
                   "split it, or shorten it (see the limits in docs/editors-guide.md)")


def regular_file(path: Path) -> bool:
    """Whether `path` is an ordinary file (following links), without opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def project_files(root: Path, folder: str) -> list[str]:
    """Every file under `root/folder` (relative to root, sorted, hidden files and editor
    backups left out), whatever it is: reading one checks it."""
    base = root / folder
    found = []
    for directory, subfolders, names in os.walk(base):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        links = [d for d in subfolders if os.path.islink(os.path.join(directory, d))]
        names = [*names, *links]  # a linked folder is read as a file: refused, not skipped
        for name in sorted(names):
            if name.startswith(".") or name.endswith("~"):
                continue
            found.append((Path(directory) / name).relative_to(root).as_posix())
    return sorted(found)


SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def special_kind(path: Path) -> str | None:
    """What `path` is (followed if a link) when it is a pipe, socket or device, else None;
    found without opening it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return next((kind for test, kind in SPECIAL_KINDS if test(mode)), None)


def special_files(root: Path, folders: tuple[str, ...] = ("data", "content")) -> list[Problem]:
    """A problem for each named pipe, socket or device (or link to one) anywhere under
    `folders`, hidden ones included: no file there may be one, since reading it could wait
    forever or never end. The folders are listed with their entries' types, so only links
    and what is neither a file nor a folder are looked at one by one (the live preview
    does this at every update)."""
    problems = []
    for folder in folders:
        todo = [root / folder]
        while todo:
            try:
                entries = sorted(os.scandir(todo.pop()), key=lambda e: e.name)
            except OSError:  # missing, or removed while we looked
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
                    continue
                if entry.is_file(follow_symlinks=False):
                    continue
                path = Path(entry.path)
                kind = special_kind(path)
                if kind is not None:
                    problems.append(Problem(
                        path.relative_to(root).as_posix(), None, "",
                        f"{kind}, not an ordinary file: nothing can be read from it",
                        f"delete it, or move it out of the project's {folder}/ folder"))
    return sorted(problems, key=lambda p: p.file)
