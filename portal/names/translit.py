"""Names across scripts: romanisation of Belarusian and Russian names, and ASCII slugs.

Belarusian names follow the national romanisation (the 2000 instruction as revised in
2007 and adopted by the UN in 2008): ч → č, ш → š, ж → ž, ў → ŭ, х → ch, ц → c;
a soft sign makes the consonant before it soft (ль → ĺ, нь → ń, сь → ś, зь → ź,
ць → ć, дзь → dź); е, ё, ю, я are je, jo, ju, ja at the start of a word and after a
vowel, ў, an apostrophe or a soft sign, and ie, io, iu, ia after a consonant:
Мікалай Статкевіч → Mikalaj Statkievič.

Russian names follow the passport (ICAO) romanisation: Игорь Лосик → Igor Losik.

A slug is the romanised name folded to ASCII (č → ch, š → sh, ž → zh, ŭ → u, and the
accents dropped), lowercase, words joined by hyphens: Statkievič → statkievich.
"""

from __future__ import annotations

import re
import unicodedata

VOWELS = set("аеёіоуыэюяиАЕЁІОУЫЭЮЯИ")
APOSTROPHES = set("'’ʼ")

BELARUSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z",
    "і": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch", "ц": "c",
    "ч": "č", "ш": "š", "ы": "y", "э": "e", "и": "i", "щ": "šč", "ъ": "",
}
SOFTENED = {"л": "ĺ", "н": "ń", "с": "ś", "з": "ź", "ц": "ć"}
IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}

RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ў": "u",
}
ASCII = {"č": "ch", "š": "sh", "ž": "zh", "ŭ": "u", "ł": "l"}


def language_of(name: str) -> str:
    """`be` for Belarusian Cyrillic, `ru` for Russian Cyrillic, `latin` otherwise."""
    letters = set(name.lower())
    cyrillic = set("абвгдеёжзйклмнопрстуфхцчшыьэюя")
    if letters & set("іў") or (letters & APOSTROPHES and letters & cyrillic):
        return "be"
    if letters & set("иъщ"):
        return "ru"
    if letters & cyrillic:
        return "be"
    return "latin"


def _case(source: str, latin: str) -> str:
    return latin[:1].upper() + latin[1:] if source.isupper() else latin


def romanise_belarusian(text: str) -> str:
    """Belarusian Cyrillic → the national romanisation."""
    out = []
    for i, char in enumerate(text):
        lower = char.lower()
        before = text[i - 1].lower() if i else ""
        after = text[i + 1].lower() if i + 1 < len(text) else ""
        if lower == "ь" or char in APOSTROPHES:
            continue
        if lower in IOTATED:
            separated = not before or not before.isalpha() or before in VOWELS \
                or before in "ўьʼ'’"
            latin = ("j" if separated else "i") + IOTATED[lower]
        elif lower in SOFTENED and after == "ь":
            latin = SOFTENED[lower]
        elif lower in BELARUSIAN:
            latin = BELARUSIAN[lower]
        else:
            out.append(char)
            continue
        out.append(_case(char, latin))
    return "".join(out)


def romanise_russian(text: str) -> str:
    """Russian Cyrillic → the passport (ICAO) romanisation."""
    return "".join(_case(c, RUSSIAN[c.lower()]) if c.lower() in RUSSIAN else c for c in text)


def romanise(name: str) -> str:
    """A name in Latin letters, by the system its script calls for."""
    script = language_of(name)
    if script == "be":
        return romanise_belarusian(name)
    if script == "ru":
        return romanise_russian(name)
    return name


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens; never empty."""
    latin = romanise(text)
    folded = "".join(ASCII.get(c, ASCII.get(c.lower(), c)) for c in latin)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug
