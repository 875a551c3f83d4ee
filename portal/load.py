"""Read YAML and Markdown files into documents that remember where each value came from."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem
from .watch import signature

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: same results, slower
    _Loader = yaml.SafeLoader

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed file: its data, the line of every value, and a Markdown body if any."""

    path: str
    """Path relative to the project root, with forward slashes."""
    data: Any
    lines: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    @property
    def name(self) -> str:
        """The file name, e.g. `ihar-losik.yaml`."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        """The file name without its last suffix, e.g. `ihar-losik`."""
        name = self.name
        dot = name.rfind(".")
        return name[:dot] if dot > 0 else name

    def line_of(self, path: FieldPath) -> tuple[int | None, int | None]:
        """Return (line, column) of a value, or of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, path: FieldPath, message: str, fix: str = "", warning: bool = False):
        """Make a Problem located at a field of this document."""
        line, column = self.line_of(path)
        return Problem(self.path, line, format_path(path), message, fix, column, warning)


def format_path(path: FieldPath) -> str:
    """`("events", 2, "date")` → `events[2].date`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _value(loader: Any, node: yaml.Node, path: FieldPath, lines: dict) -> Any:
    """Construct a node's value, recording the line and column of every field."""
    lines.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _value(loader, key_node, path + ("?",), {})
            key = key if isinstance(key, str | int) else str(key)
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f'the field "{key}" appears twice', problem_mark=key_node.start_mark)
            # A field is located at its key: that is where an editor looks.
            lines[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _value(loader, value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_value(loader, item, path + (i,), lines) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):
        return node.value  # e.g. 2025-13-01: keep the text, validation explains


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Document:
    """Parse YAML text; raise ContentError with the file and line of a syntax error."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[FieldPath, tuple[int, int]] = {}
        data = _value(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        source_line = text.splitlines()[mark.line] if mark and mark.line < len(
            text.splitlines()) else ""
        if "\t" in source_line[:len(source_line) - len(source_line.lstrip())]:
            message, fix = "YAML syntax error: a tab in the indentation", \
                "indent with spaces, not tabs"
        else:
            message, fix = f"YAML syntax error: {error.problem or error}", _yaml_fix(error)
        raise ContentError([Problem(path, line, "", message, fix, column)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + line_offset
        message = f"the character {error.character!r} is not allowed in YAML"
        raise ContentError([Problem(path, line, "", message, "delete it (it is often "
                                    "invisible: retype the line)")]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(path, None, "", f"YAML error: {error}",
                                    "check quotes, colons and indentation")]) from None
    finally:
        loader.dispose()
    if line_offset:
        lines = {k: (ln + line_offset, col) for k, (ln, col) in lines.items()}
    return Document(path, data, lines)


def _yaml_fix(error: yaml.MarkedYAMLError) -> str:
    problem = str(error.problem or "")
    if "appears twice" in problem:
        return "keep one of them"
    if "mapping values" in problem:
        return 'put text containing ": " in quotes'
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation of this line and the one above"
    return "check quotes, colons and indentation near this line"


def read_bytes(root: Path, relative: str) -> bytes:
    """A content file's bytes; raise ContentError for a link to outside the project."""
    path = root / relative
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        raise ContentError([Problem(relative, None, "", "the file is a link to a place outside "
                                    "the project", "replace the link with the file itself")]
                           ) from None
    return path.read_bytes()


def read_text(root: Path, relative: str) -> str:
    """A content file as text: UTF-8 with or without BOM, any line ends.

    Raise ContentError for a file that is not UTF-8 or lies outside the project.
    """
    data = read_bytes(root, relative)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ContentError([Problem(relative, line, "", "the file is not UTF-8 text",
                                    "save it as UTF-8 (in most editors: Save with encoding, "
                                    "UTF-8)")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_yaml(root: Path, relative: str) -> Document:
    """Read one YAML file under the project root."""
    return parse_yaml(read_text(root, relative), relative)


def read_markdown(root: Path, relative: str) -> Document:
    """Read a Markdown file with YAML front matter between `---` lines."""
    text = read_text(root, relative)
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
    document = parse_yaml(front, relative, line_offset=1)
    body_line = front.count("\n") + 3
    return Document(relative, document.data, document.lines, body, body_line)


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

    def documents(self) -> list[Document]:
        """Every document, in a stable order."""
        singles = [self.site, self.sources, self.facilities, self.releases,
                   self.statistics, self.actions, self.letters]
        return [*singles, *self.strings.values(), *self.prisoners,
                *self.statements, *self.pages]


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
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue  # editor backups and hidden files
        if entry.is_dir():
            strays.append(Problem(relative, None, "", "a folder where files are expected",
                                  f"move its files into {folder}/ and remove the folder"))
        elif not entry.name.endswith(suffix):
            strays.append(Problem(relative, None, "", f"not a {suffix} file, so it is ignored",
                                  f"rename it to end in {suffix}, or move it elsewhere"))
        else:
            files.append(relative)
    return files, strays


DocumentCache = dict[str, tuple[tuple, Document]]
"""Documents parsed before, by path, with the signature of the file they came from."""


def load_tree(root: Path, cache: DocumentCache | None = None,
              signatures: dict[str, tuple] | None = None, store=None) -> Tree:
    """Parse every file under data/ and content/; report all syntax errors at once. With a
    `cache` (kept by the live preview), only files changed since are parsed again;
    `signatures` of the files, if just taken (watch.scan), save looking at them again; a
    `store` (docstore.DocumentStore) keeps parsed documents on disk between builds."""
    problems: list[Problem] = []
    now = time.time_ns()

    def stored(reader, relative: str) -> Document:
        if store is None:
            return reader(root, relative)
        key = store.key(relative, reader.__name__, read_bytes(root, relative))
        document = store.get(key)
        if document is None:
            document = reader(root, relative)
            store.put(key, document)
        return document

    def read(reader, relative: str) -> Document:
        if cache is None:
            return stored(reader, relative)
        mark = (signatures or {}).get(relative) or signature(root / relative, now)
        known = cache.get(relative)
        if known is not None and known[0] == mark:
            return known[1]
        document = stored(reader, relative)
        cache[relative] = (mark, document)
        return document

    def attempt(reader, relative: str, default: Any = None) -> Document:
        if signatures is not None and relative in signatures:  # a file, just looked at
            try:
                return read(reader, relative)
            except ContentError as error:
                problems.extend(error.problems)
                return Document(relative, None)
        if (root / relative).is_dir():
            problems.append(Problem(relative, None, "", "a folder where a file is expected",
                                    "replace the folder with the file"))
            return Document(relative, None)
        if not (root / relative).is_file():
            if default is None:
                problems.append(Problem(relative, None, "", "the file is missing",
                                        "create it (see docs/editors-guide.md)"))
            return Document(relative, default)
        try:
            return read(reader, relative)
        except ContentError as error:
            problems.extend(error.problems)
            return Document(relative, None)

    def many(reader, folder: str, suffix: str) -> tuple[Document, ...]:
        files, strays = _files(root, folder, suffix)
        problems.extend(strays)
        return tuple(attempt(reader, rel) for rel in files)

    tree = Tree(
        root=root,
        site=attempt(read_yaml, "data/site.yaml"),
        strings={Path(doc.path).stem: doc for doc in many(read_yaml, "data/strings", ".yaml")},
        sources=attempt(read_yaml, "data/sources.yaml"),
        prisoners=many(read_yaml, "data/prisoners", ".yaml"),
        facilities=attempt(read_yaml, "data/facilities.yaml", []),
        releases=attempt(read_yaml, "data/releases.yaml", []),
        statistics=attempt(read_yaml, "data/statistics.yaml", []),
        actions=attempt(read_yaml, "data/actions.yaml", []),
        letters=attempt(read_yaml, "data/letters.yaml", {}),
        statements=many(read_markdown, "content/statements", ".md"),
        pages=many(read_markdown, "content/pages", ".md"),
    )
    if problems:
        raise ContentError(problems)
    return tree
