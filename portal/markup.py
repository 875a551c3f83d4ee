"""Markdown to safe HTML, with links to other pages of the site by stable reference."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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
                      "td": {"align"}, "th": {"align"}, "ol": {"start"}}


class BrokenReference(ValueError):
    """A Markdown link names a page that does not exist."""


class _Links(Treeprocessor):
    resolver: Resolver | None = None

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            match = REFERENCE.match(link.get("href", ""))
            if not match:
                continue
            url = self.resolver(match[1], match[2]) if self.resolver else None
            if url is None:
                raise BrokenReference(link.get("href"))
            link.set("href", url)


class MarkdownRenderer:
    """Converts editors' Markdown; one instance per process (python-markdown keeps state)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "portal-links", 1)

    def render(self, text: str, resolver: Resolver | None = None) -> str:
        """Markdown → sanitised HTML; raises BrokenReference for a link to nothing."""
        self._links.resolver = resolver
        try:
            html = self._md.reset().convert(text)
        finally:
            self._links.resolver = None
        return sanitize(html)


def sanitize(html: str) -> str:
    """Keep only an allow-list of tags and attributes; drop scripts, styles, handlers,
    unsafe URLs, and images from other sites (a visitor's browser must never fetch them)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=_same_origin_images)


def _same_origin_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        if parts.scheme or parts.netloc or value.strip().startswith("//"):
            return None
    return value


def references(text: str) -> list[tuple[int, str, str]]:
    """Every `kind:id` link target in Markdown text, with its line (1-based) in the text."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in re.finditer(r"\]\(((?:prisoner|statement|page|wave|section):[^)\s]*)\)",
                                 line):
            kind, _, ident = match[1].partition(":")
            found.append((number, kind, ident))
    return found
