"""Markdown to safe HTML, with links to other pages of the site by stable reference."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from ..store.cachefile import CacheFolder

REFERENCE = re.compile(r"^(prisoner|statement|page|wave|section):([a-z0-9-]+)$")
"""`prisoner:ihar-losik`, `statement:<slug>`, `page:about`, `wave:2025-09-11`,
`section:timeline`."""

Resolver = Callable[[str, str], str | None]
"""(kind, id) → a link relative to the page, or None when nothing is there."""

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
    "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"},
                      "img": {"src", "alt", "title", "width", "height"},
                      "td": {"align"}, "th": {"align"}, "ol": {"start"},
                      "sup": {"id"}, "li": {"id"}}
FOOTNOTE_ID = re.compile(r"^fn(?:ref)?:[\w-]+$")
"""The only ids editors' text may carry: those of footnotes (`[^1]` and its note), which
cannot clash with the page's own ids."""


URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes of addresses a link may have besides the site's own references; the
sanitiser drops any other address."""


class BrokenReference(ValueError):
    """A Markdown link names a page that does not exist."""


PLACEHOLDER = "#portal-ref/"
"""Site references become `#portal-ref/kind/id` while Markdown is rendered and cached, and
are resolved for each page afterwards, so one rendering serves every page it appears on."""
PLACEHOLDERS = re.compile(r'href="#portal-ref/([a-z]+)/([a-z0-9-]+)"')
CACHE_VERSION = "2"
"""Change when rendering changes in a way the settings below do not show."""
EXTENSIONS = ("extra", "sane_lists")


class _Links(Treeprocessor):
    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            match = REFERENCE.match(link.get("href", ""))
            if match:
                link.set("href", f"{PLACEHOLDER}{match[1]}/{match[2]}")


def _settings() -> str:
    """Everything besides the text that decides the HTML: part of every cache key."""
    return repr((CACHE_VERSION, markdown.__version__, nh3.__version__ if hasattr(nh3,
                 "__version__") else "", EXTENSIONS, sorted(ALLOWED_TAGS),
                 sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items())))


class MarkdownRenderer:
    """Converts editors' Markdown; one instance per process (python-markdown keeps state).

    Renderings are kept in memory and, given a folder, on disk, keyed by a hash of the
    text and of the renderer's settings, so a rebuild renders only new or changed text."""

    def __init__(self, cache: Path | None = None) -> None:
        self._md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        self._md.treeprocessors.register(_Links(self._md), "portal-links", 1)
        self._cache_dir = cache
        self._entries = CacheFolder(cache) if cache is not None else None
        self._memory: dict[str, str] = {}
        self._settings = _settings()
        self.rendered = 0
        """How many texts were converted (not found in a cache): for tests."""

    def render(self, text: str, resolver: Resolver | None = None) -> str:
        """Markdown → sanitised HTML; raises BrokenReference for a link to nothing."""
        html = self._cached(text)

        def resolve(match: re.Match) -> str:
            url = resolver(match[1], match[2]) if resolver else None
            if url is None:
                raise BrokenReference(f"{match[1]}:{match[2]}")
            return f'href="{url}"'

        return PLACEHOLDERS.sub(resolve, html)

    def _cached(self, text: str) -> str:
        key = hashlib.sha256((self._settings + "\0" + text).encode("utf-8")).hexdigest()
        if key in self._memory:
            return self._memory[key]
        entries = self._entries
        path = self._cache_dir / key[:2] / f"{key}.html" if self._cache_dir else None
        kept = entries.read(path) if entries is not None else None
        if kept is not None:
            html = kept.decode("utf-8")
        else:
            html = sanitize(self._md.reset().convert(text))
            self.rendered += 1
            if entries is not None:
                entries.write(path, html.encode("utf-8"))
        self._memory[key] = html
        return html


def sanitize(html: str) -> str:
    """Keep only an allow-list of tags and attributes; drop scripts, styles, handlers,
    unsafe URLs, and images from other sites (a visitor's browser must never fetch them)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer",
                     attribute_filter=_same_origin_images)


def _same_origin_images(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if FOOTNOTE_ID.match(value) else None
    if attribute in ("href", "src") and "\\" in value:
        return None  # browsers read \ as /: /\host is another site
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        if parts.scheme or parts.netloc or value.strip().startswith("//"):
            return None
    return value
