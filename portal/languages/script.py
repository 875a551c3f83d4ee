"""The language a text written once is in, as far as its letters tell: a source's title
as the document has it, a publisher's name given once for all languages. Only the site's
own languages are told apart, so that a page can mark a text in another with `lang`.

The letters of each language are CLDR's (its standard exemplar characters, read through
ICU), not a list of our own: Belarusian has і and ў, Russian и, щ and ъ, English only
a to z, and a language added to the site brings its own."""

from __future__ import annotations

from functools import cache

import icu


@cache
def _letters(code: str) -> frozenset[str]:
    """The letters `code` writes with, in lower case (CLDR's standard exemplar set)."""
    exemplars = icu.LocaleData(code).getExemplarSet(
        0, icu.ULocaleDataExemplarSetType.ES_STANDARD)
    return frozenset(c for c in exemplars if len(c) == 1 and c.isalpha())


def written_in(text: str, codes: tuple[str, ...]) -> str | None:
    """The one site language whose alphabet holds every letter of `text`, or None where
    its letters cannot tell (Cyrillic with none of і, ў, и, щ, ъ fits both Belarusian and
    Russian) or fit none of them."""
    letters = {c.lower() for c in text if c.isalpha()}
    if not letters:
        return None
    fitting = [code for code in codes if letters <= _letters(code)]
    return fitting[0] if len(fitting) == 1 else None
