"""Finding a person by name in any script or common spelling.

Every form of a name (each language's, and the aliases) is reduced to a consonant
skeleton: Cyrillic letters map to the Latin consonant they sound as (х → h, ц and ч → c,
ж → z, г → h as in Belarusian), Latin digraphs are merged (kh → h, ch and ts → c,
sh → s, zh → z, g → h), accents are dropped, vowels and j/y go, doubled letters merge.
Калеснікава, Колесникова, Kalesnikava and Kolesnikova all become `klsnkv`; Maryja,
Мария and Maria become `mr`. A query matches when each of its words is the start of a
word of some form. The same reduction runs in the browser (templates/assets/enhance.js).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is a later stage: its types only
    from ..model.model import Prisoner


CYRILLIC = {
    "б": "b", "в": "v", "г": "h", "ґ": "h", "д": "d", "ж": "z", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
    "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s",
}
DIGRAPHS = (("shch", "s"), ("sch", "s"), ("kh", "h"), ("zh", "z"), ("sh", "s"),
            ("ch", "c"), ("ts", "c"), ("tz", "c"), ("ck", "k"), ("ph", "f"), ("w", "v"),
            ("x", "ks"), ("q", "k"), ("g", "h"))
LATIN_CONSONANTS = set("bcdfhklmnprstvz")


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """The consonant skeleton of one word in any script."""
    text = "".join(CYRILLIC.get(c, c) for c in word.lower().replace("ł", "l"))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isascii() and c.isalpha())
    for old, new in DIGRAPHS:
        text = text.replace(old, new)
    consonants = [c for c in text if c in LATIN_CONSONANTS]
    return "".join(c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1])


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w']+", text, flags=re.UNICODE) if w]


def name_keys(person: Prisoner) -> list[str]:
    """Skeletons of every word of every form of a person's name, for the search index."""
    return list(_keys(tuple(text for _, text in person.name.values) + tuple(person.aliases)))


@lru_cache(maxsize=1 << 14)
def _keys(forms: tuple[str, ...]) -> tuple[str, ...]:
    keys = {skeleton(w) for form in forms for w in words(form)}
    return tuple(sorted(k for k in keys if k))


def matches(query: str, keys: list[str]) -> bool:
    """True when every word of the query starts some word of the name."""
    wanted = [skeleton(w) for w in words(query)]
    wanted = [w for w in wanted if w]
    return bool(wanted) and all(any(k.startswith(w) for k in keys) for w in wanted)
