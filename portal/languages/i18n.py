"""Interface strings, plural and gender forms, dates and numbers, per language (Babel)."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date, match_skeleton
from babel.numbers import format_decimal

from ..checks.datestrings import AFTER, MONTHS_IN, NOMINATIVE
from ..content.dates import PartialDate

if TYPE_CHECKING:  # the model is a later stage: its types only
    from ..model.model import Config
    from ..model.values import LocalText


@cache
def locale_of(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


class StringError(ValueError):
    """An interface string that cannot be filled in (a placeholder this page has no
    value for)."""

    def __init__(self, lang: str, key: str, message: str):
        super().__init__(message)
        self.lang, self.key = lang, key

    def __reduce__(self):
        return (StringError, (self.lang, self.key, str(self)))


DateForm = Callable[[PartialDate, str], str]
"""Writes a date in one of the forms a sentence may ask for (`{date:genitive}`)."""


def fill(template: str, lang: str, key: str, values: dict[str, Any],
         dates: DateForm | None = None) -> str:
    """`template` with its {placeholders} filled in from `values`. A date (a PartialDate or
    a calendar day) is written by `dates` in the form its placeholder asks for: `{date}` on
    its own, `{date:accusative}` after "as of" in Belarusian and Russian, … A full stop after
    a placeholder whose value ends with one is not doubled (`{date}.` with `2027 г.`)."""
    if "{" not in template and "}" not in template:
        return template  # most strings have no placeholder
    try:
        parts = _parts(template)
    except ValueError as error:
        raise StringError(lang, key, f"the string cannot be filled in ({error})") from None
    out: list[str] = []
    stop = False
    for literal, name, form, _ in parts:
        out.append(literal[1:] if stop and literal.startswith(".") else literal)
        if name is None:
            continue
        if name not in values:
            raise StringError(lang, key, f"the string cannot be filled in: it has a "
                              f"placeholder {{{name}}} this page gives no value for")
        text = _value_text(values[name], form or "", lang, key, name, dates)
        out.append(text)
        stop = text.endswith(".")
    return "".join(out)


@lru_cache(maxsize=4096)
def _parts(template: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """A string cut into its literal text and {placeholders} (the same few hundred strings
    are filled in on every page)."""
    return tuple(string.Formatter().parse(template))


def _value_text(value: Any, form: str, lang: str, key: str, name: str,
                dates: DateForm | None) -> str:
    if isinstance(value, dt.date):
        value = PartialDate(value.year, value.month, value.day)
    if isinstance(value, PartialDate) and dates is not None:
        return dates(value, form or NOMINATIVE)
    if form:
        raise StringError(lang, key, f"{{{name}:{form}}} asks for a form of a date, but the "
                          f"page gives {name} as {type(value).__name__}, not a date")
    return str(value)


@dataclass(frozen=True, slots=True)
class Picked:
    """A text chosen for a reader: in their language, or a fallback in another."""

    text: str
    lang: str
    fallback: bool
    stale: bool = False
    """A translation made from an older version of its source."""
    source: str | None = None
    """The language of the source, when stale."""


def pick(text: LocalText, lang: str, chain: tuple[str, ...]) -> Picked | None:
    """Take the text in `lang`, else the first language of the chain that has it."""
    value = text.get(lang)
    if value is not None:
        stale = lang in text.stale
        return Picked(value, lang, False, stale, text.source if stale else None)
    for other in chain:
        value = text.get(other)
        if value is not None:
            return Picked(value, other, True)
    for other in text.languages():
        return Picked(text.get(other) or "", other, True)
    return None


class Translator:
    """Everything language-dependent a template needs, bound to one language."""

    def __init__(self, config: Config, strings: Mapping[str, Any], lang: str):
        language = config.language(lang)
        self.lang = lang
        self.chain = language.fallback
        self.locale = locale_of(language.locale)
        self.strings = strings

    def t(self, key: str, **values: Any) -> str:
        """An interface string, with `{placeholders}` filled in."""
        value = self.strings[key]
        if not isinstance(value, str):
            raise TypeError(f"interface string {key} is not plain text")
        return fill(value, self.lang, key, values, self.date)

    def pattern(self, key: str) -> str:
        """A string as written, {placeholders} and all (for a script to fill in)."""
        value = self.strings[key]
        if not isinstance(value, str):
            raise TypeError(f"interface string {key} is not plain text")
        return value

    def tn(self, key: str, count: int, **values: Any) -> str:
        """A string in the plural form CLDR gives for `count` in this language."""
        forms = self.strings[key]
        category = self.locale.plural_form(count)
        template = forms.get(category) or forms["other"]
        return fill(template, self.lang, key, {"count": self.number(count), **values},
                    self.date)

    def tg(self, key: str, gender: str, **values: Any) -> str:
        """A string that agrees with a person's gender, where the language has agreement."""
        value = self.strings[key]
        if isinstance(value, dict):
            value = value.get(gender) or value["other"]
        return fill(value, self.lang, key, values, self.date)

    def number(self, value: int) -> str:
        return _decimal(value, self.locale)

    def date(self, value: PartialDate | None, form: str = NOMINATIVE) -> str:
        """A date at the precision it is known, in this language, in the form a sentence
        asks for (`date.<form>.<precision>` in the strings: `nominative`, `accusative`,
        `genitive`, `when`, …)."""
        if value is None:
            return ""
        if value.after:
            return self._after(value, form)
        key = f"date.{form}.{value.season or value.precision}"
        pattern = self.strings.get(key)
        if not isinstance(pattern, str):
            raise StringError(self.lang, key, f"a sentence asks for {{date:{form}}}, and "
                              f"the strings give no {key}")
        return fill(pattern, self.lang, key, self._date_parts(value, pattern))

    def _after(self, value: PartialDate, form: str) -> str:
        """A date known only to be after its bound, as `date.after.<form>` words it: the
        bound in the form that wording asks for (`after {date:genitive}`)."""
        key = f"date.{AFTER}.{form}"
        pattern = self.strings.get(key)
        if not isinstance(pattern, str):
            raise StringError(self.lang, key, f"a sentence asks for {{date:{form}}} of a date "
                              f"known only to be after another, and the strings give no {key}")
        return fill(pattern, self.lang, key, {"date": value.bound}, self.date)

    def _date_parts(self, value: PartialDate, pattern: str) -> dict[str, str]:
        """What a date form may hold: {day} (CLDR's full date), {month} (CLDR's month and
        year, the month standing alone), {month_of} (the same, the month as inside a date),
        {month_in} (the month from `date.months_in`), {year}."""
        parts = {"year": str(value.year)}
        if value.precision == "day":
            parts["day"] = _long_date(value.as_date(), self.locale)
        elif value.precision == "month":
            parts["month"] = _month(value.year, value.month, self.locale, False)
            parts["month_of"] = _month(value.year, value.month, self.locale, True)
            if "{month_in}" in pattern:
                parts["month_in"] = self._month_in(value.month)
        return parts

    def _month_in(self, month: int) -> str:
        """The month as `{month_in}` writes it: the names CLDR does not give (the
        Belarusian and Russian locative: у сакавіку, в марте), from `date.months_in`."""
        key = f"date.{MONTHS_IN}"
        names = [n.strip() for n in str(self.strings.get(key, "")).split(",")]
        if len(names) != 12 or not all(names):
            raise StringError(self.lang, key, "needs the twelve months, January first, "
                              "separated by commas")
        return names[month - 1]

    def date_of(self, day: dt.date) -> str:
        """A calendar date in this language."""
        return self.date(PartialDate(day.year, day.month, day.day))

    def language_name(self, code: str) -> str:
        """The name of a language in this language, e.g. `руская`."""
        return self.locale.languages.get(code) or code

    def country(self, code: str) -> str:
        return self.locale.territories.get(code) or code

    def pick(self, text: LocalText) -> Picked | None:
        return pick(text, self.lang, self.chain)


def translator(site, lang: str) -> Translator:
    """The Translator for one language of a site."""
    return Translator(site.config, site.strings[lang], lang)


@cache
def autonym(locale: str) -> str:
    """A language's name for itself, capitalised: English, Беларуская, Русский (the
    language alone: en_GB, whose dates read "13 December", is still English)."""
    parsed = locale_of(locale)
    name = parsed.languages.get(parsed.language) or parsed.display_name or locale
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=20_000, typed=True)
def _decimal(value: int, locale: Locale) -> str:
    """A number as the language writes it (Babel takes a while: a count of days held is
    written on every profile and letter)."""
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=100_000)
def _long_date(day: dt.date, locale: Locale) -> str:
    """A day in full (Babel takes a while, and a large site writes the same days often)."""
    return format_date(day, "long", locale=locale)


@lru_cache(maxsize=20_000)
def _month(year: int, month: int, locale: Locale, as_in_date: bool) -> str:
    """A month and its year as CLDR writes them (its `yMMMM` pattern), the month's name
    standing alone (`сакавік 2025`) or, `as_in_date`, as inside a full date (CLDR's format
    context: `сакавіка 2025`, the genitive in Belarusian and Russian)."""
    skeletons = locale.datetime_skeletons
    pattern = skeletons[match_skeleton("yMMMM", skeletons) or "yMMMM"].pattern
    if as_in_date:  # outside the 'quoted' literal parts
        pattern = "'".join(part.replace("LLLL", "MMMM") if i % 2 == 0 else part
                           for i, part in enumerate(pattern.split("'")))
    return format_date(dt.date(year, month, 1), pattern, locale=locale)
