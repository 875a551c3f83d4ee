"""Values → YAML text in the web editor's style, byte for byte.

The web editor (Decap CMS) rewrites a whole file each time it saves one, with the npm
library `yaml` 1.10.3: `createNode(data)`, the top-level fields put in the order of the
editor's fields, then `Document.toString()`. Files kept in exactly that style change by
the edited field only. This module is a port of the parts of that library our data uses
(`dist/resolveSeq-*.js`: `Collection`, `Pair`; the texts in content/yamlscalar), to be
read beside it; `tests/test_yaml_style.py` compares its output with the library's.

The library counts lengths in UTF-16 units, as JavaScript does, so the text is worked on
as UTF-16 units (an emoji is two) and put back together at the end.

One deliberate difference: a text that our reader (YAML 1.1) would take for something
else when written plainly (`yes`, `off`, `2025-01-02`, `1_000`) is put in double quotes,
where the library (YAML 1.2) writes it plainly. Every other value is as the library writes
it. Comments are not kept: the editor drops them too."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from typing import Any

import yaml

from .yamlscalar import JS_SPACE, scalar

INDENT_STEP = "  "
_RESOLVER = yaml.resolver.Resolver()


class Text(str):
    """A text as UTF-16 units; `plain_ok`: False where our reader would read it plainly
    as something other than text."""

    plain_ok: bool = True


def _units(text: str) -> str:
    """A str → the same text as UTF-16 units (astral characters as surrogate pairs)."""
    if text.isascii() or max(text) < "\U00010000":
        return text
    return "".join(_surrogates(c) if ord(c) > 0xFFFF else c for c in text)


def _surrogates(char: str) -> str:
    code = ord(char) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _from_units(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def dump(data: Any, order: Sequence[str] = ()) -> str:
    """The YAML text the editor writes for `data`, its top-level fields in `order` (the
    editor's field order; fields not in it stay where a stable insertion sort leaves
    them, as in the editor)."""
    node = _node(data)
    if isinstance(node, dict) and order:
        node = dict(_sort_top(list(node.items()), list(order)))
    return _from_units(_stringify(node, "", {}) + "\n")


def dump_front_matter(data: dict, body: str, order: Sequence[str] = ()) -> str:
    """A Markdown file as the editor writes it: `---`, the fields, `---`, the body as it
    is (gray-matter's `stringify`, as the editor calls it). Raise ValueError for a body
    that starts with a `---` line: the editor would read it as more fields."""
    if body.startswith("---") and body[3:4] != "-":
        raise ValueError("the text after the fields starts with ---")
    matter = _js_trim(dump(data, order))
    head = "" if matter == "{}" else f"---\n{matter}\n---\n"
    return head + body


def _js_trim(text: str) -> str:
    """JavaScript's `String.prototype.trim` (gray-matter trims the fields it writes)."""
    return text.strip(JS_SPACE.replace("\u2000-\u200a", "".join(
        chr(c) for c in range(0x2000, 0x200B))))


def _text(value: str, plain_ok: bool = True) -> Text:
    text = Text(_units(value))
    text.plain_ok = plain_ok
    return text


def _node(value: Any) -> Any:
    """Our values → what the library sees: JSON's types, keys as texts in JavaScript's
    order (whole-number keys first, ascending), dates as texts."""
    if isinstance(value, dict):
        pairs = [(_text(_key(k), not isinstance(k, str) or _reads_as_text(k)), _node(v))
                 for k, v in value.items()]
        indexes = sorted((p for p in pairs if _is_index(p[0])), key=lambda p: int(p[0]))
        return dict(indexes + [p for p in pairs if not _is_index(p[0])])
    if isinstance(value, list | tuple):
        return [_node(v) for v in value]
    if isinstance(value, str):
        return _text(value, _reads_as_text(value))
    if isinstance(value, dt.date):
        return _text(value.isoformat())
    return value


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, dt.date):
        return key.isoformat()
    return json.dumps(key)


def _is_index(key: str) -> bool:
    return bool(re.fullmatch(r"0|[1-9][0-9]*", key)) and int(key) < 2 ** 32 - 1


def _reads_as_text(value: str) -> bool:
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == \
        "tag:yaml.org,2002:str"


def _sort_top(items: list, order: list[str]) -> list:
    """V8's Array.prototype.sort for fewer than 64 items (a run, then binary insertion),
    with the editor's comparison, which calls fields not in `order` equal to any."""

    def compare(a: tuple, b: tuple) -> int:
        ia = order.index(a[0]) if a[0] in order else -1
        ib = order.index(b[0]) if b[0] in order else -1
        return 0 if ia == -1 or ib == -1 else (ia > ib) - (ia < ib)

    n = len(items)
    if n < 2:
        return items
    if n >= 64:  # V8 merges runs then; no record of ours has that many fields
        return sorted(items, key=lambda p: order.index(p[0]) if p[0] in order else len(order))
    run = 2
    descending = compare(items[1], items[0]) < 0
    while run < n:
        c = compare(items[run], items[run - 1])
        if (descending and c >= 0) or (not descending and c < 0):
            break
        run += 1
    if descending:
        items[:run] = items[:run][::-1]
    for start in range(run, n):
        pivot, left, right = items[start], 0, start
        while left < right:
            mid = left + ((right - left) >> 1)
            if compare(pivot, items[mid]) < 0:
                right = mid
            else:
                left = mid + 1
        items[left + 1:start + 1] = items[left:start]
        items[left] = pivot
    return items


def _stringify(value: Any, indent: str, ctx: dict) -> str:
    if isinstance(value, dict):
        return _collection([(k, v) for k, v in value.items()], indent, True, ctx)
    if isinstance(value, list):
        return _collection(value, indent, False, ctx)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return scalar(value, dict(ctx, indent=indent))


def _number(value: int | float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    digits, exponent = _shortest(value)
    sign = "-" if value < 0 else ""
    k, n = len(digits), exponent  # value = 0.digits × 10^n
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _shortest(value: float) -> tuple[str, int]:
    """The shortest digits of a float and where the point goes: 0.DIGITS × 10^n."""
    text = repr(abs(value))
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        return mantissa.replace(".", "").rstrip("0") or "0", int(exp) + 1
    whole, _, frac = text.partition(".")
    if whole != "0":
        return (whole + frac).rstrip("0"), len(whole)
    stripped = frac.lstrip("0")
    return stripped.rstrip("0"), -(len(frac) - len(stripped))


def _collection(items: list, indent: str, is_map: bool, ctx: dict) -> str:
    """`Collection.toString` in block style (the library never writes flow style here)."""
    if not items:
        return "{}" if is_map else "[]"
    if is_map:
        item_indent = indent
        all_null = all(v is None for _, v in items)
        strings = [_pair(k, v, item_indent, all_null, ctx) for k, v in items]
    else:
        item_indent = indent + INDENT_STEP
        strings = ["- " + _stringify(v, item_indent, {}) for v in items]
    return f"\n{indent}".join(strings)


def _pair(key: Text, value: Any, indent: str, all_null: bool, ctx: dict) -> str:
    inner = indent + INDENT_STEP
    text = scalar(key, {"indent": inner, "implicit_key": True})
    if all_null:
        return f"? {text}"
    text += ":"
    if isinstance(value, dict | list):
        value_text = _stringify(value, inner, {})
        ws = " " if value_text[0] in "[{" and "\n" not in value_text else f"\n{inner}"
        return text + ws + value_text
    value_ctx = {"indent_at_start": len(text) + 1}
    value_text = _stringify(value, inner, value_ctx)
    return text + ("" if value_text[:1] == "\n" else " ") + value_text
