"""The new site's unchanged files, linked in the background (store/write.py): making a
folder and a second name for a file are system calls that let other Python code run, so
a thread makes the folders and links while the build renders what changed. The thread
works only inside the new site's staging folder, and write_site waits for it (or stops
it) before the swap or before deleting that folder; a kill leaves a staging folder the
next build removes, as always. In a spare site brought up to date (spare.py) a file that
is already the one to link stays; any other is removed before the link is made."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import threading

from .spare import clear, is_folder, same_file

BATCH = 256
"""Files handed to the thread at a time (one hand-over per file would cost more than
the link)."""


class Linker:
    """Links (source, relative path) pairs under `staging` in a thread of its own. The
    first error stops its work and is raised by `check`, `wait` or `finish`; `copied`
    names each file that could not be linked and was copied (it is another file)."""

    def __init__(self, staging: str, spare: bool = False) -> None:
        self.staging = staging
        self.spare = spare
        """Whether `staging` is a spare site (spare.py), not an empty folder."""
        self.copied: set[str] = set()
        self.error: Exception | None = None
        self._pending: list[tuple[str, str, int]] = []
        self._work: queue.Queue[list[tuple[str, str, int]] | None] = queue.Queue()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def add(self, relative: str, source: str, inode: int = -1) -> None:
        """Link `source` (whose inode is `inode`, if known) at `relative` (soon: in
        batches)."""
        self._pending.append((relative, source, inode))
        if len(self._pending) >= BATCH:
            self._hand_over()

    def check(self) -> None:
        """Raise the thread's error, if it met one."""
        if self.error is not None:
            raise self.error

    def wait(self) -> None:
        """Until every file added so far is linked (a file written next may be read back
        with them: the offline copy); raise the thread's error, if any."""
        self._hand_over()
        self._work.join()
        self.check()

    def finish(self) -> None:
        """Wait for the last links and end the thread; raise its error, if any."""
        self.wait()
        self._end()

    def stop(self) -> None:
        """End the thread without doing what is left (the build failed): once this
        returns, nothing more is made under `staging`."""
        self._stopped = True
        self._pending.clear()
        self._end()

    def _hand_over(self) -> None:
        if not self._pending:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="portal-linker",
                                            daemon=True)
            self._thread.start()
        self._work.put(self._pending)
        self._pending = []

    def _end(self) -> None:
        if self._thread is not None:
            self._work.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        made = {""}
        while True:
            batch = self._work.get()
            try:
                if batch is None:
                    return
                if self._stopped or self.error is not None:
                    continue
                for relative, source, inode in batch:
                    folder = relative.rpartition("/")[0]
                    if folder not in made:
                        make_folder(os.path.join(self.staging, folder))
                        made.add(folder)
                    target = os.path.join(self.staging, relative)
                    if self.spare:
                        if same_file(target, inode):
                            continue
                        clear(target)
                    if not link_or_copy(source, target):
                        self.copied.add(relative)
            except Exception as error:  # noqa: BLE001 - raised in the build's own thread
                self.error = error
            finally:
                self._work.task_done()


def make_folder(path: str) -> None:
    """A folder of the new site, with those above it (most often there already: then
    this takes one system call); in a spare site, a file where the folder goes is
    removed first."""
    try:
        os.mkdir(path)
    except FileExistsError:
        # a file of the spare site where the new one has a folder is removed; a folder
        # never is here (the other thread may have just made it)
        if is_folder(path):
            return
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(path)
        make_folder(path)
    except (FileNotFoundError, NotADirectoryError):
        make_folder(os.path.dirname(path))
        make_folder(path)


def link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> bool:
    """A second name for `source` at `target` (True); a copy where a link cannot be made
    (another file system, one without links, a file with too many links already: False)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise  # never copied over a file that may be a name of a published one
    except OSError:
        shutil.copyfile(source, target)
        return False
    return True
