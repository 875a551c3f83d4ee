"""Values → YAML text in the web editor's style, byte for byte.

The web editor (Decap CMS) rewrites a whole file each time it saves one, with the npm
library `yaml` 1.10.3: `createNode(data)`, the top-level fields put in the order of the
editor's fields, then `Document.toString()`. Files kept in exactly that style change by
the edited field only. This module is a port of the parts of that library our data uses
(`dist/resolveSeq-*.js`: `stringifyString`, `foldFlowLines`, `Collection`, `Pair`), to
be read beside it; `tests/test_yaml_style.py` compares its output with the library's.

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

LINE_WIDTH, MIN_CONTENT_WIDTH, MIN_MULTILINE = 80, 20, 40
INDENT_STEP = "  "
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]\Z|^[?-][ \t]|[\n:][ \t]"
                        r"|[ \t]\n|[\n\t ]#|[\n\t :]\Z")
_CORE_NOT_TEXT = [re.compile(p) for p in (
    r"^(?:~|[Nn]ull|NULL)?\Z", r"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)\Z", r"^0o[0-7]+\Z",
    r"^[-+]?[0-9]+\Z", r"^0x[0-9a-fA-F]+\Z", r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z",
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+\Z",
    r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)\Z")]
_DOC_MARKER = re.compile(r"(?:^|(?<=[\n\r\u2028\u2029]))(?:%|---|\.\.\.)")
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
    return text.strip(_JS_SPACE.replace("\u2000-\u200a", "".join(
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
    return _string(value, dict(ctx, indent=indent))


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
    text = _string(key, {"indent": inner, "implicit_key": True})
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


def _string(value: Text, ctx: dict) -> str:
    if _CONTROL.search(value):
        return _double(value, ctx)
    return _plain(value, ctx)


def _plain(value: Text, ctx: dict) -> str:
    implicit, indent = ctx.get("implicit_key", False), ctx["indent"]
    if implicit and re.search(r"[\n\[\]{},]", value):
        return _double(value, ctx)
    if not value or _NOT_PLAIN.search(value):
        if implicit or "\n" not in value:
            if '"' in value and "'" not in value:
                return _single(value, ctx)
            return _double(value, ctx)
        return _block(value, ctx)
    if not implicit and "\n" in value:
        return _block(value, ctx)
    if any(p.match(value) for p in _CORE_NOT_TEXT) or not getattr(value, "plain_ok", True):
        return _double(value, ctx)
    return value if implicit else _fold(value, indent, "flow", ctx.get("indent_at_start"))


def _double(value: str, ctx: dict) -> str:
    implicit = ctx.get("implicit_key", False)
    indent = ctx["indent"] or ("  " if _DOC_MARKER.search(value) else "")
    js = json.dumps(value, ensure_ascii=False)
    out, start, i = "", 0, 0
    while i < len(js):
        ch = js[i]
        if ch == " " and js[i + 1:i + 3] == "\\n":
            out += js[start:i] + "\\ "
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = js[i + 1] if i + 1 < len(js) else ""
            if following == "u":
                out += js[start:i]
                code = js[i + 2:i + 6]
                named = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e",
                         "0085": "\\N", "00a0": "\\_", "2028": "\\L", "2029": "\\P"}
                out += named.get(code) or ("\\x" + code[2:] if code[:2] == "00"
                                           else js[i:i + 6])
                i += 5
                start = i + 1
            elif following == "n":
                if implicit or js[i + 2:i + 3] == '"' or len(js) < MIN_MULTILINE:
                    i += 1
                else:
                    out += js[start:i] + "\n\n"
                    while js[i + 2:i + 4] == "\\n" and js[i + 4:i + 5] != '"':
                        out += "\n"
                        i += 2
                    out += indent
                    if js[i + 2:i + 3] == " ":
                        out += "\\"
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    out = out + js[start:] if start else js
    return out if implicit else _fold(out, indent, "quoted", ctx.get("indent_at_start"))


def _single(value: str, ctx: dict) -> str:
    implicit, indent = ctx.get("implicit_key", False), ctx["indent"]
    if implicit and "\n" in value:
        return _double(value, ctx)
    if not implicit and re.search(r"[ \t]\n|\n[ \t]", value):
        return _double(value, ctx)
    indent = indent or ("  " if _DOC_MARKER.search(value) else "")
    body = re.sub(r"\n+", lambda m: m.group() + "\n" + indent, value.replace("'", "''"))
    text = f"'{body}'"
    return text if implicit else _fold(text, indent, "flow", ctx.get("indent_at_start"))


def _block(value: str, ctx: dict) -> str:
    if re.search(r"\n[\t ]+\Z", value) or re.fullmatch(f"[{_JS_SPACE}]*", value):
        return _double(value, ctx)
    indent = ctx["indent"] or ("  " if _DOC_MARKER.search(value) else "")
    size = "2" if indent else "1"
    literal = not _over_limit(value, LINE_WIDTH, len(indent))
    header = "|" if literal else ">"
    tail = re.search(r"[\n\t ]*\Z", value)
    ws = tail.group()
    n = ws.find("\n")
    if n == -1:
        header += "-"
    elif value == ws or n != len(ws) - 1:
        header += "+"
    ws_end = ws[:-1] if ws.endswith("\n") else ws
    value = value[:tail.start()]
    head = re.match(r"[\n ]*", value).group()
    if " " in head:
        header += size
    spaces = re.search(r" +\Z", head)
    if spaces:
        ws_start, value = head[:spaces.start()], spaces.group() + value[len(head):]
    else:
        ws_start, value = head, value[len(head):]
    if ws_end:
        ws_end = re.sub(r"\n+(?!\n|\Z)", lambda m: m.group() + indent, ws_end)
    if ws_start:
        ws_start = re.sub(r"\n+", lambda m: m.group() + indent, ws_start)
    if not value:
        return f"{header}{size}\n{indent}{ws_end}"
    if literal:
        value = re.sub(r"\n+", lambda m: m.group() + indent, value)
        return f"{header}\n{indent}{ws_start}{value}{ws_end}"
    value = re.sub(r"\n+", lambda m: "\n" + m.group(), value)
    value = re.sub(r"(?:^|\n)([\t ][^\n\r\u2028\u2029]*)(?:([\n\t ]*)\n(?![\n\t ]))?",
                   lambda m: m.group(1) + (m.group(2) or ""), value)
    value = re.sub(r"\n+", lambda m: m.group() + indent, value)
    body = _fold(f"{ws_start}{value}{ws_end}", indent, "block", None)
    return f"{header}\n{indent}{body}"


def _over_limit(text: str, width: int, indent_length: int) -> bool:
    limit = width - indent_length
    if len(text) <= limit:
        return False
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if i - start > limit:
                return True
            start = i + 1
            if len(text) - start <= limit:
                return False
    return True


def _more_indented(text: str, i: int) -> int:
    ch = _at(text, i + 1)
    while ch in (" ", "\t"):
        while True:
            i += 1
            ch = _at(text, i)
            if not ch or ch == "\n":
                break
        ch = _at(text, i + 1)
    return i


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _fold(text: str, indent: str, mode: str, indent_at_start: int | None) -> str:
    """`foldFlowLines`: lines kept to 80 units where a single space allows."""
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - len(indent))
    if len(text) <= end_step:
        return text
    folds: list[int] = []
    escaped: set[int] = set()
    end = LINE_WIDTH - len(indent)
    if indent_at_start:
        if indent_at_start > LINE_WIDTH - max(2, MIN_CONTENT_WIDTH):
            folds.append(0)
        else:
            end = LINE_WIDTH - indent_at_start
    split: int | None = None
    prev = ""
    i, esc_start, esc_end = -1, -1, -1
    if mode == "block":
        i = _more_indented(text, i)
        if i != -1:
            end = i + end_step
    while True:
        i += 1
        ch = _at(text, i)
        if not ch:
            break
        if mode == "quoted" and ch == "\\":
            esc_start = i
            i += {"x": 3, "u": 5, "U": 9}.get(_at(text, i + 1), 1)
            esc_end = i
        if ch == "\n":
            if mode == "block":
                i = _more_indented(text, i)
            end = i + end_step
            split = None
        else:
            if ch == " " and prev and prev not in " \n\t":
                following = _at(text, i + 1)
                if following and following not in " \n\t":
                    split = i
            if i >= end:
                if split:
                    folds.append(split)
                    end = split + end_step
                    split = None
                elif mode == "quoted":
                    while prev in (" ", "\t") and prev:
                        prev = ch
                        i += 1
                        ch = _at(text, i)
                    j = i - 2 if i > esc_end + 1 else esc_start - 1
                    if j in escaped:
                        return text
                    folds.append(j)
                    escaped.add(j)
                    end = j + end_step
                    split = None
        prev = ch
    if not folds:
        return text
    out = text[:folds[0]]
    for k, fold in enumerate(folds):
        stop = folds[k + 1] if k + 1 < len(folds) and folds[k + 1] else len(text)
        if fold == 0:
            out = f"\n{indent}{text[:stop]}"
        else:
            if mode == "quoted" and fold in escaped:
                out += f"{text[fold]}\\"
            out += f"\n{indent}{text[fold + 1:stop]}"
    return out
