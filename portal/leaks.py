"""The leak guard: no name of a person whose name is withheld reaches the site.

Checked twice (STYLE.md, "guard the edges twice"):

1. in what editors write, before anything is rendered: every text of every file (each
   field of every YAML record, front matter, Markdown bodies, interface strings,
   templates) and every file name that becomes an address, with the file, line and field
   of each find (`source_leaks`); `.venv/bin/python build.py check` runs this too;
2. in everything the build is about to publish, before it is swapped in: every page,
   feed, data file, search index, calendar and sitemap, every file and folder name, and
   the words drawn into share images (`OutputGuard`), so that nothing a template or a
   later step makes slips through.

What a name's forms are and how they are found: nameforms.py and guard.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .cachefile import CacheFolder
from .document import Document, FieldPath, format_path
from .files import project_files, read_project_file
from .guard import BREAKS, TEXT_BREAKS, Guard, Hit, written_breaks
from .load import Tree
from .memo import ByObject
from .nameforms import names_of
from .plaintext import addresses, as_read, compact, disguised, joined_strings
from .problems import ContentError, Problem

GUIDE = "see “Withheld names” in docs/editors-guide.md"
FIX = f"remove the name, and anything else that identifies the person ({GUIDE})"


def withheld_names(tree: Tree) -> dict[str, list[str]]:
    """Each withheld person's slug → every text of their name (languages, other spellings)."""
    people = {}
    for doc in tree.prisoners:
        if isinstance(doc.data, dict) and doc.data.get("name_withheld") is True:
            people[doc.stem] = names_of(doc.data)
    return people


def guard_of(tree: Tree) -> Guard:
    """The guard for a project's withheld people (empty when nobody is withheld), knowing
    the public people's names too."""
    withheld = withheld_names(tree)
    public, distinct = {}, {}
    for doc in tree.prisoners:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.stem in withheld:
            continue
        public[doc.stem] = names_of(data)
        others = data.get("distinct_from")
        if isinstance(others, list) and others:
            distinct[doc.stem] = frozenset(str(x) for x in others)
    return Guard.of(withheld, public if withheld else {}, distinct)


def _message(hit: Hit, what: str = "names") -> str:
    return (f'{what} "{hit.words}": the name of a person whose name is withheld '
            f"(data/prisoners/{hit.slug}.yaml)")


def _strings(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))


def written_hits(guard: Guard, text: str) -> list[Hit]:
    """The names in a text as written, as a reader sees it once its markup and escapes
    are gone, and with letters set apart joined again; each once (by person and line)."""
    read = as_read(text)
    views = dict.fromkeys((text, read, compact(read), disguised(compact(read)),
                           addresses(text), joined_strings(text)))
    found: dict[tuple[str, int], Hit] = {}
    for view in views:
        for hit in (*guard.find(view, written_breaks(view)), *guard.find_loosely(view),
                    *guard.find_joined(view)):
            line = hit.line(view)
            found.setdefault((hit.slug, line), Hit(hit.slug, _start_of_line(text, line),
                                                   hit.words))
    return sorted(found.values(), key=lambda h: (h.start, h.slug))


def _start_of_line(text: str, line: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start


def document_leaks(doc: Document, guard: Guard) -> list[Problem]:
    """Every withheld name in one document's texts, located by line and field."""
    found = []
    for path, text in _strings(doc.data):
        line = doc.line_of(path)[0]
        if line is not None and "\n" in text.rstrip("\n"):
            line += 1  # a block scalar (`|`) starts on the line after its key
        for hit in written_hits(guard, text):
            where = None if line is None else line + hit.line(text) - 1
            found.append(Problem(doc.path, where, format_path(path), _message(hit), FIX))
    for hit in written_hits(guard, doc.body):
        found.append(Problem(doc.path, doc.body_line + hit.line(doc.body) - 1, "body",
                             _message(hit), FIX))
    for hit in name_hits(guard, doc.name.split(".")[0]):
        found.append(Problem(doc.path, None, "", _message(hit, "the file name holds"),
                             "rename the file: its name is part of the page's address"))
    return found


def name_hits(guard: Guard, name: str) -> list[Hit]:
    """A withheld name in a file or folder name: its words apart (`ivan-petrov`,
    `ivan_petrov`) or run together (`ivanpetrov`)."""
    spaced = re.sub(r"[-_./]+", " ", name)
    return [*guard.find(spaced), *guard.find_joined(spaced)]


def source_leaks(tree: Tree, guard: Guard, verdicts: Verdicts | None = None) -> list[Problem]:
    """Every withheld name in what editors wrote: documents (but the withheld people's own
    files, which are never published), photo file names, templates and assets."""
    if not guard:
        return []
    withheld = {f"data/prisoners/{slug}.yaml" for slug in withheld_names(tree)}
    found: list[Problem] = []
    for doc in tree.documents():
        if doc.path in tree.broken or doc.path in withheld:
            continue
        key = _document_key(guard, doc)
        if verdicts is not None and key in verdicts:
            continue
        problems = document_leaks(doc, guard)
        if problems:
            found += problems
        elif verdicts is not None:
            verdicts.add(key)
    found += _photo_leaks(tree, guard, withheld)
    found += _template_leaks(tree.root, guard, verdicts)
    return found


_KEYS = ByObject()
"""Each document's key, by the document object (the live preview keeps the documents of
unchanged files: writing out 8,000 of them again after each edit took half a second at
5,000 people)."""


def _document_key(guard: Guard, doc: Document) -> bytes:
    def key() -> bytes:
        digest = hashlib.blake2b(guard.key + b"source\0" + doc.path.encode(), digest_size=16)
        digest.update(repr(doc.data).encode() + b"\0" + doc.body.encode())
        return digest.digest()

    return _KEYS.get(doc, guard.key, key)


def _photo_leaks(tree: Tree, guard: Guard, withheld: set[str]) -> list[Problem]:
    found = []
    for doc in tree.prisoners:
        photo = doc.data.get("photo") if isinstance(doc.data, dict) else None
        name = photo.get("file") if isinstance(photo, dict) else None
        if doc.path in withheld or not isinstance(name, str):
            continue
        for hit in name_hits(guard, name.rsplit(".", 1)[0]):
            found.append(doc.problem(("photo", "file"), _message(hit, "the photo's file name "
                                                                  "holds"),
                                     "rename the photo: its name is part of its address"))
    return found


def _template_leaks(root: Path, guard: Guard, verdicts: Verdicts | None = None
                    ) -> list[Problem]:
    """Templates and assets: every file, whatever its kind (an asset is published as it
    is), read as text, and its path (assets keep their names); a file found clean before
    is not searched again."""
    found = []
    for relative in project_files(root, "templates"):
        for hit in name_hits(guard, relative.removeprefix("templates/")):
            found.append(Problem(relative, None, "", _message(hit, "the file name holds"),
                                 "rename the file: its name is part of an address"))
        try:
            text = read_project_file(root, relative, links=not relative.startswith(
                "templates/assets/")).decode("utf-8", "replace")
        except ContentError as error:
            found += error.problems
            continue
        key = hashlib.blake2b(guard.key + b"template\0" + relative.encode() + b"\0"
                              + text.encode(), digest_size=16).digest()
        if verdicts is not None and key in verdicts:
            continue
        hits = written_hits(guard, text)
        for hit in hits:
            found.append(Problem(relative, hit.line(text), "", _message(hit), FIX))
        if not hits and verdicts is not None:
            verdicts.add(key)
    return found


BINARY_FILES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".zip", ".woff", ".woff2",
                ".pdf")
"""Published files that hold no text: images (photos are encoded from pixels alone, share
images are checked by their words) and the offline zip (each of its files is checked as
it is written). Every other file is read as text."""


class Verdicts:
    """The hashes of texts found clean by this guard before, kept between builds (under
    .cache/guard/, one file per set of withheld names and per pass: `source` for what
    editors write, `output` for what is published), so that an unchanged text is not
    searched again. Like every cache entry, the file is checked when read; a bad one is a
    miss, and the texts are searched again. Each build keeps only the hashes it used."""

    def __init__(self, folder: Path | None, guard: Guard, kind: str,
                 writable: bool = True) -> None:
        from .pagecache import code_version  # the guard's own code decides what is clean

        self.entries = CacheFolder(folder, writable) if folder is not None else None
        self.prefix = hashlib.blake2b(guard.key + code_version(), digest_size=16).hexdigest()
        self.name = f"{self.prefix}-{kind}"
        self.clean: set[bytes] = set()
        self.used: set[bytes] = set()
        self.texts: set[str] | None = None
        """Strings of data files (JSON, CSV, calendars) found clean, when kept (the live
        preview): a data file that changed in one record is searched in that record's
        strings alone. A run of text never goes on from one string to the next, so a
        string found clean once is clean in any file."""
        if self.entries is not None:
            payload = self.entries.read(self.entries.folder / self.name)
            if payload is not None and len(payload) % 16 == 0:
                self.clean = {payload[i:i + 16] for i in range(0, len(payload), 16)}
        self.loaded = frozenset(self.clean)

    def __contains__(self, key: bytes) -> bool:
        if key in self.clean:
            self.used.add(key)
            return True
        return False

    def add(self, key: bytes) -> None:
        self.clean.add(key)
        self.used.add(key)

    def save(self) -> None:
        """Keep the clean texts this build used for the next one, and no other set of
        names' files."""
        if self.entries is None or not self.used or self.used == self.loaded:
            return
        if self.entries.write(self.entries.folder / self.name, b"".join(sorted(self.used))):
            for other in self.entries.folder.glob("*"):
                if not other.name.startswith(self.prefix) and other.is_file():
                    self.entries.discard(other)


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


class OutputGuard:
    """Checks each file the build is about to publish; `problems` holds what it found."""

    def __init__(self, guard: Guard, verdicts: Verdicts | None = None,
                 origins: dict[str, str] | None = None) -> None:
        self.guard, self.verdicts = guard, verdicts
        self.origins = origins or {}
        """Output file → what it is made from (template and sources), for the message."""
        self.problems: list[Problem] = []

    def check(self, path: str, content: bytes, digest: bytes | None = None) -> None:
        """Look for withheld names in one output file and in its path."""
        if not self.guard:
            return
        for hit in name_hits(self.guard, path):
            self._report(path, hit, "the address holds")
        if path.lower().endswith(BINARY_FILES):
            return
        digest = digest or hashlib.blake2b(content, digest_size=16).digest()
        key = hashlib.blake2b(self.guard.key + b"output\0" + path.rsplit(".", 1)[-1].encode()
                              + digest, digest_size=16).digest()
        if self.verdicts is not None and key in self.verdicts:
            return
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
            for hit in (*self.guard.find(text, breaks), *self.guard.find_joined(text)):
                hits.append(hit)
                self._report(path, hit, "names", hit.line(text) if lines else None)
        if not hits and self.verdicts is not None:
            self.verdicts.add(key)
            if texts is not None:
                texts.update(fresh)

    def check_words(self, path: str, words: tuple[str, ...]) -> None:
        """The words drawn into an image."""
        for hit in self.guard.find("\x00".join(words), TEXT_BREAKS):
            self._report(path, hit, "draws")

    def _report(self, path: str, hit: Hit, what: str, line: int | None = None) -> None:
        origin = self.origins.get(path)
        made = f"; it is made from {origin}" if origin else ""
        where = f"{path}:{line}" if line else path
        self.problems.append(Problem(
            origin.split(" ")[0] if origin else "site", None, "",
            f"the built file {where} {_message(hit, what)}{made}", FIX))

    def raise_found(self) -> None:
        """Stop the build if anything was found."""
        if self.problems:
            raise ContentError(self.problems)
