"""Dates with the precision the source gives: a day, a month, a season or a year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .limits import FIRST_YEAR

SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "winter": 1}
"""Season → month it is sorted by (the middle of the season, roughly)."""

_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|(?P<season>[a-z]+)))?$"
)


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A date known to a day, a month, a season or only a year."""

    year: int
    month: int | None = None
    day: int | None = None
    season: str | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    def sort_key(self) -> tuple[int, int, int]:
        """Order by year, then month (a season by its middle month), then day."""
        if self.season is not None:
            return (self.year, SEASONS[self.season], 15)
        return (self.year, self.month or 0, self.day or 0)

    def as_date(self) -> dt.date | None:
        """Return a calendar date when the day is known."""
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def first_day(self) -> dt.date:
        """The earliest day this date may stand for."""
        if self.season is not None:
            return dt.date(self.year, max(1, SEASONS[self.season] - 1), 1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """Write the date back as an editor would, e.g. `2024-07` or `2024-summer`."""
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
    match = _PATTERN.match(value.strip())
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


DATE_FIX = "write YYYY-MM-DD, YYYY-MM, YYYY or YYYY-summer (spring, autumn, winter)"
