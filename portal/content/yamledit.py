"""Edit YAML text in place: change a value, add to a list, add a list item or a field,
keeping every comment, blank line and the order of the fields.

Positions come from the marks of `yaml.compose`'s nodes (nothing is re-dumped, so nothing
an editor wrote is lost); edits are collected on the original text and applied from its
end backwards, so that one edit never moves the position of another. The text is read
with the build's own YAML reader (yamlparse), so that a file the build accepts (a tab
after a colon) is one this module can edit. A value with an anchor (`&name`) or an alias
(`*name`) is never edited: a change there would change every place that repeats it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import yaml

from .yamlparse import LOADER

Order = tuple[str, ...]
"""The usual order of a record's fields: a new field goes after the last one before it."""


class EditError(Exception):
    """The text is written in a way this module does not edit (a record on one line)."""

    def __init__(self, line: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


@dataclass(slots=True)
class TextEdits:
    """Replacements on one text, by character positions in the original."""

    text: str
    edits: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(start, end, rank, new text); at one place, a lower rank goes first."""
    shared: list[tuple[int, int, int]] = field(default_factory=list)
    """(start, end, line) of each value with an anchor and of each alias: not edited."""

    def __post_init__(self) -> None:
        if self.text and not self.text.endswith("\n"):
            self.text += "\n"
        self.shared = shared_spans(self.text)

    def replace(self, start: int, end: int, new: str) -> None:
        self._guard(start, end)
        self.edits.append((start, end, len(self.edits), new))

    def insert(self, at: int, new: str, last: bool = False) -> None:
        """Insert text; `last`: after other insertions here (a new field goes after the
        items added to a list that ends where it starts)."""
        self._guard(at, at)
        self.edits.append((at, at, len(self.edits) + (1 << 20 if last else 0), new))

    def _guard(self, start: int, end: int) -> None:
        start, end = min(start, end), max(start, end)
        for first, last, line in self.shared:
            if start <= last and end >= first:
                raise EditError(line, "the value here has an anchor (`&name`) or is an alias "
                                "(`*name`): a change would change every place that repeats it",
                                "write the value out in full where it is used, without & "
                                "and *, or make this change by hand")

    def result(self) -> str:
        """The text with every edit made."""
        text = self.text
        for start, end, _, new in sorted(self.edits, reverse=True):
            text = text[:start] + new + text[end:]
        return text


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text, with the position of every node, as the build reads
    it."""
    return yaml.compose(text, Loader=LOADER)


def shared_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, line) of each value with an anchor and of each alias in a YAML text."""
    spans, open_ = [], []
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent) or (
                isinstance(event, yaml.ScalarEvent) and event.anchor):
            spans.append((event.start_mark.index, event.end_mark.index,
                          event.start_mark.line + 1))
        elif isinstance(event, yaml.CollectionStartEvent):
            open_.append(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            start = open_.pop()
            if start.anchor:
                spans.append((start.start_mark.index, event.end_mark.index,
                              start.start_mark.line + 1))
    return spans


def scalar(value: Any) -> str:
    """A value as YAML reads it back: plain where that is safe (`2025-09-11`, `report-a`),
    else in double quotes (`"NO"`, which YAML would read as false)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    try:
        read = yaml.safe_load(text)
    except yaml.YAMLError:
        read = None
    plain = read == text or (isinstance(read, dt.date) and read.isoformat() == text)
    if plain and text == text.strip() and "#" not in text and "\n" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: list[Any] | tuple[Any, ...]) -> str:
    """`[a, b]`."""
    return "[" + ", ".join(scalar(x) for x in items) + "]"


def get(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of a field, or None."""
    return next(((k, v) for k, v in mapping.value if k.value == key), None)


def require_block(mapping: yaml.Node, what: str) -> yaml.MappingNode:
    """The mapping, which must be written one field per line."""
    if not isinstance(mapping, yaml.MappingNode):
        raise EditError(mapping.start_mark.line + 1, f"{what} is not a record of fields",
                        "write it as `field: value` lines")
    if mapping.flow_style:
        raise EditError(mapping.start_mark.line + 1, f"{what} is written on one line "
                        "({…})", "write it with one field per line")
    return mapping


def content_end(node: yaml.Node) -> int:
    """The position after the last character of a node's own text (not the comments or
    blank lines a block's end mark takes in)."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    if isinstance(node, yaml.MappingNode):
        key, value = node.value[-1]
        return max(content_end(key), content_end(value))
    return content_end(node.value[-1])


def after_line(text: str, end: int) -> int:
    """The start of the line after the one holding text[end - 1] (a block text's last
    line, when `end` is past its final line breaks)."""
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def keep_comment(edits: TextEdits, at: int, end: int, growth: int) -> None:
    """Keep a comment after `end` on its line in its column, where the text grows by
    `growth` characters at `at` on the same line (as long as one space is left before
    the comment)."""
    line_end = edits.text.find("\n", end)
    rest = edits.text[end:line_end if line_end != -1 else len(edits.text)]
    spaces = len(rest) - len(rest.lstrip(" "))
    same_line = "\n" not in edits.text[at:end]
    if growth and same_line and spaces and rest[spaces:].startswith("#"):
        edits.replace(end, end + spaces, " " * max(1, spaces - growth))


def _empty(node: yaml.Node) -> bool:
    """A field with nothing after its colon."""
    return isinstance(node, yaml.ScalarNode) and node.value == "" and node.style is None


def _replace(edits: TextEdits, node: yaml.Node, new: str) -> None:
    """Write `new` in place of a value written on one line (or after an empty field's
    colon), its comment kept in its column."""
    start, end = node.start_mark.index, node.end_mark.index
    new = (" " if start == end else "") + new
    edits.replace(start, end, new)
    keep_comment(edits, start, end, len(new) - (end - start))


def _column(mapping: yaml.MappingNode) -> int:
    return mapping.value[0][0].start_mark.column if mapping.value else mapping.start_mark.column


def insert_field(edits: TextEdits, mapping: yaml.MappingNode, key: str, lines: list[str],
                 order: Order) -> None:
    """Add a field that is not there (`lines`: `key: value`, then any lines below it,
    unindented) after the last field that comes before it in `order`, or at the end."""
    indent = " " * _column(mapping)
    before = order[:order.index(key)] if key in order else ()
    present = [(k, v) for k, v in mapping.value if k.value in before]
    anchor = max(present, key=lambda kv: before.index(kv[0].value)) if present \
        else mapping.value[-1]
    at = after_line(edits.text, max(content_end(anchor[0]), content_end(anchor[1])))
    edits.insert(at, "".join(f"{indent}{line}\n" for line in lines), last=True)


def set_scalar(edits: TextEdits, mapping: yaml.MappingNode, key: str, value: Any,
               order: Order) -> None:
    """Write `key: value`: the value replaced where the field is (its comment kept), or a
    new line."""
    found = get(mapping, key)
    if found is None:
        insert_field(edits, mapping, key, [f"{key}: {scalar(value)}"], order)
        return
    node = found[1]
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(node.start_mark.line + 1, f"`{key}` holds a list or fields",
                        f"write one value after `{key}:`")
    _replace(edits, node, scalar(value))


def remove_scalar(edits: TextEdits, mapping: yaml.MappingNode, key: str) -> None:
    """Remove a field written on a line of its own (`key: value`, its comment with it);
    nothing when it is not there."""
    found = get(mapping, key)
    if found is None:
        return
    key_node, node = found
    start = edits.text.rfind("\n", 0, key_node.start_mark.index) + 1
    if not isinstance(node, yaml.ScalarNode) or edits.text[start:key_node.start_mark.index].strip():
        raise EditError(key_node.start_mark.line + 1, f"`{key}` is not a value on a line of "
                        "its own", f"write `{key}: value` on its own line, or make this "
                        "change by hand")
    edits.replace(start, after_line(edits.text, content_end(node)), "")


def extend_list(edits: TextEdits, mapping: yaml.MappingNode, key: str, items: list[Any],
                order: Order) -> None:
    """Add items at the end of a list, written as it is: `[a, b]` or one `- a` per line."""
    if not items:
        return
    found = get(mapping, key)
    if found is None:
        insert_field(edits, mapping, key, [f"{key}: {flow_list(items)}"], order)
        return
    node = found[1]
    if _empty(node):
        _replace(edits, node, flow_list(items))
    elif not isinstance(node, yaml.SequenceNode):
        raise EditError(node.start_mark.line + 1, f"`{key}` is not a list",
                        f"write `{key}: [id, …]`")
    elif node.flow_style:
        added = ", ".join(scalar(x) for x in items)
        at = content_end(node.value[-1]) if node.value else node.start_mark.index + 1
        added = (", " if node.value else "") + added
        edits.insert(at, added)
        keep_comment(edits, at, node.end_mark.index, len(added))
    else:
        indent = " " * node.start_mark.column
        at = after_line(edits.text, content_end(node))
        edits.insert(at, "".join(f"{indent}- {scalar(x)}\n" for x in items))


def set_list(edits: TextEdits, mapping: yaml.MappingNode, key: str, items: list[Any],
             order: Order) -> None:
    """Write `key: [items]` in place of the list there, or as a new field."""
    found = get(mapping, key)
    if found is None:
        insert_field(edits, mapping, key, [f"{key}: {flow_list(items)}"], order)
        return
    key_node, node = found
    if _empty(node) or (isinstance(node, yaml.SequenceNode) and node.flow_style):
        _replace(edits, node, flow_list(items))
    else:
        colon = edits.text.index(":", key_node.end_mark.index) + 1
        edits.replace(colon, content_end(node), " " + flow_list(items))


def append_item(edits: TextEdits, mapping: yaml.MappingNode, key: str,
                item: list[tuple[str, Any]], order: Order) -> None:
    """Add a record (`- type: …` and its fields, one per line) at the end of a list."""
    found = get(mapping, key)
    if found is None:
        indent = "  "
        insert_field(edits, mapping, key, [f"{key}:", *_item_lines(item, indent)], order)
        return
    key_node, node = found
    column = _column(mapping)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        at = after_line(edits.text, content_end(node))
        indent = " " * node.start_mark.column
    elif _empty(node) or (isinstance(node, yaml.SequenceNode) and not node.value):
        if isinstance(node, yaml.SequenceNode):  # `events: []`: the brackets go
            start, end = node.start_mark.index, node.end_mark.index
            commented = edits.text[end:edits.text.find("\n", end)].strip()
            if not commented:
                start = edits.text.index(":", key_node.end_mark.index) + 1
            edits.replace(start, end, "")
            keep_comment(edits, start, end, start - end)
        at = after_line(edits.text, key_node.end_mark.index + 1)
        indent = " " * (column + 2)
    else:
        raise EditError(node.start_mark.line + 1, f"`{key}` is written on one line or is "
                        "not a list", f"write each item of `{key}` on lines of its own, "
                        "starting with `- `")
    edits.insert(at, "".join(f"{indent}{line}\n" for line in _item_lines(item, "")))


def _item_lines(item: list[tuple[str, Any]], indent: str) -> list[str]:
    lines = []
    for i, (name, value) in enumerate(item):
        text = flow_list(value) if isinstance(value, list | tuple) else scalar(value)
        lines.append(f"{indent}{'- ' if i == 0 else '  '}{name}: {text}")
    return lines
