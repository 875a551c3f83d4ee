"""Full-text search without a server: a small index per language, searched in the browser.

Each language gets `/<lang>/search/index.json` with every profile, statement and page in
that language (or its fallback): address, title, kind and the plain text. The search page
loads it only when someone searches; nothing leaves the browser."""

from __future__ import annotations

import json
import re
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

    i18n = translator(site, lang)
    link = Linker(page_path("search", lang))
    docs = []
    for person in site.prisoners:
        if person.name_withheld:
            continue
        name = i18n.pick(person.name)
        parts = [i18n.pick(x) for x in (person.summary, person.biography)]
        docs.append({"u": link.page("prisoner", lang, person.slug), "t": name.text,
                     "k": "prisoner", "n": " ".join(name_keys(person)),
                     "x": flat(" ".join(p.text for p in parts if p))})
    for statement in site.statements:
        code = next(c for c in (lang, *i18n.chain, *statement.translations)
                    if c in statement.translations)
        version = statement.translations[code]
        docs.append({"u": link.page("statement", lang, statement.slug), "t": version.title,
                     "k": "statement",
                     "x": flat(f"{version.summary} {version.body}")})
    for page in site.pages.values():
        code = next(c for c in (lang, *i18n.chain, *page.translations)
                    if c in page.translations)
        version = page.translations[code]
        docs.append({"u": link.page("page", lang, page.slug), "t": version.title,
                     "k": "page", "x": flat(version.body)})
    return (json.dumps(docs, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def index_files(site: Site, plain: dict[str, str] | None = None) -> list[tuple[str, bytes]]:
    return [(page_path("search", lang) + "index.json", search_index(site, lang, plain))
            for lang in site.config.codes]
