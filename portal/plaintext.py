"""What a reader sees of a text written with Markdown, HTML and escapes, for the leak
guard: `Se**cr**et`, `Se<span>cret</span>`, `[Se](section:home)cret`, `Sec<!-- -->ret`,
`&#83;ecret`, `%D0%A1…` in an address, `\\53 ecret` in a stylesheet and `\\u0053ecret` in a
script all read "Secret". Line breaks stay where they were, so a find keeps its line."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

COMMENT = re.compile(r"<!--.*?-->", re.S)
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
LINK = re.compile(r"\[([^\]]*)\](?:\(([^)]*)\)|\[[^\]]*\])?")
BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|tr|td|th|table|h[1-6]|br|hr|blockquote|pre|dl|dt|"
                   r"dd|section|article|header|footer|figure|figcaption|details|summary)\b[^<>]*>",
                   re.I)
TAG = re.compile(r"<[^<>]*>")
EMPHASIS = re.compile(r"[*_~`]")
PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})[ \t]?")
JS_ESCAPE = re.compile(r"\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})")
SPACED = re.compile(r"(?<![^\W_])([^\W_])[ .\-·•*](?=[^\W_](?:[ .\-·•*]|(?![^\W_])))")
HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])")


def _lines_of(match: re.Match) -> str:
    """What is left of a removed span: its line breaks."""
    return "\n" * match[0].count("\n")


def _char(code: str) -> str:
    value = int(code, 16)
    return chr(value) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""


def as_read(text: str) -> str:
    """The words of a text as a reader sees them."""
    text = COMMENT.sub(_lines_of, text)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = BLOCK.sub(lambda m: "\x00" + _lines_of(m), text)  # a break, as in guard.BREAKS
    text = TAG.sub(_lines_of, text)
    text = EMPHASIS.sub("", text)
    text = html.unescape(text)
    text = PERCENT.sub(lambda m: unquote(m[0]), text)
    text = CSS_ESCAPE.sub(lambda m: _char(m[1]), text)
    return JS_ESCAPE.sub(lambda m: _char(next(g for g in m.groups() if g)), text)


def addresses(text: str) -> str:
    """The text with each Markdown link and image replaced by its address, decoded
    (`…/wiki/%D0%A1…` reads …/wiki/С…), apart from the words around it."""
    def address(match: re.Match) -> str:
        return "\x00" + PERCENT.sub(lambda m: unquote(m[0]), match[2] or "") + "\x00"

    return LINK.sub(address, IMAGE.sub(address, text))


def compact(text: str) -> str:
    """Letters set apart one by one joined again (`S e c r e t`, `S.e.c.r.e.t`), and
    hyphens inside words taken out (`Se-cret`)."""
    return HYPHEN.sub("", SPACED.sub(r"\1", text))
