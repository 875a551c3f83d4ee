"""Full-text search without a server: a sharded index per language, searched in the browser.

Each language gets, under `/<lang>/search/`, an index of every profile, statement and
page in that language (or its fallback), cut into small files (shards.py) so that a query
fetches only the few it needs: `manifest.json` (the first word of each shard), `w/N.json`
(the words of the texts, folded as `fold` does: lowercase, no accents), `n/N.json` (the
consonant skeletons of people's names, search.py, so that any script or spelling finds
them) and `d/N.json` (each document's address, title and kind, and for a person the status
as the cards show it: "(reportedly)" where it is reported, and the date it was verified).
People whose names are withheld are not indexed. The search page
(templates/assets/enhance.js) does the same folding and cutting; nothing leaves the
browser."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, MutableMapping
from html import unescape
from pathlib import Path

from ..languages.i18n import Translator, translator
from ..memo import ByObject
from ..model.certainty import status_line
from ..model.model import Prisoner, Site
from ..names.search import name_keys
from ..pages.personparts import PersonParts, part
from ..pages.urls import Linker, page_path
from ..store.kept import Kept
from .shards import CHUNK, chunks, shards

MAX_TEXT = 50_000
"""Characters of one document's text that are indexed."""

MARKUP = re.compile(r"(?=[!\[<*_`#>|])(?:!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`#>|]+)")
"""Links and images (their text kept), tags, and emphasis, heading and quote marks. The
lookahead lets the search skip at once to where markup can begin."""
WORD = re.compile(r"[^\W_]+")
MARKS = {c: None for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M")}
"""Combining marks, dropped after decomposition (accents; й and ў lose their breve)."""


def _ranges(codes: list[int]) -> str:
    """Code points as a regular expression's character class, in runs."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "")
                         for a, b in runs) + "]"


MARK = re.compile(_ranges(sorted(MARKS)))
"""The same marks, found by one search (a text's thousands of characters are not each
looked up in MARKS)."""


def fold(text: str) -> str:
    """Text as the search compares it; enhance.js folds a query the same way."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return folded if folded.isascii() else MARK.sub("", folded)


def terms(text: str) -> tuple[str, ...]:
    """The distinct folded words of a Markdown text: link texts kept, markup dropped."""
    plain = unescape(MARKUP.sub(lambda m: f" {m[1]} " if m[1] else " ", text[:MAX_TEXT]))
    return tuple(dict.fromkeys(WORD.findall(fold(plain))))


Entry = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str]
"""Address, title, kind, the words of its text, the skeletons of a person's name, and a
person's status line (certainty.status_line; empty for other documents)."""


def _entries(site: Site, lang: str, words: Callable[[str], tuple[str, ...]],
             parts: PersonParts | None = None) -> Iterator[Entry]:
    """One entry per profile (`parts`: those kept by earlier builds), statement and page
    shown in `lang`."""
    i18n = translator(site, lang)
    link = Linker(page_path("search", lang))
    for person in site.prisoners:
        if not person.name_withheld:
            yield _PEOPLE.get(person, (site.config, site.strings), lambda person=person: part(
                parts, f"search/{lang}", person, lambda: _person(
                    i18n, link, lang, person, words)), lang)
    for statement in site.statements:
        code = next(c for c in (lang, *i18n.chain, *statement.translations)
                    if c in statement.translations)
        version = statement.translations[code]
        yield (link.page("statement", lang, statement.slug), version.title, "statement",
               words(f"{version.title} {version.summary} {version.body}"), (), "")
    for page in site.pages.values():
        code = next(c for c in (lang, *i18n.chain, *page.translations)
                    if c in page.translations)
        version = page.translations[code]
        yield (link.page("page", lang, page.slug), version.title, "page",
               words(f"{version.title} {version.body}"), (), "")


_PEOPLE = ByObject()
"""Each person's entry per language, while the record and the site's settings are the same
objects (the live preview makes the index again after each edit)."""


def _person(i18n: Translator, link: Linker, lang: str, person: Prisoner,
            words: Callable[[str], tuple[str, ...]]) -> Entry:
    name = i18n.pick(person.name).text
    parts = [i18n.pick(x) for x in (person.summary, person.biography)]
    return (link.page("prisoner", lang, person.slug), name, "prisoner",
            words(" ".join([name, *(p.text for p in parts if p)])), tuple(name_keys(person)),
            status_line(i18n, person))


Words = MutableMapping[str, tuple[str, ...]]
"""The words of texts read before (`terms`), by text: a dict the live preview keeps, or
the words kept between builds (KeptWords)."""


class KeptWords(MutableMapping):
    """The words of every text the last build indexed, kept under `folder` in one entry
    (store/kept.py) by a hash of the text, for this version of the code: a build after an
    edit reads again only the texts that changed (reading them is most of the index's
    cost). Each build keeps only the texts it asked about."""

    def __init__(self, folder: Path) -> None:
        self.kept = Kept(folder)

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def __getitem__(self, text: str) -> tuple[str, ...]:
        found = self.kept.get(self._key(text))
        if not isinstance(found, tuple):
            raise KeyError(text)
        return found

    def __setitem__(self, text: str, words: tuple[str, ...]) -> None:
        self.kept.put(self._key(text), words)

    def __delitem__(self, text: str) -> None:
        self.kept.forget(self._key(text))

    def __iter__(self) -> Iterator[str]:
        raise TypeError("the texts are kept by their hash alone")

    def __len__(self) -> int:
        return len(self.kept.used)

    def save(self) -> None:
        """Keep the words of this build's texts for the next build."""
        self.kept.save()


def search_index(site: Site, lang: str, memo: Words | None = None,
                 parts: PersonParts | None = None) -> dict[str, bytes]:
    """The files of one language's index, by their paths under its search page. `memo`
    keeps the words of texts already read (the live preview passes the same dict; a build
    passes KeptWords)."""
    def words(text: str) -> tuple[str, ...]:
        if memo is None:
            return terms(text)
        found = memo.get(text)
        if found is None:
            found = memo[text] = terms(text)
        return found

    entries = tuple(_entries(site, lang, words, parts))
    return _INDEXES.get(site.config, entries, lambda: _index(entries), lang)


_INDEXES = ByObject()
"""Each language's index files while its entries are the same (the live preview: an edit
to one language's text leaves the other languages' indexes as they were)."""


def _index(entries: tuple[Entry, ...]) -> dict[str, bytes]:
    docs: list[list[str]] = []
    postings: dict[str, list[int]] = {}
    names: dict[str, list[int]] = {}
    for number, (address, title, kind, text, keys, meta) in enumerate(entries):
        docs.append([address, title, kind, *([meta] if meta else [])])
        for word in text:
            postings.setdefault(word, []).append(number)
        for key in keys:
            names.setdefault(key, []).append(number)
    word_firsts, word_files = shards(postings)
    name_firsts, name_files = shards(names)
    manifest = {"count": len(docs), "chunk": CHUNK, "words": word_firsts,
                "names": name_firsts}
    files = {"manifest.json": (json.dumps(manifest, ensure_ascii=False,
                                          separators=(",", ":")) + "\n").encode()}
    for folder, contents in (("w", word_files), ("n", name_files), ("d", chunks(docs))):
        files.update((f"{folder}/{i}.json", content) for i, content in enumerate(contents))
    return files


def index_files(site: Site, memo: Words | None = None, parts: PersonParts | None = None
                ) -> Iterator[tuple[str, bytes]]:
    """Each language's index, made one at a time. A text shown in several languages (one
    not translated yet) is read once; `parts`: the profiles' entries kept by earlier
    builds (personparts.py)."""
    memo = {} if memo is None else memo
    for lang in site.config.codes:
        folder = page_path("search", lang)
        for path, content in search_index(site, lang, memo, parts).items():
            yield folder + path, content
