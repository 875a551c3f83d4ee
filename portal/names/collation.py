"""Alphabetical order in the reader's language: the Unicode Collation Algorithm with
CLDR's rules for the language, as ICU (through PyICU) carries them out. Sorting by code
point puts І, Ў and Ё after Я; ICU puts them where a Belarusian or Russian reader looks
for them (Belarusian: …Е Ё Ж…, …І Й…, …У Ў Ф…; Russian: Ё among Е).

Everything that sorts names or other words a reader sees for a language uses `sort_key`
here; a paged list's letter headings use `initial`, ICU's own notion of a letter: two
first letters make one heading when a collator at primary strength finds them equal (Ё
and Е in Russian, not in Belarusian). One collator per locale and kind, made on first
use and kept for the process (making one reads and compiles the language's rules)."""

from __future__ import annotations

import unicodedata
from functools import cache

import icu


@cache
def collator(locale: str, strength: int = icu.Collator.TERTIARY,
             numeric: bool = False) -> icu.Collator:
    """ICU's collator for a locale (`be`, `ru`, `en_GB`; an unknown one gets CLDR's root
    order); `numeric` compares runs of digits by their value (`23` before `130`)."""
    made = icu.Collator.createInstance(icu.Locale(locale.replace("-", "_")))
    made.setStrength(strength)
    if numeric:
        made.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return made


def sort_key(text: str, locale: str, numeric: bool = False) -> bytes:
    """The key `text` sorts by in `locale`: compare keys as bytes."""
    return collator(locale, numeric=numeric).getSortKey(text)


def first_letter(text: str) -> str:
    """The first letter of a text, or '' when it has none."""
    return next((c for c in text if c.isalpha()), "")


def letter_key(text: str, locale: str) -> bytes:
    """What decides a text's letter heading: its first letter's primary weight, the same
    for every letter the language files under one heading."""
    return collator(locale, icu.Collator.PRIMARY).getSortKey(first_letter(text))


def initial(text: str, locale: str) -> str:
    """The heading a text is listed under in `locale`: its first letter, capital, as the
    base letter when the language files it there (Russian Ё under Е, Belarusian Ё and Ў
    under their own); '#' for a text with no letter."""
    first = first_letter(text)
    if not first:
        return "#"
    base = unicodedata.normalize("NFD", first)[0]
    if base != first and collator(locale, icu.Collator.PRIMARY).compare(base, first) == 0:
        first = base
    return unicodedata.normalize("NFC", first.upper())
