"""Every entry a zip file's bytes hold, read the way the leak guard needs: by walking the
local headers from the first byte, not by trusting the central directory. An archive
appended to in place (the live preview's offline copy) keeps entries its directory no
longer lists; a reader that follows the directory never sees them, but they are in the
file that is published, so the guard reads them too."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

LOCAL = b"PK\x03\x04"
HEADER = struct.Struct("<IHHHHHIIIHH")
CONTROL = re.compile(r"[\x00-\x1f]")
"""A control character: no name of an entry holds one."""
LARGEST = 256 << 20
"""Bytes an entry may unpack to; a larger one is reported, not read (a zip bomb)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One local entry: its name, and its content (None when it cannot be read, with
    `problem` saying why, or when `vouched`)."""

    name: str
    content: bytes | None
    problem: str = ""
    packed: bytes | None = None
    """The blake2b-16 hash of its compressed bytes (when a `vouch` was given)."""
    crc: int = 0
    size: int = 0
    vouched: bool = False
    """Not unpacked: `vouch` knew its compressed bytes (see `local_entries`)."""


Vouch = Callable[[str, bytes, int, int], bool]
"""Whether an entry need not be unpacked, by its name, the hash of its compressed bytes,
and the checksum and size its header gives."""


def local_entries(data: bytes | memoryview, vouch: Vouch | None = None) -> Iterator[Entry]:
    """Every entry whose local header is found in `data`, in file order. The bytes between
    entries are searched for more headers, so that nothing hides in a gap; a header whose
    fields make no sense (four bytes that happen to look like one inside compressed data)
    is not an entry. With `vouch`, each compressed entry's bytes are hashed, and one it
    vouches for is not unpacked (its content None, `vouched`): the caller knows what
    those very bytes unpack to."""
    view = memoryview(data)
    try:
        at = _find(data, 0)
        while at >= 0:
            entry, end = _entry_at(view, at, vouch)
            if entry is None:
                at = _find(data, at + 1)
                continue
            yield entry
            at = _find(data, end)
    finally:
        view.release()  # a memory map cannot close while a view of it is held


def _find(data, start: int) -> int:
    return data.find(LOCAL, start)


def _entry_at(view: memoryview, at: int, vouch: Vouch | None = None
              ) -> tuple[Entry | None, int]:
    if at + HEADER.size > len(view):
        return None, at
    (_, version, flags, method, _, _, crc, packed_size, size, name_length,
     extra_length) = HEADER.unpack_from(view, at)
    start = at + HEADER.size + name_length + extra_length
    later = bool(flags & 0x8)  # sizes and checksum after the data (written as it streamed)
    if version > 63 or name_length == 0 or name_length > 4096 or start > len(view) \
            or (not later and start + packed_size > len(view)):
        return None, at
    try:
        name = bytes(view[at + HEADER.size:at + HEADER.size + name_length]).decode(
            "utf-8" if flags & 0x800 else "cp437")
    except UnicodeDecodeError:
        return None, at
    if CONTROL.search(name):
        return None, at
    if later:
        return _streamed(view, name, method, start)
    packed = view[start:start + packed_size]
    end = start + packed_size
    if method not in (0, 8):
        return Entry(name, None, f"its compression (method {method}) cannot be read"), end
    if size > LARGEST:
        return Entry(name, None, f"it unpacks to {size} bytes, over {LARGEST}"), end
    digest = hashlib.blake2b(packed, digest_size=16).digest() if vouch is not None else None
    if digest is not None and method == 8 and vouch(name, digest, crc, size):
        return Entry(name, None, packed=digest, crc=crc, size=size, vouched=True), end
    if method == 0:
        content = bytes(packed)
    else:
        inflater = zlib.decompressobj(-15)
        try:
            content = inflater.decompress(packed, LARGEST + 1)
        except zlib.error:
            return None, at
        if len(content) > LARGEST:
            return Entry(name, None, f"it unpacks to over {LARGEST} bytes"), end
    if zlib.crc32(content) != crc or len(content) != size:
        return None, at
    return Entry(name, content, packed=digest, crc=crc, size=size), end


def _streamed(view: memoryview, name: str, method: int, start: int) -> tuple[Entry | None, int]:
    """An entry whose sizes follow its data: inflated to the end of its stream (its
    checksum is not known here); stored that way, its end cannot be found."""
    if method != 8:
        return Entry(name, None, "its size is written after it, and it is not compressed, "
                     "so where it ends cannot be told"), start
    inflater = zlib.decompressobj(-15)
    try:
        content = inflater.decompress(view[start:], LARGEST + 1)
    except zlib.error:
        return None, start
    if len(content) > LARGEST:
        return Entry(name, None, f"it unpacks to over {LARGEST} bytes"), start
    if not inflater.eof:
        return None, start
    return Entry(name, content), len(view) - len(inflater.unused_data)
