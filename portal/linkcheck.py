"""After rendering, before publishing: every internal href and src must lead to a built file."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem


def _line_of(root: Path | None, source: str, target: str) -> int | None:
    """The first line of a source file that contains the link target, if any."""
    if root is None or not (root / source).is_file():
        return None
    for number, line in enumerate((root / source).read_text(encoding="utf-8-sig")
                                  .splitlines(), 1):
        if f"({target})" in line or f'"{target}"' in line:
            return number
    return None


ATTRIBUTE = re.compile(r'\s(href|src|id)="([^"]*)"')
"""The pages are our own output, written with double-quoted attributes: a pattern reads
them ten times faster than an HTML parser."""


class LinkCheck:
    """Collects the links and ids of each page as it is written, then checks them."""

    def __init__(self, absolute_prefix: str = "/") -> None:
        self.prefix = absolute_prefix
        self.files: set[str] = set()
        self.ids: dict[str, set[str]] = {}
        self.links: list[tuple[str, str]] = []

    def observe(self, path: str, content: bytes) -> None:
        self.files.add(path)
        if not path.endswith(".html"):
            return
        text = content.decode("utf-8")
        ids = self.ids[path] = set()
        for name, value in ATTRIBUTE.findall(text):
            if name == "id":
                ids.add(value)
            else:
                self.links.append((path, html.unescape(value)))

    def problems(self, sources: dict[str, str], root: Path | None = None) -> list[Problem]:
        """Every link that leads nowhere, named by the source file of the page holding it
        and, when the link is written there, its line."""
        found = []
        for page, target in self.links:
            reason = self._broken(page, target)
            if reason:
                source = sources.get(page, page)
                found.append(Problem(
                    source, _line_of(root, source, target), "",
                    f"the built page {page} links to {target}, {reason}",
                    "correct the link (in the content, or in the template that makes it)"))
        return found

    def _broken(self, page: str, target: str) -> str | None:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(self.prefix):
                return "which is outside the site"
            resolved = path[len(self.prefix):]
        elif path:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if resolved.startswith(".."):
                return "which is outside the site"
            resolved = "" if resolved == "." else resolved
            if path.endswith("/") and resolved:
                resolved += "/"
        else:
            resolved = page
        if resolved == "" or resolved.endswith("/"):
            resolved += "index.html"
        if resolved not in self.files:
            return "which does not exist"
        if parts.fragment and resolved.endswith(".html") and \
                parts.fragment not in self.ids.get(resolved, set()):
            return f"which has no #{parts.fragment}"
        return None
