"""Finding the names of people whose names are withheld, in any text.

A name is found when two of its words (of any of its forms, see nameforms.py: first and
last name, and in longer names any two words but two particles) stand next to each other
in either order, or with one word between them (a middle name, a patronymic, an
initial); a form of one word (an alias) is found alone. Each word may carry a case
ending; case, accents, compatibility forms (𝐒, Ｓ), look-alike letters of other scripts
and invisible characters do not count. Tags between or inside the words
(`Ivan</b> <b>Petrov`, `Iv<span>an</span>`) do not hide them either.

`find` is for whole published files: one pass of one regular expression finds where a
word of some name starts; only around those places is the text cut into words (each
stretch once, however many names start in it), so the time grows with the length of the
text, never faster. `find_loosely` and `find_joined` are for what editors write:
spellings with the same consonants (Kolesnikova for Калеснікава), and names run together
(#FreeIvanPetrov)."""

from __future__ import annotations

import bisect
import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .characters import FORMAT
from .nameforms import ENDINGS, STEM, fold, name_forms, stem, stems, word_matches
from .search import skeleton

WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits (an underscore separates words, as readers see it)."""
TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)
INVISIBLE = FORMAT
"""Characters a reader does not see, or that only decorate the letter before them."""
WINDOW = 160
"""Characters on each side of a word of a name within which its partner is looked for."""
NEAR = 2
"""A name's two words may be at most this many words apart (one word between them)."""
MOST = 20
"""Hits reported per text: enough to stop the build and point at the text."""
WORDS_PAIRED = 8
"""Words of a long name whose pairs are looked for."""


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

    def __init__(self, people: dict[str, list[str]],
                 public: dict[str, list[str]] | None = None,
                 distinct: dict[str, frozenset[str]] | None = None) -> None:
        """`people`: each withheld person's slug → every text of their name (each
        language's, each other spelling). `public`: the same for the people whose names
        are shown: where a word of a withheld name belongs to a public person's name
        next to it (`Viktar Babaryka, Maryia Kalesnikava`), it is that person's, not
        half of the withheld `Maryia Babaryka`. `distinct`: a public person's slug → the
        withheld people their own name, written in full, may look like (`distinct_from`
        in their file)."""
        pairs: set[Pair] = set()
        for slug, names in sorted(people.items()):
            for form in name_forms(names):
                pairs |= _pairs(slug, form[:WORDS_PAIRED])
        ordered = sorted(pairs, key=lambda p: (p.slug, p.anchor, p.partner or ""))
        self.by_key: dict[str, list[Pair]] = {}
        for pair in ordered:  # either word of a pair finds it, by any of its stems
            for key in _keys(pair.anchor):
                self.by_key.setdefault(key, []).append(pair)
            if pair.partner is not None:
                for key in _keys(pair.partner):
                    self.by_key.setdefault(key, []).append(
                        Pair(pair.slug, pair.partner, pair.anchor))
        self.pattern = re.compile(_trie(sorted(self.by_key))) if self.by_key else None
        digest = hashlib.blake2b(b"guard-2", digest_size=16)
        for pair in ordered:
            digest.update(f"{pair.slug}\0{pair.anchor}\0{pair.partner}\n".encode())
        self.key = digest.digest()
        """Changes whenever the names looked for change (for remembering clean texts)."""
        self.loose_index = _loose_index(ordered)
        """A word's consonant skeleton (with a case ending's) → (slug, the skeletons its
        partner may have)."""
        self.joined_starts, self.joined_owners = _joined_pattern(ordered)
        """Two words of a name run together, in either order: where one may start, and
        each first stem's (second stem, slug)."""
        self._seen: dict[str, tuple[Pair, ...]] = {}
        self._last: str | None = None
        self.public = _public_pairs(public or {}, distinct or {})
        """Folded word of a public person's name → (slug, the word next to it, the withheld
        people that name may look like)."""
        for word, entries in sorted(self.public.items()):
            digest.update(f"{word}\0{sorted(entries)}\n".encode())
        self.key = digest.digest()

    @classmethod
    def of_site(cls, site) -> Guard:
        """The guard for the withheld people of a site model."""
        def names(person) -> list[str]:
            return [text for _, text in person.name.values] + list(person.aliases)

        withheld = {p.slug: names(p) for p in site.prisoners if p.name_withheld}
        public = {p.slug: names(p) for p in site.prisoners if not p.name_withheld}
        distinct = {p.slug: frozenset(p.distinct_from) for p in site.prisoners
                    if p.distinct_from}
        return cls.of(withheld, public if withheld else {}, distinct)

    @classmethod
    def of(cls, people: dict[str, list[str]], public: dict[str, list[str]] | None = None,
           distinct: dict[str, frozenset[str]] | None = None) -> Guard:
        """A guard for these names, made once a process (a build asks for it at each
        pass, the live preview at each update; making one takes a while on a large site)."""
        key = hashlib.blake2b(repr((sorted(people.items()), sorted((public or {}).items()),
                                    sorted((distinct or {}).items(), key=repr))).encode(),
                              digest_size=16).digest()
        if key not in _MADE:
            if len(_MADE) >= 4:
                _MADE.pop(next(iter(_MADE)))
            _MADE[key] = cls(people, public, distinct)
        return _MADE[key]

    def _prepared(self, text: str) -> str:
        """`prepared(text)`, remembered for the last text (a file is searched several
        ways in a row, and most texts come back from `prepared` as they were)."""
        if text is self._last:
            return text
        ready = prepared(text)
        self._last = ready
        return ready

    def __bool__(self) -> bool:
        return self.pattern is not None

    def find(self, text: str, breaks: re.Pattern | None = None) -> list[Hit]:
        """Withheld names in `text` (one hit per person and place, at most MOST).
        `breaks`: what separates texts that do not run on (by default tags, quotes and
        blank lines; a name is never made of words from both sides of one)."""
        if self.pattern is None:
            return []
        text = self._prepared(text)
        hits = self._find(text, breaks or BREAKS)
        for start, line in _split_words_joined(text):  # Zhur.auskaya, Zhur|auskaya
            if len(hits) >= MOST:
                break
            lines = {(h.slug, h.line(text)) for h in hits.values()}
            for hit in self._find(line, breaks or BREAKS).values():
                at = start + line.count("\n", 0, hit.start)
                if (hit.slug, text.count("\n", 0, at) + 1) not in lines:
                    hits.setdefault((hit.slug, at), Hit(hit.slug, at, hit.words))
        return list(hits.values())[:MOST]

    def _find(self, text: str, breaks: re.Pattern) -> dict[tuple[str, int], Hit]:
        starts = self._candidates(text)
        hits: dict[tuple[str, int], Hit] = {}
        for left, right in _regions(starts, len(text)):
            for hit in self._in_region(text, left, right, breaks):
                hits.setdefault((hit.slug, hit.start), hit)
                if len(hits) >= MOST:
                    return hits
        return hits

    def _candidates(self, text: str) -> list[int]:
        """Where a word starts that may be a word of a name."""
        low = text.lower()
        starts = []
        for match in self.pattern.finditer(low):
            start = match.start()
            if start and low[start - 1].isalnum():
                continue
            end = match.end()
            while end < len(low) and low[end].isalnum():
                end += 1
            if self._pairs_for(fold(low[start:end])):
                starts.append(start)
        return starts

    def _in_region(self, text: str, left: int, right: int,
                   breaks: re.Pattern) -> Iterator[Hit]:
        """Names in text[left:right], as written and as a reader sees it without tags."""
        region = text[left:right]
        views = [region]
        if "<" in region or "&" in region:
            views += [_untagged(region), _joined_tags(region)]
        seen = set()
        for number, view in enumerate(views):
            for start, words, slug in self._names_in(view, breaks if number == 0 else
                                                     TEXT_BREAKS):
                same = (slug, "".join(WORD.findall(fold(words))))
                if same not in seen:
                    seen.add(same)  # the views keep line breaks: a find keeps its line
                    at = start if number == 0 else _line_start(region, view.count("\n", 0, start))
                    yield Hit(slug, left + at, words)

    def _names_in(self, view: str, breaks: re.Pattern) -> Iterator[tuple[int, str, str]]:
        """(start, words, slug) of each name in one stretch of text."""
        segment_of = _segments(view, breaks)
        spans = [(m.start(), m.end(), fold(m[0])) for m in WORD.finditer(view)]
        segments = [segment_of(start) for start, _, _ in spans]
        places: dict[str, list[int]] = {}  # partner word → where it stands, in order

        def where(partner: str) -> list[int]:
            if partner not in places:
                places[partner] = [k for k, (_, _, w) in enumerate(spans) if _matches(w, partner)]
            return places[partner]

        words = [w for _, _, w in spans]
        for i, (start, end, word) in enumerate(spans):
            for pair in self._pairs_for(word):
                if pair.partner is None:
                    yield start, view[start:end], pair.slug
                    continue
                found = where(pair.partner)
                k = bisect.bisect_left(found, i - NEAR)
                while k < len(found) and found[k] <= i + NEAR:
                    j = found[k]
                    first, last = sorted((i, j))
                    if j != i and segments[j] == segments[i] and \
                            _name_between(view, spans, first, last) and \
                            _shaped_like_name(view, spans, segments, first, last) and \
                            not self._claimed(words, segments, i, j, pair.slug,
                                              own=(word, words[j]) == (pair.anchor,
                                                                       pair.partner)):
                        yield spans[first][0], view[spans[first][0]:spans[last][1]], pair.slug
                        break
                    k += 1

    def _claimed(self, words: list[str], segments: list[int], i: int, j: int,
                 slug: str, own: bool = False) -> bool:
        """Whether the words at i and j are not a withheld name after all: one of them is
        part of a public person's name with a word next to it, or the two are a public
        person's whole name and that person is declared distinct from this one, unless
        they are the withheld person's own spelling (`own`: then the two cannot be told
        apart, and the name is found)."""
        if not self.public:
            return False
        for at, other in ((i, j), (j, i)):
            for _, partner, distinct in self._public_for(words[at]):
                for near in (at - 1, at + 1):
                    if not 0 <= near < len(words) or segments[near] != segments[at] or \
                            not _matches(words[near], partner):
                        continue
                    if near != other or (slug in distinct and not own):
                        return True
        return False

    def _public_for(self, word: str) -> list[tuple[str, str, frozenset[str]]]:
        found = []
        for size in range(1, len(word) + 1):
            for entry in self.public.get(word[:size], ()):
                if _matches(word, entry[3]):
                    found.append(entry[:3])
        return found

    def _pairs_for(self, word: str) -> tuple[Pair, ...]:
        """The pairs a folded word is a word of (remembered: words repeat)."""
        known = self._seen.get(word)
        if known is None:
            known = tuple(pair for size in range(1, len(word) + 1)
                          for pair in self.by_key.get(word[:size], ())
                          if _matches(word, pair.anchor))
            if len(self._seen) < 1 << 16:
                self._seen[word] = known
        return known

    def find_loosely(self, text: str) -> list[Hit]:
        """Also the spellings the name search matches (by consonants: Kolesnikova for
        Kalesnikava), where both words of a name are long enough to tell apart. For what
        editors write: slower than `find`. A hit starts at the start of its line."""
        if not self.loose_index:
            return []
        text = self._prepared(text)
        hits: dict[tuple[str, int], Hit] = {}
        begin = 0
        for found in [*written_breaks(text).finditer(text), None]:
            end = found.start() if found is not None else len(text)
            if end > begin:
                self._loose_in(text, begin, end, hits)
            begin = found.end() if found is not None else end
            if len(hits) >= MOST:
                break
        return list(hits.values())

    def _loose_in(self, text: str, begin: int, end: int, hits: dict) -> None:
        segment = text[begin:end]
        keys = list(map(skeleton, WORD.findall(segment)))
        index = self.loose_index
        spans: list[tuple[int, int]] = []
        for i, key in enumerate(keys):
            for slug, partner in index.get(key, ()):
                for j in range(max(0, i - NEAR), min(len(keys), i + NEAR + 1)):
                    if j != i and keys[j] in partner:
                        spans = spans or [m.span() for m in WORD.finditer(segment)]
                        first, last = sorted((i, j))
                        folded = [fold(segment[a:b]) for a, b in spans]
                        if not _name_between(segment, spans, first, last) or \
                                not _shaped_like_name(segment, spans, [0] * len(spans), first,
                                                      last) or \
                                self._claimed(folded, [0] * len(folded), i, j, slug):
                            continue
                        start = begin + spans[first][0]
                        words = segment[spans[first][0]:spans[last][1]]
                        hits.setdefault((slug, start), Hit(slug, start, words))
                        if len(hits) >= MOST:
                            return

    def find_joined(self, text: str) -> list[Hit]:
        """Two words of a name run together, anywhere (`#FreeIvanPetrov`, `ivanpetrov`
        in a file name or in an address a template made): where the stem of a name's
        word starts (one pass of one pattern), the folded letters from there are the stem,
        a case ending or none, and the other word's stem."""
        if self.joined_starts is None:
            return []
        text = self._prepared(text)
        low = text.lower()
        hits: list[Hit] = []
        at = 0
        while len(hits) < MOST and (start := self.joined_starts.search(low, at)):
            at = start.start() + 1
            found = self._joined_at(fold(low[start.start():start.start() + JOINED_SPAN]))
            if found is not None:
                slug, length = found
                hits.append(Hit(slug, start.start(), text[start.start():start.start() + length]))
                at = start.start() + length
        return hits

    def _joined_at(self, folded: str) -> tuple[str, int] | None:
        """(Whose name, how many letters) if folded text starts with two words of a name
        run together."""
        for size in range(2, len(folded) + 1):
            for tail, slug in self.joined_owners.get(folded[:size], ()):
                for ending in range(LONGEST_ENDING + 1):
                    if folded[size:size + ending] in ENDINGS and \
                            folded.startswith(tail, size + ending):
                        return slug, size + ending + len(tail)
        return None


_MADE: dict[bytes, Guard] = {}
"""The guards made in this process, by their names (a few, most recent last)."""

BREAKS = re.compile('[<>"\x00]')
"""What ends a run of text in a published file: a tag, a quote (attribute values, JSON
strings). A blank line is no break: a page shows the words of a title or a name written
over two lines side by side."""
TEXT_BREAKS = re.compile("\x00")
"""What ends a run of text in what editors write, and in a page's words once its tags are
taken out (only the breaks the views mark)."""
CSV_BREAKS = re.compile('[<>"\x00,\n]')
"""In a CSV file each cell stands alone."""


def written_breaks(text: str) -> re.Pattern:
    """The breaks of a text an editor wrote: tags and quotes where it holds HTML (its
    words as a reader sees them are searched apart, tags taken out), else only the
    breaks the views mark (a straight quote in prose is no break: `Ivan "Vanya" Petrov`)."""
    return BREAKS if "<" in text else TEXT_BREAKS
BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|caption|h[1-6]|br|hr|"
                   r"section|article|header|footer|nav|main|aside|figure|figcaption|blockquote|"
                   r"pre|dl|dt|dd|title|head|body|html|meta|link|option|select|label|button|"
                   r"form|input|textarea|details|summary|source|entry|loc|url|script|style)"
                   r"\b[^<>]*>", re.I)
COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489]")
APOSTROPHE = re.compile("['’‘`´ʹ′](?<=[^\\W\\d_].)(?=[^\\W\\d_])")
"""An apostrophe inside a word (Tat'yana, Вераб'ёва): part of the word, as in names."""
CHEROKEE = {0x13A0: "D", 0x13A1: "R", 0x13A2: "T", 0x13A5: "i", 0x13A9: "Y", 0x13AA: "A",
            0x13AB: "J", 0x13AC: "E", 0x13B3: "W", 0x13B7: "M", 0x13BB: "H", 0x13C0: "G",
            0x13C2: "h", 0x13C3: "Z", 0x13CF: "b", 0x13D2: "R", 0x13D9: "V", 0x13DA: "S",
            0x13DE: "L", 0x13DF: "C", 0x13E2: "P", 0x13E6: "K", 0x13F4: "B"}
LATIN_LOOKALIKES = {
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek capitals
    **{chr(code): latin for code, latin in CHEROKEE.items()},
    **{chr(code + 0x97D0): latin.lower() for code, latin in CHEROKEE.items()
       if code <= 0x13EF},  # the small Cherokee letters
}
"""Capitals of other scripts that look like Latin letters (Greek Ν is N, where folding
makes it ν, read as v) and Cherokee letters, which fold to no Latin letter at all."""
LOOKALIKE_TABLE = str.maketrans(LATIN_LOOKALIKES)
OTHER_SCRIPT = re.compile("[" + "".join(sorted(LATIN_LOOKALIKES)) + "]")
SYMBOL_LETTERS = {code: " " for code in range(0x80, 0x10000)
                  if unicodedata.category(chr(code)).startswith("S")
                  and any(c.isalnum() for c in unicodedata.normalize("NFKC", chr(code)))}
"""Symbols that compatibility decomposes into letters (™ → TM, № → No, ㎏ → kg): a
space, not letters glued to the word before them."""
SYMBOL = re.compile("[" + "".join(re.escape(chr(c)) for c in SYMBOL_LETTERS) + "]")


def prepared(text: str) -> str:
    """Text as the guard reads it: invisible and decorating characters out, apostrophes
    inside words out, letters of other scripts that look Latin as Latin, symbols that
    decompose into letters as spaces, compatibility letters (𝐒, Ｓ, ﬁ) as the plain ones,
    stray combining marks out."""
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if APOSTROPHE.search(text):
        text = APOSTROPHE.sub("", text)
    if OTHER_SCRIPT.search(text):
        text = text.translate(LOOKALIKE_TABLE)
    if SYMBOL.search(text):
        text = text.translate(SYMBOL_LETTERS)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if COMBINING.search(text):
        text = COMBINING.sub("", text)
    return text


SEPARATORS = ".|/·•․‧∙_-"
UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
LOWER = "".join(chr(c) for c in range(0x61, 0x530) if chr(c).islower() and chr(c).isalpha())
SPLIT = re.compile(r"([^\W\d_]+)[" + re.escape(SEPARATORS) + r"]([^\W\d_]+)")
"""A word cut in two by one separator."""
CUT_NAME = re.compile("[" + re.escape(UPPER) + "][^\\W\\d_]*["
                      + re.escape(SEPARATORS) + "][" + re.escape(LOWER) + "]")
"""Where a capitalised word is cut by one separator before a small letter."""


def _split_words_joined(text: str) -> Iterator[tuple[int, str]]:
    """Each line holding a capitalised word cut by one separator before a small letter
    (`Zhur.auskaya`, `Zhur|auskaya`; not `style.css`, not `Ivan.Petrov`), with the
    separators taken out: (where the line starts, the line). Only those lines are read
    again."""
    def joined(match: re.Match) -> str:
        first, second = match[1], match[2]
        return first + second if first[0].isupper() and second[0].islower() else match[0]

    done = -1
    for match in CUT_NAME.finditer(text):
        if match.start() < done or (match.start() and text[match.start() - 1].isalpha()):
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        done = end
        yield start, SPLIT.sub(joined, SPLIT.sub(joined, text[start:end]))


def _name_between(view: str, spans: list, first: int, last: int) -> bool:
    """Whether the word between two words of a name (if any) may be part of a name: a
    middle name, a patronymic or an initial (capitalised, or one letter), not `and`."""
    if last - first < 2:
        return True
    middle = view[spans[first + 1][0]:spans[first + 1][1]]
    return len(middle) == 1 or middle[:1].isupper()


QUOTES = "«»„“”\""


def _shaped_like_name(view: str, spans: list, segments: list[int], first: int,
                      last: int) -> bool:
    """Whether two words that are a withheld name's may be written as that name, not as
    parts of something else: capitalised alike (not `Аляксей, жураўлі`), not a middle
    word and then an opening quote (`Аляксея Русецкага «Жураўлі…»`: a title begins), and
    not two people of a list (`Ірына Жураўлёва, Аляксей Пушкін`: a capitalised word
    before the first and after the second, a comma between)."""
    def text(k: int) -> str:
        return view[spans[k][0]:spans[k][1]]

    def capitalised(k: int) -> bool:
        return 0 <= k < len(spans) and segments[k] == segments[first] and text(k)[:1].isupper()

    if text(first)[:1].isupper() != text(last)[:1].isupper():
        return False
    between = view[spans[first][1]:spans[last][0]]
    if last - first == 2 and sum(between.count(q) for q in QUOTES) % 2:
        return False
    return not ("," in between and last - first == 1 and capitalised(first - 1)
                and capitalised(last + 1))


def _public_pairs(public: dict[str, list[str]], distinct: dict[str, frozenset[str]]
                  ) -> dict[str, list[tuple[str, str, frozenset[str], str]]]:
    """Key of a public person's name word → (slug, partner word, distinct, the word)."""
    index: dict[str, list[tuple[str, str, frozenset[str], str]]] = {}
    for slug, names in sorted(public.items()):
        seen = set()
        for form in name_forms(names):
            for a, b in itertools.combinations(form[:WORDS_PAIRED], 2):
                for word, partner in ((a, b), (b, a)):
                    if (word, partner) not in seen:
                        seen.add((word, partner))
                        entry = (slug, partner, distinct.get(slug, frozenset()), word)
                        index.setdefault(_key(word), []).append(entry)
    return index


def _untagged(region: str) -> str:
    """Block tags as breaks, other tags as spaces, character references decoded (the line
    breaks inside tags kept)."""
    return html.unescape(TAG.sub(lambda m: " " + _breaks(m), BLOCK.sub(
        lambda m: "\x00" + _breaks(m), region)))


def _joined_tags(region: str) -> str:
    """Block tags as breaks, other tags and comments taken out (`Iv<b>an</b>` → `Ivan`),
    character references decoded: what a reader sees (the line breaks inside tags kept)."""
    return html.unescape(TAG.sub(_breaks, BLOCK.sub(lambda m: "\x00" + _breaks(m), region)))


def _breaks(match: re.Match) -> str:
    return "\n" * match[0].count("\n")


def _line_start(text: str, line: int) -> int:
    """Where line `line` (from 0) of a text starts."""
    start = 0
    for _ in range(line):
        found = text.find("\n", start)
        if found == -1:
            break
        start = found + 1
    return start


def _regions(starts: list[int], length: int) -> Iterator[tuple[int, int]]:
    """The stretches around candidate places, merged where they overlap."""
    left = right = None
    for start in starts:
        low, high = max(0, start - WINDOW), min(length, start + WINDOW)
        if right is not None and low <= right:
            right = high
            continue
        if left is not None:
            yield left, right
        left, right = low, high
    if left is not None:
        yield left, right


def _segments(view: str, breaks: re.Pattern):
    """A function giving the number of the run of text (between breaks) an index is in."""
    ends = [m.start() for m in breaks.finditer(view)]
    return lambda index: bisect.bisect_right(ends, index)


def _key(word: str) -> str:
    """What is looked for in text to find a word: its stem, or the word if short."""
    base = stem(word)
    return base if len(base) >= STEM else word


def _keys(word: str) -> set[str]:
    """Every stem a word's forms start with (or the word, if short)."""
    return {_key(word), *(other for other in stems(word)[1:] if len(other) >= STEM)}


PARTICLE = 3
"""Words this short (de, la, del, van, bin) are paired with each other only in two-word
names: `de la` must not stand for a name."""


def _pairs(slug: str, form: tuple[str, ...]) -> set[Pair]:
    if len(form) == 1:
        return {Pair(slug, form[0], None)}
    pairs = set()
    for a, b in itertools.combinations(form, 2):
        if len(form) > 2 and len(a) <= PARTICLE and len(b) <= PARTICLE:
            continue
        anchor, partner = sorted((a, b), key=lambda w: (-len(_key(w)), w))
        pairs.add(Pair(slug, anchor, partner))
    return pairs


LOOSE_MIN = 2
LOOSE_TOTAL = 5
"""Only names whose two words have at least 2 consonants each, 5 together, are also
looked for by their consonants: shorter skeletons would match ordinary words."""
SKELETON_ENDINGS = ("", "m", "h", "v")
"""What case endings add to a word's consonants (-ом, -ых, -ого, -ов)."""


def _loose_index(pairs: list[Pair]) -> dict[str, list[tuple[str, frozenset[str]]]]:
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


LONGEST_ENDING = max(map(len, ENDINGS))
JOINED_SPAN = 80
"""Letters read from where a run-together name may start (two stems and an ending)."""


def _joined_pattern(pairs: list[Pair]) -> tuple[re.Pattern | None,
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
    return re.compile(_trie(sorted(owners))), {k: sorted(v) for k, v in owners.items()}


@lru_cache(maxsize=1 << 16)
def _matches(candidate: str, word: str) -> bool:
    return word_matches(candidate, word)


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
