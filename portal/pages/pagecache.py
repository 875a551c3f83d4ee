"""Rendered pages kept on disk between builds, so a build where little changed renders
little.

A page's key is a hash of everything it is made from: the page (kind, language, address,
template), the content of each of its source files (`PagePlan.inputs`), the content of its
template and every template that one uses, the files every page shows (site settings,
strings, sources, menu pages, assets, photos: the same set that makes the live preview
rebuild everything), the build date and address, the generator's own code and the versions
of the libraries that render. The same inputs the live preview relies on, which its tests
compare byte for byte with full builds."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from ..content.snapshot import SOURCES
from ..limits import file_size_limit
from ..store.cachefile import CacheFolder
from ..store.files import RACY_NS, plain_status, resolved_inside
from ..store.version import code_version
from .pageplan import PagePlan


class PageCache:
    """Pages by key under `folder`; `files` are the source files by path (relative to
    the project) with the hash of their content."""

    def __init__(self, folder: Path, files: dict[str, bytes], closure: dict[str, frozenset],
                 shared: list[str], setting: str) -> None:
        self.folder = folder
        self.entries = CacheFolder(folder)
        self.files = files
        self.closure = closure
        base = hashlib.blake2b(digest_size=16)
        base.update(code_version() + setting.encode())
        for path in sorted(shared):
            base.update(path.encode() + b"\0" + files.get(path, b"-"))
        self.base = base.digest()
        self.used: set[str] = set()

    def key(self, plan: PagePlan) -> str:
        """The page's key (noted as used by this build)."""
        digest = hashlib.blake2b(self.base, digest_size=20)
        digest.update(f"{plan.kind}\0{plan.lang}\0{plan.path}\0{plan.template}\0"
                      f"{plan.shape}\0".encode())
        for path in (*plan.inputs, "", *sorted(self.closure.get(plan.template,
                                                               (f"templates/{plan.template}",)))):
            digest.update(path.encode() + b"\0" + self.files.get(path, b"-"))
        key = digest.hexdigest()
        self.used.add(key)
        return key

    def site_key(self, unread: tuple[str, ...] = ()) -> str:
        """A key for what is made from the whole site (feeds, open data, the search
        index): every source file counts, but those under the folders `unread` (what
        none of the files is made from)."""
        digest = hashlib.blake2b(self.base, digest_size=20)
        digest.update("\0".join(unread).encode() + b"\1")
        for path in sorted(self.files):
            if not path.startswith(unread):
                digest.update(path.encode() + b"\0" + self.files[path])
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def put(self, key: str, content: bytes) -> None:
        self.entries.put(key, content)


_HASHED: dict[str, tuple[tuple[int, ...], int, bytes]] = {}
"""Each source file hashed by this process: its status then, when, and the hash."""


def hashed_files(root: Path, folders: tuple[str, ...] = SOURCES) -> dict[str, bytes]:
    """Every source file under `root`, by relative path, with the hash of its content (a
    file that is not an ordinary file inside the project, or is over its size limit, by
    what it is: reading it is refused elsewhere, and it must never make this wait).

    A file this process hashed before is read again only if its status (size, times,
    inode) changed since, or it changed within RACY_NS of being hashed: a build hashes
    its sources twice (has anything changed, and the page keys) but reads them once."""
    found = {}
    base = os.path.realpath(root)
    for folder in folders:
        top = os.path.join(root, folder)
        # os.walk enters no linked folder: below a folder inside the project, a file that
        # is no link is inside too, and needs no resolving of its own
        inside = resolved_inside(base, os.path.realpath(top))
        for directory, subfolders, names in os.walk(top):
            subfolders.sort()
            inner = os.path.relpath(directory, root).replace(os.sep, "/")
            for name in names:
                relative = f"{inner}/{name}"
                path = os.path.join(directory, name)
                found[relative] = _plain_hash(path, relative) if inside else None
                if found[relative] is None:
                    found[relative] = _content_hash(base, path, relative)
    return found


def _plain_hash(path: str, relative: str) -> bytes | None:
    """The hash of an ordinary file within its size limit (None for anything else)."""
    signature = plain_status(path, relative)
    if signature is None:
        return None
    known = _HASHED.get(path)
    if known is not None and known[0] == signature and \
            max(signature[1], signature[2]) < known[1] - RACY_NS:
        return known[2]
    taken = time.time_ns()
    try:
        with open(path, "rb") as handle:
            digest = hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return None
    _HASHED[path] = (signature, taken, digest)
    return digest


def _content_hash(base: str, path: str, relative: str) -> bytes:
    """`base`: the project's folder, resolved."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > file_size_limit(relative) \
                or not resolved_inside(base, os.path.realpath(path)):
            return hashlib.blake2b(repr((status.st_mode, status.st_size, status.st_mtime_ns,
                                         os.path.realpath(path))).encode(),
                                   digest_size=16).digest()
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError as error:
        return hashlib.blake2b(f"unreadable {error.errno}".encode(), digest_size=16).digest()
