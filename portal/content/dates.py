"""Dates with the precision the source gives: a day, a month, a season or a year, or known
only to be after one of those (`after 2025-12-13`: some day after the 13th)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ..limits import FIRST_YEAR

SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "winter": 1}
"""Season → month it is sorted by (the middle of the season, roughly)."""

_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|(?P<season>[a-z]+)))?$"
)
AFTER = "after "
"""What comes before a date known only to be after it: `after 2025-12-13`."""


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A date known to a day, a month, a season or only a year; with `after`, some day
    after that date (its `bound`), nothing more being known."""

    year: int
    month: int | None = None
    day: int | None = None
    season: str | None = None
    after: bool = False

    @property
    def bound(self) -> PartialDate:
        """The date itself, without `after`: what an after-date is after."""
        return PartialDate(self.year, self.month, self.day, self.season) if self.after else self

    @property
    def precision(self) -> str:
        """The precision of the date (of its bound, for an after-date)."""
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    def sort_key(self) -> tuple[int, int, int, int]:
        """Order by year, then month (a season by its middle month), then day; an after-date
        just after its bound (after every day of a month or year it is after) and before
        anything later."""
        if self.after:
            if self.season is not None:
                return (self.year, SEASONS[self.season] + 1, 99, 1)
            return (self.year, self.month or 99, self.day or 99, 1)
        if self.season is not None:
            return (self.year, SEASONS[self.season], 15, 0)
        return (self.year, self.month or 0, self.day or 0, 0)

    def as_date(self) -> dt.date | None:
        """Return a calendar date when the day is known (never for an after-date)."""
        if self.day is None or self.month is None or self.after:
            return None
        return dt.date(self.year, self.month, self.day)

    def first_day(self) -> dt.date:
        """The earliest day this date may stand for (for an after-date, the day after the
        last day of its bound)."""
        if self.after:
            return self.bound.last_day() + dt.timedelta(days=1)
        if self.season is not None:
            return dt.date(self.year, max(1, SEASONS[self.season] - 1), 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date | None:
        """The latest day this date may stand for; None for an after-date (any day since)."""
        if self.after:
            return None
        if self.season is not None:
            month = min(12, SEASONS[self.season] + 1)
        elif self.day is not None:
            return dt.date(self.year, self.month, self.day)
        else:
            month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def known_by(self, today: dt.date) -> dt.date:
        """A day by which the date had certainly come, for machines (a feed's `<updated>`):
        the last day of its period, or the build day if that is earlier; for an after-date,
        the day after its bound. Never before what is known, as a first day would be
        (`2025-09` is not the 1st of September, before the release of the 11th it reports)."""
        last = self.last_day()
        if last is None:
            return self.first_day()
        return max(self.first_day(), min(last, today))

    def iso(self) -> str:
        """Write the date back as an editor would, e.g. `2024-07`, `2024-summer` or
        `after 2025-12-13`."""
        if self.after:
            return AFTER + self.bound.iso()
        if self.season is not None:
            return f"{self.year}-{self.season}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso()


def date_or_none(value: object) -> PartialDate | None:
    """A YAML date value as a date, or None when it is missing or not one (the schema
    reports a malformed one; checks that only compare dates leave it out)."""
    try:
        return parse_date(value) if value is not None else None
    except (ValueError, TypeError):
        return None


def parse_date(value: object) -> PartialDate:
    """Parse a YAML date value; raise ValueError with a reason when it is not one."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year < FIRST_YEAR:
            raise ValueError(f'"{value.isoformat()}" is before {FIRST_YEAR}')
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= 9999:
        return PartialDate(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    if text.startswith(AFTER):
        bound = text.removeprefix(AFTER)
        if not _PATTERN.match(bound):
            raise ValueError(f'"{value}": "{bound}" is not a date')
        date = parse_date(bound)
        return PartialDate(date.year, date.month, date.day, date.season, after=True)
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f'"{value}" is not a date')
    year = int(match["year"])
    if year < FIRST_YEAR:
        raise ValueError(f'"{value}" is before {FIRST_YEAR}')
    if match["season"]:
        if match["season"] not in SEASONS:
            raise ValueError(f'"{match["season"]}" is not a season')
        return PartialDate(year, season=match["season"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f'"{value}" has no month {month}')
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f'"{value}" is not a day of the calendar') from None
    return PartialDate(year, month, day)


DATE_FIX = ("write YYYY-MM-DD, YYYY-MM, YYYY or YYYY-summer (spring, autumn, winter), "
            "or after one of those (after YYYY-MM-DD)")


def date_fix(value: object) -> str:
    """How to correct a value that is not a date: the date itself where it can be read
    only one way (`14.03.2025` → `write 2025-03-14`), else the forms allowed."""
    meant = corrected(value)
    return f"write {meant}" if meant else DATE_FIX


_DAY_FIRST = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{4})$|^(\d{4})[./-](\d{1,2})$")
_NAMED = (re.compile(r"^(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d]+)\.?,?\s+(?P<year>\d{4})$"),
          re.compile(r"^(?P<month>[^\W\d]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                     r"(?P<year>\d{4})$"),
          re.compile(r"^(?P<month>[^\W\d]+)\.?,?\s+(?P<year>\d{4})$"))
_YEAR_WORD = re.compile(r"\s*(?:г\.?|года|году|гада|годзе)$")
_AFTER_WORD = re.compile(r"^(?:after|пасля|после)\s+")


def corrected(value: object) -> str | None:
    """The date a value that is not one stands for, written as it must be, when it can be
    read only one way: `14.03.2025` (day first, as in Belarus and Russia), `14/03/2025`
    (but not `03/04/2025`, which may be either), `2025.03.14`, `14 March 2025`,
    `March 2025`, `14 сакавіка 2025`, `summer 2024`; None otherwise."""
    if not isinstance(value, str):
        return None
    text = _YEAR_WORD.sub("", value.strip().lower())
    prefix = ""
    if match := _AFTER_WORD.match(text):
        prefix, text = AFTER, text[match.end():]
    meant = _numeric(text) or _named(text)
    if meant is None and prefix and text != value.strip():
        meant = text
    meant = prefix + meant if meant else None
    if meant is None or meant == value.strip():
        return None
    try:
        return parse_date(meant).iso()
    except ValueError:
        return None


def _numeric(text: str) -> str | None:
    if match := _YEAR_FIRST.match(text):
        return f"{match[1]}-{int(match[3]):02d}-{int(match[4]):02d}"
    if match := _DAY_FIRST.match(text):
        first, second, year = int(match[1]), int(match[3]), match[4]
        if match[2] != "." and first != second and first <= 12 and second <= 12:
            return None  # 03/04/2025: the 3rd of April, or the 4th of March
        day, month = (second, first) if match[2] != "." and first <= 12 < second \
            else (first, second)
        return f"{year}-{month:02d}-{day:02d}"
    if match := _MONTH_YEAR.match(text):
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        return f"{year}-{int(month):02d}"
    return None


def _named(text: str) -> str | None:
    for pattern in _NAMED:
        match = pattern.match(text)
        if match is None:
            continue
        word, year = match["month"], match["year"]
        if word in SEASONS and "day" not in pattern.groupindex:
            return f"{year}-{word}"
        month = _month_names().get(word)
        if month is None:
            return None
        day = match["day"] if "day" in pattern.groupindex else None
        return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    return None


@cache
def _month_names() -> dict[str, int]:
    """Month names, lowercase, to their numbers: English (and its abbreviations),
    Belarusian and Russian (as in a date, `сакавіка`, and on their own, `сакавік`)."""
    from babel import Locale

    names: dict[str, int] = {"sept": 9}
    for code in ("en", "be", "ru"):
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for number, name in months[context]["wide"].items():
                names[name.lower()] = number
    for number, name in Locale.parse("en").months["format"]["abbreviated"].items():
        names[name.lower()] = number
    return names
