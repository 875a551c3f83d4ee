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
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from ..content.snapshot import SOURCES
from ..limits import file_size_limit
from ..store.cachefile import CacheFolder, writes_allowed
from ..store.files import resolved_inside
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

    def site_key(self) -> str:
        """A key for what is made from the whole site (feeds, open data, the search
        index): every source file counts."""
        digest = hashlib.blake2b(self.base, digest_size=20)
        for path in sorted(self.files):
            digest.update(path.encode() + b"\0" + self.files[path])
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def put(self, key: str, content: bytes) -> None:
        self.entries.put(key, content)


MANIFEST = ".files"


def kept_files(folder: Path, key: str,
               make: Callable[[], Iterator[tuple[str, bytes]]]) -> Iterator[tuple[str, bytes]]:
    """The files `make` yields, kept under `folder/key/` and read back from there while
    `key` stays the same (only the newest set is kept). One file at a time either way. A
    kept file that is missing or damaged is a miss: the set is made again (the files
    already given are not given twice)."""
    entries = CacheFolder(folder)
    here = folder / key
    given: set[str] = set()
    manifest = entries.read(here / MANIFEST)
    if manifest is not None:
        for path in manifest.decode("utf-8").splitlines():
            content = entries.read(here / path)
            if content is None:
                break
            given.add(path)
            yield path, content
        else:
            return
    if folder.is_dir() and writes_allowed():
        shutil.rmtree(folder, ignore_errors=True)
    written = []
    for path, content in make():
        entries.write(here / path, content)
        written.append(path)
        if path not in given:
            yield path, content
    entries.write(here / MANIFEST, ("\n".join(written) + "\n").encode("utf-8"))


def hashed_files(root: Path, folders: tuple[str, ...] = SOURCES) -> dict[str, bytes]:
    """Every source file under `root`, by relative path, with the hash of its content (a
    file that is not an ordinary file inside the project, or is over its size limit, by
    what it is: reading it is refused elsewhere, and it must never make this wait)."""
    found = {}
    base = os.path.realpath(root)
    for folder in folders:
        top = os.path.join(root, folder)
        for directory, subfolders, names in os.walk(top):
            subfolders.sort()
            inner = os.path.relpath(directory, root).replace(os.sep, "/")
            for name in names:
                relative = f"{inner}/{name}"
                found[relative] = _content_hash(base, os.path.join(directory, name),
                                                relative)
    return found


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
