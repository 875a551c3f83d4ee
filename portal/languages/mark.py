"""Record that translations are current: write the source fingerprint into the files, so
nobody edits hashes by hand. Edits the text in place; comments and layout are kept."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from ..checks.canonical import in_style
from ..content.listfiles import WRAPPERS
from ..content.load import Tree, read_text
from ..problems import ContentError, Problem
from ..store.atomic import write_file_atomic
from .translations import Item


def mark_current(tree: Tree, items: list[Item], file: str, lang: str | None = None,
                 source: str | None = None, fields: tuple[str, ...] = ()) -> int:
    """Mark every translation held in `file` (in `lang`, if given; of `fields`, if given)
    as made from the current source; with `source`, from that language's text, for the
    fields of a YAML record written first in a language other than the default. Return
    how many were marked. Whether each was checked is for the caller (`checked`)."""
    chosen = to_mark(items, file, lang, source, fields)
    mark_items(tree, file, chosen)
    return len(chosen)


def to_mark(items: list[Item], file: str, lang: str | None = None, source: str | None = None,
            fields: tuple[str, ...] = ()) -> list[Item]:
    """The translations in `file` that `mark_current` would mark."""
    held = [i for i in items if i.file == file and i.status != "missing"]
    if fields:
        held = _named(held, file, fields)
    chosen = [i for i in held if lang is None or i.lang == lang or source is not None]
    if source is not None:
        chosen = _from(chosen, source, lang, file, fields)
    if not chosen:
        raise ContentError([Problem(file, None, "", "holds no translation to mark",
                                    "name a translated file, e.g. content/statements/x.be.md "
                                    "or data/prisoners/x.yaml")])
    return chosen


def mark_items(tree: Tree, file: str, chosen: list[Item]) -> None:
    """Record each of `chosen` (all in `file`) as made from its source as it is now."""
    if file.endswith(".md"):
        item = chosen[0]
        _mark_markdown(tree.root, file, item.source_lang, _source_hash(tree, item))
    else:
        _mark_yaml(tree.root, file, [(i, _source_hash(tree, i)) for i in chosen])


def _named(items: list[Item], file: str, fields: tuple[str, ...]) -> list[Item]:
    """The items of the fields named with --field; an unknown name is an error naming
    the fields there are."""
    if file.endswith(".md"):
        raise ContentError([Problem(file, None, "", "--field is for YAML files",
                                    "a statement or page is marked as a whole: leave out "
                                    "--field")])
    known = sorted({i.field for i in items})
    unknown = [f for f in fields if f not in known]
    if unknown:
        shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
        raise ContentError([Problem(file, None, unknown[0], "is not a translated field of "
                                    "this file", f"name one of: {shown}" if known else
                                    "translate a field first")])
    return [i for i in items if i.field in fields]


def _from(items: list[Item], source: str, lang: str | None, file: str,
          fields: tuple[str, ...]) -> list[Item]:
    """The translations of each field named (`fields`) written in `source`: every other
    language with a text (or `lang` only), as made from `source`. Only named fields: an
    original is chosen field by field, never for a whole file at once."""
    if file.endswith(".md"):
        raise ContentError([Problem(file, None, "", "--from is for YAML files",
                                    "a statement or page says what it was translated from "
                                    "in its own file: mark that file")])
    if not fields:
        raise ContentError([Problem(file, None, "", f"--from {source} names no field: it "
                                    f"would make the {source} text the original of every "
                                    "field in the file",
                                    f"name each field written first in {source} with --field, "
                                    f"e.g. --from {source} --field summary --field biography")])
    written: dict[tuple, set[str]] = {}
    first: dict[tuple, Item] = {}
    for item in items:
        written.setdefault(item.path, set()).update({item.lang, item.source_lang} - {None})
        first.setdefault(item.path, item)
    marked = [replace(first[path], lang=other, source_lang=source)
              for path, langs in written.items() if source in langs
              for other in sorted(langs - {source}) if lang in (None, other)]
    if not marked:
        raise ContentError([Problem(file, None, "", f"has no text in {source} with a "
                                    "translation to mark", f"write the {source} text first")])
    return marked


def _source_hash(tree: Tree, item: Item) -> str:
    from .translations import current_fingerprint

    digest = current_fingerprint(tree, item)
    if digest is None:
        raise ContentError([Problem(item.file, item.line, item.field, "has no source text to "
                                    "compare with", "write the original first")])
    return digest


def _mark_markdown(root: Path, file: str, source: str, digest: str) -> None:
    text = read_text(root, file)
    end = text.find("\n---\n", 3)
    front, rest = text[:end + 1], text[end + 1:]
    line = f"translated_from: {{lang: {source}, hash: {digest}}}\n"
    block = re.compile(r"^translated_from:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)
    front = block.sub(line, front, count=1) if block.search(front) else front + line
    write_file_atomic(root / file, in_style(file, front + rest, root).encode("utf-8"))


def _mark_yaml(root: Path, file: str, marks: list[tuple[Item, str]]) -> None:
    """Add or update `translated:` in each record. Edits are worked out on the original
    line numbers and applied from the bottom up; where an inner and an outer record end
    on the same line, the inner one's block goes first, so it stays inside."""
    text = read_text(root, file)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    records: dict[tuple, dict[str, str | None]] = {}
    for item, digest in marks:
        key = f"{item.path[-1]}.{item.lang}"
        records.setdefault(item.path[:-1], {})[key] = f"{item.source_lang} {digest}"
        # the original has no record of its own: it was not translated from anything
        records[item.path[:-1]].setdefault(f"{item.path[-1]}.{item.source_lang}", None)
    document = yaml.compose(text, Loader=yaml.SafeLoader)
    if file in WRAPPERS and isinstance(document, yaml.MappingNode):  # `waves:` then the list
        document = document.value[0][1]
    try:
        edits = [_edit(lines, _record_node(document, path), values)
                 for path, values in records.items()]
    except ContentError as error:
        raise ContentError([replace(p, file=file) for p in error.problems]) from None
    for start, stop, _indent, block in sorted(edits, key=lambda e: (-e[0], e[2])):
        lines[start:stop] = block
    write_file_atomic(root / file, in_style(file, "".join(lines), root).encode("utf-8"))


def _record_node(node: yaml.Node, path: tuple) -> yaml.MappingNode:
    for part in path:
        if isinstance(node, yaml.SequenceNode):
            node = node.value[part]
        else:
            node = next(v for k, v in node.value if k.value == str(part))
    return node


def _edit(lines: list[str], node: yaml.MappingNode, values: dict[str, str | None]):
    """(first line, line after, indent, new lines) for one record's `translated:` block."""
    if node.flow_style:
        line = node.start_mark.line + 1
        raise ContentError([Problem("", line, "", "this record is written on one line "
                                    "({…}), so its translation record cannot be added",
                                    "write the record with one field per line")])
    existing = next(((k, v) for k, v in node.value if k.value == "translated"), None)
    column = node.start_mark.column
    merged = {}
    if existing is not None and isinstance(existing[1], yaml.MappingNode):
        merged = {k.value: v.value for k, v in existing[1].value}
    merged.update(values)
    merged = {k: v for k, v in merged.items() if v is not None}
    indent = " " * column
    # sorted by name (`summary.be`, `summary.ru`): the canonical order (checks/order)
    block = [f"{indent}translated:\n"] + [f"{indent}  {k}: {v}\n"
                                           for k, v in sorted(merged.items())]
    if existing is not None:
        start = existing[0].start_mark.line
        end = _before_gap(lines, _end_line(lines, existing[1]), start + 1, column)
        return start, end, column, block
    end = _before_gap(lines, _end_line(lines, node), node.start_mark.line + 1, column)
    return end, end, column, block


def _before_gap(lines: list[str], end: int, first: int, column: int) -> int:
    """`end` moved up over blank lines and over comments indented no deeper than the
    record (not before `first`): what stands between two records (a blank line, a
    heading comment for the next) stays after the block."""
    def between(line: str) -> bool:
        text = line.strip()
        return not text or (text.startswith("#") and len(line) - len(line.lstrip()) <= column)

    while end > first and between(lines[end - 1]):
        end -= 1
    return end


def _end_line(lines: list[str], node: yaml.Node) -> int:
    """The index of the first line after a node. A block node ends where the next token
    starts; when only spaces or a list dash stand before that token, the node ended on
    the line before."""
    mark = node.end_mark
    if mark.line >= len(lines):
        return len(lines)
    before = lines[mark.line][:mark.column]
    return mark.line if before.strip() in ("", "-") else mark.line + 1


