"""A PNG file of a palette image of at most 16 colours, written without Pillow's encoder.

Pillow chooses a filter for every row of a PNG by trying all five, which takes most of
the time of drawing a share image, and for the share images (text on one colour of
paper) the rows left unfiltered compress smaller still. So the rows are packed four
bits a pixel, each with the filter "none", and deflated by zlib; a prefix of rows that
many images share (the paper, the bar and the site's name above the text) can be
deflated once (`Deflated`) and carried on from for each image, and rows that end many
images (the paper below the text) deflated once too (`Ending`) and joined on after the
image's own rows: only the rows that differ are deflated for each image."""

from __future__ import annotations

import struct
import zlib

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEMORY = 8
"""zlib's memory level: as small as its default and a little quicker than the most."""


def rows(image: Image.Image) -> bytes:
    """The image's rows as PNG stores them: each a filter byte (0, none), then its pixels'
    palette indexes, two a byte (the first in the high four bits). The filter byte is
    two pixels of index 0 added at the left of each row, so Pillow packs it too."""
    return image.crop((-2, 0, image.width, image.height)).tobytes("raw", "P;4")


class Deflated:
    """A zlib stream at `level` that has taken the first rows of every image it will end
    (`prefix`, as `rows` gives them): each `finish` goes on from a copy of it."""

    def __init__(self, level: int, prefix: bytes = b""):
        self.prefix = prefix
        self._start = zlib.compressobj(level, zlib.DEFLATED, 15, MEMORY)
        self._head = self._start.compress(prefix)
        self._adler = zlib.adler32(prefix)

    def joined(self, middle: bytes, ending: Ending) -> bytes:
        """The whole compressed stream of the prefix, `middle` and the ending's rows:
        `middle` deflated on from a copy of the prefix and flushed to a byte, then the
        ending's own deflated rows, then the checksum of all three."""
        stream = self._start.copy()
        body = stream.compress(middle) + stream.flush(zlib.Z_SYNC_FLUSH)
        checksum = adler32_combine(zlib.adler32(middle, self._adler), ending.adler,
                                   len(ending.rows))
        return self._head + body + ending.deflated + struct.pack(">I", checksum)

    def finish(self, data: bytes) -> bytes:
        """The whole compressed stream of `data`, which must begin with the prefix."""
        if not data.startswith(self.prefix):
            raise ValueError("the image does not begin with the rows it was started with")
        stream = self._start.copy()
        return self._head + stream.compress(data[len(self.prefix):]) + stream.flush()


class Ending:
    """The last rows of many images (`rows`), deflated once at `level` as they follow
    `before` (the row above them, the same in every image that ends so): the deflated
    rows refer back to nothing earlier, so they can end any stream whose data ends with
    `before` (Deflated.joined)."""

    def __init__(self, level: int, before: bytes, rows: bytes) -> None:
        self.rows = rows
        stream = zlib.compressobj(level, zlib.DEFLATED, -15, MEMORY,
                                  **({"zdict": before} if before else {}))
        self.deflated = stream.compress(rows) + stream.flush()
        self.adler = zlib.adler32(rows)


def adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 checksum of two pieces of data joined, from each one's checksum and the
    second's length (zlib's adler32_combine, which Python does not offer)."""
    base = 65521
    rest = length % base
    low = ((first & 0xFFFF) + (second & 0xFFFF) + base - 1) % base
    high = ((rest * (first & 0xFFFF)) + (first >> 16) + (second >> 16) + base - rest) % base
    return low | (high << 16)


def png(image: Image.Image, palette: list[int], stream: Deflated) -> bytes:
    """`image` (mode "P", indexes below 16) as a PNG file of four bits a pixel with the
    colours `palette` (r, g, b, r, g, b, …), its rows deflated by `stream`."""
    return png_file(image.width, image.height, palette, stream.finish(rows(image)))


def png_file(width: int, height: int, palette: list[int], deflated: bytes) -> bytes:
    """A PNG file of four bits a pixel with the colours `palette`, its rows (as `rows`
    gives them) already deflated into a zlib stream."""
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", deflated), _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data))
