"""The offline copy: every page and file in one zip, with links that open from disk.

The zip is written by hand (the format is small) so that each entry is compressed once and
kept: a live preview that changes three pages recompresses three pages, not ten thousand.
The same input always gives the same bytes."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..store.cachefile import CacheFolder
from .zipfacts import Fact, Previous, ZipFacts, hashed
from .zipformat import Hashing, end_records, headers

OFFLINE_ZIP = "download/portal-offline.zip"
Reader = Callable[[str], bytes]
"""A file of the site by its path, read again from where it was written."""

LINK = re.compile(rb'(href|src)="([^"]*)"')
OFFLINE_LINK = re.compile(rb'\s*<p class="offline-link">.*?</p>', re.S)



def portable_links(html: bytes) -> bytes:
    """Point relative links to folders at their index.html, so pages open from disk, and
    drop the link to the offline copy from the offline copy itself."""
    def fix(match: re.Match) -> bytes:
        value = match[2]
        path, hash_, fragment = value.partition(b"#")
        if not path or b":" in path or path.startswith(b"/") or not path.endswith(b"/"):
            return match[0]
        return match[1] + b'="' + path + b"index.html" + hash_ + fragment + b'"'

    return LINK.sub(fix, OFFLINE_LINK.sub(b"", html))


def wanted(path: str) -> bool:
    """Files a reader needs offline: not those only a web server or a social network uses."""
    return not (path.endswith("404.html") or path == "_headers"
                or path.endswith("/share.png") or path == OFFLINE_ZIP)


WRITE_BUFFER = 1 << 20
"""Bytes buffered when the archive is written: 30,000 small entries written through the
default 8 KB buffer took twice as long."""


class OfflineZip:
    """Entries added in any order, written sorted by path; each compressed once per content
    (and, given a `cache` folder, kept there compressed for the next build)."""

    def __init__(self, cache: Path | None = None, keep: bool = False,
                 previous: Path | None = None) -> None:
        self._entries: dict[str, tuple[bytes, int, int, int, bytes | None]] = {}
        self.cache = cache
        self.keep = keep
        self.changed = False
        """Whether an entry was added, replaced or removed since this was last cleared."""
        """Hold every compressed entry in memory (the live preview writes the archive
        again after each edit: reading 30,000 entries back from the cache took seconds)."""
        self._folder = CacheFolder(cache) if cache is not None else None
        self.used: set[str] = set()
        self._heads: dict[str, tuple[bytes, bytes, bytes]] = {}
        """Per path, the packed local header with the name, and the central directory
        record before and after its offset (the preview writes the archive often)."""
        self._order: list[str] | None = None
        self.layout: dict[str, tuple[bytes, int, int, bytes]] = {}
        """Where each entry lies in the archive last written, when kept (`keep`): by path,
        (key, offset, length, its central directory record). With `data_end` (where the
        central directory starts) and `dead` (bytes of entries replaced since), what
        `append` needs."""
        self.data_end = 0
        self.dead = 0
        self.fresh: set[str] = set()
        """The paths added or replaced since the archive was last written or appended to
        (their entries are what the next write adds: `fresh_entries`)."""
        self.on_disk: tuple[int, ...] | None = None
        """The file last written whole or appended to (its device, inode, size and time),
        as the live preview records it: another file there is written whole."""
        self.facts = ZipFacts(cache)
        """What is known of each compressed entry since the last build (zipfacts.py)."""
        self.previous = previous
        """The archive published before, whose unchanged entries `write` copies."""
        self.offsets: dict[bytes, int] = {}
        """Where each entry's compressed bytes start in the archive last written."""

    def add(self, path: str, content: bytes | Callable[[], bytes],
            digest: bytes | None = None) -> None:
        """Add or replace one file of the site (pages get links that work from disk);
        `digest`, the content's blake2b-16 hash, if already known. `content`: the bytes,
        or a function that reads them, called only when the entry for `digest` is
        neither in the archive already nor compressed in the cache."""
        if not wanted(path):
            return
        page = path.endswith(".html")
        if digest is None:
            content = content() if callable(content) else content
            digest = hashlib.blake2b(content, digest_size=16).digest()
        key = digest + (b"p" if page else b"f")
        known = self._entries.get(path)
        if known is not None and known[0] == key:
            return
        if known is None:
            self._order = None
        self._entries[path] = (key, *self._packed(key, content, page))
        self._heads.pop(path, None)
        self.fresh.add(path)
        self.changed = True

    def _packed(self, key: bytes, content: bytes | Callable[[], bytes],
                page: bool) -> tuple[int, int, int, bytes | None]:
        """(crc, size, compressed size, compressed data or None when it lies in the cache
        or in the archive published before). An entry in the cache is checked in full when
        the archive is written; one in the archive, by its hash (zipfacts.Previous)."""
        fact = self.facts.get(key) if self.cache is not None else None
        if fact is not None:
            self.used.add(key.hex())  # as `_file` notes it, without making its path
            return fact.crc, fact.size, fact.packed_size, None
        file = self._file(key)
        if file is not None:
            head = self._folder.peek(file, 12)
            if head is not None:
                crc, size = struct.unpack("<IQ", head[0])
                return crc, size, head[1] - 12, None
        crc, size, packed, unpacked = _compress(content() if callable(content) else content,
                                                page)
        self.facts.put(key, Fact(crc, size, len(packed), hashed(packed), unpacked))
        if file is None or not self._folder.write(file, struct.pack("<IQ", crc, size) + packed):
            return crc, size, len(packed), packed
        return crc, size, len(packed), packed if self.keep else None

    def _file(self, key: bytes) -> Path | None:
        if self.cache is None:
            return None
        name = key.hex()
        self.used.add(name)
        return self.cache / name[:2] / name

    def remove(self, path: str) -> None:
        if self._entries.pop(path, None) is not None:
            self._heads.pop(path, None)
            self.fresh.discard(path)
            self._order = None
            self.changed = True

    def write_file(self, target: Path, reader: Reader | None = None) -> bytes:
        """Stream the archive to a file, never holding it whole; return its hash (the
        same as hashing its bytes with blake2b, 16 bytes). `reader(path)` gives a file of
        the site again, should its compressed entry have gone from the cache since."""
        hashed = hashlib.blake2b(digest_size=16)
        with open(target, "wb", buffering=WRITE_BUFFER) as handle:
            self.write(Hashing(handle, hashed), reader)
        return hashed.digest()

    def _kept(self, path: str, key: bytes,
              reader: Reader | None) -> tuple[int, int, int, bytes]:
        """An entry from the cache, checked; or, if it is damaged or gone (another build
        pruned it, .cache/ was deleted), compressed again from the site's file. Its facts
        are set to what it is."""
        crc, size, packed_size, packed = self._cached(path, key, reader)
        fact = self.facts.get(key)
        digest = hashed(packed)
        if fact is None or (fact.crc, fact.size, fact.packed_size, fact.packed) != \
                (crc, size, packed_size, digest):
            self.facts.put(key, Fact(crc, size, packed_size, digest))
        return crc, size, packed_size, packed

    def _cached(self, path: str, key: bytes,
                reader: Reader | None) -> tuple[int, int, int, bytes]:
        file = self._file(key)
        payload = self._folder.read(file) if self._folder is not None else None
        if payload is not None and len(payload) >= 12:
            crc, size = struct.unpack("<IQ", payload[:12])
            return crc, size, len(payload) - 12, payload[12:]
        if reader is None:
            raise OSError(f"{file} went missing during the build (was .cache/ removed?): "
                          "build again")
        content = reader(path)
        if hashlib.blake2b(content, digest_size=16).digest() != key[:-1]:
            raise OSError(f"{path} changed during the build: build again")
        crc, size, packed, _ = _compress(content, key.endswith(b"p"))
        self._folder.write(file, struct.pack("<IQ", crc, size) + packed)
        return crc, size, len(packed), packed

    def write(self, out: BinaryIO, reader: Reader | None = None) -> None:
        """The archive: a local header and data per file, then the central directory.
        Compressed data not in memory is copied from the archive published before when
        it is unchanged there, else read from the cache; either way one entry at a time,
        and checked. Give `out` a large buffer (WRITE_BUFFER): the entries are small and
        many."""
        previous = Previous(self.previous, self.facts)
        try:
            self._write(out, reader, previous)
        finally:
            previous.close()

    def _write(self, out: BinaryIO, reader: Reader | None, previous: Previous) -> None:
        if self._order is None:
            self._order = sorted(self._entries)
        directory, offset, layout, offsets = [], 0, {}, {}
        for path in self._order:
            key, crc, size, packed_size, packed = self._entries[path]
            if packed is None:
                packed = previous.packed(key)
                if packed is None:
                    crc, size, packed_size, packed = self._kept(path, key, reader)
                if self.keep:
                    self._entries[path] = (key, crc, size, packed_size, packed)
            if offset > 0xFFFFFFFF or size > 0xFFFFFFFF:
                raise ValueError("the offline copy would be over 4 GB: turn it off in "
                                 "data/site.yaml (offline_copy: false)")
            head = self._heads.get(path) or self._head(path, crc, size, packed_size)
            record = head[1] + struct.pack("<I", offset) + head[2]
            directory.append(record)
            out.write(head[0])
            out.write(packed)
            offsets[key] = offset + len(head[0])
            length = len(head[0]) + packed_size
            if self.keep:
                layout[path] = (key, offset, length, record)
            offset += length
        central = b"".join(directory)
        out.write(central + end_records(len(self._order), len(central), offset))
        self.layout, self.data_end, self.dead = layout, offset, 0
        self.fresh, self.offsets = set(), offsets

    def save_facts(self, published: Path) -> None:
        """Keep the facts of this archive's entries, as last written and now published at
        `published`, for the next build (zipfacts.py)."""
        self.facts.save({entry[0] for entry in self._entries.values()}, published,
                        self.offsets)

    def worth_appending(self) -> bool:
        """Whether `append` may bring the archive last written up to date: its layout is
        known and less than a quarter of it would be replaced entries."""
        return bool(self.layout) and self.dead * 4 < self.data_end

    def append(self, handle: BinaryIO) -> None:
        """Bring the archive last written (`handle`: that file, opened "r+b") up to date in
        place: the entries that changed are written after the others, over the old central
        directory, then a new central directory. A few kilobytes an edit instead of the
        whole archive (100 MB at 5,000 people); the entries replaced stay inside as dead
        bytes until the archive is next written whole (`worth_appending`). Between the
        first byte and the last the file is not a valid archive: only the live preview
        uses this, and a full build always writes the archive whole."""
        if self._order is None:
            self._order = sorted(self._entries)
        layout, offset, dead = dict(self.layout), self.data_end, self.dead
        for path in set(layout) - set(self._entries):
            dead += layout.pop(path)[2]
        handle.seek(offset)
        directory = []
        for path in self._order:
            key, crc, size, packed_size, packed = self._entries[path]
            known = layout.get(path)
            if known is None or known[0] != key:
                if packed is None:
                    crc, size, packed_size, packed = self._kept(path, key, None)
                    self._entries[path] = (key, crc, size, packed_size, packed)
                if offset > 0xFFFFFFFF:
                    raise ValueError("the offline copy would be over 4 GB")
                head = self._heads.get(path) or self._head(path, crc, size, packed_size)
                handle.write(head[0])
                handle.write(packed)
                dead += known[2] if known is not None else 0
                known = layout[path] = (key, offset, len(head[0]) + packed_size,
                                        head[1] + struct.pack("<I", offset) + head[2])
                offset += known[2]
            directory.append(known[3])
        central = b"".join(directory)
        handle.write(central + end_records(len(self._order), len(central), offset))
        handle.truncate()
        self.layout, self.data_end, self.dead = layout, offset, dead
        self.fresh = set()

    def fresh_entries(self) -> bytes:
        """The local entries (header and compressed data) of the paths added or replaced
        since the last write, as the next write puts them in the file: what the live
        preview's leak guard reads before the archive is written."""
        parts = []
        for path in sorted(self.fresh):
            key, crc, size, packed_size, packed = self._entries[path]
            if packed is None:
                crc, size, packed_size, packed = self._kept(path, key, None)
                if self.keep:
                    self._entries[path] = (key, crc, size, packed_size, packed)
            head = self._heads.get(path) or self._head(path, crc, size, packed_size)
            parts += (head[0], packed)
        return b"".join(parts)

    def _head(self, path: str, crc: int, size: int, packed_size: int
              ) -> tuple[bytes, bytes, bytes]:
        """(local header with the name, central record up to its offset, the name)."""
        head = headers(f"portal/{path}", crc, size, packed_size)
        if self.keep:
            self._heads[path] = head
        return head


def _compress(content: bytes, page: bool) -> tuple[int, int, bytes, bytes]:
    """(crc, size, raw deflate data, hash) of a file as the offline copy holds it."""
    data = portable_links(content) if page else content
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), packer.compress(data) + packer.flush(), hashed(data)
