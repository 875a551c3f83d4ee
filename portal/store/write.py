"""Write the built site atomically: build beside the output folder, then swap it in.

At every instant the output folder is the whole old site or the whole new one. On Linux
the two folders trade places in one step (renameat2 with RENAME_EXCHANGE). Where that is
not possible (another system, a file system without it), the old folder is moved aside
and the new one moved in: if the build is killed between those two steps, the next build
first puts the old site back. A killed build's leftovers (a half-written new site, a
replaced old one) are removed by the next build. An edit build's replaced site is kept
as the spare, where the next edit build makes its new site (spare.py)."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .linking import Linker, make_folder
from .spare import Base, SpareUse, clear, prune_spare, spare_folder
from .trees import remove_tree


@dataclass(frozen=True, slots=True)
class Linked:
    """A file of the current site whose content the new one has unchanged: it reaches the
    new folder as a second name for the same file (a hard link), not read and written."""

    source: Path | str
    digest: bytes
    """The content's blake2b-16 hash, as recorded when it was written."""
    found: tuple[int, int, int, int] | None = None
    """Its size, mtime_ns, inode and mode when found unchanged (a second name has the
    same), if known."""

    def read(self) -> bytes:
        """The file's bytes (for a check that has not seen them before)."""
        with open(self.source, "rb") as handle:
            return handle.read()


Content = bytes | Linked | Callable[[Path], None]
"""A file's bytes, an unchanged file of the current site, or a function that writes the
file (for one too large to hold)."""

NEW, OLD = "-new-", "-old-"
"""Staging folders beside the output: `.site-new-…` (being written), `.site-old-…` (the
site that was replaced, waiting to be deleted)."""


def write_site(out: Path, files: Iterable[tuple[str, Content]],
               before_swap: Callable[[], None] | None = None,
               copied: set[str] | None = None, spare: SpareUse | None = None) -> int:
    """Write every (relative path, content) into a fresh folder and swap it for `out`.

    Unchanged files (Linked) are linked in a thread of their own (linking.py) while the
    build makes the others. `before_swap` may raise to stop the swap. If anything fails,
    `out` is left exactly as it was. `copied`: filled with the Linked files that had to be
    copied (each is another file than its source). `spare` (spare.py): the new site is
    the spare site brought up to date, if it has a `base`, and the replaced site is kept
    as the next spare (else deleted, with any spare there is). Returns the number of
    files. Two builds of one folder must not run at once (lock.output_lock)."""
    out = Path(os.path.abspath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    wait_for_cleanup()
    recover(out)
    base = spare.base if spare is not None else None
    staging = _from_spare(out, base) if base is not None else None
    if staging is None:
        base = None
        if os.path.lexists(spare_folder(out)):
            _set_aside(spare_folder(out), out, "spare")  # never put back as the site
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{NEW}", dir=out.parent))
    linker = Linker(str(staging), spare=base is not None)
    count = 0
    made = {""}
    present: set[str] = set()
    try:
        for relative, content in files:
            count += 1
            present.add(relative)
            # by strings: a path object per file costs more than the file's own work
            if isinstance(content, Linked):
                linker.add(relative, os.fspath(content.source),
                           content.found[2] if content.found else -1)
                continue
            linker.check()
            folder = relative.rpartition("/")[0]
            if folder not in made:
                make_folder(os.path.join(staging, folder))
                made.add(folder)
            target = os.path.join(staging, relative)
            if base is not None:
                clear(target)  # never written through: it may be a name of a published file
            if callable(content):
                linker.wait()  # it may read files of the new site (the offline copy does)
                content(Path(target))
            else:
                write_bytes(target, content)
        linker.finish()
        if base is not None:
            prune_spare(str(staging), base, present)
        if copied is not None:
            copied.update(linker.copied)
        if before_swap is not None:
            before_swap()
        os.chmod(staging, 0o755)
        kept = swap(staging, out, keep=spare is not None)
        if spare is not None:
            spare.kept = kept
    except BaseException:
        linker.stop()  # nothing more is made in the staging folder
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _from_spare(out: Path, base: Base) -> Path | None:
    """A new staging folder holding what the spare holds (its entries moved in; the
    spare's own folder, whose group, permissions and default ACL a person may have
    changed unseen, is not used), or None if that cannot be done. A kill meanwhile
    leaves a staging folder the next build deletes and a spare it does not trust."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{NEW}", dir=out.parent))
    try:
        for name in os.listdir(base.folder):
            os.rename(os.path.join(base.folder, name), staging / name)
        os.rmdir(base.folder)
    except OSError:
        remove_tree(staging)
        return None
    return staging


def _set_aside(folder: Path, out: Path, name: str) -> None:
    """Delete a folder beside `out` in the background, moved first to `name` in a folder
    the next build deletes should this one be killed before (moving a folder needs write
    access to it, which a read-only one lacks: then give it that, or delete it where it
    is). Nothing here may fail the build."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD}", dir=out.parent))
    try:
        _rename(folder, old / name)
    except OSError:
        try:
            os.chmod(folder, 0o755)
            _rename(folder, old / name)
        except OSError:
            _discard(folder)
    _discard(old)


def write_bytes(path: str, content: bytes) -> None:
    """One new file of the new site (by its string path: see write_site)."""
    with open(path, "wb") as handle:
        handle.write(content)


def recover(out: Path) -> None:
    """Undo what an interrupted build left: if the output folder is missing but the site
    it replaced was set aside, put that back; then delete every staging folder."""
    olds = sorted(_staged(out, OLD), key=_age)
    if not os.path.lexists(out):
        for old in olds:
            if (old / "site").is_dir():
                os.rename(old / "site", out)
                break
    for leftover in [*_staged(out, NEW), *olds]:
        remove_tree(leftover)


def remove_leftovers(out: Path) -> None:
    """Delete staging folders an interrupted build (Ctrl-C, kill -9) left beside `out`
    (after putting back a site that was set aside)."""
    recover(out)


def _age(folder: Path) -> float:
    """Newest first."""
    try:
        return -folder.stat().st_mtime
    except OSError:
        return 0.0


def _staged(out: Path, kind: str) -> list[Path]:
    return [p for p in out.parent.glob(f".{out.name}{kind}*")
            if p.is_dir() and not p.is_symlink()]


def swap(staging: Path, out: Path, keep: bool = False) -> bool:
    """Put the folder `staging` in the place of `out`; the replaced site is deleted in the
    background, or (`keep`) kept as the spare (spare.py), if it can be: True then."""
    if not os.path.lexists(out):
        _rename(staging, out)
        return False
    try:
        _exchange(staging, out)
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM,
                               errno.EOPNOTSUPP):
            raise
        _swap_in_two_steps(staging, out)
        return False
    # The new site is in place. `staging` now holds the old one: keep it as the spare,
    # or set it aside as the old site and delete it.
    if keep and not os.path.lexists(spare_folder(out)):
        try:
            _rename(staging, spare_folder(out))
            return True
        except OSError:
            pass
    _set_aside(staging, out, "site")
    return False


def _swap_in_two_steps(staging: Path, out: Path) -> None:
    """Move the old site aside, then the new one in (recover() undoes a kill between)."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}{OLD}", dir=out.parent))
    _rename(out, old / "site")
    try:
        _rename(staging, out)
    except BaseException:
        _rename(old / "site", out)
        raise
    _discard(old)


def _rename(source: Path, target: Path) -> None:
    os.rename(source, target)


_LIBC = None
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE)."""
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL(None, use_errno=True)
        except OSError:
            _LIBC = False
    function = getattr(_LIBC, "renameat2", None) if _LIBC else None
    if function is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    result = function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(b))


_CLEANING: list[threading.Thread] = []


def _discard(folder: Path) -> None:
    """Delete the previous site in the background: the new one is already in place, and
    deleting tens of thousands of files takes seconds. The program waits for it before it
    exits (the thread is not a daemon); if killed, the next build removes the rest."""
    thread = threading.Thread(target=remove_tree, args=(folder,), name="portal-cleanup")
    thread.start()
    _CLEANING.append(thread)


def wait_for_cleanup() -> None:
    """Until every previous site this process replaced is deleted."""
    while _CLEANING:
        _CLEANING.pop().join()
