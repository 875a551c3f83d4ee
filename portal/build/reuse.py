"""What of the current site a build can keep: a file whose inputs (its cache key) or
content (its hash) are what the last build's manifest recorded, and which is still on disk
as that build left it, reaches the new site as a hard link (store/write.Linked) instead of
being read from a cache and written again. A file changed by hand in the site folder no
longer matches its record, and is made anew. The site before the current one, kept as
the spare (store/spare.py), is where the new site is made when the manifest vouches
for it."""

from __future__ import annotations

import os
from pathlib import Path

from ..store.spare import SpareUse, found_spare
from ..store.write import Content, Linked
from .manifest import (
    BuildResult,
    Manifest,
    Record,
    Spare,
    Stat,
    file_status,
    found_files,
    found_folders,
)


class Reuse:
    """The files of `out` the manifest of its last build vouches for (`previous`, None
    when there is none), and what this build makes: the key and hash of each file."""

    def __init__(self, out: Path, previous: Manifest | None) -> None:
        self.out = Path(os.path.abspath(out))
        self.last = previous
        self.previous = previous.files if previous is not None else {}
        self.keys: dict[str, str] = {}
        self.digests: dict[str, bytes] = {}
        self.written: list[str] = []
        """Every file of the new site, in the order written."""
        self.found: dict[str, Stat] = {}
        """Each file linked from the current site, as found on disk before it was linked
        (a second name for a file has its size, time, inode and permissions)."""
        self.copied: set[str] = set()
        """The files to be linked that were copied instead (store/write.write_site)."""
        self.linked = 0
        self.spare = SpareUse()
        """Where the new site is made (the spare, if the manifest vouches for it), and
        whether the replaced one was kept as the next spare (store/write.write_site)."""
        record = previous.spare if previous is not None else None
        if record is not None:
            self.spare.base = found_spare(self.out, record.folders,
                                          set(self.previous) | record.only)

    def page(self, path: str, key: str) -> Linked | None:
        """The current file at `path` if it was made under the same key."""
        self.keys[path] = key
        record = self.previous.get(path)
        if record is None or record.key != key:
            return None
        return self._kept(path, record)

    def group(self, key: str) -> list[tuple[str, Linked]] | None:
        """Every current file made under `key` (what is made from the whole site), if
        each is still as the last build left it; else None (the set is made anew)."""
        found = []
        for path, record in self.previous.items():
            if record.key != key:
                continue
            linked = self._kept(path, record)
            if linked is None:
                return None
            found.append((path, linked))
        if not found:
            return None
        for path, _ in found:
            self.keys[path] = key
        return found

    def wrote(self, path: str, content: Content) -> None:
        """`path` is a file of the new site, made of `content`."""
        self.written.append(path)
        if isinstance(content, Linked) and content.found is not None:
            self.found[path] = content.found

    def note(self, path: str, key: str) -> None:
        """`path` is made under `key` (to be recorded for the next build)."""
        self.keys[path] = key

    def same(self, path: str, digest: bytes) -> Linked | None:
        """The current file at `path` if its content is `digest` (made again, the same)."""
        record = self.previous.get(path)
        if record is None or record.digest != digest:
            return None
        return self._kept(path, record)

    def _kept(self, path: str, record: Record) -> Linked | None:
        source = os.path.join(self.out, path)
        if record.digest is None or file_status(source) != record.found:
            return None
        self.linked += 1
        return Linked(source, record.digest, record.found)

    def manifest(self, inputs: str, result: BuildResult) -> Manifest | None:
        """The manifest of the site just swapped in (its files and folders as found on
        disk now, but a linked file as found before it was linked: should it have been
        changed since, the next build finds it changed), or None if one is gone already."""
        known = {path: self.found[path] for path in self.written
                 if path in self.found and path not in self.copied}
        files = found_files(self.out, [path for path in self.written if path not in known])
        folders = found_folders(self.out, self.written)
        if files is None or folders is None:
            return None
        files.update(known)
        spare = Spare(self.last.folders, frozenset(self.previous.keys() - files.keys())) \
            if self.spare.kept and self.last is not None and self.last.folders else None
        return Manifest(inputs, {path: Record(self.digests.get(path), status,
                                              self.keys.get(path))
                                 for path, status in files.items()}, folders, result, spare)
