"""The withheld-name guard's first pass, over the sources: every text of every file other
than the person's own (profiles, statements, pages, data, templates, photo names)
searched for the names of people whose names are withheld; and the texts found clean,
kept under .cache/guard/ (Verdicts) so that unchanged texts are not searched again."""

from __future__ import annotations

import hashlib
import pickle
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..content.document import Document, FieldPath, format_path
from ..content.load import Tree
from ..memo import ByObject
from ..names.allowance import allowing, beyond_listed, record_names
from ..names.guard import Guard, Hit
from ..names.guardtext import written_breaks
from ..names.nameforms import Form, name_forms, names_of
from ..names.plaintext import addresses, as_read, compact, disguised, joined_strings
from ..problems import ContentError, Problem
from ..store.cachefile import CacheFolder
from ..store.files import project_files, read_project_file

GUIDE = "see “Withheld names” in docs/editors-guide.md"


FIX = ("remove the name, and anything else that identifies the person; if it is another, "
       "public person's name, list it as written in this record's `public_names` "
       f"({GUIDE})")


def namesake_fix(slug: str) -> str:
    """What to do when a public person's own name looks like a withheld person's."""
    return (f"if this is another person, write `distinct_from: [{slug}]` in this file; if "
            "the two names are spelt exactly alike, list the name as written in its "
            f"`public_names` ({GUIDE})")


OWN_NAME = "name"
"""A profile's field that holds the person's own name (an alias that looks like a
withheld name is more likely pasted into the wrong file: the usual fix)."""


def withheld_names(tree: Tree) -> dict[str, list[str]]:
    """Each withheld person's slug → every text of their name (languages, other spellings)."""
    people = {}
    for doc in tree.prisoners:
        if isinstance(doc.data, dict) and doc.data.get("name_withheld") is True:
            people[doc.stem] = names_of(doc.data)
    return people


def guard_of(tree: Tree, forms: Callable[[list[str]], set[Form]] = name_forms) -> Guard:
    """The guard for a project's withheld people (empty when nobody is withheld), knowing
    the public people's names too (`forms`: where their forms come from, see
    names/formstore.py)."""
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
    return Guard.of(withheld, public if withheld else {}, distinct, forms=forms)


def hit_message(hit: Hit, what: str = "names") -> str:
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


def written_hits(guard: Guard, text: str, allowed: tuple[str, ...] = ()) -> list[Hit]:
    """The names in a text as written, as a reader sees it once its markup and escapes
    are gone, and with letters set apart joined again; each once (by person and line).
    `allowed`: public names the text may hold, spelt exactly so (names/allowance.py); a
    name found that is more than a listed one (`Secret Person` where only `Person` is
    listed) is still found."""
    found: dict[tuple[str, int], Hit] = {}
    masked = allowing(text, allowed)
    for hit in _hits_in(guard, masked):
        found.setdefault((hit.slug, hit.line(text)), hit)
    if masked != text:
        for hit in beyond_listed(_hits_in(guard, text), allowed):
            found.setdefault((hit.slug, hit.line(text)), hit)
    return sorted(found.values(), key=lambda h: (h.start, h.slug))


def _hits_in(guard: Guard, text: str) -> list[Hit]:
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
    return list(found.values())


def _start_of_line(text: str, line: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start


def document_leaks(doc: Document, guard: Guard) -> list[Problem]:
    """Every withheld name in one document's texts, located by line and field."""
    found = []
    profile = doc.path.startswith("data/prisoners/")
    for path, text in _strings(doc.data):
        line = doc.line_of(path)[0]
        if line is not None and "\n" in text.rstrip("\n"):
            line += 1  # a block scalar (`|`) starts on the line after its key
        for hit in written_hits(guard, text, record_names(doc.path, doc.data, path)):
            where = None if line is None else line + hit.line(text) - 1
            fix = namesake_fix(hit.slug) if profile and path[:1] == (OWN_NAME,) else FIX
            found.append(Problem(doc.path, where, format_path(path), hit_message(hit), fix))
    for hit in written_hits(guard, doc.body, record_names(doc.path, doc.data)):
        found.append(Problem(doc.path, doc.body_line + hit.line(doc.body) - 1, "body",
                             hit_message(hit), FIX))
    for hit in name_hits(guard, doc.name.split(".")[0]):
        found.append(Problem(doc.path, None, "", hit_message(hit, "the file name holds"),
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
        key = _document_key(guard, doc, tree.read_as.get(doc.path))
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


def _document_key(guard: Guard, doc: Document,
                  read_as: tuple[Document, str] | None = None) -> bytes:
    """The hash of the guard's names, the document's path and its whole value: the hash it
    was read under (`read_as`, from the document store: of the file's bytes and the code
    that parsed them), else its data pickled (two values with one pickle are equal; twice
    as fast as `repr`, yet 0.1 s at 1,200 people)."""
    def key() -> bytes:
        digest = hashlib.blake2b(guard.key + b"source\0" + doc.path.encode(), digest_size=16)
        if read_as is not None and read_as[0] is doc:
            digest.update(b"read\0" + read_as[1].encode())
            return digest.digest()
        try:
            data = pickle.dumps(doc.data, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a value pickle cannot write is written out
            data = b"repr\0" + repr(doc.data).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
        digest.update(doc.body.encode("utf-8", "surrogatepass"))
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
            found.append(doc.problem(("photo", "file"), hit_message(hit, "the photo's file name "
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
            found.append(Problem(relative, None, "", hit_message(hit, "the file name holds"),
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
            found.append(Problem(relative, hit.line(text), "", hit_message(hit), FIX))
        if not hits and verdicts is not None:
            verdicts.add(key)
    return found


BINARY_FILES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".zip", ".woff", ".woff2",
                ".pdf")
"""Published files that hold no text: images (photos are encoded from pixels alone, share
images are checked by their words) and the offline zip (outputs/zipscan.py reads each of
its entries, local headers walked, before it is published). Every other file is read as
text."""


MOST_STRINGS = 1_000_000
"""Clean strings of data files kept between builds at most (each edit adds the new
versions of the strings it changed; past this, the kept strings start afresh)."""


class Verdicts:
    """The hashes of texts found clean by this guard before, kept between builds (under
    .cache/guard/, one file per set of withheld names and per pass: `source` for what
    editors write, `output` for what is published), so that an unchanged text is not
    searched again. Like every cache entry, the file is checked when read; a bad one is a
    miss, and the texts are searched again. Each build keeps only the hashes it used.
    `strings`: keep the strings of data files found clean too (`texts`), in a file of
    their own beside the hashes."""

    def __init__(self, folder: Path | None, guard: Guard, kind: str,
                 writable: bool = True, strings: bool = False) -> None:
        # the guard's own code decides what is clean
        from ..store.version import code_version

        self.entries = CacheFolder(folder, writable) if folder is not None else None
        self.prefix = hashlib.blake2b(guard.key + code_version(), digest_size=16).hexdigest()
        self.name = f"{self.prefix}-{kind}"
        self.kind = kind
        self.clean: set[bytes] = set()
        self.used: set[bytes] = set()
        self.texts: set[str] | None = None
        """Strings of data files (JSON, CSV, calendars) found clean, when kept (the live
        preview, and a build with `strings`): a data file that changed in one record is
        searched in that record's strings alone. A run of text never goes on from one
        string to the next, so a string found clean once is clean in any file."""
        if self.entries is not None:
            payload = self.entries.read(self.entries.folder / self.name)
            if payload is not None and len(payload) % 16 == 0:
                self.clean = {payload[i:i + 16] for i in range(0, len(payload), 16)}
        self.loaded = frozenset(self.clean)
        self.strings_loaded = -1
        if strings:
            self.texts = self._kept_strings()
            self.strings_loaded = len(self.texts)

    def _kept_strings(self) -> set[str]:
        payload = self.entries.read(self.entries.folder / f"{self.name}-strings") \
            if self.entries is not None else None
        if payload is None:
            return set()
        try:
            found = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
            return set()
        return found if isinstance(found, set) and all(isinstance(x, str) for x in found) \
            else set()

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
        names' file of this pass (the other pass's guard may have another key: the one
        over the sources accepts no `public_names` of its own, so its file is left); the
        clean strings, when kept, all of them while they are not too many (then none: the
        next build searches its data files whole once more)."""
        if self.entries is not None and self.strings_loaded >= 0 and self.texts is not None \
                and len(self.texts) != self.strings_loaded:
            kept = self.texts if len(self.texts) <= MOST_STRINGS else set()
            self.entries.write(self.entries.folder / f"{self.name}-strings",
                               pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            self.strings_loaded = len(self.texts)
        if self.entries is None or not self.used or self.used == self.loaded:
            return
        if self.entries.write(self.entries.folder / self.name, b"".join(sorted(self.used))):
            for other in [*self.entries.folder.glob(f"*-{self.kind}"),
                          *self.entries.folder.glob(f"*-{self.kind}-strings")]:
                if not other.name.startswith(self.name) and other.is_file():
                    self.entries.discard(other)
