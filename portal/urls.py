"""Where each page lives, and the one function that makes every internal link."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

SECTIONS = {
    "home": "",
    "prisoners": "prisoners/",
    "statements": "statements/",
    "timeline": "timeline/",
    "search": "search/",
}


def page_path(kind: str, lang: str | None, slug: str = "") -> str:
    """The output path of a page: `en/prisoners/ihar-losik/`, `en/404.html`, `index.html`."""
    if kind == "root":
        return ""
    if kind == "404":
        return f"{lang}/404.html" if lang else "404.html"
    if kind == "translations":
        return "status/translations/"
    if kind == "prisoner":
        return f"{lang}/prisoners/{slug}/"
    if kind == "status":
        return f"{lang}/prisoners/status/{slug}/"
    if kind == "letter":
        return f"{lang}/prisoners/{slug}/letter/"
    if kind == "facility":
        return f"{lang}/facilities/{slug}/"
    if kind == "birthdays":
        return f"{lang}/birthdays/"
    if kind == "feed":
        return f"{lang}/feeds/{slug}.xml"
    if kind == "calendar":
        return f"{lang}/calendar/birthdays.ics" if lang else "calendar/birthdays.ics"
    if kind == "statement":
        return f"{lang}/statements/{slug}/"
    if kind == "page":
        return f"{lang}/{slug}/"
    return f"{lang}/{SECTIONS[kind]}"


def output_file(path: str) -> str:
    """The file a page path is written to."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True, slots=True)
class Linker:
    """Makes links from one page: relative by default, so the site works under any prefix."""

    here: str
    """The path of the page holding the links."""
    portable: bool = False
    """Link to `…/index.html`, so the site works from a folder on disk."""
    absolute_prefix: str | None = None
    """Write `/prefix/…` links instead (for 404 pages, served at any address)."""

    def to(self, target: str, fragment: str = "") -> str:
        """Link to another output path."""
        anchor = f"#{fragment}" if fragment else ""
        if self.absolute_prefix is not None:
            return self.absolute_prefix + target + anchor
        if self.portable and (target == "" or target.endswith("/")):
            target += "index.html"
        base = self.here if self.here.endswith("/") or self.here == "" else (
            posixpath.dirname(self.here) + "/")
        rel = posixpath.relpath("/" + target, "/" + base)
        if target.endswith("/") and rel != ".":
            rel += "/"
        if rel == ".":
            rel = "./"
        return rel + anchor

    def page(self, kind: str, lang: str | None, slug: str = "", fragment: str = "") -> str:
        return self.to(page_path(kind, lang, slug), fragment)


def absolute(base_url: str, path: str) -> str:
    """An absolute URL for canonical links, hreflang and feeds."""
    return base_url.rstrip("/") + "/" + path


def path_prefix(base_url: str) -> str:
    """`https://x.org/portal/` → `/portal/`."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
