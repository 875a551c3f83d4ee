"""Declarative schemas for every content type, and the checks they run."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..limits import TITLE_CHARS
from .dates import date_fix, parse_date
from .load import Document, FieldPath

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Context:
    """What references may point at, and where problems go."""

    languages: tuple[str, ...]
    ids: dict[str, set[str]]
    problems: list = field(default_factory=list)
    unknown: frozenset[str] = frozenset()
    """Kinds of record whose file could not be read: references to them are not checked."""
    today: dt.date | None = None
    """The build date: dates of past events may not be later."""

    def report(self, doc: Document, path: FieldPath, message: str, fix: str = "") -> None:
        self.problems.append(doc.problem(path, message, fix))


def ident(value: Any) -> Any:
    """An id as text: YAML reads `id: 2025-09-11` as a date, editors mean the text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Spec:
    """A type of value; `check` reports what is wrong with one value.

    `default` is what an optional field means when it is left out or left empty (`key:`
    with nothing after it); None: nothing (no note, no photo, no term)."""

    label = "value"
    default: Any = None

    def check(self, value: Any, doc: Document, path: FieldPath, ctx: Context) -> None:
        raise NotImplementedError

    def wanted(self, ctx: Context) -> str:
        """What to write in an empty field of this type: `write male, female or other`."""
        return "write a value"


class Text(Spec):
    label = "text"

    def __init__(self, pattern: re.Pattern | None = None, hint: str = "",
                 longest: int = TITLE_CHARS, default: str | None = None):
        self.pattern, self.hint, self.longest = pattern, hint, longest
        self.default = default

    def check(self, value, doc, path, ctx):
        value = ident(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            ctx.report(doc, path, "is empty", "write the text")
        elif not isinstance(value, str):
            ctx.report(doc, path, f"{show_value(value)} is not text", "write some text, in quotes")
        elif len(value) > self.longest:
            ctx.report(doc, path, too_long(value, self.longest), "shorten it")
        elif "\n" in value.strip():
            ctx.report(doc, path, "is more than one line", "write it on one line")
        elif self.pattern and not self.pattern.match(value):
            ctx.report(doc, path, f'"{value}" is not allowed here', self.hint)

    def wanted(self, ctx):
        return self.hint or "write the text"


def too_long(text: str, longest: int) -> str:
    return f"is {len(text):,} characters long, more than the {longest:,} allowed"


class Number(Spec):
    """A whole number from `minimum` to `maximum` (far above any real count, so that no
    number is too large to write out)."""

    def __init__(self, minimum: int = 0, maximum: int = 10_000_000, default: int | None = None):
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def check(self, value, doc, path, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.report(doc, path, f"{show_value(value)} is not a whole number",
                       f"write a number of at least {self.minimum}, without quotes")
        elif value < self.minimum:
            ctx.report(doc, path, f"{value} is less than {self.minimum}",
                       f"write a number of at least {self.minimum}")
        elif value > self.maximum:
            shown = f"{value:,}" if value < 10 ** 30 else f"a number of {len(str(value))} digits"
            ctx.report(doc, path, f"{shown} is more than {self.maximum:,}",
                       f"write a number from {self.minimum} to {self.maximum:,}")

    def wanted(self, ctx):
        return f"write a number of at least {self.minimum}"


class Flag(Spec):
    def __init__(self, default: bool | None = None):
        self.default = default

    def check(self, value, doc, path, ctx):
        if not isinstance(value, bool):
            ctx.report(doc, path, f"{show_value(value)} is not true or false",
                       "write true or false")

    def wanted(self, ctx):
        return "write true or false"


class Date(Spec):
    """A date of something that has happened: not before limits.FIRST_YEAR, and not after
    the build date (`past=False` for a date that may lie ahead)."""

    def __init__(self, day_only: bool = False, past: bool = True):
        self.day_only, self.past = day_only, past

    def check(self, value, doc, path, ctx):
        try:
            date = parse_date(value)
        except ValueError as error:
            ctx.report(doc, path, str(error), date_fix(value))
            return
        if self.day_only and (date.precision != "day" or date.after):
            ctx.report(doc, path, f'"{date}" is not a full date', "write YYYY-MM-DD")
        elif self.past and ctx.today is not None and date.first_day() > ctx.today:
            ctx.report(doc, path, f'"{date}" is after the build date ({ctx.today.isoformat()})',
                       "correct the date: it is of something that has already happened")

    def wanted(self, ctx):
        return "write YYYY-MM-DD" if self.day_only else \
            "write the date: YYYY-MM-DD, YYYY-MM or YYYY, as precise as the source"


class Choice(Spec):
    def __init__(self, *values: str, default: str | None = None):
        self.values, self.default = values, default

    def check(self, value, doc, path, ctx):
        if value not in self.values:
            ctx.report(doc, path, f"{show_value(value)} is not one of: {', '.join(self.values)}",
                       suggestion(value, self.values) or f"use one of: {', '.join(self.values)}")

    def wanted(self, ctx):
        *first, last = self.values
        return f"write {', '.join(first)} or {last}" if first else f"write {last}"


class Ref(Spec):
    """An id that must exist among the records of a kind (`sources`, `prisoners`, …)."""

    FILES = {"sources": "data/sources.yaml", "prisoners": "data/prisoners/",
             "facilities": "data/facilities.yaml", "waves": "data/releases.yaml"}

    def __init__(self, kind: str):
        self.kind = kind

    def check(self, value, doc, path, ctx):
        value = ident(value)
        known = ctx.ids.get(self.kind, set())
        if self.kind in ctx.unknown and isinstance(value, str):
            return
        if not isinstance(value, str) or value not in known:
            hint = suggestion(value, sorted(known))
            ctx.report(doc, path, f"{show_value(value)} is not in {self.FILES[self.kind]}",
                       hint or f"add it to {self.FILES[self.kind]} or correct the id")

    def wanted(self, ctx):
        return f"write an id from {self.FILES[self.kind]}"


class Country(Spec):
    def check(self, value, doc, path, ctx):
        if not (isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value)):
            ctx.report(doc, path, f"{show_value(value)} is not a country code",
                       "write the two-letter ISO code in capitals, e.g. LT")

    def wanted(self, ctx):
        return "write the two-letter ISO code in capitals, e.g. LT"


GENDERS = ("male", "female", "other")


def is_empty(value: Any) -> bool:
    """Nothing after the colon, or only an empty text, list or group."""
    return value is None or value == [] or value == {} or (
        isinstance(value, str) and not value.strip())


def show_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict | list):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def closest(value: Any, choices) -> str | None:
    if not isinstance(value, str):
        return None
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(value: Any, choices) -> str:
    close = closest(value, choices)
    return f"did you mean `{close}`?" if close else ""
