"""The bytes of the zip format the offline copy writes (offline.py): each entry's local
header and central directory record, and the end of the directory."""

from __future__ import annotations

import struct
from typing import BinaryIO

DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: fixed, so the bytes never depend on the day
UNIX_FILE = 0o100644 << 16


def headers(name: str, crc: int, size: int, packed_size: int) -> tuple[bytes, bytes, bytes]:
    """(local header with the name, central record up to its offset, the name) of a
    deflated entry."""
    encoded = name.encode()
    flags = 0 if encoded.isascii() else 0x800
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, 0, DOS_DATE, crc,
                        packed_size, size, len(encoded), 0)
    record = struct.pack("<IHHHHHHIIIHHHHHI", 0x02014B50, (3 << 8) | 20, 20, flags, 8, 0,
                         DOS_DATE, crc, packed_size, size, len(encoded), 0, 0, 0, 0,
                         UNIX_FILE)
    return local + encoded, record, encoded


class Hashing:
    """A file that hashes what is written to it."""

    def __init__(self, handle: BinaryIO, hashed) -> None:
        self.handle, self.hashed = handle, hashed

    def write(self, data: bytes) -> None:
        self.hashed.update(data)
        self.handle.write(data)


def end_records(count: int, size: int, offset: int) -> bytes:
    """The end-of-directory records; Zip64 ones when there are more than 65,534 files."""
    if count < 0xFFFF and offset < 0xFFFFFFFF:
        return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, offset, 0)
    zip64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size,
                        offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, offset + size, 1)
    return zip64 + locator + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF,
                                         0xFFFFFFFF, 0xFFFFFFFF, 0)
