"""The withheld-name guard's looser searches (a mixin of guard.Guard): names spelt as the
name search matches them (by consonants), and two words of a name run together
(`#FreeIvanPetrov`). For what editors write and for addresses: slower than `find`."""

from __future__ import annotations

import re

from .guardmatch import (
    JOINED_SPAN,
    MOST,
    NEAR,
    Hit,
    across_blocks,
    name_between,
    shaped_like_name,
)
from .guardtext import WORD, segments_of, shown, written_breaks
from .nameforms import LONGEST_ENDING, endings, fold
from .search import skeleton

NOTHING = re.compile("(?!)")
"""No break at all (a segment between breaks is searched: only its block breaks count)."""


class LooseFinding:
    """`find_loosely` and `find_joined`, on the guard's indexes (`loose_index`,
    `joined_starts`, `joined_owners`) and its `_prepared` and `_claimed`."""

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
        blocks: list[int] = []
        for i, key in enumerate(keys):
            for slug, partner in index.get(key, ()):
                for j in range(max(0, i - NEAR), min(len(keys), i + NEAR + 1)):
                    if j != i and keys[j] in partner:
                        if not spans:
                            spans = [m.span() for m in WORD.finditer(segment)]
                            block_of = segments_of(segment, NOTHING, True)
                            blocks = [block_of(a) for a, _ in spans]
                        first, last = sorted((i, j))
                        folded = [fold(segment[a:b]) for a, b in spans]
                        if not name_between(segment, spans, first, last) or \
                                not across_blocks(blocks, first, last) or \
                                not shaped_like_name(segment, spans, blocks, first, last) or \
                                self._claimed(folded, [0] * len(folded), i, j, slug):
                            continue
                        start = begin + spans[first][0]
                        words = shown(segment[spans[first][0]:spans[last][1]])
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
        ends = endings()
        for size in range(2, len(folded) + 1):
            for tail, slug in self.joined_owners.get(folded[:size], ()):
                for ending in range(LONGEST_ENDING + 1):
                    if folded[size:size + ending] in ends and \
                            folded.startswith(tail, size + ending):
                        return slug, size + ending + len(tail)
        return None
