"""Full-text search without a server: a small index per language, searched in the browser.

Each language gets `/<lang>/search/index.json` with every profile, statement and page in
that language (or its fallback): address, title, kind and the plain text. The search page
loads it only when someone searches; nothing leaves the browser."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from html import unescape

from .i18n import translator
from .model import Site
from .search import name_keys
from .urls import Linker, page_path

MAX_TEXT = 4000


MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`#>|]+")


def _plain(text: str) -> str:
    """Markdown as plain words: link texts kept, markup and HTML dropped."""
    words = MARKUP.sub(lambda m: f" {m[1]} " if m[1] else " ", text[:MAX_TEXT * 2])
    return re.sub(r"\s+", " ", unescape(words)).strip()[:MAX_TEXT]


def search_index(site: Site, lang: str, plain: dict[str, str] | None = None) -> bytes:
    """The index for one language, with addresses relative to its search page. `plain`
    keeps texts already made plain (the live preview passes the same dict each time)."""
    def flat(text: str) -> str:
        if plain is None:
            return _plain(text)
        if text not in plain:
            plain[text] = _plain(text)
        return plain[text]

    out = io.BytesIO()  # written one entry at a time: thousands of biographies
    for number, doc in enumerate(_entries(site, lang, flat)):
        out.write(b"[" if number == 0 else b",")
        out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    out.write(b"]\n" if out.tell() else b"[]\n")
    return out.getvalue()


def _entries(site: Site, lang: str, flat: Callable[[str], str]) -> Iterator[dict]:
    """One entry per profile, statement and page shown in `lang`."""
    i18n = translator(site, lang)
    link = Linker(page_path("search", lang))
    for person in site.prisoners:
        if person.name_withheld:
            continue
        name = i18n.pick(person.name)
        parts = [i18n.pick(x) for x in (person.summary, person.biography)]
        yield {"u": link.page("prisoner", lang, person.slug), "t": name.text,
               "k": "prisoner", "n": " ".join(name_keys(person)),
               "x": flat(" ".join(p.text for p in parts if p))}
    for statement in site.statements:
        code = next(c for c in (lang, *i18n.chain, *statement.translations)
                    if c in statement.translations)
        version = statement.translations[code]
        yield {"u": link.page("statement", lang, statement.slug), "t": version.title,
               "k": "statement", "x": flat(f"{version.summary} {version.body}")}
    for page in site.pages.values():
        code = next(c for c in (lang, *i18n.chain, *page.translations)
                    if c in page.translations)
        version = page.translations[code]
        yield {"u": link.page("page", lang, page.slug), "t": version.title,
               "k": "page", "x": flat(version.body)}


def index_files(site: Site,
                plain: dict[str, str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Each language's index, made one at a time."""
    for lang in site.config.codes:
        yield page_path("search", lang) + "index.json", search_index(site, lang, plain)
