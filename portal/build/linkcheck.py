"""After rendering, before publishing: every internal href and src must lead to a built file."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import Problem


def _written_at(root: Path | None, sources: tuple[str, ...],
               target: str) -> tuple[str, int | None]:
    """The first of `sources` (files the page is made from, its own first) that holds the
    link target as written, and the line; else the first source, no line."""
    for source in sources:
        if root is None or source.startswith("templates/"):
            continue
        try:
            lines = (root / source).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(lines, 1):
            if any(f"{before}{target}{after}" in line for before, after in WRITTEN):
                return source, number
    return (sources[0] if sources else "site"), None


WRITTEN = (("(", ")"), ("(", " "), ("(<", ">"), ('"', '"'), ("'", "'"), ("]: ", ""),
           ("<", ">"))
"""How a link target stands in Markdown, HTML or YAML: `(url)`, `(url "title")`, `(<url>)`,
`href="url"`, `[id]: url`, `<url>`."""


ATTRIBUTE = re.compile(r'\s(href|src|id)="([^"]*)"')
"""The pages are our own output, written with double-quoted attributes: a pattern reads
them ten times faster than an HTML parser."""


OTHER_SITES = ("https://", "http://", "mailto:", "tel:", "//")


def _elsewhere(target: str) -> bool:
    """A link to another site or scheme (https:, mailto:, //host/…)."""
    if target.startswith(OTHER_SITES):
        return True
    address = target.partition("#")[0]
    if ":" not in address.split("/", 1)[0] and not address.startswith("//"):
        return False
    parts = urlsplit(html.unescape(target))
    return bool(parts.scheme or parts.netloc)


class LinkCheck:
    """Collects the links and ids of each page as it is written, then checks them.

    Each page keeps only its distinct link targets, and equal targets share one string, so
    ten thousand pages cost a few megabytes. Pages can be observed again or forgotten (the
    live preview), and a check can be limited to some pages."""

    def __init__(self, absolute_prefix: str = "/") -> None:
        self.prefix = absolute_prefix
        self.files: set[str] = set()
        self.ids: dict[str, tuple[str, ...]] = {}
        """Each page's ids (a tuple: pages have few, and tuples are small)."""
        self.links: dict[str, tuple[str, ...]] = {}
        self._strings: dict[str, str] = {}

    def _shared(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def observe(self, path: str, content: bytes) -> None:
        self.files.add(path)
        if not path.endswith(".html"):
            return
        ids, targets = set(), set()
        for name, value in ATTRIBUTE.findall(content.decode("utf-8")):
            if name == "id":
                ids.add(value)
            elif not _elsewhere(value):  # links to other sites are never followed
                targets.add(html.unescape(value) if "&" in value else value)
        self.ids[path] = tuple(sorted(self._shared(x) for x in ids))
        self.links[path] = tuple(sorted(self._shared(x) for x in targets))

    def forget(self, path: str) -> None:
        """A file that is no longer part of the site."""
        self.files.discard(path)
        self.ids.pop(path, None)
        self.links.pop(path, None)

    def problems(self, sources: dict[str, tuple[str, ...]], root: Path | None = None,
                 pages: Iterable[str] | None = None) -> list[Problem]:
        """Every link that leads nowhere (on `pages`, else on every page), named by the
        source file of the page holding it and, when the link is written there, its line."""
        found: list[Problem] = []
        verdicts: dict[str, str | None] = {}
        for page in sorted(self.links if pages is None else pages):
            folder = posixpath.dirname(page).split("/") if "/" in page else []
            for target in self.links.get(page, ()):
                resolved, fragment, reason = self._resolve(page, folder, target)
                if resolved is not None:
                    key = f"{resolved}#{fragment}"
                    if key not in verdicts:
                        verdicts[key] = self._missing(resolved, fragment)
                    reason = verdicts[key]
                if reason:
                    source, line = _written_at(root, sources.get(page, (page,)), target)
                    found.append(Problem(
                        source, line, "",
                        f"the built page {page} links to {target}, {reason}",
                        "correct the link (in the content, or in the template that makes it)"))
        return found

    def _resolve(self, page: str, folder: list[str],
                 target: str) -> tuple[str | None, str, str | None]:
        """(the file a link leads to, its fragment, or why it leads nowhere)."""
        if _elsewhere(target):
            return None, "", None
        address, _, fragment = target.partition("#")
        path = address.partition("?")[0]
        path = unquote(path) if "%" in path else path
        if path.startswith("/"):
            if not path.startswith(self.prefix):
                return None, "", "which is outside the site"
            resolved = path[len(self.prefix):]
        elif path:
            ups = 0
            while path.startswith("../", 3 * ups):
                ups += 1
            rest = path[3 * ups:]
            if ups > len(folder):
                return None, "", "which is outside the site"
            if rest.startswith(".") or "/." in rest:  # unusual: let posixpath decide
                resolved = posixpath.normpath(posixpath.join("/".join(folder), path))
                if resolved.startswith(".."):
                    return None, "", "which is outside the site"
                resolved = "" if resolved == "." else resolved
                if path.endswith("/") and resolved:
                    resolved += "/"
            else:
                base = "/".join(folder[:len(folder) - ups])
                resolved = f"{base}/{rest}" if base and rest else base + "/" if base else rest
        else:
            resolved = page
        if resolved == "" or resolved.endswith("/"):
            resolved += "index.html"
        return resolved, fragment, None

    def _missing(self, resolved: str, fragment: str) -> str | None:
        if resolved not in self.files:
            return "which does not exist"
        if fragment and resolved.endswith(".html") and \
                fragment not in self.ids.get(resolved, ()):
            return f"which has no #{fragment}"
        return None
