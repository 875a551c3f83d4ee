"""Finding the names of people whose names are withheld, in any text.

A name is found when two of its words (the first and last name of any of its forms, see
nameforms.py) stand next to each other in either order, or with one word between them (a
middle name, a patronymic, an initial); a form of one word (an alias) is found alone.
Each word may carry a case ending; case, accents, look-alike letters of other scripts and
invisible characters do not count. Tags between the words (`Ivan</b> <b>Petrov`) do not
hide them either.

The search is one pass of one regular expression over the text, looking for where a word
of some name starts; only there are the words around it compared."""

from __future__ import annotations

import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .nameforms import STEM, fold, name_forms, stem, word_matches
from .search import skeleton

WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits (an underscore separates words, as readers see it)."""
TAG = re.compile(r"<[^<>]*>")
INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
WINDOW = 160
"""Characters on each side of a word of a name within which its partner is looked for."""
NEAR = 2
"""A name's two words may be at most this many words apart (one word between them)."""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two words of one form of a withheld person's name (`partner` None: one word alone)."""

    slug: str
    anchor: str
    partner: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    """A withheld person's name found in a text."""

    slug: str
    start: int
    """Where it starts in the text searched."""
    words: str
    """The words as they stand in the text."""

    def line(self, text: str) -> int:
        """The line (from 1) of the text it is on."""
        return text.count("\n", 0, self.start) + 1


class Guard:
    """The name forms of every withheld person, ready to be looked for in texts."""

    def __init__(self, people: dict[str, list[str]]) -> None:
        """`people`: each withheld person's slug → every text of their name (each
        language's, each other spelling)."""
        pairs: set[Pair] = set()
        for slug, names in sorted(people.items()):
            for form in name_forms(names):
                pairs |= _pairs(slug, form[:4])
        self.by_key: dict[str, list[Pair]] = {}
        for pair in sorted(pairs, key=lambda p: (p.slug, p.anchor, p.partner or "")):
            self.by_key.setdefault(_key(pair.anchor), []).append(pair)
        self.pattern = re.compile(_trie(sorted(self.by_key))) if self.by_key else None
        digest = hashlib.blake2b(b"guard-1", digest_size=16)
        for pair in sorted(pairs, key=lambda p: (p.slug, p.anchor, p.partner or "")):
            digest.update(f"{pair.slug}\0{pair.anchor}\0{pair.partner}\n".encode())
        self.key = digest.digest()
        """Changes whenever the names looked for change (for remembering clean texts)."""
        self.loose: dict[str, list[tuple[str, str]]] = {}
        """Consonant skeleton of a name's word → (slug, the skeleton of its partner)."""
        for pair in sorted(pairs, key=lambda p: (p.slug, p.anchor, p.partner or "")):
            if pair.partner is not None:
                a, b = skeleton(pair.anchor), skeleton(pair.partner)
                if min(len(a), len(b)) >= LOOSE_MIN and len(a) + len(b) >= LOOSE_TOTAL:
                    self.loose.setdefault(a, []).append((pair.slug, b))
                    self.loose.setdefault(b, []).append((pair.slug, a))
        self.loose_index = {key + ending: partners for key, partners in self.loose.items()
                            for ending in SKELETON_ENDINGS}
        """The same, by every form a word's skeleton takes with a case ending."""

    @classmethod
    def of_site(cls, site) -> Guard:
        """The guard for the withheld people of a site model."""
        return cls({p.slug: [text for _, text in p.name.values] + list(p.aliases)
                    for p in site.prisoners if p.name_withheld})

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str, breaks: re.Pattern | None = None) -> list[Hit]:
        """Every withheld name in `text` (one hit per person and place). `breaks`: what
        separates texts that do not run on (by default tags, quotes and blank lines; a
        name is never made of words from both sides of one)."""
        if self.pattern is None:
            return []
        text = prepared(text)
        low = text.lower()
        hits: dict[tuple[str, int], Hit] = {}
        for match in self.pattern.finditer(low):
            start = match.start()
            if start and _is_word(low[start - 1]):
                continue
            end = match.end()
            while end < len(low) and _is_word(low[end]):
                end += 1
            word = fold(low[start:end])
            for pair in self._pairs_for(word):
                found = self._confirm(text, start, end, pair, breaks or BREAKS)
                if found is not None:
                    hits.setdefault((pair.slug, start), Hit(pair.slug, start, found))
        return list(hits.values())

    def find_loosely(self, text: str) -> list[Hit]:
        """Also the spellings the name search matches (by consonants: Kolesnikova for
        Kalesnikava), where both words of a name are long enough to tell apart. For what
        editors write: slower than `find`. A hit starts at the start of its line."""
        if not self.loose_index:
            return []
        text = prepared(text)
        hits: dict[tuple[str, int], Hit] = {}
        views = [text, _untagged(text, 0)[0]] if "<" in text or "&" in text else [text]
        for view in views:
            begin = 0
            for found in [*BREAKS.finditer(view), None]:
                end = found.start() if found is not None else len(view)
                if end > begin:
                    self._loose_in(view, begin, end, hits, text)
                begin = found.end() if found is not None else end
        return list(hits.values())

    def _loose_in(self, view: str, begin: int, end: int, hits: dict, text: str) -> None:
        segment = view[begin:end]
        keys = list(map(skeleton, WORD.findall(segment)))
        index = self.loose_index
        for i, key in enumerate(keys):
            for slug, partner in index.get(key, ()):
                for j in range(max(0, i - NEAR), min(len(keys), i + NEAR + 1)):
                    if j != i and _loose_match(keys[j], partner):
                        spans = [m.span() for m in WORD.finditer(segment)]
                        first, last = sorted((i, j))
                        line = view.count("\n", 0, begin + spans[first][0])
                        start = _line_start(text, line)
                        words = segment[spans[first][0]:spans[last][1]]
                        hits.setdefault((slug, start), Hit(slug, start, words))

    def _pairs_for(self, word: str) -> Iterable[Pair]:
        for size in range(1, len(word) + 1):
            for pair in self.by_key.get(word[:size], ()):
                if word_matches(word, pair.anchor):
                    yield pair

    def _confirm(self, text: str, start: int, end: int, pair: Pair,
                 breaks: re.Pattern) -> str | None:
        """The name's words around text[start:end] if its partner word is near."""
        if pair.partner is None:
            return text[start:end]
        left, right = max(0, start - WINDOW), min(len(text), end + WINDOW)
        window = text[left:right]
        for view, offset in ((window, start - left), _untagged(window, start - left)):
            segment, at = _segment(view, offset, breaks)
            spans = [(m.start(), m.end(), fold(m[0])) for m in WORD.finditer(segment)]
            here = next((i for i, (a, b, _) in enumerate(spans) if a <= at < b), None)
            if here is None:
                continue
            for other in range(max(0, here - NEAR), min(len(spans), here + NEAR + 1)):
                if other != here and word_matches(spans[other][2], pair.partner):
                    first, last = sorted((here, other))
                    return segment[spans[first][0]:spans[last][1]]
        return None


BREAKS = re.compile(r'[<>"\x00]|\n[ \t]*\n')
"""What ends a run of text: a tag, a quote (attribute values, JSON strings), a blank line."""
CSV_BREAKS = re.compile(r'[<>"\x00,\n]')
"""In a CSV file each cell stands alone."""
BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|caption|h[1-6]|br|hr|"
                   r"section|article|header|footer|nav|main|aside|figure|figcaption|blockquote|"
                   r"pre|dl|dt|dd|title|head|body|html|meta|link|option|select|label|button|"
                   r"form|input|textarea|details|summary|picture|source|img|entry|"
                   r"loc|url)\b[^<>]*>", re.I)
COMBINING = re.compile(r"[\u0300-\u036f]")


def prepared(text: str) -> str:
    """Text with invisible characters and stray combining marks taken out (the guard's
    letter classes know composed letters only)."""
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if COMBINING.search(text):
        text = COMBINING.sub("", unicodedata.normalize("NFC", text))
    return text


def _untagged(window: str, offset: int) -> tuple[str, int]:
    """The window with block tags as breaks, other tags as spaces and entities decoded,
    and where `offset` lands in it."""
    def plain(part: str) -> str:
        return html.unescape(TAG.sub(" ", BLOCK.sub("\x00", part)))

    before = plain(window[:offset])
    return before + plain(window[offset:]), len(before)


def _segment(view: str, offset: int, breaks: re.Pattern) -> tuple[str, int]:
    """The run of text around `offset` between two breaks, and where `offset` is in it."""
    start = 0
    for found in breaks.finditer(view):
        if found.end() <= offset:
            start = found.end()
        elif found.start() >= offset:
            return view[start:found.start()], offset - start
    return view[start:], offset - start


LOOSE_MIN = 2
LOOSE_TOTAL = 5
"""Only names whose two words have at least 2 consonants each, 5 together, are also
looked for by their consonants: shorter skeletons would match ordinary words."""
SKELETON_ENDINGS = ("", "m", "h", "v")
"""What case endings add to a word's consonants (-ом, -ых, -ого, -ов)."""


def _loose_match(key: str, partner: str) -> bool:
    return any(key == partner + ending for ending in SKELETON_ENDINGS)


def _line_start(text: str, line: int) -> int:
    """Where line `line` (from 0) of a text starts."""
    start = 0
    for _ in range(line):
        found = text.find("\n", start)
        if found == -1:
            break
        start = found + 1
    return start


def _is_word(char: str) -> bool:
    return char.isalnum()


def _key(word: str) -> str:
    """What is looked for in text to find a word: its stem, or the word if short."""
    base = stem(word)
    return base if len(base) >= STEM else word


def _pairs(slug: str, form: tuple[str, ...]) -> set[Pair]:
    if len(form) == 1:
        return {Pair(slug, form[0], None)}
    pairs = set()
    for a, b in itertools.combinations(form, 2):
        anchor, partner = sorted((a, b), key=lambda w: (-len(_key(w)), w))
        pairs.add(Pair(slug, anchor, partner))
    return pairs


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Folded letter → a character class of every lowercase letter that folds to it."""
    classes: dict[str, set[str]] = {}
    ranges = ((0x20, 0x250), (0x370, 0x400), (0x400, 0x530), (0x1E00, 0x1F00))
    for low, high in ranges:
        for code in range(low, high):
            char = chr(code)
            if not char.isalpha() or char != char.lower():
                continue
            folded = fold(char)
            if len(folded) == 1:
                classes.setdefault(folded, {folded}).add(char)
    return {k: "[" + "".join(re.escape(c) for c in sorted(v)) + "]" for k, v in classes.items()}


def _class(char: str) -> str:
    return _spellings().get(char, re.escape(char))


def _trie(keys: list[str]) -> str:
    """One pattern matching where any of `keys` (folded) is spelt, as a trie."""
    root: dict = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [_class(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)
