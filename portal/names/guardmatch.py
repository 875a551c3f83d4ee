"""How the withheld-name guard matches names: the keys of words, the pairs of words of each
form of a name, the looser and the joined patterns, and whether words in a text are
shaped like a name."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .nameforms import STEM, fold, stem, stems, word_matches
from .search import skeleton

WORDS_PAIRED = 8
"""Words of a long name whose pairs are looked for."""
NEAR = 2
"""A name's two words may be at most this many words apart (one word between them)."""
MOST = 20
"""Hits reported per text: enough to stop the build and point at the text."""


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



@dataclass(frozen=True, slots=True)
class Pair:
    """Two words of one form of a withheld person's name (`partner` None: one word alone)."""

    slug: str
    anchor: str
    partner: str | None


def name_between(view: str, spans: list, first: int, last: int) -> bool:
    """Whether the word between two words of a name (if any) may be part of a name: a
    middle name, a patronymic or an initial (capitalised, or one letter), not `and`."""
    if last - first < 2:
        return True
    middle = view[spans[first + 1][0]:spans[first + 1][1]]
    return len(middle) == 1 or middle[:1].isupper()


QUOTES = "«»„“”\""


def across_blocks(blocks: list[int], first: int, last: int) -> bool:
    """Whether two words of a name in different blocks (cells of a row, items of a list,
    a heading and a paragraph) may be read as one name: they stand next to each other
    (`<td>Ivan</td><td>Petrov</td>`), or the one word between them has a block of its own
    (cells of a first name, a patronymic and a surname); `Ivan Sidorov</li><li>Petrov
    Maxim` is two people."""
    if blocks[first] == blocks[last] or last - first < 2:
        return True
    return blocks[first] != blocks[first + 1] != blocks[last]


def shaped_like_name(view: str, spans: list, blocks: list[int], first: int,
                      last: int) -> bool:
    """Whether two words that are a withheld name's may be written as that name, not as
    parts of something else: capitalised alike (not `Аляксей, жураўлі`), not a middle
    word and then an opening quote (`Аляксея Русецкага «Жураўлі…»`: a title begins), and
    not two people of a list (`Ірына Жураўлёва, Аляксей Пушкін`, or the two in items or
    cells of their own: a capitalised word before the first and after the second, each in
    the same block, and a comma or a block boundary between). `blocks`: the number of the
    block (between breaks and block breaks) each word is in."""
    def text(k: int) -> str:
        return view[spans[k][0]:spans[k][1]]

    def capitalised(k: int, beside: int) -> bool:
        return 0 <= k < len(spans) and blocks[k] == blocks[beside] and text(k)[:1].isupper()

    if text(first)[:1].isupper() != text(last)[:1].isupper():
        return False
    between = view[spans[first][1]:spans[last][0]]
    if last - first == 2 and sum(between.count(q) for q in QUOTES) % 2:
        return False
    listed = "," in between or blocks[first] != blocks[last]
    return not (listed and last - first == 1 and capitalised(first - 1, first)
                and capitalised(last + 1, last))


def word_key(word: str) -> str:
    """What is looked for in text to find a word: its stem, or the word if short."""
    base = stem(word)
    return base if len(base) >= STEM else word


def word_keys(word: str) -> set[str]:
    """Every stem a word's forms start with (or the word, if short)."""
    return {word_key(word), *(other for other in stems(word)[1:] if len(other) >= STEM)}


PARTICLE = 3
"""Words this short (de, la, del, van, bin) are paired with each other only in two-word
names: `de la` must not stand for a name."""


def name_pairs(slug: str, form: tuple[str, ...]) -> set[Pair]:
    if len(form) == 1:
        return {Pair(slug, form[0], None)}
    pairs = set()
    for a, b in itertools.combinations(form, 2):
        if len(form) > 2 and len(a) <= PARTICLE and len(b) <= PARTICLE:
            continue
        anchor, partner = sorted((a, b), key=lambda w: (-len(word_key(w)), w))
        pairs.add(Pair(slug, anchor, partner))
    return pairs


LOOSE_MIN = 2


LOOSE_TOTAL = 5
"""Only names whose two words have at least 2 consonants each, 5 together, are also
looked for by their consonants: shorter skeletons would match ordinary words."""


SKELETON_ENDINGS = ("", "m", "h", "v")
"""What case endings add to a word's consonants (-ом, -ых, -ого, -ов)."""


def loose_index_of(pairs: list[Pair]) -> dict[str, list[tuple[str, frozenset[str]]]]:
    loose: dict[str, list[tuple[str, str]]] = {}
    for pair in pairs:
        if pair.partner is not None:
            a, b = skeleton(pair.anchor), skeleton(pair.partner)
            if min(len(a), len(b)) >= LOOSE_MIN and len(a) + len(b) >= LOOSE_TOTAL:
                loose.setdefault(a, []).append((pair.slug, b))
                loose.setdefault(b, []).append((pair.slug, a))
    return {key + ending: [(slug, _with_endings(partner)) for slug, partner in partners]
            for key, partners in loose.items() for ending in SKELETON_ENDINGS}


@lru_cache(maxsize=1 << 12)
def _with_endings(key: str) -> frozenset[str]:
    """A skeleton and what case endings make of it."""
    return frozenset(key + ending for ending in SKELETON_ENDINGS)


JOINED_LEAST = 7
"""Two words run together are looked for when they make at least this many letters."""


JOINED_SPAN = 80
"""Letters read from where a run-together name may start (two stems and an ending)."""


def joined_pattern(pairs: list[Pair]) -> tuple[re.Pattern | None,
                                                dict[str, list[tuple[str, str]]]]:
    """A pattern, over lowercase text, for where two words of a name run together may
    start (the stem of either word, any spelling that folds to it), and each first
    stem's (second stem, slug)."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for pair in pairs:
        if pair.partner is None:
            continue
        for first, second in ((pair.anchor, pair.partner), (pair.partner, pair.anchor)):
            head, tail = stem(first), stem(second)
            if len(head) + len(tail) < JOINED_LEAST or min(len(head), len(tail)) < 2:
                continue
            owners.setdefault(head, set()).add((tail, pair.slug))
    if not owners:
        return None, {}
    return re.compile(trie_pattern(sorted(owners))), {k: sorted(v) for k, v in owners.items()}


@lru_cache(maxsize=1 << 16)
def matches_word(candidate: str, word: str, least: int = STEM) -> bool:
    return word_matches(candidate, word, least)


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


def trie_pattern(keys: list[str]) -> str:
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
