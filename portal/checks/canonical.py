"""The project's YAML style: each file as the web editor writes it (content/yamlstyle).

Every YAML file and every Markdown file's front matter is kept exactly as the editor
would save it, so that a change made in the editor changes the edited field only. Every
map, at every depth, is in the canonical order of checks/order (the editor's own script
writes the same: editor/order.js); the top-level fields so go in the order of the
record's fields here (the order the editor's configuration lists them in), `translated`
last. The list files are written under their one key (content/listfiles)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..content.listfiles import WRAPPERS, wrapped
from ..content.load import decode, parse_markdown_file, read_bytes
from ..content.yamlparse import parse_yaml
from ..content.yamlstyle import dump, dump_front_matter
from ..problems import ContentError, Problem
from .order import arrange, default_strings, file_order
from .shapes import LETTERS, PAGE, PRISONER, SITE, STATEMENT

FIX = "run .venv/bin/python build.py format {file}"
"""The fix for a file out of style."""

LISTED_BY = {"data/prisoners/": "name_withheld"}
"""A field the web editor needs written to list a record at all: its collections of
people are filtered on it, and Decap compares only what is written (`check` says so)."""


def field_order(relative: str, root: Path | None = None) -> tuple[str, ...]:
    """The order of a file's top-level fields, as the web editor's configuration lists
    them (empty: keep the order they are in). An interface strings file's are the keys
    of the default language's file, which needs the project's `root`."""
    if relative in WRAPPERS:
        return (WRAPPERS[relative],)
    if relative == "data/site.yaml":
        return tuple(SITE.fields)
    if relative == "data/letters.yaml":
        return tuple(LETTERS.fields)
    if relative.startswith("data/prisoners/"):
        return tuple(PRISONER.fields)
    if relative.startswith("content/statements/"):
        return tuple(STATEMENT.fields)
    if relative.startswith("content/pages/"):
        return tuple(PAGE.fields)
    if relative.startswith("data/strings/") and root is not None:
        return tuple(str(k) for k in default_strings(root))  # in their order
    return ()


def canonical(relative: str, text: str, verify: bool = True,
              root: Path | None = None) -> str:
    """A file's text in the project's style. Raise ContentError if it does not parse, or
    (`verify`) if the style would read back as other values (a value the style cannot
    hold). `root`: the project's, for the order of texts per language and of an interface
    strings file (without it they keep theirs)."""
    node = file_order(relative, root)
    if relative.endswith(".md"):
        document = parse_markdown_file(relative, text.encode("utf-8"))
        try:
            after = dump_front_matter(arrange(document.data or {}, node), document.body,
                                      field_order(relative, root))
        except ValueError:
            raise ContentError([Problem(relative, document.body_line, "body", "the text "
                                        "starts with a line `---`, which the web editor "
                                        "would read as more fields", "write `***` for a "
                                        "rule there, or start with a sentence")]) from None
        if after == text or not verify:
            return after
        again = parse_markdown_file(relative, after.encode("utf-8"))
        same = again.data == (document.data or {}) and again.body == document.body
    else:
        data = wrapped(relative, parse_yaml(text, relative).data)
        after = dump(arrange(data, node), field_order(relative, root))
        if after == text or not verify:
            return after
        same = parse_yaml(after, relative).data == data
    if not same:
        raise ContentError([Problem(relative, None, "", "the file's values cannot be written "
                                    "in the editor's style without changing one of them",
                                    "leave it as it is, or simplify the unusual value")])
    return after


def in_style(relative: str, text: str, root: Path | None = None) -> str:
    """An edited file's text in the project's style; as it is if the style cannot hold
    it (`canonical` refuses), so that a command's edit is never lost for its style.
    `root`: the project's (see `canonical`)."""
    try:
        return canonical(relative, text, root=root)
    except ContentError:
        return text


def project_files(root: Path) -> list[str]:
    """Every YAML file of data/ and Markdown file of content/, sorted."""
    found = [p for pattern in ("data/**/*.yaml", "content/**/*.md")
             for p in root.glob(pattern) if p.is_file() and not p.name.startswith(".")]
    return sorted(p.relative_to(root).as_posix() for p in found)


def out_of_style(root: Path, relative: str) -> tuple[str, str] | None:
    """(text, canonical text) of a file out of style (its bytes: plain UTF-8 with `\\n`
    line ends, as the editor writes); None if it is in style or does not parse (that is
    reported where it is read)."""
    try:
        raw = read_bytes(root, relative)
    except ContentError:
        return None
    return _out_of_style(root, relative, raw)


def _out_of_style(root: Path, relative: str, raw: bytes) -> tuple[str, str] | None:
    try:
        text = decode(raw, relative)
        after = canonical(relative, text, verify=False, root=root)
    except ContentError:
        return None
    return None if after.encode("utf-8") == raw else (text, after)


def unlisted(relative: str, raw: bytes) -> str | None:
    """The field (LISTED_BY) a file leaves out, so that the web editor lists its record
    nowhere; None if it has it, is no such file or does not parse. Parsed only when no
    line starts with the field (the usual file has it as a line of its own)."""
    for folder, name in LISTED_BY.items():
        if not relative.startswith(folder):
            continue
        if re.search(rb"^" + name.encode() + rb"\s*:", raw, re.MULTILINE):
            return None
        try:
            data = parse_yaml(decode(raw, relative), relative).data
        except ContentError:
            return None
        return name if isinstance(data, dict) and name not in data else None
    return None


def style_warnings(root: Path) -> Iterator[Problem]:
    """A warning for each file of data/ and content/ out of the project's style, and for
    each record the web editor would list nowhere (each file read once)."""
    for relative in project_files(root):
        try:
            raw = read_bytes(root, relative)
        except ContentError:
            continue  # reported where it is read
        if (name := unlisted(relative, raw)) is not None:
            yield Problem(relative, None, name, "is not written, so the web editor lists "
                          "this person nowhere (it shows people by this field)",
                          f"write `{name}: false` (or `true` for a person whose name is "
                          "withheld)", warning=True)
        if _out_of_style(root, relative, raw) is not None:
            yield Problem(relative, None, "", "not written in the web editor's style, so "
                          "the editor's next save of it would change lines nobody edited",
                          FIX.format(file=relative), warning=True)
