"""Declarative schemas for every content type, and the checks they run."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .dates import date_fix, parse_date
from .limits import TEXT_CHARS, TITLE_CHARS
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
    """A type of value; `check` reports what is wrong with one value."""

    label = "value"

    def check(self, value: Any, doc: Document, path: FieldPath, ctx: Context) -> None:
        raise NotImplementedError

    def wanted(self, ctx: Context) -> str:
        """What to write in an empty field of this type: `write male, female or other`."""
        return "write a value"


class Text(Spec):
    label = "text"

    def __init__(self, pattern: re.Pattern | None = None, hint: str = "",
                 longest: int = TITLE_CHARS):
        self.pattern, self.hint, self.longest = pattern, hint, longest

    def check(self, value, doc, path, ctx):
        value = ident(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            ctx.report(doc, path, "is empty", "write the text")
        elif not isinstance(value, str):
            ctx.report(doc, path, f"{_show(value)} is not text", "write some text, in quotes")
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

    def __init__(self, minimum: int = 0, maximum: int = 10_000_000):
        self.minimum, self.maximum = minimum, maximum

    def check(self, value, doc, path, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.report(doc, path, f"{_show(value)} is not a whole number",
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
    def check(self, value, doc, path, ctx):
        if not isinstance(value, bool):
            ctx.report(doc, path, f"{_show(value)} is not true or false", "write true or false")

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
        if self.day_only and date.precision != "day":
            ctx.report(doc, path, f'"{date}" is not a full date', "write YYYY-MM-DD")
        elif self.past and ctx.today is not None and date.first_day() > ctx.today:
            ctx.report(doc, path, f'"{date}" is after the build date ({ctx.today.isoformat()})',
                       "correct the date: it is of something that has already happened")

    def wanted(self, ctx):
        return "write YYYY-MM-DD" if self.day_only else \
            "write the date: YYYY-MM-DD, YYYY-MM or YYYY, as precise as the source"


class Choice(Spec):
    def __init__(self, *values: str):
        self.values = values

    def check(self, value, doc, path, ctx):
        if value not in self.values:
            ctx.report(doc, path, f"{_show(value)} is not one of: {', '.join(self.values)}",
                       _suggest(value, self.values) or f"use one of: {', '.join(self.values)}")

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
            hint = _suggest(value, sorted(known))
            ctx.report(doc, path, f"{_show(value)} is not in {self.FILES[self.kind]}",
                       hint or f"add it to {self.FILES[self.kind]} or correct the id")

    def wanted(self, ctx):
        return f"write an id from {self.FILES[self.kind]}"


class Country(Spec):
    def check(self, value, doc, path, ctx):
        if not (isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value)):
            ctx.report(doc, path, f"{_show(value)} is not a country code",
                       "write the two-letter ISO code in capitals, e.g. LT")

    def wanted(self, ctx):
        return "write the two-letter ISO code in capitals, e.g. LT"


class Local(Spec):
    """Text per language: `{en: …, be: …}`; missing languages fall back."""

    def __init__(self, longest: int = TEXT_CHARS):
        self.longest = longest

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{_show(value)} is not a text per language",
                       "write one line per language, e.g. `en: …`")
            return
        for lang, text in value.items():
            if ctx.languages and lang not in ctx.languages:
                ctx.report(doc, path + (lang,), f'"{lang}" is not a configured language',
                           _suggest(lang, ctx.languages)
                           or f"use one of: {', '.join(ctx.languages)}")
            elif text is None or (isinstance(text, str) and not text.strip()):
                ctx.report(doc, path + (lang,), "is empty",
                           "write the text, or leave the language out")
            elif not isinstance(text, str):
                ctx.report(doc, path + (lang,), f"{_show(text)} is not text",
                           "write the text, or leave the language out")
            elif len(text) > self.longest:
                ctx.report(doc, path + (lang,), too_long(text, self.longest), "shorten it")
            elif self.longest <= TITLE_CHARS and "\n" in text.strip():
                ctx.report(doc, path + (lang,), "is more than one line",
                           "write it on one line")

    def wanted(self, ctx):
        example = ctx.languages[0] if ctx.languages else "en"
        return f"write it in at least one language, one line each: `{example}: …`"


class LocalOrText(Local):
    """One text for every language (`publisher: Libereco`), or a text per language where
    the languages name it differently."""

    def check(self, value, doc, path, ctx):
        if isinstance(value, dict):
            super().check(value, doc, path, ctx)
        else:
            Text(longest=self.longest).check(value, doc, path, ctx)


class List(Spec):
    def __init__(self, item: Spec, unique: bool = False):
        self.item, self.unique = item, unique

    def check(self, value, doc, path, ctx):
        if not isinstance(value, list):
            ctx.report(doc, path, f"{_show(value)} is not a list",
                       "write a list: [a, b] or one `- item` per line")
            return
        seen = set()
        for i, item in enumerate(value):
            self.item.check(item, doc, path + (i,), ctx)
            item = ident(item)
            if self.unique and isinstance(item, str | int):
                if item in seen:
                    ctx.report(doc, path + (i,), f'"{item}" is listed twice', "remove one")
                seen.add(item)

    def wanted(self, ctx):
        if isinstance(self.item, Ref):
            return f"list at least one id from {Ref.FILES[self.item.kind]}: [id, …]"
        return "list at least one item: [a, b] or one `- item` per line"


class Lines(Spec):
    """A list of text lines, e.g. an envelope address."""

    def check(self, value, doc, path, ctx):
        List(Text()).check(value, doc, path, ctx)

    def wanted(self, ctx):
        return "write the lines, one `- line` each, in order"


class Record(Spec):
    """A mapping with known fields; unknown fields are errors with a suggestion.

    A record with text per language may also say, in `translated:`, what each
    translation was made from (see portal/freshness.py).
    """

    def __init__(self, fields: dict[str, Spec], required: tuple[str, ...] = (),
                 name: str = "record"):
        self.fields, self.required, self.name = dict(fields), required, name
        self.local_fields = tuple(k for k, v in fields.items() if isinstance(v, Local))
        if self.local_fields:
            self.fields["translated"] = Translated(self.local_fields)

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{_show(value)} is not a {self.name}",
                       "write its fields as `name: value`, one per line")
            return
        misspelt = {_closest(key, self.fields) for key in value if key not in self.fields}
        empty = set()
        for key in self.required:
            if key in misspelt and key not in value:
                continue  # reported as the unknown field that is probably this one
            if key not in value:
                ctx.report(doc, path, f"`{key}` is missing",
                           f"add `{key}:` and {self.fields[key].wanted(ctx)}")
            elif _is_empty(value[key]):
                ctx.report(doc, path + (key,), "is empty", self.fields[key].wanted(ctx))
                empty.add(key)
        for key, item in value.items():
            spec = self.fields.get(key)
            if spec is None:
                hint = _suggest(key, list(self.fields))
                ctx.report(doc, path + (key,), "unknown field",
                           hint or f"remove it; known fields: {', '.join(self.fields)}")
            elif item is not None and key not in empty:
                spec.check(item, doc, path + (key,), ctx)

    def wanted(self, ctx):
        return f"write its fields, one per line: {', '.join(self.required or self.fields)}"


class Translated(Spec):
    """`summary.be: en 3f2a9c1b0d4e`: the source language and fingerprint of a translation."""

    RECORD = re.compile(r"^[a-z]{2,3} [0-9a-f]{12}$")

    def __init__(self, fields: tuple[str, ...]):
        self.fields = fields

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{_show(value)} is not a list of translation records",
                       "let `.venv/bin/python build.py translations --mark-current FILE` write it")
            return
        for key, record in value.items():
            field, _, lang = str(key).rpartition(".")
            if field not in self.fields or (ctx.languages and lang not in ctx.languages):
                ctx.report(doc, path + (key,), f'"{key}" is not a translated field',
                           f"write field.language, e.g. {self.fields[0]}.be")
            elif not (isinstance(record, str) and self.RECORD.match(record)):
                ctx.report(doc, path + (key,), f"{_show(record)} is not a translation record",
                           "let `.venv/bin/python build.py translations --mark-current FILE` "
                           "write it")
            elif ctx.languages and record.split()[0] not in ctx.languages:
                ctx.report(doc, path + (key,), f'"{record.split()[0]}" is not a configured '
                           "language", f"use one of: {', '.join(ctx.languages)}")


class PerLanguage(Spec):
    """A value per configured language: `{be: 100, ru: 95}`."""

    def __init__(self, item: Spec):
        self.item = item

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{_show(value)} is not a value per language",
                       "write one line per language, e.g. `be: 100`")
            return
        for lang, item in value.items():
            if ctx.languages and lang not in ctx.languages:
                ctx.report(doc, path + (lang,), f'"{lang}" is not a configured language',
                           f"use one of: {', '.join(ctx.languages)}")
            else:
                self.item.check(item, doc, path + (lang,), ctx)


class Gendered(Spec):
    """A phrase that may agree with a person's gender: text, or {male, female, other}."""

    def check(self, value, doc, path, ctx):
        if isinstance(value, dict):
            Record({g: Text() for g in GENDERS}, name="gender map").check(value, doc, path, ctx)
            if "other" not in value and not {"male", "female"} <= set(value):
                ctx.report(doc, path, "a gender map needs `male` and `female`, or `other`",
                           "add the missing forms")
        else:
            Text().check(value, doc, path, ctx)

    def wanted(self, ctx):
        return "write the text, or its forms as `male:` and `female:` lines"


GENDERS = ("male", "female", "other")


def _is_empty(value: Any) -> bool:
    """Nothing after the colon, or only an empty text, list or group."""
    return value is None or value == [] or value == {} or (
        isinstance(value, str) and not value.strip())


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict | list):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def _closest(value: Any, choices) -> str | None:
    if not isinstance(value, str):
        return None
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _suggest(value: Any, choices) -> str:
    close = _closest(value, choices)
    return f"did you mean `{close}`?" if close else ""
