"""Interface strings, plural and gender forms, dates and numbers, per language (Babel)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

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


_STOP_AFTER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})\.")


def fill(template: str, lang: str, key: str, values: dict[str, Any]) -> str:
    """`template` with its {placeholders} filled in from `values`; a full stop after a
    placeholder whose value ends with one is not doubled (`{date}.` with `2027 г.`)."""
    if "}." in template:
        template = _STOP_AFTER.sub(
            lambda m: m[0][:-1] if str(values.get(m[1], "")).endswith(".") else m[0], template)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError) as error:
        raise StringError(lang, key, f"the string cannot be filled in ({error!r}): it has a "
                          "placeholder this page gives no value for") from None


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
        return fill(value, self.lang, key, values)

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
        return fill(template, self.lang, key, {"count": self.number(count), **values})

    def tg(self, key: str, gender: str, **values: Any) -> str:
        """A string that agrees with a person's gender, where the language has agreement."""
        value = self.strings[key]
        if isinstance(value, dict):
            value = value.get(gender) or value["other"]
        return fill(value, self.lang, key, values)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, value: PartialDate | None) -> str:
        """A date at the precision it is known, in this language."""
        if value is None:
            return ""
        if value.precision == "day":
            return _long_date(value.as_date(), self.locale)
        if value.precision == "month":
            return _month(value.year, value.month, self.locale)
        if value.precision == "season":
            return self.t(f"season.{value.season}", year=value.year)
        return str(value.year)

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


def autonym(locale: str) -> str:
    """A language's name for itself, capitalised: English, Беларуская, Русский (the
    language alone: en_GB, whose dates read "13 December", is still English)."""
    parsed = locale_of(locale)
    name = parsed.languages.get(parsed.language) or parsed.display_name or locale
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=100_000)
def _long_date(day: dt.date, locale: Locale) -> str:
    """A day in full (Babel takes a while, and a large site writes the same days often)."""
    return format_date(day, "long", locale=locale)


@lru_cache(maxsize=20_000)
def _month(year: int, month: int, locale: Locale) -> str:
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)
