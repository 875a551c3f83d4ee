"""The forms a person's name takes in text, for the leak guard.

A name is known by its forms: its text in every language, its other spellings
(`aliases`), and the Latin spellings of each Cyrillic form by the Belarusian national
romanisation, the Russian passport romanisation and the BGN/PCGN system used by the
press, each with and without diacritics.

Text and forms are compared *folded*: case, accents and diacritics, invisible characters
and apostrophes do not count, and letters of one script that look like letters of another
(Cyrillic `а`, `о`, `р`, `с` and Latin `a`, `o`, `p`, `c`) count as the same. A word of a
form also matches that word with a Belarusian or Russian case ending (or its romanised
spelling): Лосік, Лосіка, Лосіку, Лосікам; Калеснікава, Калеснікавай, Калеснікаву."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from .letters import FOLDED, IGNORED, apostrophes, plain
from .translit import ASCII, romanise_belarusian, romanise_russian


@cache
def _apostrophes() -> re.Pattern:
    """Apostrophes: not counted when comparing (Вераб'ёва, Tat'yana)."""
    return re.compile(f"[{re.escape(apostrophes())}]")

WORD = re.compile(r"\w+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Text as the guard compares it: lowercase, no accents, marks, invisible characters
    or apostrophes, look-alike and styled letters as the plain ones, and the letters of
    the alphabets that look like Latin ones as Latin (see letters.py)."""
    text = _apostrophes().sub("", text)
    if text.isascii():
        return text.lower()
    text = _apostrophes().sub("", plain(text))  # ŉ is ʼn
    text = unicodedata.normalize("NFKD", text.casefold())
    return IGNORED.sub("", text).translate(FOLDED)


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return WORD.findall(fold(text))


VOWELS = frozenset("aeiouy" + "иыэюяьъё")
"""Vowels and signs as they are after folding (Latin and Cyrillic)."""

ENDING_TEXTS = (  # noqa: SIM905 - easier to read and extend
    # Russian
    "а я у ю е и ы о ом ем ём ой ей ою ею ам ям ами ями ах ях ов ев ого его ому ему ым им ых "
    "их ыми ими ая яя ую юю ое ее ые ие ья ьи ью ьей ьем ина ину ины иной "
    # Belarusian
    "і ам ем ай ей аю яй ага яга аму яму ім іх ымі імі ыя ія амі ямі аў яў оў еў "
    # romanised
    "a u e i y o om em oi oy oj ai ay aj ei ey ej ogo ego omu emu ym im ykh ikh ych ich "
    "iy yi yj ij ov ev aya aja uyu uju ami akh ah ach ia ya iu yu ie ye s").split()
"""Case endings a word of a name may take in text."""
LONGEST_ENDING = max(map(len, ENDING_TEXTS))
"""Letters in the longest case ending (folding keeps the number of letters)."""


@cache
def endings() -> frozenset[str]:
    """The case endings, folded; "" among them. Worked out on first use, as the
    following tables are: folding Cyrillic letters reads the confusables file."""
    return frozenset(map(fold, ENDING_TEXTS)) | {""}

STEM = 3
"""Words shorter than this once their final vowels are dropped only match exactly."""
PARTNER_STEM = 2
"""Beside the other word of a name, a word takes its case endings from this many letters
of stem (Ева → Еву, Юрый → Юрыя): the other word tells the two apart."""


def stem(word: str) -> str:
    """A folded word without its final vowels: `kalesnikava` → `kalesnikav`."""
    end = len(word)
    while end > 0 and word[end - 1] in VOWELS:
        end -= 1
    return word[:end]


ALTERNATIONS = (("г", "з ж"), ("к", "ц ч"), ("х", "с ш"), ("т", "ц"), ("д", "дз ж"),
                ("з", "ж"), ("с", "ш"))
"""A stem's last consonant and what it turns into before some case endings
(Вольга → Вользе, Сакрэт → Сакрэце, рука → руцэ)."""
FLEETING = "еоё"
"""Vowels that drop out before a case ending (Павел → Павла, Жукавец → Жукаўца)."""


@cache
def _alternations() -> dict[str, tuple[str, ...]]:
    return {fold(a): tuple(fold(b) for b in bs.split()) for a, bs in ALTERNATIONS}


@cache
def _fleeting() -> tuple[frozenset[str], str, str]:
    """The fleeting vowels, в and ў, folded."""
    return frozenset(fold(FLEETING)), fold("в"), fold("ў")


@lru_cache(maxsize=1 << 14)
def stems(word: str) -> tuple[str, ...]:
    """A folded word's stem and the other stems its case forms are made on: with the last
    consonant alternated, and with a fleeting vowel dropped (then в may be ў)."""
    base = stem(word)
    found = [base]
    alternations = _alternations()
    fleeting, ve, short_u = _fleeting()
    if len(base) >= STEM and base[-1] in alternations:
        found += [base[:-1] + other for other in alternations[base[-1]]]
    if len(base) >= STEM + 1 and base[-2] in fleeting and base[-3] not in VOWELS:
        short = base[:-2] + base[-1]
        found.append(short)
        if short[-2] == ve:
            found.append(short[:-2] + short_u + short[-1])
    return tuple(dict.fromkeys(found))


def word_matches(candidate: str, word: str, least: int = STEM) -> bool:
    """Whether a folded word of text is a folded word of a name, or that word with a case
    ending (after its stem, or after some of its final vowels: Марыя → Марыі; or after
    a stem its case forms are made on: Вользе, Павла, Паўла). `least`: the shortest stem
    that takes endings (PARTNER_STEM for the other word of a name found)."""
    if candidate == word:
        return True
    base = stem(word)
    if len(base) < least:
        return False
    ends = endings()
    if candidate.startswith(base):
        rest, tail = candidate[len(base):], word[len(base):]
        if len(tail) >= 2 and tail[-1] == "y" and tail[-2] in VOWELS:
            # -оў, -ёў, -аў (ў folds to y) keep their vowel and turn ў to в: Жураўлёў →
            # Жураўлёва, Жураўлёвым (never Жураўлі, a plain word)
            if any(rest.startswith(kept) and rest[len(kept):] in ends
                   for kept in (tail, tail[:-1] + _fleeting()[1])):
                return True
        elif any(rest.startswith(tail[:k]) and rest[k:] in ends
                 for k in range(len(tail) + 1)):
            return True
    return any(len(other) >= STEM and candidate.startswith(other)
               and candidate[len(other):] in ends - {""} for other in stems(word)[1:])


BGN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ў": "w",
}
"""BGN/PCGN romanisation (as the English-language press spells names), Russian letters;
Belarusian г is h in that system."""


def romanise_bgn(text: str) -> str:
    """Cyrillic → BGN/PCGN Latin; е is ye at the start of a word and after a vowel."""
    belarusian = bool(set(text.lower()) & set("іў"))
    out = []
    for i, char in enumerate(text):
        lower = char.lower()
        before = text[i - 1].lower() if i else ""
        if lower == "г" and belarusian:
            latin = "h"
        elif lower in "её" and (not before.isalpha() or before in "аеёиоуыэюяіўьъ"):
            latin = "y" + BGN[lower]
        else:
            latin = BGN.get(lower, char)
        out.append(latin[:1].upper() + latin[1:] if char.isupper() else latin)
    return "".join(out)


def ascii_spelling(text: str) -> str:
    """Diacritics spelt out or dropped: Statkievič → Statkievich."""
    spelt = "".join(ASCII.get(c, ASCII.get(c.lower(), c)) for c in text)
    return unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii")


def spellings(name: str) -> set[str]:
    """A name as written, and, if Cyrillic, its romanisations."""
    found = {name}
    if any("\u0400" <= c <= "\u04ff" for c in name):
        for latin in (romanise_belarusian(name), romanise_russian(name), romanise_bgn(name)):
            found |= {latin, ascii_spelling(latin)}
    return found


Form = tuple[str, ...]
"""A form of a name as its folded words."""


def name_forms(names: Iterable[str]) -> set[Form]:
    """Every form of a person's name, from its texts in every language and its other
    spellings."""
    forms: set[Form] = set()
    for name in names:
        forms |= text_forms(name)
    return forms


@lru_cache(maxsize=1 << 15)
def text_forms(name: str) -> frozenset[Form]:
    """The forms of one text of a name (remembered: a build asks for each name twice,
    once over the sources and once over the site)."""
    return frozenset(form for spelling in spellings(name) if (form := tuple(words(spelling))))


def names_of(data: object) -> list[str]:
    """Every text of a person's name in their record: each language's, each alias."""
    if not isinstance(data, dict):
        return []
    name, aliases = data.get("name"), data.get("aliases")
    texts = list(name.values()) if isinstance(name, dict) else []
    texts += aliases if isinstance(aliases, list) else []
    return [text for text in texts if isinstance(text, str)]


def slug_from_name(slug: str, names: list[str]) -> bool:
    """Whether any word of a file name comes from a form of the name: the same word, one
    the start of the other, the same consonants, or the name's initials."""
    from .search import skeleton

    forms = name_forms(names)
    name_words = {word for form in forms for word in form}
    initials = {"".join(word[0] for word in form) for form in forms if len(form) > 1}
    parts = [w for w in slug.split("-") if w and not w.isdigit()]
    for part in parts:
        for word in name_words:
            if part == word or (min(len(part), len(word)) >= 2
                                and (part.startswith(word) or word.startswith(part))):
                return True
            if len(skeleton(part)) >= 2 and skeleton(part) == skeleton(word):
                return True
    letters = "".join(w for w in parts if len(w) == 1)
    return any(len(x) >= 2 and (x in parts or x[::-1] in parts or x in letters
                                or x[::-1] in letters) for x in initials)
