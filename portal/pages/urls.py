"""Where each page lives, and the one function that makes every internal link."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

SECTIONS = {
    "home": "",
    "prisoners": "prisoners/",
    "statements": "statements/",
    "timeline": "timeline/",
    "search": "search/",
}
PATHS = {
    "prisoner": "{lang}/prisoners/{slug}/",
    "status": "{lang}/prisoners/status/{slug}/",
    "status_page": "{lang}/prisoners/status/{slug}/",
    "prisoners_page": "{lang}/prisoners/page/{slug}/",
    "letter": "{lang}/prisoners/{slug}/letter/",
    "facility": "{lang}/facilities/{slug}/",
    "statement": "{lang}/statements/{slug}/",
    "page": "{lang}/{slug}/",
    "birthdays": "{lang}/birthdays/",
    "feed": "{lang}/feeds/{slug}.xml",
    "404": "{lang}/404.html",
    "calendar": "{lang}/calendar/birthdays.ics",
    **{name: "{lang}/" + path for name, path in SECTIONS.items()},
}
"""Where each kind of page lives in each language."""
SITE_WIDE = {"root": "", "404": "404.html", "translations": "status/translations/",
             "calendar": "calendar/birthdays.ics"}
"""Pages that exist once, not per language."""


def page_path(kind: str, lang: str | None, slug: str = "") -> str:
    """The output path of a page: `en/prisoners/ihar-losik/`, `en/404.html`, `index.html`."""
    if lang is None or kind in ("root", "translations"):
        return SITE_WIDE[kind]
    return PATHS[kind].format(lang=lang, slug=slug)


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
        return _relative(target, self.here) + anchor

    def page(self, kind: str, lang: str | None, slug: str = "", fragment: str = "") -> str:
        return self.to(page_path(kind, lang, slug), fragment)


def absolute(base_url: str, path: str) -> str:
    """An absolute URL for canonical links, hreflang and feeds."""
    return base_url.rstrip("/") + "/" + path


def path_prefix(base_url: str) -> str:
    """`https://x.org/portal/` → `/portal/`."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


@lru_cache(maxsize=1 << 17)
def _relative(target: str, here: str) -> str:
    """The relative link from the page at `here` to the output path `target` (asked for
    again and again: every page links to the lists, every list to its people)."""
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    rel = _relpath(target, base)
    if target.endswith("/") and rel != ".":
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel


def _relpath(target: str, base: str) -> str:
    """`posixpath.relpath("/" + target, "/" + base)` by comparing folder names, without
    the two calls to `abspath` that relpath makes (a page links to dozens of pages no other
    page links to in the same way, so most links are worked out once). Paths with a `.` or
    `..` among their folders are left to posixpath."""
    to = [part for part in target.split("/") if part]
    start = [part for part in base.split("/") if part]
    if "." in to or ".." in to or "." in start or ".." in start:
        return posixpath.relpath("/" + target, "/" + base)
    same = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(start) - same) + to[same:]) or "."
