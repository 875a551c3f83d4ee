"""Read YAML and Markdown files into documents that remember where each value came from.

Every file is read through files.read_project_file (regular files inside the project, of
bounded size) and parsed within the bounds of yamlparse. A file that cannot be read or
parsed is a problem of that file alone: the others are still read and checked, so one
syntax error never hides the problems of the rest."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import ContentError, Problem
from ..store.files import read_project_file, special_files
from .characters import CHARACTER_FIX, bad_character, position
from .document import Document, FieldPath, format_path
from .listfiles import unwrap
from .snapshot import signature
from .yamlparse import parse_yaml

__all__ = ["Document", "FieldPath", "format_path", "parse_yaml", "load_tree", "Tree"]


def read_bytes(root: Path, relative: str) -> bytes:
    """A content file's bytes; raise ContentError for a link to outside the project, a
    file that is not an ordinary file, or one over its size limit."""
    return read_project_file(root, relative)


def decode(data: bytes, relative: str) -> str:
    """A content file as text: UTF-8 with or without BOM, any line ends.

    Raise ContentError for a file that is not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ContentError([Problem(relative, line, "", "the file is not UTF-8 text",
                                    "save it as UTF-8 (in most editors: Save with encoding, "
                                    "UTF-8)")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(root: Path, relative: str) -> str:
    """A content file as text (see `decode`)."""
    return decode(read_bytes(root, relative), relative)


def parse_yaml_file(relative: str, data: bytes) -> Document:
    """One YAML file's bytes → Document (a list file's list, in either of its forms:
    listfiles.unwrap)."""
    return unwrap(parse_yaml(decode(data, relative), relative))


def parse_markdown_file(relative: str, data: bytes) -> Document:
    """A Markdown file's bytes, with YAML front matter between `---` lines → Document."""
    text = decode(data, relative)
    if not text.startswith("---\n"):
        problem = Problem(relative, 1, "", "the file does not start with front matter",
                          'start the file with a line "---", the fields, then "---"')
        raise ContentError([problem])
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        problem = Problem(relative, 1, "", "the front matter is not closed",
                          'add a line "---" after the last field')
        raise ContentError([problem])
    front = text[4:end + 1]
    body = text[end + 5:]
    body_line = front.count("\n") + 3
    problems = []
    try:
        document = parse_yaml(front, relative, line_offset=1)
    except ContentError as error:
        problems += error.problems
        document = Document(relative, None)
    found = bad_character(body)
    if found is not None:
        line, column = position(body, found[0])
        problems.append(Problem(relative, body_line + line - 1, "body",
                                f"the text holds {found[1]}", CHARACTER_FIX, column))
    if problems:
        raise ContentError(problems)
    return Document(relative, document.data, document.lines, body, body_line)


def read_yaml(root: Path, relative: str) -> Document:
    """Read one YAML file under the project root."""
    return parse_yaml_file(relative, read_bytes(root, relative))


def read_markdown(root: Path, relative: str) -> Document:
    """Read a Markdown file with YAML front matter between `---` lines."""
    return parse_markdown_file(relative, read_bytes(root, relative))


PARSERS = {"yaml": parse_yaml_file, "markdown": parse_markdown_file}


@dataclass(frozen=True, slots=True)
class Tree:
    """Every content file of a project, parsed but not yet checked."""

    root: Path
    site: Document
    strings: dict[str, Document]
    sources: Document
    prisoners: tuple[Document, ...]
    facilities: Document
    releases: Document
    statistics: Document
    actions: Document
    letters: Document
    statements: tuple[Document, ...]
    pages: tuple[Document, ...]
    problems: tuple[Problem, ...] = ()
    """What reading found: files that could not be read or parsed (errors), hidden files
    that are not read (warnings)."""
    broken: frozenset[str] = field(default_factory=frozenset)
    """Files that could not be read or parsed (their documents hold no data)."""
    read_as: dict[str, tuple[Document, str]] = field(default_factory=dict)
    """With a document store: each document by path, with the hash it is kept under (of
    the code, the path, how it was read and the file's bytes, so it stands for the whole
    document: store/results.py knows a document by it)."""

    def documents(self) -> list[Document]:
        """Every document, in a stable order."""
        singles = [self.site, self.sources, self.facilities, self.releases,
                   self.statistics, self.actions, self.letters]
        return [*singles, *self.strings.values(), *self.prisoners,
                *self.statements, *self.pages]


QUIET_HIDDEN = (".gitkeep", ".keep", ".DS_Store")
"""Hidden files that are expected in a folder and need no warning."""


def _files(root: Path, folder: str, suffix: str) -> tuple[list[str], list[Problem]]:
    """The content files of a folder, sorted, and a problem for anything else in it."""
    base = root / folder
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    files, strays = [], []
    for entry in entries:
        relative = f"{folder}/{entry.name}"
        if entry.name.endswith("~") or entry.name in QUIET_HIDDEN:
            continue  # editor backups
        if entry.name.startswith("."):
            strays.append(Problem(relative, None, "", "a hidden file (its name starts with "
                                  "a dot), so it is not read", "rename it without the leading "
                                  "dot, or delete it", warning=True))
        elif _is_dir(entry):
            strays.append(Problem(relative, None, "", "a folder where files are expected",
                                  f"move its files into {folder}/ and remove the folder"))
        elif not entry.name.endswith(suffix):
            strays.append(Problem(relative, None, "", f"not a {suffix} file, so it is ignored",
                                  f"rename it to end in {suffix}, or move it elsewhere"))
        else:
            files.append(relative)
    return files, strays


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


DocumentCache = dict[str, tuple[tuple, Document]]
"""Documents parsed before, by path, with the signature of the file they came from."""


def load_tree(root: Path, cache: DocumentCache | None = None,
              signatures: dict[str, tuple] | None = None, store=None,
              strict: bool = True) -> Tree:
    """Parse every file under data/ and content/. With `strict`, raise ContentError naming
    every file that could not be read or parsed; else keep their problems in the tree
    (`Tree.problems`, `Tree.broken`) for validation to report with the rest.

    With a `cache` (kept by the live preview), only files changed since are parsed again;
    `signatures` of the files, if just taken (snapshot.scan), save looking at them again; a
    `store` (docstore.DocumentStore) keeps parsed documents on disk between builds."""
    problems: list[Problem] = []
    broken: set[str] = set()
    now = time.time_ns()

    def stored(kind: str, relative: str) -> Document:
        if store is None:
            return PARSERS[kind](relative, read_bytes(root, relative))
        document, status = store.recall(root, relative, kind)  # unchanged: not read
        if document is not None:
            return document
        data = read_bytes(root, relative)
        key = store.key(relative, kind, data)
        document = store.get(key)
        if document is None:
            document = PARSERS[kind](relative, data)
            store.put(key, document)
        store.note(relative, kind, status, key, document, now)
        return document

    def read(kind: str, relative: str) -> Document:
        if cache is None:
            return stored(kind, relative)
        mark = (signatures or {}).get(relative) or signature(root / relative, now)
        known = cache.get(relative)
        if known is not None and known[0] == mark:
            if store is not None:
                store.unread = True  # its kept entry stays, for a build that reads it
            return known[1]
        document = stored(kind, relative)
        cache[relative] = (mark, document)
        return document

    def attempt(kind: str, relative: str, default: Any = None, listed: bool = False
                ) -> Document:
        path = root / relative
        if not listed and not (signatures is not None and relative in signatures):
            if path.is_dir():
                problems.append(Problem(relative, None, "", "a folder where a file is expected",
                                        "replace the folder with the file"))
                broken.add(relative)
                return Document(relative, None)
            if not os.path.lexists(path):
                if default is None:
                    problems.append(Problem(relative, None, "", "the file is missing",
                                            "create it (see docs/editors-guide.md)"))
                    broken.add(relative)
                return Document(relative, default)
        try:
            return read(kind, relative)
        except ContentError as error:
            problems.extend(error.problems)
            broken.add(relative)
            return Document(relative, None)

    def many(kind: str, folder: str, suffix: str) -> tuple[Document, ...]:
        files, strays = _files(root, folder, suffix)
        problems.extend(strays)
        return tuple(attempt(kind, rel, listed=True) for rel in files)  # just looked at

    specials = special_files(root)  # a pipe nothing reads is still an error
    tree = Tree(
        root=root,
        site=attempt("yaml", "data/site.yaml"),
        strings={Path(doc.path).stem: doc for doc in many("yaml", "data/strings", ".yaml")},
        sources=attempt("yaml", "data/sources.yaml"),
        prisoners=many("yaml", "data/prisoners", ".yaml"),
        facilities=attempt("yaml", "data/facilities.yaml", []),
        releases=attempt("yaml", "data/releases.yaml", []),
        statistics=attempt("yaml", "data/statistics.yaml", []),
        actions=attempt("yaml", "data/actions.yaml", []),
        letters=attempt("yaml", "data/letters.yaml", {}),
        statements=many("markdown", "content/statements", ".md"),
        pages=many("markdown", "content/pages", ".md"),
        problems=tuple(problems),
        broken=frozenset(broken),
        read_as=store.read_as if store is not None else {},
    )
    named = {p.file for p in problems if not p.warning}
    problems += [p for p in specials if p.file not in named]
    tree = dataclasses.replace(tree, problems=tuple(problems))
    if strict and any(not p.warning for p in problems):
        raise ContentError(problems)
    return tree
