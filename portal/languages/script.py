"""The language a text written once is in, as far as its letters tell: a source's title
as the document has it, a publisher's name given once for all languages. Only the site's
own languages are told apart, so that a page can mark a text in another with `lang`."""

from __future__ import annotations

BELARUSIAN_ONLY = set("іўІЎ")
RUSSIAN_ONLY = set("ищъИЩЪ")


def written_in(text: str, codes: tuple[str, ...]) -> str | None:
    """The site language `text` is written in, or None where its letters cannot tell:
    Cyrillic with і or ў is Belarusian, with и, щ or ъ Russian; Latin letters alone are
    English (the site's one language in Latin script)."""
    letters = {c for c in text if c.isalpha()}
    cyrillic = {c for c in letters if "\u0400" <= c <= "\u04ff"}
    if cyrillic:
        belarusian, russian = bool(cyrillic & BELARUSIAN_ONLY), bool(cyrillic & RUSSIAN_ONLY)
        found = "be" if belarusian and not russian else "ru" if russian and not belarusian \
            else None
    else:
        found = "en" if letters and all(c.isascii() for c in letters) else None
    return found if found in codes else None
