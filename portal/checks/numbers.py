"""Numbers in prose as the reader's language writes them. Where the language groups the
digits of a large number with a space (CLDR's group symbol for Belarusian and Russian is a
no-break space: «1 168 палітвязняў»), a number that Babel would group but the text writes
without it (1168) is a warning, so that 1168 and 1 168 do not both stand on the site. A
plain space is accepted as well as the no-break space: both read the same.

Not numbers of this kind, so never warned about: years (2025 in «2025 года», «у 2021
годзе», «13 снежня 2025», «2020–2025», «(2021)»), article and item numbers («арт. 411»,
«№ 1234»), and the digits of addresses, identifiers and dates (https://…/119261,
prisoner:…, 2025-09-11, 11.09.2025)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import format_decimal, get_group_symbol

SPACES = frozenset(" \u00a0\u202f")
"""What may stand between groups: a plain space, a no-break space, a narrow one."""

NUMBER = re.compile(r"(?<![\w\-./:#+№\u00a0\u202f])(?<!\d )(\d{4,})(?![\w\-/:]|[.,]\d| \d{3}\b)")
"""A run of four digits or more, not part of an identifier, a date, an address or a
number already grouped."""

ADDRESS = re.compile(r"https?://\S+|www\.\S+|\]\([^)]*\)|`[^`]*`|<[^>]*>|\w+:[\w./-]+")
"""What is blanked out before looking: web addresses, Markdown link targets, code, tags
and references such as `prisoner:ihar-losik`."""

NUMBERED = re.compile(r"(?:^|[\s(])(?:No|Nos|Art|Arts|Article|Articles|арт|ст|ч|п|пп|"
                      r"артыкул\w*|стать\w*|пункт\w*|частк\w*|част\w*)\.?\s*$|№\s*$",
                      re.IGNORECASE)
"""A word before a number that names it (an article, an item): «арт. 411», «№ 1234»."""

YEAR_AFTER = re.compile(r"\s*(?:гг?\.|год|гад|year)|-[^\W\d_]{1,3}\b", re.IGNORECASE)
"""Words after a year: «2025 года», «у 2021 годзе», «2020-х», «2020-м»."""

RANGE = re.compile(r"\d{4}\s*[–—-]\s*$")
RANGE_AFTER = re.compile(r"\s*(?:[–—-]|по|па|да|до|to|and|і|и)\s*\d{4}\b")
"""A year before another: «2020–2025», «з 2020 па 2025 год», «у 2020 і 2021 гадах»."""
LONGEST = 15
"""More digits than a count has: an identifier, a phone or account number; never grouped
(and beyond Python's 4,300-digit limit, not even a number `int` reads)."""
WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")
LETTER_AFTER = re.compile(r"\s*[^\W\d_]")


def ungrouped_numbers(text: str, locale: str) -> list[tuple[int, str, str]]:
    """(offset, the number as written, as the language writes it) of each number in `text`
    written without the digit grouping of `locale` (nothing for a language that groups
    with something other than a space, such as English's comma)."""
    if not _groups_with_space(locale):
        return []
    text = ADDRESS.sub(lambda m: " " * len(m.group()), text)
    return [(start, digits, format_decimal(int(digits), locale=locale))
            for start, digits in _numbers(text)
            if len(digits) <= LONGEST and not _is_year(text, start, digits, locale)
            and not NUMBERED.search(text, max(0, start - 16), start)
            and format_decimal(int(digits), locale=locale) != digits]


def _numbers(text: str) -> Iterator[tuple[int, str]]:
    for match in NUMBER.finditer(text):
        yield match.start(1), match.group(1)


def _is_year(text: str, start: int, digits: str, locale: str) -> bool:
    """Whether a number of four digits stands as a year: a year is never grouped."""
    if len(digits) != 4 or not 1000 <= int(digits) <= 2100:
        return False
    end = start + 4
    before = text[max(0, start - 24):start]
    word = WORD_BEFORE.search(before)
    if YEAR_AFTER.match(text, end) or RANGE.search(before) or RANGE_AFTER.match(text, end):
        return True
    if word and word.group(1).lower() in _months(locale):
        return True
    # a year standing alone, not counting anything: «(2021)», «выбары 2020.»
    return 1900 <= int(digits) <= 2100 and not LETTER_AFTER.match(text, end)


@cache
def _groups_with_space(locale: str) -> bool:
    try:
        return get_group_symbol(locale) in SPACES
    except (ValueError, UnknownLocaleError):
        return False


@cache
def _months(locale: str) -> frozenset[str]:
    """The month names of `locale` as CLDR gives them (both cases, full and short), and
    English's: a year follows a month («13 снежня 2025»)."""
    names: set[str] = set()
    for code in (locale, "en"):
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names |= {n.lower().rstrip(".") for n in
                          get_month_names(width, context, code).values()}
    return frozenset(names)
