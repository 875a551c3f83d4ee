"""Parsed documents kept on disk between builds, so a build neither parses unchanged files
again nor, mostly, reads them.

Every document of a build is kept in one entry (store/kept.py: one file to open and one
seal to check, where a file per document cost 2,119 of each at 1,200 people), by the
bytes of the file it came from. Beside the documents, an index says which bytes each
source file held when it was last read, by what its status said then (size, times of
change, inode): a file whose status is the same is taken to hold the same bytes, and is
not read. That is how git tells changed files, and it has git's one hazard: a file changed
twice within one tick of the file system's clock, the same size both times, shows one
status for two contents. So a file is noted in the index only when its last change was
well before it was read (RACY_NS): any change after that has a later time of change (the
system sets it; `touch` and editors can set the modification time back, never this one).
A file that is a link, is not an ordinary file, is over its size limit, or lies in a
folder that leads outside the project is always read the careful way (files.py)."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from ..store.files import RACY_NS, Status, plain_status, resolved_inside
from ..store.kept import Kept
from ..store.trees import remove_tree
from .document import Document


class DocumentStore:
    """Documents under `folder`, keyed by the generator's `version`, the file's path, how
    it is read (YAML or Markdown) and its bytes, with the status of each file when read.
    Only this program writes there; the entry is checked before it is used (cachefile),
    and a value in it that is not what this code keeps is a miss."""

    def __init__(self, folder: Path, version: bytes, writable: bool = True) -> None:
        self.kept = Kept(folder, writable)
        self.folder = folder
        self.version = version
        self.used: set[str] = set()
        """The keys of the documents this build read."""
        self.read_as: dict[str, tuple[Document, str]] = {}
        """Each document of this build by path, with the key it was read under."""
        self._folders: dict[str, bool] = {}
        self.unread = False
        """Whether some documents were taken from elsewhere (the live preview keeps those of
        unchanged files in memory): then what is kept for files not read here stays."""

    def key(self, relative: str, how: str, content: bytes) -> str:
        digest = hashlib.blake2b(self.version, digest_size=20)
        digest.update(f"{relative}\0{how}\0".encode("utf-8", "surrogateescape") + content)
        name = digest.hexdigest()
        self.used.add(name)
        return name

    def get(self, key: str) -> Document | None:
        payload = self.kept.get(b"d" + key.encode())
        if payload is None:
            return None
        try:
            document = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
            document = None
        if not isinstance(document, Document):
            self.kept.forget(b"d" + key.encode())
            return None
        return document

    def put(self, key: str, document: Document) -> None:
        self.kept.put(b"d" + key.encode(), pickle.dumps(document,
                                                        protocol=pickle.HIGHEST_PROTOCOL))

    def recall(self, root: Path, relative: str, how: str
               ) -> tuple[Document | None, Status | None]:
        """The document of a file whose status is as when it was last read (None: read
        it), and its status now (None: not to be indexed), for `note`."""
        status = self.status(root, relative)
        if status is None:
            return None, None
        name = _index_name(relative, how)
        known = self.kept.get(name)
        if known is None:
            return None, status
        if not (isinstance(known, tuple) and len(known) == 2 and known[0] == status
                and isinstance(known[1], str)):
            self.kept.forget(name)  # changed since, or not what this code keeps
            return None, status
        document = self.get(known[1])
        if document is None or document.path != relative:
            self.kept.forget(name)
            return None, status
        self.used.add(known[1])
        self.read_as[relative] = (document, known[1])
        return document, status

    def status(self, root: Path, relative: str) -> Status | None:
        """The status of an ordinary file (not a link) within its size limit, in a folder
        inside the project; None for anything else (read the careful way)."""
        path = os.path.join(root, relative)
        status = plain_status(path, relative)
        if status is None or not self._inside(root, os.path.dirname(path)):
            return None
        return status

    def _inside(self, root: Path, folder: str) -> bool:
        """Whether a folder, with every link on its way followed, is inside the project
        (asked once a build per folder)."""
        inside = self._folders.get(folder)
        if inside is None:
            try:
                inside = resolved_inside(os.path.realpath(root), os.path.realpath(folder))
            except (ValueError, OSError):
                inside = False
            self._folders[folder] = inside
        return inside

    def note(self, relative: str, how: str, status: Status | None, key: str,
             document: Document, before_ns: int) -> None:
        """Note that the file was read under `key` while its status was `status` (taken
        before it was read, at or after `before_ns`): indexed unless it changed too
        recently to tell a change by its status."""
        self.read_as[relative] = (document, key)
        if status is not None and max(status[1], status[2]) < before_ns - RACY_NS:
            self.kept.put(_index_name(relative, how), (status, key))

    def save(self) -> None:
        """Keep this build's documents and index for the next one (when they changed), and
        delete what the cache held before documents were kept in one entry (a folder of
        entries per first two letters of their keys)."""
        if self.unread:
            self.kept.keep_unused()
        if not self.kept.save():
            return
        for old in self.folder.glob("??"):
            if old.is_dir() and not old.is_symlink():
                remove_tree(old)


def _index_name(relative: str, how: str) -> bytes:
    return b"s" + f"{relative}\0{how}".encode("utf-8", "surrogateescape")
