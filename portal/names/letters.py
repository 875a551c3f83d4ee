"""Letters as a reader sees them, by Unicode's own data: for the leak guard, every
character is either dropped (a reader does not see it), read as a plain letter (a
look-alike, a styled or compatibility form of one), or kept as it is.

*Plain* letters are ASCII and the letters of the Belarusian and Russian alphabets. The
data are Unicode's: general categories and the Default_Ignorable_Code_Point property
(through the `regex` package), compatibility decompositions (NFKC, `unicodedata`), the
confusables of UTS #39 (the file the `confusable-homoglyphs` package ships) and, for
styled Latin letters the confusables leave alone (small capitals ᴀ, negative squared 🅰,
hooked ɓ), the transliteration of the `anyascii` package. Nothing here is a list typed
by hand; each character's reading is worked out on first use and remembered."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import regex

from .translit import BELARUSIAN, IOTATED, RUSSIAN

IGNORED = regex.compile(r"[\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]+")
"""What a reader does not see, or sees only as part of the letter before it: format
characters (zero-width spaces and joiners, direction marks, tags), marks of every kind
(combining, enclosing, and spacing: Unicode 16 made a mark Python's Unicode 14 calls
combining a spacing one), variation selectors and every other default-ignorable code
point, in every plane. Dropped before matching."""

_SMALL = {*BELARUSIAN, *RUSSIAN, *IOTATED, "ь", "ё", "й"}
ALPHABET = frozenset(_SMALL | {letter.upper() for letter in _SMALL})
"""The letters of the Belarusian and Russian alphabets, both cases (from translit.py)."""

NOT_PLAIN = re.compile("[^\x00-\x7f" + "".join(sorted(ALPHABET)) + "]+")
"""A run of characters that are neither ASCII nor letters of the site's alphabets."""

LATIN_LIKE = regex.compile(r"\p{Script=Latin}")

SMALL_CAPITAL = regex.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


def is_plain(char: str) -> bool:
    return char.isascii() or char in ALPHABET


@cache
def _confusables() -> dict[str, list[dict[str, str]]]:
    """UTS #39 confusables, as the package ships them: each character → the characters
    confusable with it (its prototype, and if it is one, the characters it stands for).
    Read once a process, when the first look-alike is looked up."""
    package = importlib.util.find_spec("confusable_homoglyphs")  # not imported: it
    data = Path(package.origin).parent / "confusables.json"      # reads the file too
    return json.loads(data.read_text(encoding="utf-8"))


def confusable_with(char: str) -> set[str]:
    """Every single character UTS #39 confuses with `char`: its prototype, and every
    character that has the same prototype."""
    data = _confusables()
    found = set()
    for entry in data.get(char, ()):
        found.add(entry["c"])
        found.update(e["c"] for e in data.get(entry["c"], ()))
    found.discard(char)
    return {c for c in found if len(c) == 1}


@cache
def apostrophes() -> str:
    """The apostrophe and every character UTS #39 confuses with it (’ ʼ ʹ ′ ` ´ ՚ ＇…)."""
    return "".join(sorted(c for c in confusable_with("'") | {"'"} if not IGNORED.match(c)))


def _upper(char: str) -> bool:
    return char.isupper() or "SMALL CAPITAL" in unicodedata.name(char, "")


def _cased(source: str, letters: str) -> str:
    """A reading in the case its character is written in (a small capital is a capital)."""
    if _upper(source):
        return letters.upper()
    return letters.lower() if source.islower() else letters


def _lookalike(char: str) -> str | None:
    """The plain letter UTS #39 confuses `char` with: an ASCII letter (in the case the
    character is written in, where the data offer both), else a letter of the
    alphabets."""
    others = confusable_with(char)
    latin = sorted(c for c in others if c.isascii() and c.isalpha())
    if latin:
        same = [c for c in latin if _upper(c) == _upper(char)]
        return _cased(char, (same or latin)[0])
    cyrillic = sorted(c for c in others if c in ALPHABET)
    if cyrillic:
        same = [c for c in cyrillic if c.isupper() == _upper(char)]
        return _cased(char, (same or cyrillic)[0])
    return None


def _transliterated(char: str) -> str | None:
    """A Latin letter, or a symbol named after one (🅰, NEGATIVE SQUARED LATIN CAPITAL
    LETTER A), in ASCII letters; None for anything else (a Chinese or Arabic character
    is never read as Latin)."""
    category = unicodedata.category(char)
    if category[0] not in "LSN" or category == "Nd":
        return None
    if not (LATIN_LIKE.match(char) or "LATIN" in unicodedata.name(char, "").split()):
        return None
    from anyascii import anyascii  # only for the rare character that needs it

    letters = anyascii(char)
    return letters if letters.isascii() and letters.isalpha() else None


NAMED = regex.compile(r"LATIN (?:(CAPITAL|SMALL) )?LETTER (SMALL CAPITAL )?([A-Z])(?: WITH .+)?")


def _named_letter(char: str) -> str | None:
    """The ASCII letter a Latin letter is named after (LATIN SMALL LETTER V WITH PALATAL
    HOOK, LATIN LETTER SMALL CAPITAL A), in its case; None for any other character."""
    match = NAMED.fullmatch(unicodedata.name(char, ""))
    if match is None:
        return None
    return match[3].lower() if match[1] == "SMALL" and not match[2] else match[3]


def plain_letter(char: str, depth: int = 0, cases: bool = True) -> str:
    """How a reader reads one character, in plain letters where it is a form of them
    (case as written); "" for what is not seen; the character itself otherwise."""
    if is_plain(char):
        return char
    if IGNORED.match(char):
        return ""
    compatible = unicodedata.normalize("NFKC", char)
    letters = unicodedata.category(char)[0] in "LNS"
    if compatible != char and depth < 4:
        alnum = [c for c in compatible if c.isalnum()]
        if unicodedata.category(char)[0] == "S" and len(alnum) > 1:
            return " "  # ™, №, ㎏: an abbreviation standing apart, not letters of a word
        if unicodedata.category(char)[0] == "S" and alnum:
            compatible = alnum[0]  # ⒜, 🄐: a letter in parentheses is the letter
        read = "".join(plain_letter(c, depth + 1) for c in compatible)
        if (any(c.isalnum() for c in read) and all(map(is_plain, read))) or not letters:
            return read  # 𝐒, Ｓ, ﬁ, ſ, Ⓐ
        return _lookalike(char) or read  # ϲ is ς, but looks like c; ˛ is a mark, but like i
    decomposed = unicodedata.normalize("NFD", char)
    base = IGNORED.sub("", decomposed)
    if base != decomposed and base and depth < 4:
        if all(is_plain(c) for c in base) and len(char.lower()) == 1:
            return char  # an accented plain letter: folding takes its accents off
        return "".join(plain_letter(c, depth + 1) for c in base)
    if not letters:
        return char  # punctuation, spaces, controls: never letters
    found = _lookalike(char) or _named_letter(char) or _transliterated(char)
    for other in (char.lower(), char.upper()):  # ꭺ is read as its capital Ꭺ is, A
        if found is None and other != char and len(other) == 1 and cases:
            read = plain_letter(other, depth + 1, cases=False)
            found = read if read != other else None
    if found is not None:
        found = _cased(char, found)
    return char if found is None else found


class _Table(dict):
    """A table for str.translate that works out each character's entry on first use."""

    def __init__(self, reading) -> None:
        super().__init__()
        self.reading = reading

    def __missing__(self, code: int) -> str:
        value = self[code] = self.reading(chr(code))
        return value


PLAIN = _Table(plain_letter)
"""Code point → how a reader reads it (see plain_letter)."""


class _Unread:
    """Runs of the characters not yet known to be read as themselves: a page's dashes,
    quotes and spaces are looked up once a process, then passed over by one search (a
    character-by-character translation of every page took most of the guard's time)."""

    def __init__(self) -> None:
        self.same: set[str] = set()
        self.pattern = NOT_PLAIN
        self.compiled = 0
        """How many of `same` the pattern passes over (it is made again once half as
        many more are known: a text of thousands of rare characters costs a few
        compilations, not one each)."""

    def read(self, text: str) -> str:
        """`text.translate(PLAIN)`, translating only what may change."""
        if not self.pattern.search(text):
            return text
        return self.pattern.sub(self._run, text)

    def _run(self, match: re.Match) -> str:
        run = match[0]
        new = {c for c in run if c not in self.same and PLAIN[ord(c)] == c}
        self.same |= new
        if new and len(self.same) - self.compiled >= max(1, self.compiled // 2):
            self.compiled = len(self.same)
            self.pattern = re.compile("[^\x00-\x7f" + "".join(sorted(ALPHABET)) + "".join(
                re.escape(c) for c in sorted(self.same)) + "]+")
        return run.translate(PLAIN)


UNREAD = _Unread()


def plain(text: str) -> str:
    """Text as a reader reads it: unseen characters out, look-alikes and styled letters
    as plain letters, case kept. Plain text comes back as it is."""
    if text.isascii():
        return text
    if IGNORED.search(text):
        text = IGNORED.sub("", text)
    return UNREAD.read(text)


@cache
def latin_of(letter: str) -> str:
    """The Latin letter a small letter of the alphabets looks like, by UTS #39: one
    confused with it directly (а → a, р → p, г → r), or a small capital it is confused
    with (в → ʙ → b, н → ʜ → h); else the letter itself."""
    others = confusable_with(letter)
    latin = {c.lower() for c in others if c.isascii() and c.isalpha()}
    if not latin:
        latin = {m[1].lower() for c in others
                 if (m := SMALL_CAPITAL.fullmatch(unicodedata.name(c, "")))}
    return latin.pop() if len(latin) == 1 else letter


def folded_letter(char: str) -> str:
    """A character of casefolded, decomposed text as the guard compares it: a small letter
    of the alphabets as the Latin letter it looks like, any other as its plain reading,
    folded the same way."""
    if char.isascii():
        return char
    if char in ALPHABET:
        return latin_of(char) if char.islower() else folded_letter(char.lower())
    read = plain_letter(char)
    if read == char:
        return char
    read = IGNORED.sub("", unicodedata.normalize("NFKD", read.casefold()))
    return "".join(folded_letter(c) if c != char else c for c in read)


FOLDED = _Table(folded_letter)
"""Code point → how the guard compares it, once text is casefolded and decomposed."""
