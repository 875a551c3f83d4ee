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
import re
from collections.abc import Callable, Iterator

from .formstore import KeptForms
from .guardloose import LooseFinding
from .guardmatch import (
    MOST,
    NEAR,
    WORDS_PAIRED,
    Hit,
    Pair,
    across_blocks,
    joined_pattern,
    loose_index_of,
    matches_word,
    name_between,
    name_pairs,
    shaped_like_name,
    trie_pattern,
    word_keys,
)
from .guardpublic import PublicNames
from .guardtext import (
    BREAKS,
    CUT,
    TEXT_BREAKS,
    WORD,
    joined_tags,
    line_start,
    prepared,
    regions,
    segments_of,
    shown,
    split_words_joined,
    untagged,
)
from .nameforms import PARTNER_STEM, Form, fold, name_forms


class Guard(LooseFinding):
    """The name forms of every withheld person, ready to be looked for in texts."""

    def __init__(self, people: dict[str, list[str]],
                 public: dict[str, list[str]] | None = None,
                 distinct: dict[str, frozenset[str]] | None = None,
                 allowed: frozenset[str] = frozenset(),
                 forms: Callable[[list[str]], set[Form]] = name_forms) -> None:
        """`people`: each withheld person's slug → every text of their name (each
        language's, each other spelling). `public`: the same for the people whose names
        are shown: where a word of a withheld name belongs to a public person's name
        next to it (`Viktar Babaryka, Maryia Kalesnikava`), it is that person's, not
        half of the withheld `Maryia Babaryka`. `distinct`: a public person's slug → the
        withheld people their own name, written in full, may look like (`distinct_from`
        in their file). `allowed`: the public names records list in `public_names`,
        accepted in what is published in their exact spelling (names/allowance.py).
        `forms`: what gives the forms of a person's name (`name_forms`, or the same kept
        between builds: formstore.py)."""
        pairs: set[Pair] = set()
        for slug, names in sorted(people.items()):
            for form in forms(names):
                pairs |= name_pairs(slug, form[:WORDS_PAIRED])
        ordered = sorted(pairs, key=lambda p: (p.slug, p.anchor, p.partner or ""))
        self.by_key: dict[str, list[Pair]] = {}
        for pair in ordered:  # either word of a pair finds it, by any of its stems
            for key in word_keys(pair.anchor):
                self.by_key.setdefault(key, []).append(pair)
            if pair.partner is not None:
                for key in word_keys(pair.partner):
                    self.by_key.setdefault(key, []).append(
                        Pair(pair.slug, pair.partner, pair.anchor))
        self.pattern = re.compile(trie_pattern(sorted(self.by_key))) if self.by_key else None
        self.loose_index = loose_index_of(ordered)
        """A word's consonant skeleton (with a case ending's) → (slug, the skeletons its
        partner may have)."""
        self.joined_starts, self.joined_owners = joined_pattern(ordered)
        """Two words of a name run together, in either order: where one may start, and
        each first stem's (second stem, slug)."""
        self._seen: dict[str, tuple[Pair, ...]] = {}
        self._last: str | None = None
        self.names = PublicNames.of({slug: frozenset(forms(names))
                                     for slug, names in (public or {}).items()},
                                    distinct or {})
        """The public people's names (guardpublic.py), their index made on first use."""
        self.allowed = allowed
        digest = hashlib.blake2b(b"guard-4", digest_size=16)
        for pair in ordered:
            digest.update(f"{pair.slug}\0{pair.anchor}\0{pair.partner}\n".encode())
        digest.update(self.names.key)
        for name in sorted(allowed):
            digest.update(f"allowed\0{name}\n".encode())
        self.key = digest.digest()
        """Changes whenever the names looked for change (for remembering clean texts)."""

    @classmethod
    def of_site(cls, site, forms: Callable[[list[str]], set[Form]] = name_forms) -> Guard:
        """The guard for the withheld people of a site model."""
        def names(person) -> list[str]:
            return [text for _, text in person.name.values] + list(person.aliases)

        withheld = {p.slug: names(p) for p in site.prisoners if p.name_withheld}
        public = {p.slug: names(p) for p in site.prisoners if not p.name_withheld}
        distinct = {p.slug: frozenset(p.distinct_from) for p in site.prisoners
                    if p.distinct_from}
        return cls.of(withheld, public if withheld else {}, distinct, site.public_names,
                      forms)

    @classmethod
    def of(cls, people: dict[str, list[str]], public: dict[str, list[str]] | None = None,
           distinct: dict[str, frozenset[str]] | None = None,
           allowed: frozenset[str] = frozenset(),
           forms: Callable[[list[str]], set[Form]] = name_forms) -> Guard:
        """A guard for these names, made once a process (a build asks for it at each
        pass, the live preview at each update; making one takes a while on a large site).
        `forms` gives the same forms whichever it is, and is not part of what is
        remembered."""
        key = hashlib.blake2b(repr((sorted(people.items()), sorted((public or {}).items()),
                                    sorted((distinct or {}).items(), key=repr),
                                    sorted(allowed))).encode(),
                              digest_size=16).digest()
        if key not in _MADE:
            if len(_MADE) >= 4:
                _MADE.pop(next(iter(_MADE)))
            _MADE[key] = cls(people, public, distinct, allowed, forms)
        elif isinstance(forms, KeptForms):  # kept all the same, for the next process
            forms([text for names in (*people.values(), *(public or {}).values())
                   for text in names])
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
        if len(hits) < MOST and CUT.search(text):  # Se<b>cr</b>et Pe&#114;son
            view = prepared(joined_tags(text))
            lines = {(h.slug, h.line(text)) for h in hits.values()}
            for hit in self._find(view, TEXT_BREAKS).values():
                at = line_start(text, hit.line(view) - 1)
                if (hit.slug, hit.line(view)) not in lines:
                    hits.setdefault((hit.slug, at), Hit(hit.slug, at, hit.words))
        for start, line in split_words_joined(text):  # Zhur.auskaya, Zhur|auskaya
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
        for left, right in regions(starts, len(text)):
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
            views += [prepared(untagged(region)), prepared(joined_tags(region))]
        seen = set()
        for number, view in enumerate(views):
            for start, words, slug in self._names_in(view, breaks if number == 0 else
                                                     TEXT_BREAKS):
                same = (slug, "".join(WORD.findall(fold(words))))
                if same not in seen:
                    seen.add(same)  # the views keep line breaks: a find keeps its line
                    at = start if number == 0 else line_start(region, view.count("\n", 0, start))
                    yield Hit(slug, left + at, words)

    def _names_in(self, view: str, breaks: re.Pattern) -> Iterator[tuple[int, str, str]]:
        """(start, words, slug) of each name in one stretch of text."""
        segment_of, block_of = segments_of(view, breaks), segments_of(view, breaks, True)
        spans = [(m.start(), m.end(), fold(m[0])) for m in WORD.finditer(view)]
        segments = [segment_of(start) for start, _, _ in spans]
        blocks = [block_of(start) for start, _, _ in spans]
        places: dict[str, list[int]] = {}  # partner word → where it stands, in order

        def where(partner: str) -> list[int]:
            if partner not in places:
                places[partner] = [k for k, (_, _, w) in enumerate(spans)
                                   if matches_word(w, partner, PARTNER_STEM)]
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
                            name_between(view, spans, first, last) and \
                            across_blocks(blocks, first, last) and \
                            shaped_like_name(view, spans, blocks, first, last) and \
                            not self._claimed(words, segments, i, j, pair.slug,
                                              own=(word, words[j]) == (pair.anchor,
                                                                       pair.partner)):
                        yield spans[first][0], shown(view[spans[first][0]:spans[last][1]]), \
                            pair.slug
                        break
                    k += 1

    def _claimed(self, words: list[str], segments: list[int], i: int, j: int,
                 slug: str, own: bool = False) -> bool:
        """Whether the words at i and j are not a withheld name after all: one of them is
        part of a public person's name with a word next to it, or the two are a public
        person's whole name and that person is declared distinct from this one, unless
        they are the withheld person's own spelling (`own`: then the two cannot be told
        apart, and the name is found)."""
        if not self.names:
            return False
        for at, other in ((i, j), (j, i)):
            for _, partner, distinct in self._public_for(words[at]):
                for near in (at - 1, at + 1):
                    if not 0 <= near < len(words) or segments[near] != segments[at] or \
                            not matches_word(words[near], partner):
                        continue
                    if near != other or (slug in distinct and not own):
                        return True
        return False

    def _public_for(self, word: str) -> list[tuple[str, str, frozenset[str]]]:
        found = []
        index = self.names.index
        for size in range(1, len(word) + 1):
            for entry in index.get(word[:size], ()):
                if matches_word(word, entry[3]):
                    found.append(entry[:3])
        return found

    def _pairs_for(self, word: str) -> tuple[Pair, ...]:
        """The pairs a folded word is a word of (remembered: words repeat)."""
        known = self._seen.get(word)
        if known is None:
            known = tuple(pair for size in range(1, len(word) + 1)
                          for pair in self.by_key.get(word[:size], ())
                          if matches_word(word, pair.anchor))
            if len(self._seen) < 1 << 16:
                self._seen[word] = known
        return known


_MADE: dict[bytes, Guard] = {}
"""The guards made in this process, by their names (a few, most recent last)."""


