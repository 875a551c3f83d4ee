"""The leak guard: no name of a person whose name is withheld reaches the site.

Checked twice (STYLE.md, "guard the edges twice"):

1. in what editors write, before anything is rendered: every text of every file (each
   field of every YAML record, front matter, Markdown bodies, interface strings,
   templates) and every file name that becomes an address, with the file, line and field
   of each find (`source_leaks`, in checks/withheld.py); `.venv/bin/python build.py
   check` runs this too;
2. in everything the build is about to publish, before it is swapped in: every page,
   feed, data file, search index, calendar and sitemap, every file and folder name, and
   the words drawn into share images (`OutputGuard`), so that nothing a template or a
   later step makes slips through: this module. A zip is read entry by entry (each
   inflated and searched like a file, by walking its local headers, so that an entry
   its directory no longer lists is read too: zipscan.py; an entry whose compressed
   bytes are known to unpack to a text found clean is not inflated again: zipfacts.py).

What a name's forms are and how they are found: names/nameforms.py and names/guard.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mmap
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..checks.withheld import BINARY_FILES, FIX, Verdicts, hit_message, name_hits
from ..names.allowance import allowing, beyond_listed
from ..names.guard import Guard, Hit
from ..names.guardtext import BLOCK_BREAK, BREAKS, TEXT_BREAKS, WINDOW
from ..problems import ContentError, Problem
from .offline import OFFLINE_LINK, portable_links
from .zipscan import local_entries


def published_texts(path: str, content: bytes) -> Iterator[tuple[str, re.Pattern, bool]]:
    """The texts of a published file as a reader or a program reads them, each with its
    breaks and whether its lines are the file's: a JSON file's strings, a CSV file's
    cells, a calendar's unfolded lines (each apart), any other file as it is; and, where
    it holds percent escapes, the same decoded (an address a template encoded)."""
    text = content.decode("utf-8", "replace")
    if path.endswith(".json"):
        try:
            yield "\x00".join(_strings_of(json.loads(text))), TEXT_BREAKS, False
        except ValueError:
            yield text, BREAKS, True
    elif path.endswith(".csv"):
        yield "\x00".join(cell for row in csv.reader(io.StringIO(text)) for cell in row), \
            TEXT_BREAKS, False
    elif path.endswith(".ics"):
        unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
        yield unfolded.replace("\\n", " ").replace("\\,", ",").replace("\\;", ";") \
            .replace("\r\n", "\x00"), TEXT_BREAKS, False
    else:
        yield text, BREAKS, True
    if "%" in text and PERCENT.search(text):
        yield PERCENT.sub(lambda m: unquote(m[0]), text), BREAKS, True


JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def _fresh_json_texts(path: str, content: bytes, seen: set[str], fresh: list[str]
                      ) -> Iterator[tuple[str, re.Pattern, bool]]:
    """`published_texts` of a JSON file, but of its strings only those not `seen` clean
    before (kept as written, quotes and escapes included; each new one is added to
    `fresh`). In a valid JSON file every string literal is a key or a value, so reading
    the literals is reading its strings; a file that is not valid JSON is read whole."""
    text = content.decode("utf-8", "replace")
    try:
        json.loads(text)
    except ValueError:
        yield from published_texts(path, content)
        return
    literals = [f"\x01{x}" for x in dict.fromkeys(JSON_STRING.findall(text))]
    literals = [x for x in literals if x not in seen]
    fresh += literals
    yield "\x00".join(json.loads(x[1:]) for x in literals), TEXT_BREAKS, False
    if "%" in text and PERCENT.search(text):
        yield PERCENT.sub(lambda m: unquote(m[0]), text), BREAKS, True


def _strings_of(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_of(item)


PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


JUNCTION = 4 * WINDOW
"""Bytes searched on each side of where the offline copy takes a page's link to itself
out (the guard looks for a name's partner within WINDOW characters)."""


def _loaded(content: bytes | Callable[[], bytes]) -> bytes:
    """A file's bytes, read now if they are given as a function that reads them."""
    return content() if callable(content) else content


class OutputGuard:
    """Checks each file the build is about to publish; `problems` holds what it found."""

    def __init__(self, guard: Guard, verdicts: Verdicts | None = None,
                 origins: dict[str, str] | None = None) -> None:
        self.guard, self.verdicts = guard, verdicts
        self.origins = origins or {}
        """Output file → what it is made from (template and sources), for the message."""
        self.problems: list[Problem] = []
        self.seen: set[bytes] = set()
        """Files found clean in this run, by key, when no verdicts are kept (an entry of
        the offline copy that is a file already searched is not searched again)."""

    def check(self, path: str, content: bytes | Callable[[], bytes],
              digest: bytes | None = None) -> None:
        """Look for withheld names in one output file and in its path. `content`: the
        bytes, or a function that reads them, called only when the file's verdict is not
        known by `digest` (its blake2b-16 hash) from before."""
        if not self.guard:
            return
        self._check_path(path)
        if path.lower().endswith(".zip"):
            self.check_zip(path, _loaded(content))
            return
        if path.lower().endswith(BINARY_FILES):
            return
        if digest is None:
            content = _loaded(content)
            digest = hashlib.blake2b(content, digest_size=16).digest()
        key = self._output_key(path, digest)
        if self._known(key):
            return
        content = _loaded(content)
        hits, fresh = [], []
        texts = self.verdicts.texts if self.verdicts is not None else None
        found = published_texts(path, content) if texts is None or not path.endswith(".json") \
            else _fresh_json_texts(path, content, texts, fresh)
        for text, breaks, lines in found:
            if texts is not None and breaks is TEXT_BREAKS and not path.endswith(".json"):
                parts = [part for part in dict.fromkeys(text.split("\x00"))
                         if part not in texts]
                fresh += parts
                text = "\x00".join(parts)
            for hit in self._finds(text, breaks):
                hits.append(hit)
                self._report(path, hit, "names", hit.line(text) if lines else None)
        if not hits and self.verdicts is None:
            self.seen.add(key)
        if not hits and self.verdicts is not None:
            self.verdicts.add(key)
            if texts is not None:
                texts.update(fresh)
        if not hits and path.endswith(".html"):
            self._offline_copy_of(path, content)

    def _output_key(self, path: str, digest: bytes) -> bytes:
        """What a file's verdict is kept under: the names looked for, the kind of file
        (its ending) and its content's hash."""
        return hashlib.blake2b(self.guard.key + b"output\0" + path.rsplit(".", 1)[-1].encode()
                               + digest, digest_size=16).digest()

    def _known(self, key: bytes) -> bool:
        """Whether what `key` stands for was found clean before (in this build, or in one
        whose verdicts are kept)."""
        return key in self.seen or (self.verdicts is not None and key in self.verdicts)

    def _check_path(self, path: str) -> None:
        """A withheld name in a file's path (a path found clean is remembered)."""
        key = hashlib.blake2b(self.guard.key + b"path\0" + path.encode(), digest_size=16
                              ).digest()
        if key in self.seen or (self.verdicts is not None and key in self.verdicts):
            return
        hits = name_hits(self.guard, path)
        for hit in hits:
            self._report(path, hit, "the address holds")
        if not hits:
            self.seen.add(key)
            if self.verdicts is not None:
                self.verdicts.add(key)

    def _offline_copy_of(self, path: str, content: bytes) -> None:
        """A clean page's entry in the offline copy (offline.portable_links: the page with
        its link to the offline copy taken out and `index.html` added to links to
        folders) is known clean without a second search of the whole page, once the text
        where the link was taken out is searched: there, words that stood apart may now
        stand side by side. `index.html` added inside an address makes no name unless a
        withheld name has the word `index` or `html`; then every entry is searched."""
        if self.guard._pairs_for("index") or self.guard._pairs_for("html"):  # noqa: SLF001
            return
        stripped, junctions, at = [], [], 0
        for match in OFFLINE_LINK.finditer(content):
            stripped.append(content[at:match.start()])
            junctions.append(sum(map(len, stripped)))
            at = match.end()
        stripped = b"".join([*stripped, content[at:]])
        for junction in junctions:
            around = stripped[max(0, junction - JUNCTION):junction + JUNCTION]
            if self._finds(around.decode("utf-8", "replace"), BREAKS):
                return  # searched whole, with the line, when the zip is read
        digest = hashlib.blake2b(portable_links(content), digest_size=16).digest()
        key = hashlib.blake2b(self.guard.key + b"output\0html" + digest,
                              digest_size=16).digest()
        self.seen.add(key)
        if self.verdicts is not None:
            self.verdicts.add(key)  # remembered as the entry's own search would be

    def check_zip(self, path: str, data: bytes,
                  unpacked: dict[bytes, tuple[bytes, int, int]] | None = None) -> None:
        """Look for withheld names in every entry a zip's bytes hold (and in its names),
        each as the file it is; an entry that cannot be read is a problem.

        `unpacked`: what compressed entries are known to unpack to (the hash of their
        compressed bytes → the hash of their content, its crc and size; the offline copy
        keeps these: zipfacts.py). An entry whose compressed bytes, hashed as they lie in
        `data`, are known, with the crc and size its header gives, and whose content was
        found clean, is not unpacked again; every other entry is, and what it unpacks to
        is added to `unpacked`."""
        if not self.guard:
            return

        def vouch(name: str, packed: bytes, crc: int, size: int) -> bool:
            known = unpacked.get(packed)
            lower = name.lower()
            if known is None or known[1:] != (crc, size) or lower.endswith(".zip"):
                return False  # a zip inside is read entry by entry, as `check` does
            return lower.endswith(BINARY_FILES) or \
                self._known(self._output_key(name, known[0]))

        for entry in local_entries(data, vouch if unpacked is not None else None):
            inside = f"{path}/{entry.name}"
            if entry.vouched:
                self._check_path(inside)
            elif entry.content is None:
                self.problems.append(Problem(
                    "site", None, "", f"the built file {inside} cannot be searched for "
                    f"withheld names: {entry.problem}", "publish it unpacked, or packed "
                    "with the usual compression (deflate)"))
            else:
                digest = hashlib.blake2b(entry.content, digest_size=16).digest()
                if unpacked is not None and entry.packed is not None:
                    unpacked[entry.packed] = (digest, entry.crc, entry.size)
                self.check(inside, entry.content, digest)

    def check_zip_file(self, path: str, file: Path,
                       unpacked: dict[bytes, tuple[bytes, int, int]] | None = None) -> None:
        """`check_zip` of a zip on disk, read through a memory map (the offline copy is
        100 MB at 5,000 people)."""
        if not self.guard:
            return
        with open(file, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                self.check_zip(path, data, unpacked)

    def check_words(self, path: str, words: tuple[str, ...]) -> None:
        """The words drawn into an image: its lines, one under the other, read together
        as a page's blocks are. Words found clean before (in this build, or in one whose
        verdicts are kept) are not searched again."""
        if not self.guard:
            return
        text = BLOCK_BREAK.join(words)
        key = hashlib.blake2b(self.guard.key + b"draws\0" + text.encode(),
                              digest_size=16).digest()
        if self._known(key):
            return
        hits = self._finds(text, TEXT_BREAKS, joined=False)
        for hit in hits:
            self._report(path, hit, "draws")
        if not hits:
            self.seen.add(key) if self.verdicts is None else self.verdicts.add(key)

    def _finds(self, text: str, breaks: re.Pattern, joined: bool = True) -> list[Hit]:
        """The names in a text, the public names records list masked, and those found
        unmasked that are more than a listed name (names/allowance.py)."""
        masked = allowing(text, self.guard.allowed)
        found = self.guard.find(masked, breaks)
        found += self.guard.find_joined(masked) if joined else []
        if masked != text:
            known = {(hit.slug, hit.line(text)) for hit in found}
            found += [hit for hit in beyond_listed(self.guard.find(text, breaks),
                                                   self.guard.allowed)
                      if (hit.slug, hit.line(text)) not in known]
        return found

    def _report(self, path: str, hit: Hit, what: str, line: int | None = None) -> None:
        inner = path.split(".zip/", 1)[-1]  # an entry of a zip: the file it copies
        origin = self.origins.get(path) or self.origins.get(inner) or \
            self.origins.get(inner.split("/", 1)[-1])
        made = f"; it is made from {origin}" if origin else ""
        where = f"{path}:{line}" if line else path
        self.problems.append(Problem(
            origin.split(" ")[0] if origin else "site", None, "",
            f"the built file {where} {hit_message(hit, what)}{made}", FIX))

    def raise_found(self) -> None:
        """Stop the build if anything was found."""
        if self.problems:
            raise ContentError(self.problems)
