"""Share images (Open Graph), drawn at build time: the name or title, a status or date, and
the site's name, so shared links look right with no script from a social network. No
photo is ever used. Which images a build links, reads from the cache or draws:
sharefiles.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .pngfile import Deflated, Ending, png, png_file, rows

WIDTH, HEIGHT = 1200, 630
VERSION = "7"
"""Change when the drawing changes, so cached images are redrawn."""
FONTS = Path(__file__).resolve().parent / "fonts"
INK, MUTED, PAPER, ACCENT = (29, 31, 36), (84, 91, 102), (251, 250, 247), (143, 29, 29)
WHITE = (255, 255, 255)
LEVELS = 5
"""Shades of each colour of text, the paper included: the edges of letters (anti-aliasing)
in a palette of 14 colours (paper, four shades of three colours, white), stored with four
bits a pixel: a fifth the size of a full-colour image, about as sharp."""
TEXT = {"ink": INK, "muted": MUTED, "accent": ACCENT}


def _palette() -> tuple[list[int], dict[str, int]]:
    colours, offset = [PAPER], {}
    for role, colour in TEXT.items():
        offset[role] = len(colours) - 1  # shade k of a role is colours[offset + k]; 0: paper
        colours += [tuple(round(p + (c - p) * k / (LEVELS - 1)) for p, c in zip(PAPER, colour,
                                                                              strict=True))
                    for k in range(1, LEVELS)]
    offset["white"] = len(colours) - LEVELS + 1
    colours.append(WHITE)
    return [v for colour in colours for v in colour], offset


PALETTE, OFFSET = _palette()
SHADE = {role: [0 if k == 0 else OFFSET[role] + k
                for k in ((v * (LEVELS - 1) + 127) // 255 for v in range(256))]
         for role in TEXT}
"""Per colour: a letter's coverage (0–255) → its shade in the palette."""
COVERED = [0] + [255] * 255


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


@lru_cache(maxsize=1)
def _measure() -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(Image.new("L", (1, 1)))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """The words of `text` in lines of at most `width` (a word longer than that alone on
    its line), each line as long as it can be."""
    whole = " ".join(text.split())
    if draw.textlength(whole, font=font) <= width:  # (most texts: measured once)
        return [whole] if whole else []
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


@lru_cache(maxsize=256)
def _line(text: str, bold: bool, size: int, role: str) -> tuple[Image.Image, Image.Image]:
    """A line of text in one colour, drawn once however many images show it (a status,
    a date, the site's name): its shades and where it covers the paper."""
    font = _font(bold, size)
    _, _, right, bottom = font.getbbox(text)
    coverage = Image.new("L", (max(right, 1), max(bottom, 1)), 0)
    ImageDraw.Draw(coverage).text((0, 0), text, font=font, fill=255)
    return coverage.point(SHADE[role]), coverage.point(COVERED)


def _put(image: Image.Image, text: str, bold: bool, size: int, at: tuple[int, int],
         role: str) -> None:
    shades, covered = _line(text, bold, size, role)
    image.paste(shades, at, covered)


@lru_cache(maxsize=8)
def _background(site_name: str) -> Image.Image:
    """The paper, the bar and the site's name: the same in every image of a language."""
    image = Image.new("P", (WIDTH, HEIGHT), 0)  # the paper
    image.putpalette(PALETTE)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 36, HEIGHT), fill=OFFSET["white"] + LEVELS - 1)
    pen.rectangle((0, HEIGHT // 3, 36, 2 * HEIGHT // 3), fill=OFFSET["accent"] + LEVELS - 1)
    _put(image, site_name, True, 38, (90, 70), "accent")
    return image


TITLE_SIZES = (76, 64, 54, 46, 40)
SUBTITLE_SIZES = (36, 30, 26)
"""Text that does not fit is drawn smaller, down to the last size; only then is it cut."""
TOP, BOTTOM, TEXT_WIDTH = 180, HEIGHT - 40, WIDTH - 180
GAP = 30
"""Between the title and the subtitle."""
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Layout:
    """The lines of a card and their sizes: the title's, then the subtitle's."""

    title_size: int
    title: tuple[str, ...]
    subtitle_size: int
    subtitle: tuple[str, ...]


def _title_step(size: int) -> int:
    return int(size * 1.2)


def _subtitle_step(size: int) -> int:
    return round(size * 1.28)


def _height(layout: Layout) -> int:
    return (len(layout.title) * _title_step(layout.title_size) + GAP
            + len(layout.subtitle) * _subtitle_step(layout.subtitle_size))


def layout(title: str, subtitle: str) -> Layout:
    """Where the words of a card go: the title as large as it fits in three lines (four
    at the smaller sizes), the subtitle below it; whatever is too long is drawn smaller
    first, and only at the smallest sizes cut at a word with "…", so that a card never
    ends mid-sentence without showing it (a cut "…, not pardons" would reverse a title)."""
    measure = _measure()
    for title_size in TITLE_SIZES:
        title_lines = _wrap(measure, title, _font(True, title_size), TEXT_WIDTH)
        if len(title_lines) > (3 if title_size > 54 else 4):
            continue
        for subtitle_size in SUBTITLE_SIZES:
            found = Layout(title_size, tuple(title_lines), subtitle_size,
                           tuple(_wrap(measure, subtitle, _font(False, subtitle_size),
                                       TEXT_WIDTH)))
            if _height(found) <= BOTTOM - TOP:
                return found
    title_size, subtitle_size = TITLE_SIZES[-1], SUBTITLE_SIZES[-1]
    title_lines = _cut(measure, title, _font(True, title_size), 4)
    room = (BOTTOM - TOP - GAP - len(title_lines) * _title_step(title_size)) \
        // _subtitle_step(subtitle_size)
    return Layout(title_size, title_lines, subtitle_size,
                  _cut(measure, subtitle, _font(False, subtitle_size), max(room, 1)))


def _cut(measure: ImageDraw.ImageDraw, text: str, font, most: int) -> tuple[str, ...]:
    """At most `most` lines of the text; when it is longer, the last ends at a word,
    with "…"."""
    lines = _wrap(measure, text, font, TEXT_WIDTH)
    if len(lines) <= most:
        return tuple(lines)
    words = lines[most - 1].split()
    while len(words) > 1 and measure.textlength(
            " ".join(words) + ELLIPSIS, font=font) > TEXT_WIDTH:
        words.pop()
    return (*lines[:most - 1], " ".join(words) + ELLIPSIS)


def draw(title: str, subtitle: str, site_name: str) -> bytes:
    """A 1200×630 PNG of 14 colours, four bits a pixel. Only the band of rows the text
    covers is drawn and deflated for each card: the rows above it and below it are the
    same in every card of a language (with the text ending at the same row), deflated
    once (_above_text, _below_text)."""
    card = layout(title, subtitle)
    placed, y = [], TOP
    for line in card.title:
        placed.append((line, True, card.title_size, y, "ink"))
        y += _title_step(card.title_size)
    for line in card.subtitle:
        placed.append((line, False, card.subtitle_size, y + GAP, "muted"))
        y += _subtitle_step(card.subtitle_size)
    end = min(HEIGHT, 1 + max((at + _line(text, bold, size, role)[0].height
                               for text, bold, size, at, role in placed), default=TOP))
    # the row below the text: the band ends with it, the rows below it are paper
    band = _background(site_name).crop((0, TOP, WIDTH, end))
    for text, bold, size, at, role in placed:
        _put(band, text, bold, size, (90, at - TOP), role)
    data = png_file(WIDTH, HEIGHT, PALETTE,
                    _above_text(site_name).joined(rows(band), _below_text(site_name, end)))
    if len(data) <= MOST_BYTES:
        return data
    image = _background(site_name).copy()
    image.paste(band, (0, TOP))
    return _png(image)


MOST_BYTES = 15_000
"""The most an image may weigh; the few with the longest texts are compressed harder, the
heaviest of those lose their faintest shade, and the heaviest still their second faintest
too (drawn one shade darker)."""


FAINTEST = [0 if any(i == OFFSET[role] + 1 for role in TEXT) else i for i in range(256)]
"""The faintest shade of each ink turned to paper: a last resort for a card with so much
text (a title in four lines, a long subtitle) that it is still too heavy."""
_SECOND = {OFFSET[role] + 2: OFFSET[role] + 3 for role in TEXT}
FAINTER = [_SECOND.get(i, i) for i in range(256)]
"""After FAINTEST, the second faintest shade of each ink drawn one darker: fewer shades
still, for the heaviest cards of all (three lines of title and two of subtitle)."""


def _png(image: Image.Image) -> bytes:
    """A card too heavy as first deflated (draw) as a PNG of at most MOST_BYTES where it
    can be: deflated harder, then with fewer shades."""
    for shades in (None, FAINTEST, FAINTER):
        if shades is not None:
            image = image.point(shades)
            image.putpalette(PALETTE)
        data = png(image, PALETTE, Deflated(9))
        if len(data) <= MOST_BYTES:
            break
    return data


@lru_cache(maxsize=8)
def _background_rows(site_name: str) -> bytes:
    return rows(_background(site_name))


ROW = WIDTH // 2 + 1
"""Bytes a row takes in the PNG: its filter byte, then two pixels a byte."""


@lru_cache(maxsize=8)
def _above_text(site_name: str) -> Deflated:
    """The rows above the text, the same in every image of a language, deflated once."""
    return Deflated(6, _background_rows(site_name)[:TOP * ROW])


@lru_cache(maxsize=256)
def _below_text(site_name: str, end: int) -> Ending:
    """The paper from row `end` down, after a row of paper: the same in every image of a
    language whose text ends above `end`, deflated once."""
    below = _background_rows(site_name)
    return Ending(9, below[(end - 1) * ROW:end * ROW], below[end * ROW:])
