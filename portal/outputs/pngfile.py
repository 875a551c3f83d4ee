"""A PNG file of a palette image of at most 16 colours, written without Pillow's encoder.

Pillow chooses a filter for every row of a PNG by trying all five, which takes most of
the time of drawing a share image, and for the share images (text on one colour of
paper) the rows left unfiltered compress smaller still. So the rows are packed four
bits a pixel, each with the filter "none", and deflated by zlib; a prefix of rows that
many images share (the paper, the bar and the site's name above the text) can be
deflated once (`Deflated`) and carried on from for each image."""

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

    def finish(self, data: bytes) -> bytes:
        """The whole compressed stream of `data`, which must begin with the prefix."""
        if not data.startswith(self.prefix):
            raise ValueError("the image does not begin with the rows it was started with")
        stream = self._start.copy()
        return self._head + stream.compress(data[len(self.prefix):]) + stream.flush()


def png(image: Image.Image, palette: list[int], stream: Deflated) -> bytes:
    """`image` (mode "P", indexes below 16) as a PNG file of four bits a pixel with the
    colours `palette` (r, g, b, r, g, b, …), its rows deflated by `stream`."""
    header = struct.pack(">IIBBBBB", image.width, image.height, 4, 3, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", stream.finish(rows(image))), _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data))
