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
