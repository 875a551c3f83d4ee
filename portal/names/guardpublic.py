"""The names of the people whose names are shown, as the withheld-name guard knows them:
where a word of a withheld name stands beside another word of a public person's name
(`Viktar Babaryka, Maryia Kalesnikava`), it is that person's, not half of the withheld
`Maryia Babaryka` (guard.py, `Guard._claimed`).

The index of their words is large (every pair of words of every form of every public
name: 87,000 entries at 1,200 people) and is needed only where two words of a withheld
name are found together, so it is made on first use, and shared by every guard made
from the same forms (a build makes one over the sources and one over the site)."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable

from .guardmatch import WORDS_PAIRED, word_key
from .nameforms import Form

Entry = tuple[str, str, frozenset[str], str]
"""(A public person's slug, the word beside this one, the withheld people their name,
written in full, may look like, the word itself)."""


def public_pairs(forms: dict[str, Iterable[Form]], distinct: dict[str, frozenset[str]]
                 ) -> dict[str, list[Entry]]:
    """Key of a public person's name word → (slug, partner word, distinct, the word).
    `forms`: each public person's slug → the forms of their name (nameforms.py)."""
    index: dict[str, list[Entry]] = {}
    keys: dict[str, str] = {}  # word_key, once per word (names share words)
    for slug, person in sorted(forms.items()):
        seen = set()
        others = distinct.get(slug, frozenset())
        for form in sorted(person):
            for a, b in itertools.combinations(form[:WORDS_PAIRED], 2):
                for word, partner in ((a, b), (b, a)):
                    if (word, partner) not in seen:
                        seen.add((word, partner))
                        key = keys.get(word)
                        if key is None:
                            key = keys[word] = word_key(word)
                        index.setdefault(key, []).append((slug, partner, others, word))
    return index


class PublicNames:
    """The public people's name words, indexed on first use (`index`). `key` changes
    whenever what the index is made from changes: each person's slug, name forms and
    `distinct_from`."""

    def __init__(self, forms: dict[str, frozenset[Form]],
                 distinct: dict[str, frozenset[str]]) -> None:
        self.forms = forms
        self.distinct = {slug: distinct[slug] for slug in forms if distinct.get(slug)}
        digest = hashlib.blake2b(b"public-1", digest_size=16)
        for slug, person in sorted(forms.items()):
            digest.update(f"{slug}\0{sorted(person)}\0"
                          f"{sorted(self.distinct.get(slug, ()))}\n".encode())
        self.key = digest.digest()
        self._index: dict[str, list[Entry]] | None = None

    def __bool__(self) -> bool:
        return bool(self.forms)

    @property
    def index(self) -> dict[str, list[Entry]]:
        """Key of a public name's word → its entries (made once, on first use)."""
        if self._index is None:
            self._index = public_pairs(self.forms, self.distinct)
        return self._index

    @classmethod
    def of(cls, forms: dict[str, frozenset[Form]],
           distinct: dict[str, frozenset[str]]) -> PublicNames:
        """The public names of these forms, shared with a guard made before from the same
        ones (the index is then made at most once a process)."""
        made = cls(forms, distinct)
        known = _MADE.get(made.key)
        if known is not None:
            return known
        if len(_MADE) >= 4:
            _MADE.pop(next(iter(_MADE)))
        _MADE[made.key] = made
        return made


_MADE: dict[bytes, PublicNames] = {}
"""The public names known in this process, by their key (a few, most recent last)."""
