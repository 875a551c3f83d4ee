"""What the offline copy knows of each compressed entry between builds, so that an edit
pays only for the entries it changes.

Per entry key (the content's hash and its kind, offline.OfflineZip), the facts of its
compressed form: checksum, size, compressed size, the hash of the compressed bytes, the
hash of the bytes they unpack to (unknown until seen), and where those compressed bytes
lay in the archive last written (and published: `archive`). With them a build

- copies an unchanged entry's compressed bytes straight from the published archive,
  once their hash is the one recorded (a file changed by hand, or another archive in its
  place, fails that test: the entry is then taken from the cache, or compressed anew);
- lets the leak guard skip unpacking an entry of the archive it has just written whose
  compressed bytes hash to those of an entry known to unpack to a text it found clean
  (leaks.OutputGuard.check_zip), the rest being unpacked and read as before.

The facts are one sealed cache entry (store/cachefile.py): forged or damaged, they are no
facts, and every entry is read and unpacked as if there were none."""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from ..store.cachefile import CacheFolder

RECORD = struct.Struct("<17sIQQ16s16sq")
"""Key, crc, size, compressed size, compressed bytes' hash, content's hash, offset."""
UNKNOWN = bytes(16)
"""The content's hash, not yet known."""
NAME = "facts"
"""The entry's name in the archive's cache folder (beside the entries' subfolders, so
never pruned as an unused entry)."""


@dataclass(slots=True)
class Fact:
    """One compressed entry: as the archive's local header gives it (crc, size, packed
    size), the blake2b-16 hashes of its compressed bytes (`packed`) and of the bytes they
    unpack to (`content`, UNKNOWN until known), and where its compressed bytes start in
    the archive last written (-1: in none)."""

    crc: int
    size: int
    packed_size: int
    packed: bytes
    content: bytes = UNKNOWN
    offset: int = -1


def hashed(data: bytes | memoryview) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class ZipFacts:
    """The facts of every entry of the archive last written, by entry key, and the path
    of that archive as published."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = CacheFolder(folder) if folder is not None else None
        self.archive = ""
        self.facts: dict[bytes, Fact] = {}
        if self.folder is None:
            return
        payload = self.folder.read(self.folder.folder / NAME)
        if payload is None or b"\0" not in payload:
            return
        archive, records = payload.split(b"\0", 1)
        if len(records) % RECORD.size:
            return
        self.archive = os.fsdecode(archive)
        for key, crc, size, packed_size, packed, content, offset \
                in RECORD.iter_unpack(records):
            self.facts[key] = Fact(crc, size, packed_size, packed, content, offset)

    def get(self, key: bytes) -> Fact | None:
        return self.facts.get(key)

    def put(self, key: bytes, fact: Fact) -> None:
        self.facts[key] = fact

    def unpacked(self) -> dict[bytes, tuple[bytes, int, int]]:
        """Compressed bytes' hash → (content's hash, crc, size), for every entry whose
        content is known: what the leak guard is told (and adds to as it unpacks)."""
        return {fact.packed: (fact.content, fact.crc, fact.size)
                for fact in self.facts.values() if fact.content != UNKNOWN}

    def learn(self, unpacked: dict[bytes, tuple[bytes, int, int]]) -> None:
        """Take the contents the leak guard found by unpacking entries."""
        for fact in self.facts.values():
            found = unpacked.get(fact.packed)
            if found is not None and found[1:] == (fact.crc, fact.size):
                fact.content = found[0]

    def save(self, keys: set[bytes], archive: Path, offsets: dict[bytes, int]) -> None:
        """Keep the facts of `keys` (the entries of the archive just published at
        `archive`, each compressed at its offset there) for the next build."""
        if self.folder is None:
            return
        records = []
        for key in sorted(keys):
            fact = self.facts.get(key)
            if fact is not None:
                records.append(RECORD.pack(key, fact.crc, fact.size, fact.packed_size,
                                           fact.packed, fact.content,
                                           offsets.get(key, -1)))
        self.folder.write(self.folder.folder / NAME,
                          os.fsencode(os.path.abspath(archive)) + b"\0" + b"".join(records))


class Previous:
    """The archive published before (opened for reading, or absent), from which an
    entry's compressed bytes are copied once they hash to what its facts say."""

    def __init__(self, path: Path | None, facts: ZipFacts) -> None:
        self.fd: int | None = None
        self.facts = facts
        if path is None or facts.archive != os.path.abspath(path):
            return
        try:
            self.fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            self.fd = None

    def packed(self, key: bytes) -> bytes | None:
        """The compressed bytes of entry `key` as they lie in the previous archive, if
        they are those its facts record; else None."""
        fact = self.facts.get(key)
        if self.fd is None or fact is None or fact.offset < 0:
            return None
        try:
            data = os.pread(self.fd, fact.packed_size, fact.offset)
        except OSError:
            return None
        if len(data) != fact.packed_size or hashed(data) != fact.packed:
            return None
        return data

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
