"""After rendering, before publishing: every internal href and src must lead to a built file."""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import Problem
from ..store.kept import Kept


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


def page_facts(content: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A page's ids and the distinct targets of its links within the site, each sorted."""
    ids, targets = set(), set()
    for name, value in ATTRIBUTE.findall(content.decode("utf-8")):
        if name == "id":
            ids.add(value)
        elif not _elsewhere(value):  # links to other sites are never followed
            targets.add(html.unescape(value) if "&" in value else value)
    return tuple(sorted(ids)), tuple(sorted(targets))


def _well_formed(facts: object) -> bool:
    """Whether kept facts have the shape `page_facts` gives (anything else is a miss; an
    entry is sealed, so only this code can have written what is in it)."""
    return type(facts) is tuple and len(facts) == 2 and type(facts[0]) is tuple and \
        type(facts[1]) is tuple


class LinkCheck:
    """Collects the links and ids of each page as it is written, then checks them.

    Each page keeps only its distinct link targets, and equal targets share one string, so
    ten thousand pages cost a few megabytes. Pages can be observed again or forgotten (the
    live preview), and a check can be limited to some pages. Given a `cache` folder, what
    each page holds is kept there by the hash of its bytes, so that a page built before
    is not read again."""

    def __init__(self, absolute_prefix: str = "/", cache: Path | None = None) -> None:
        self.prefix = absolute_prefix
        self.files: set[str] = set()
        self.ids: dict[str, tuple[str, ...]] = {}
        """Each page's ids (a tuple: pages have few, and tuples are small)."""
        self.links: dict[str, tuple[str, ...]] = {}
        self._strings: dict[str, str] = {}
        self.digests: dict[str, bytes] = {}
        """Each page's hash (when facts are kept)."""
        self.kept = Kept(cache) if cache is not None else None
        """Each page's ids and link targets by the hash of its bytes, from the builds
        before (`save` keeps this build's for the next): a page seen before is not read;
        and the pages found sound, with the files and fragments their links lead to."""

    def _shared(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def observe(self, path: str, content: bytes | Callable[[], bytes],
                digest: bytes | None = None) -> None:
        """Note a file of the site and, for a page, its ids and link targets. `content`:
        the bytes, or a function that reads them, called only when the page's facts are
        not known by `digest` (its blake2b-16 hash) from a build before."""
        self.files.add(path)
        if not path.endswith(".html"):
            return
        facts = None
        if self.kept is not None:
            if digest is None:
                content = content() if callable(content) else content
                digest = hashlib.blake2b(content, digest_size=16).digest()
            facts = self.kept.get(digest)
        if not _well_formed(facts):
            facts = page_facts(content() if callable(content) else content)
            facts = (tuple(self._shared(x) for x in facts[0]),
                     tuple(self._shared(x) for x in facts[1]))
            if self.kept is not None:
                self.kept.put(digest, facts)
        self.ids[path], self.links[path] = facts
        if self.kept is not None:
            self.digests[path] = digest

    def save(self) -> None:
        """Keep the facts of this build's pages, and which were sound, for the next build."""
        if self.kept is not None:
            self.kept.save()

    def forget(self, path: str) -> None:
        """A file that is no longer part of the site."""
        self.files.discard(path)
        self.ids.pop(path, None)
        self.links.pop(path, None)
        self.digests.pop(path, None)

    def problems(self, sources: dict[str, tuple[str, ...]], root: Path | None = None,
                 pages: Iterable[str] | None = None) -> list[Problem]:
        """Every link that leads nowhere (on `pages`, else on every page), named by the
        source file of the page holding it and, when the link is written there, its line.
        A page found sound by a build before (the same page at the same address) is not
        resolved again: only the files and ids its links led to are looked up."""
        found: list[Problem] = []
        verdicts: dict[str, str | None] = {}
        wanted = sorted(self.links if pages is None else pages)
        sound = self._still_sound(wanted, verdicts)
        for page in wanted:
            if page in sound:
                continue
            folder = posixpath.dirname(page).split("/") if "/" in page else []
            leads, broken = [], False
            for target in self.links.get(page, ()):
                resolved, fragment, reason = self._resolve(page, folder, target)
                if resolved is not None:
                    key = f"{resolved}#{fragment}"
                    if key not in verdicts:
                        verdicts[key] = self._missing(resolved, fragment)
                    reason = verdicts[key]
                    leads.append(key)
                if reason:
                    broken = True
                    source, line = _written_at(root, sources.get(page, (page,)), target)
                    found.append(Problem(
                        source, line, "",
                        f"the built page {page} links to {target}, {reason}",
                        "correct the link (in the content, or in the template that makes it)"))
            if not broken and self.kept is not None and page in self.digests:
                self.kept.put(self._sound_key(page), tuple(leads))
        return found

    def _sound_key(self, page: str) -> bytes:
        """What a page found sound is kept by: its address, its bytes' hash and the site's
        prefix (20 bytes: never a page's hash, which is 16)."""
        return hashlib.blake2b(f"{self.prefix}\0{page}\0".encode() + self.digests[page],
                               digest_size=20).digest()

    def _still_sound(self, pages: list[str], verdicts: dict[str, str | None]) -> set[str]:
        """The pages found sound by a build before (every link resolved to a file, and
        `file#fragment` noted) whose files and fragments all are still there."""
        if self.kept is None:
            return set()
        leads = {}
        for page in pages:
            if page in self.digests:
                kept = self.kept.get(self._sound_key(page))
                if type(kept) is tuple:
                    leads[page] = kept
        gone = set()
        for key in set().union(*leads.values()):
            resolved, _, fragment = key.partition("#")  # a file's path holds no #
            verdicts[key] = self._missing(resolved, fragment)
            if verdicts[key]:
                gone.add(key)
        return {page for page, keys in leads.items() if gone.isdisjoint(keys)}

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
