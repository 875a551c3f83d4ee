"""Writing the live preview's files into the site it updates: only those whose content
changed (keeping what they held, to put back), the offline copy appended to or written
whole, and removing files with the folders they leave empty. Takes the output folder
and files by path; gives what was written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..build.builder import digest
from ..outputs.leaks import OutputGuard
from ..outputs.offline import OFFLINE_ZIP, WRITE_BUFFER, OfflineZip
from ..store.atomic import write_file_atomic


def write_changed(out: Path, files: dict[str, bytes], digests: dict[str, bytes]
                  ) -> dict[str, bytes | None]:
    """Write the files whose content changed; return (by path) what they held before."""
    backups: dict[str, bytes | None] = {}
    for path, content in files.items():
        hashed = digest(content)
        if digests.get(path) == hashed:
            continue
        target = out / path
        backups[path] = target.read_bytes() if target.is_file() else None
        write_file_atomic(target, content)
        digests[path] = hashed
    return backups


def restore(out: Path, backups: dict[str, bytes | None]) -> None:
    """Put back what `write_changed` replaced (deleting the files it made)."""
    for path, content in backups.items():
        if content is None:
            (out / path).unlink(missing_ok=True)
        else:
            write_file_atomic(out / path, content)


def stage_offline_copy(archive: OfflineZip, files: dict[str, bytes], removed: list[str],
                       leaks: OutputGuard, names_changed: bool) -> None:
    """Bring the offline copy's entries (in memory) up to date with `files` and `removed`,
    and have the leak guard read the entries the next write puts in the file, as they will
    lie there (ContentError, before anything is written, if one names a withheld person).
    When the names the guard looks for changed (`names_changed`), the entries an append
    replaces (and those replaced since the archive was last written whole) would stay in
    its bytes, though no reader lists them, holding a name now withheld: then it is
    written whole."""
    for path, content in files.items():
        archive.add(path, content)  # the same content as before: nothing to do
    for path in removed:
        archive.remove(path)
    if names_changed:
        archive.layout, archive.changed = {}, True
    leaks.check_zip(OFFLINE_ZIP, archive.fresh_entries())
    leaks.raise_found()


def write_offline_copy(out: Path, archive: OfflineZip, digests: dict[str, bytes]
                       ) -> list[str]:
    """Bring the offline copy up to date if an entry changed (its entries are in memory:
    see OfflineZip.keep): by appending the changed entries to the file written before
    (OfflineZip.append), or else whole, streamed to a file beside it and then moved in
    place. It is not hashed (100 MB at 5,000 people): the preview writes it only when
    it changed."""
    if not archive.changed:
        return []
    target = out / OFFLINE_ZIP
    if archive.worth_appending() and archive.on_disk is not None \
            and archive.on_disk == file_identity(target):
        try:
            with open(target, "r+b", buffering=WRITE_BUFFER) as handle:
                archive.append(handle)
        except OSError:
            archive.layout = {}  # written whole below, or at the next edit
        else:
            return _zip_written(archive, target, digests)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb", buffering=WRITE_BUFFER) as handle:
            archive.write(handle, lambda path: (out / path).read_bytes())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        archive.on_disk = None
        raise
    return _zip_written(archive, target, digests)


def _zip_written(archive: OfflineZip, target: Path, digests: dict[str, bytes]) -> list[str]:
    archive.changed = False
    archive.on_disk = file_identity(target)
    digests[OFFLINE_ZIP] = b""  # written by the preview, not hashed
    return [OFFLINE_ZIP]


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """A folder's device and inode (a swap puts another folder in its place)."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def file_identity(path: Path) -> tuple[int, ...] | None:
    """A file's device, inode, size and modification time (None if it is not there)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def remove(out: Path, path: str) -> None:
    """Delete one published file and the folders it leaves empty."""
    target = out / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
