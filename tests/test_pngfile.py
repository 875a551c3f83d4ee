"""The PNG writer of the share images: what it writes is what Pillow reads back, pixel
for pixel, whatever rows were deflated ahead."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from portal.outputs import pngfile

PALETTE = [v for i in range(14) for v in (i * 18, 255 - i * 18, (i * 40) % 256)]


def indexed(width: int, height: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("P", (width, height), 0)
    image.putpalette(PALETTE)
    image.putdata([rng.choice((0, 0, 0, rng.randrange(14))) for _ in range(width * height)])
    return image


@pytest.mark.parametrize("width", [1, 2, 7, 64, 301])
def test_a_written_png_reads_back_as_the_same_pixels_and_colours(width):
    image = indexed(width, 23, width)
    data = pngfile.png(image, PALETTE, pngfile.Deflated(6))
    read = Image.open(io.BytesIO(data))
    assert (read.mode, read.size) == ("P", image.size)
    assert read.tobytes() == image.tobytes()
    assert read.getpalette()[:len(PALETTE)] == PALETTE


def test_rows_deflated_ahead_give_the_same_image_and_a_wrong_start_is_refused():
    image = indexed(40, 30, 1)
    top = pngfile.rows(image)[:10 * 21]  # the first ten rows: a filter byte and 20 bytes each
    started = pngfile.Deflated(6, top)
    for _ in range(2):  # each image carries on from a copy: the start is left as it was
        read = Image.open(io.BytesIO(pngfile.png(image, PALETTE, started)))
        assert read.tobytes() == image.tobytes()
    with pytest.raises(ValueError):
        pngfile.png(indexed(40, 30, 2), PALETTE, started)


def test_rows_deflated_ahead_and_behind_join_into_the_same_image():
    """The rows above and below are deflated once (Deflated, Ending) and only the middle
    for each image: Pillow reads the joined stream back as the whole image."""
    image = indexed(40, 30, 3)
    image.paste(0, (0, 20, 40, 30))  # the last ten rows: paper, as below a card's text
    data = pngfile.rows(image)
    row = 21
    top, middle, below = data[:8 * row], data[8 * row:21 * row], data[21 * row:]
    ending = pngfile.Ending(9, middle[-row:], below)
    deflated = pngfile.Deflated(6, top).joined(middle, ending)
    read = Image.open(io.BytesIO(pngfile.png_file(40, 30, PALETTE, deflated)))
    assert read.tobytes() == image.tobytes()
    nothing_below = pngfile.Deflated(6, top).joined(middle + below, pngfile.Ending(9, b"", b""))
    read = Image.open(io.BytesIO(pngfile.png_file(40, 30, PALETTE, nothing_below)))
    assert read.tobytes() == image.tobytes()


@pytest.mark.parametrize("sizes", [(0, 0), (0, 5), (7, 0), (1, 1), (300, 70_000),
                                   (5_552, 5_553), (100_000, 65_521)])
def test_the_checksum_of_two_pieces_joined_is_zlibs(sizes):
    import zlib

    rng = random.Random(sum(sizes))
    first, second = (bytes(rng.choice((0, 255, rng.randrange(256))) for _ in range(n))
                     for n in sizes)
    assert pngfile.adler32_combine(zlib.adler32(first), zlib.adler32(second),
                                   len(second)) == zlib.adler32(first + second)
