"""Share images (Open Graph), drawn at build time: the name or title, a status or date, and
the site's name, so shared links look right with no script from a social network. No
photo is ever used. Images are cached on disk by their text, so a rebuild redraws only
what changed."""

from __future__ import annotations

import hashlib
import io
import multiprocessing as mp
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .cachefile import CacheFolder

WIDTH, HEIGHT = 1200, 630
VERSION = "1"
"""Change when the drawing changes, so cached images are redrawn."""
FONTS = Path(__file__).resolve().parent / "fonts"
INK, MUTED, PAPER, ACCENT = (29, 31, 36), (84, 91, 102), (251, 250, 247), (143, 29, 29)


@lru_cache(maxsize=16)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def draw(title: str, subtitle: str, site_name: str) -> bytes:
    """A 1200×630 PNG."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 36, HEIGHT), fill=(255, 255, 255))
    pen.rectangle((0, HEIGHT // 3, 36, 2 * HEIGHT // 3), fill=ACCENT)
    pen.text((90, 70), site_name, font=_font(True, 38), fill=ACCENT)
    for size in (76, 64, 54, 46):
        font = _font(True, size)
        lines = _wrap(pen, title, font, WIDTH - 180)
        if len(lines) <= 3:
            break
    lines = lines[:3]
    y = 180
    for line in lines:
        pen.text((90, y), line, font=font, fill=INK)
        y += int(size * 1.2)
    for line in _wrap(pen, subtitle, _font(False, 36), WIDTH - 180)[:2]:
        pen.text((90, y + 30), line, font=_font(False, 36), fill=MUTED)
        y += 46
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _key(words: tuple[str, str, str]) -> str:
    return hashlib.sha256("\0".join((VERSION, *words)).encode()).hexdigest()


def _draw(words: tuple[str, str, str]) -> bytes:
    return draw(*words)


def share_images(wanted: list[tuple[str, tuple[str, str, str]]], cache: Path | None,
                 jobs: int = 1) -> Iterator[tuple[str, bytes]]:
    """Each (path, (title, subtitle, site name)) as a PNG: from the cache when drawn
    before, else drawn, across `jobs` processes when there are many. With a cache, images
    are read one at a time as they are written out, never all held at once; an image
    that went missing or was damaged in the cache since is drawn again."""
    entries = CacheFolder(cache) if cache is not None else None

    def cached(words: tuple[str, str, str]) -> Path:
        return cache / f"{_key(words)}.png"

    missing = sorted({words for _, words in wanted
                      if entries is None or not cached(words).is_file()})
    jobs = jobs or os.cpu_count() or 1
    drawn: dict[tuple[str, str, str], bytes] = {}

    def keep(images: Iterator[bytes]) -> None:
        for words, data in zip(missing, images, strict=True):
            if entries is None or not entries.write(cached(words), data):
                drawn[words] = data

    if jobs > 1 and len(missing) > 32 and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(jobs) as pool:
            keep(pool.imap(_draw, missing, chunksize=8))
    else:
        keep(map(_draw, missing))
    for path, words in wanted:
        data = drawn.get(words)
        if data is None and entries is not None:
            data = entries.read(cached(words))
        yield path, data if data is not None else draw(*words)


def share_path(plan) -> str | None:
    """Where a page's share image goes, if the page has one (profiles and statements)."""
    return plan.path + "share.png" if plan.kind in SHARED and plan.lang is not None else None


def share_words(site, plans, check_words=None) -> list[tuple[str, tuple[str, str, str]]]:
    """Where each profile's and statement's share image goes and the words drawn into it
    (title, subtitle, site name); `check_words(path, words)` sees each."""
    from .i18n import translator

    translators = {lang: translator(site, lang) for lang in site.config.codes}
    wanted = []
    for plan in plans:
        path = share_path(plan)
        if path is None:
            continue
        i18n = translators[plan.lang]
        title, subtitle = SHARED[plan.kind](site, i18n, plan)
        words = (title, subtitle, i18n.pick(site.config.title).text)
        if check_words is not None:
            check_words(path, words)
        wanted.append((path, words))
    return wanted


def share_files(site, plans, cache: Path | None, jobs: int = 1,
                check_words=None) -> Iterator[tuple[str, bytes]]:
    """A share image beside every profile and statement page, in its language;
    `check_words(path, words)` sees the words of each before it is drawn."""
    return share_images(share_words(site, plans, check_words), cache, jobs)


def _prisoner_words(site, i18n, plan) -> tuple[str, str]:
    person = plan.context["person"]
    status = i18n.tg(f"status.{person.status}", person.gender)
    return (i18n.pick(person.name).text,
            f"{status} · {i18n.t('person.status_as_of', date=i18n.date(person.verified))}")


def _statement_words(site, i18n, plan) -> tuple[str, str]:
    statement = plan.context["statement"]
    code = next(c for c in (i18n.lang, *i18n.chain, *statement.translations)
                if c in statement.translations)
    version = statement.translations[code]
    return version.title, f"{i18n.date(statement.date)} · {version.author or statement.author}"


SHARED = {"prisoner": _prisoner_words, "statement": _statement_words}
