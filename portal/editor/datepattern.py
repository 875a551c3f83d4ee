"""The pattern of a date as content/dates.py reads it, for the web editor (a JavaScript
regular expression, no flags): `2025-09-11`, `2025-09`, `2025`, `2024-autumn`, from
limits.FIRST_YEAR on, and only days of the calendar (the 29th of February in leap years);
each of those also after `after ` (`after 2025-12-13`: known only to be after that day).

It is made from dates.py's own seasons and first year, and a test reads it in node and
compares it with `parse_date` on a long list of dates. Stricter than `parse_date` in two
ways no editor would miss: digits must be 0–9 (Python's `\\d` also takes other scripts'
digits) and no spaces around the date (`parse_date` trims them)."""

from __future__ import annotations

from functools import cache

from ..content.dates import AFTER, DATE_FIX, SEASONS
from ..limits import FIRST_YEAR

DATE_HINT = DATE_FIX.removeprefix("write ")
"""What a date that does not match is told: the forms dates.py names."""


@cache
def date_pattern() -> str:
    """The pattern of every date `parse_date` accepts as text (see the module's note)."""
    year = at_least(FIRST_YEAR)
    leap = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    day = (r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
           r"|(?:0[13-9]|1[0-2])-(?:29|30)"
           r"|(?:0[13578]|1[02])-31")
    month = r"(?:0[1-9]|1[0-2])"
    seasons = "|".join(SEASONS)
    return (f"^(?:{AFTER})?(?:{year}(?:-(?:{day}|{month}|{seasons}))?"
            f"|(?={year}-){leap}-02-29)$")


def at_least(first: int) -> str:
    """A pattern of the four-digit years from `first` to 9999."""
    digits = f"{first:04d}"
    options = [digits[:3] + f"[{digits[3]}-9]"]
    for place in (2, 1, 0):
        low = int(digits[place]) + 1
        if low <= 9:
            options.append(digits[:place] + f"[{low}-9]" + "[0-9]" * (3 - place))
    return "(?:" + "|".join(options) + ")"
