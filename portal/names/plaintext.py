"""What a reader sees of a text written with Markdown, HTML and escapes, for the leak
guard: `Se**cr**et`, `Se<span>cret</span>`, `[Se](section:home)cret`, `Sec<!-- -->ret`,
`&#83;ecret`, `%D0%A1…` in an address, `\\53 ecret` in a stylesheet and `\\u0053ecret` in a
script all read "Secret". Line breaks stay where they were, so a find keeps its line.
Every function here takes time in proportion to the text, however it is written."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from urllib.parse import unquote

from .guardtext import without_annotations, without_blocks
from .letters import confusable_with, is_plain

IMAGE = re.compile(r"!\[([^\]\n]*)\]\(((?:[^()\n]|\([^()\n]*\))*)\)")
LINK = re.compile(r"\[([^\]\n]*)\](?:\(((?:[^()\n]|\([^()\n]*\))*)\)|\[[^\]\n]*\])?")
TAG = re.compile(r"<[^<>]*>")
ATTRIBUTE = re.compile(r"""[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
AUTOLINK = re.compile(r"<([a-zA-Z][\w+.-]*:[^<>\s]*)>")
EMPHASIS = re.compile(r"[*_~`]")
PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})[ \t]?")
JS_ESCAPE = re.compile(r"\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})|\\x([0-9A-Fa-f]{2})")
LETTERS_APART = re.compile(r"(?<![^\W_])[^\W\d_](?:(?:[^\w\n]{1,3}|[^\S\n]{4,}+|"
                           r"[^\w\n]{0,3}\n[^\w\n]{0,3})[^\W\d_](?![^\W_])){2,}")
"""Three or more single letters, each set apart from the next by a few signs, by spaces
(any number: a page shows one) or by one line break: `S e c r e t`, `S. e. c.`, `S/e/c`,
one letter a line."""
SEPARATOR = re.compile(r"[^\w]+")
DASHES = "-\u058a\u05be\u1400\u1806\u2010-\u2015\u2043\u2212\u2e17\u2e1a\u2e3a\u2e3b\u2e40" \
    "\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d"
"""Hyphens, dashes and the minus sign: each may stand between the halves of a word."""
HYPHEN = re.compile(rf"(?<=[^\W\d_])[{DASHES}](?=[^\W\d_])")
HYPHEN_AT_END = re.compile(rf"([^\W\d_]+)[{DASHES}][ \t]*\n[ \t]*([^\W\d_]+)")
"""A word hyphenated at the end of a line."""
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash before punctuation: Markdown shows the punctuation alone (`Se\\-cret`)."""
DISGUISE = re.compile(r"(?<=[^\W\d_])[I1|0](?=[^\W\d_])")
"""Inside a word, what passes for a letter in many fonts: `I`, `1`, `|` for `l`, `0` for
`o` (`AIiaksei`, `Zhurau1iou`)."""
ADJACENT_STRINGS = re.compile(r"""(["'])[ \t]*\+?[ \t]*\1""")
"""Where two quoted strings meet in a stylesheet (`"Se" "cret"`) or a script (`"Se" +
"cret"`): they make one text."""


def _lines_of(text: str) -> str:
    """What is left of a removed span: its line breaks."""
    return "\n" * text.count("\n")


def _char(code: str) -> str:
    value = int(code, 16)
    return chr(value) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""


def without_comments(text: str, keep: str = "") -> str:
    """HTML comments taken out (an unclosed one runs to the end), each replaced by `keep`
    and its line breaks."""
    if "<!--" not in text:
        return text
    parts, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        end = len(text) if end == -1 else end + 3
        parts += [text[at:start], keep, _lines_of(text[start:end])]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def decoded(text: str) -> str:
    """Character references, percent escapes, and CSS and JavaScript escapes decoded."""
    text = html.unescape(text)
    text = PERCENT.sub(lambda m: unquote(m[0]), text)
    text = CSS_ESCAPE.sub(lambda m: _char(m[1]), text)
    return JS_ESCAPE.sub(lambda m: _char(next(g for g in m.groups() if g)), text)


def as_read(text: str) -> str:
    """The words of a text as a reader sees them."""
    text = without_comments(text)
    text = IMAGE.sub(r"\1", text)
    text = LINK.sub(r"\1", text)
    text = without_annotations(text)  # ruby: the annotation is not in the line
    text = without_blocks(text)  # a block boundary: the words on each side read together
    text = TAG.sub(lambda m: _lines_of(m[0]), text)
    text = MARKDOWN_ESCAPE.sub(r"\1", text)
    text = EMPHASIS.sub("", text)
    return decoded(text)


def addresses(text: str) -> str:
    """What stands inside links and tags, apart from the words around it: each Markdown
    link's and image's address, each autolink, and each attribute value of each tag
    (`href`, `title`, `alt`, `aria-label`, `data-*`), all decoded."""
    def apart(value: str) -> str:
        return "\x00" + decoded(value) + "\x00"

    def tag(match: re.Match) -> str:
        values = [next(g for g in m.groups() if g is not None)
                  for m in ATTRIBUTE.finditer(match[0])]
        return "".join(apart(v) for v in values) + _lines_of(match[0]) or "\x00"

    text = without_comments(text, "\x00")
    text = IMAGE.sub(lambda m: apart(m[1]) + apart(m[2] or ""), text)
    text = LINK.sub(lambda m: apart(m[1]) + apart(m[2] or ""), text)
    text = AUTOLINK.sub(lambda m: apart(m[1]), text)
    return TAG.sub(tag, text)


def compact(text: str) -> str:
    """Letters set apart one by one joined again (`S e c r e t`, `S. e. c. r.`,
    `S/e/c/r`, one letter a line), and hyphens inside words taken out (`Se-cret`, a word
    hyphenated at a line's end), line breaks kept."""
    text = unicodedata.normalize("NFKC", text)
    text = LETTERS_APART.sub(lambda m: SEPARATOR.sub("", m[0]) + _lines_of(m[0]), text)
    text = HYPHEN_AT_END.sub(r"\1\2\n", text)
    return HYPHEN.sub("", text)


def disguised(text: str) -> str:
    """Letters' stand-ins inside words read as the letters (`AIiaksei` → `Aliaksei`,
    `Zhurauӏiou` → `Zhurauliou`)."""
    text = DISGUISE.sub(lambda m: "o" if m[0] == "0" else "l", text)
    return text if text.isascii() else _strokes().sub("l", text)


@cache
def _strokes() -> re.Pattern:
    """Inside a word, a character UTS #39 confuses with `l` (and so with `I`, `1`, `|`),
    or the small letter of one (the palochka ӏ of Ӏ), but ASCII and the letters of the
    alphabets (і is a Belarusian letter)."""
    group = confusable_with("l") | {"l"}
    strokes = sorted(c for c in group | {c.lower() for c in group}
                     if not is_plain(c) and len(c) == 1)
    return re.compile("(?<=[^\\W\\d_])[" + "".join(map(re.escape, strokes))
                      + "](?=[^\\W\\d_])")


def joined_strings(text: str) -> str:
    """Quoted strings that meet (`"Se" "cret"`, `'Se' + 'cret'`) joined into one."""
    return ADJACENT_STRINGS.sub("", text)
