"""The files the web editor's local back end may touch, and how it reads and writes them:
only under data/ and content/ (photos only in content/photos/), never through a link,
never a pipe, device or socket, never a hidden file, each within the size limits of
limits.py, every write replacing the file in one step (a write killed half way leaves the
old file or the new one), and the files of one save written beside their places first,
then moved in together (a full disk or an error half way changes none). What is refused
is said in one line with an HTTP status."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from ..limits import file_size_limit, human_size
from ..store.files import special_kind

FOLDERS = ("data", "content")
"""The folders the editor may read and write in."""
MEDIA = "content/photos"
"""The only folder of photos (media)."""
LISTED = 10_000
"""Files one listing may give (the sample has a hundred; a large portal a few thousand)."""


class Refused(Exception):
    """A request the back end does not do: its HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def checked(root: Path, relative: str, media: bool = False) -> Path:
    """`root/relative` when the editor may use it; else Refused naming why. The path must
    be relative, written with `/`, under data/ or content/ (content/photos/ for `media`),
    without `.`, `..` or hidden parts, and nothing on the way may be a link, and nothing
    at its end a link or anything but an ordinary file (or a folder, for a listing)."""
    if "\x00" in relative or any(ord(c) < 32 for c in relative):
        raise Refused(400, "the path holds a control character")
    if relative.startswith(("/", "\\")) or "\\" in relative or ":" in relative:
        raise Refused(403, f"{relative[:200]!r} is not a path inside the project")
    parts = relative.rstrip("/").split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise Refused(403, f"{relative[:200]!r}: no empty, '.', '..' or hidden parts")
    top = MEDIA.split("/") if media else None
    if (parts[:2] != top) if media else (parts[0] not in FOLDERS):
        where = f"{MEDIA}/" if media else "data/ or content/"
        raise Refused(403, f"{relative[:200]!r} is not under {where}")
    path = root
    for depth, part in enumerate(parts, 1):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            break  # what follows is new
        except OSError as error:
            raise Refused(403, f"{relative[:200]!r} cannot be looked at ({error.strerror})") \
                from None
        if stat.S_ISLNK(mode):
            raise Refused(403, f"{'/'.join(parts[:depth])} is a link: the editor does not "
                          "follow links")
        if depth < len(parts) and not stat.S_ISDIR(mode):
            raise Refused(403, f"{'/'.join(parts[:depth])} is not a folder")
        if depth == len(parts) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = special_kind(path) or "not an ordinary file"
            raise Refused(403, f"{relative[:200]!r} is {kind}")
    return root.joinpath(*parts)  # the whole path, also when its end is still to be made


def read(root: Path, relative: str, media: bool = False) -> bytes | None:
    """The bytes of a file the editor may read, or None when there is none."""
    path = checked(root, relative, media)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise Refused(403, f"{relative[:200]!r} cannot be read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise Refused(403, f"{relative[:200]!r} is not an ordinary file")
        limit = file_size_limit(relative)
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise Refused(413, f"{relative[:200]!r} is larger than the {human_size(limit)} "
                      "allowed for its kind")
    return content


def listed(root: Path, folder: str, extension: str, depth: int,
           media: bool = False) -> list[str]:
    """The ordinary files under `folder`, `depth` levels down, whose names end with
    `extension` (as decap-server lists them); links, hidden and special files left out."""
    base = checked(root, folder, media)
    found: list[str] = []
    todo = [(base, folder.rstrip("/"), 1)] if base.is_dir() else []
    while todo:
        directory, shown, level = todo.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for item in entries:
            if item.name.startswith(".") or item.is_symlink():
                continue
            if item.is_dir(follow_symlinks=False):
                if level < depth:
                    todo.append((Path(item.path), f"{shown}/{item.name}", level + 1))
            elif item.is_file(follow_symlinks=False) and item.name.endswith(extension):
                found.append(f"{shown}/{item.name}")
                if len(found) > LISTED:
                    raise Refused(413, f"{folder[:200]!r} holds more than {LISTED:,} files")
    return sorted(found)


def write(root: Path, relative: str, content: bytes, media: bool = False) -> None:
    """Replace (or create) one file in one step, within its size limit."""
    write_all(root, [(relative, content, media)])


def write_all(root: Path, files: list[tuple[str, bytes, bool]]) -> None:
    """Replace (or create) each (path, content, is a photo) together: every one checked
    and written whole beside itself first, then all moved into place. A refused file, a
    full disk or an error while writing leaves every file as it was; only a kill in the
    instant the new files are moved in may leave some new and some old."""
    paths = []
    for relative, content, media in files:
        path = checked(root, relative, media)
        if path.is_dir():
            raise Refused(403, f"{relative[:200]!r} is a folder")
        limit = file_size_limit(relative)
        if len(content) > limit:
            raise Refused(413, f"{relative[:200]!r} would be {human_size(len(content))}, "
                          f"more than the {human_size(limit)} allowed for its kind")
        paths.append(path)
    staged: list[tuple[str, Path]] = []
    try:
        for path, (relative, content, _) in zip(paths, files, strict=True):
            try:
                staged.append((_staged(path, content), path))
            except OSError as error:
                raise Refused(409, f"{relative[:200]!r} could not be written "
                              f"({error.strerror}); every file is as it was") from None
        for done, (temporary, path) in enumerate(staged):
            try:
                os.replace(temporary, path)
            except OSError as error:
                kept = "every file is as it was" if done == 0 else \
                    f"{done} of the {len(staged)} files were saved"
                raise Refused(409, f"{path.relative_to(root).as_posix()[:200]!r} could not "
                              f"be written ({error.strerror}); {kept}") from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _staged(path: Path, content: bytes) -> str:
    """A hidden file beside `path` holding `content`, with the permissions `path` keeps."""
    mode = kept_mode(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            os.fchmod(handle.fileno(), mode)
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def delete(root: Path, relative: str) -> None:
    """Delete one ordinary file (none there is not an error, as in decap-server)."""
    path = checked(root, relative)
    if path.is_dir():
        raise Refused(403, f"{relative[:200]!r} is a folder")
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise Refused(409, f"{relative[:200]!r} could not be deleted ({error.strerror})") \
            from None


def move(root: Path, old: str, new: str) -> None:
    """Rename one file (an entry whose slug changed); never over another file."""
    source, target = checked(root, old), checked(root, new)
    if source == target:
        return
    if target.exists():
        raise Refused(409, f"{new[:200]!r} exists already")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
    except OSError as error:
        raise Refused(409, f"{old[:200]!r} could not be renamed ({error.strerror}); "
                      "it is as it was") from None


def kept_mode(path: Path) -> int:
    """The permissions a written file keeps: its own, or a new file's as any editor
    makes it (0666 less the umask), never a temporary file's 0600."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
