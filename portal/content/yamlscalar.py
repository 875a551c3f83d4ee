"""Texts → YAML scalars as the web editor's library (`yaml` 1.10.3) writes them: plain,
in single or double quotes, or as a `|` or `>` block, with long lines folded at 80
units. A port of `stringifyString` and `foldFlowLines` (`dist/resolveSeq-*.js`), to be
read beside them; content/yamlstyle uses it, and works on texts as UTF-16 units, as the
library does."""

from __future__ import annotations

import json
import re

LINE_WIDTH, MIN_CONTENT_WIDTH, MIN_MULTILINE = 80, 20, 40
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
"""JavaScript's white space (its `\\s`), as a character class body."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]\Z|^[?-][ \t]|[\n:][ \t]"
                        r"|[ \t]\n|[\n\t ]#|[\n\t :]\Z")
_CORE_NOT_TEXT = [re.compile(p) for p in (
    r"^(?:~|[Nn]ull|NULL)?\Z", r"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)\Z", r"^0o[0-7]+\Z",
    r"^[-+]?[0-9]+\Z", r"^0x[0-9a-fA-F]+\Z", r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z",
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+\Z",
    r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)\Z")]
"""What YAML 1.2's core schema reads as null, a boolean or a number (`Schema-*.js`)."""
_DOC_MARKER = re.compile(r"(?:^|(?<=[\n\r\u2028\u2029]))(?:%|---|\.\.\.)")


def scalar(value: str, ctx: dict) -> str:
    """A text as the library writes it. `ctx`: `indent` (of the lines after the first),
    `implicit_key` (it is a field's name), `indent_at_start` (where it starts on its first
    line). A text with `plain_ok` False (content/yamlstyle.Text) is never plain."""
    if _CONTROL.search(value):
        return _double(value, ctx)
    return _plain(value, ctx)


def _plain(value: str, ctx: dict) -> str:
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
    if re.search(r"\n[\t ]+\Z", value) or re.fullmatch(f"[{JS_SPACE}]*", value):
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
