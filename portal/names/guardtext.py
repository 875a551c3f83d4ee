"""The text the withheld-name guard reads, prepared: tags and line breaks, letters that
look alike in other scripts and symbols used as letters folded, words written joined
split, and the regions of a long text it looks at."""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from .letters import IGNORED, NOT_PLAIN, PLAIN, apostrophes

WINDOW = 160
"""Characters on each side of a word of a name within which its partner is looked for."""



WORD = re.compile(r"[^\W_]+")
"""A word: letters and digits (an underscore separates words, as readers see it)."""


TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)


BREAKS = re.compile('[<>"\x00]')
"""What ends a run of text in a published file: a tag, a quote (attribute values, JSON
strings). A blank line is no break: a page shows the words of a title or a name written
over two lines side by side."""


TEXT_BREAKS = re.compile("\x00")
"""What ends a run of text in what editors write, and in a page's words once its tags are
taken out (only the breaks the views mark)."""


CSV_BREAKS = re.compile('[<>"\x00,\n]')
"""In a CSV file each cell stands alone."""


def written_breaks(text: str) -> re.Pattern:
    """The breaks of a text an editor wrote: tags and quotes where it holds HTML (its
    words as a reader sees them are searched apart, tags taken out), else only the
    breaks the views mark (a straight quote in prose is no break: `Ivan "Vanya" Petrov`)."""
    return BREAKS if "<" in text else TEXT_BREAKS


BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|caption|h[1-6]|br|hr|"
                   r"section|article|header|footer|nav|main|aside|figure|figcaption|blockquote|"
                   r"pre|dl|dt|dd|title|head|body|html|meta|link|option|select|label|button|"
                   r"form|input|textarea|details|summary|source|entry|loc|url|script|style)"
                   r"\b[^<>]*>", re.I)


@cache
def _apostrophe() -> re.Pattern:
    """An apostrophe (or a character UTS #39 confuses with it) inside a word (Tat'yana,
    Вераб'ёва): part of the word, as in names."""
    return re.compile(f"[{re.escape(apostrophes())}]" + r"(?<=[^\W\d_].)(?=[^\W\d_])")


def prepared(text: str) -> str:
    """Text as the guard reads it: what a reader does not see out (format characters,
    marks, every default-ignorable code point), apostrophes inside words out, look-alike
    letters of other scripts and styled letters (𝐒, Ｓ, ᴀ, 🅰, Greek Ν) as the plain ones,
    symbols standing for several letters (™, №, ㎏) as spaces (see letters.py)."""
    apostrophe = _apostrophe()
    if apostrophe.search(text):
        text = apostrophe.sub("", text)
    if text.isascii() or not NOT_PLAIN.search(text):
        return text
    text = text.translate(PLAIN)  # what is not seen goes too
    if apostrophe.search(text):
        text = apostrophe.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = IGNORED.sub("", unicodedata.normalize("NFKC", text))
    return text


SEPARATORS = ".|/·•․‧∙_-"


UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())


LOWER = "".join(chr(c) for c in range(0x61, 0x530) if chr(c).islower() and chr(c).isalpha())


SPLIT = re.compile(r"([^\W\d_]+)[" + re.escape(SEPARATORS) + r"]([^\W\d_]+)")
"""A word cut in two by one separator."""


CUT_NAME = re.compile("[" + re.escape(UPPER) + "][^\\W\\d_]*["
                      + re.escape(SEPARATORS) + "][" + re.escape(LOWER) + "]")
"""Where a capitalised word is cut by one separator before a small letter."""


def split_words_joined(text: str) -> Iterator[tuple[int, str]]:
    """Each line holding a capitalised word cut by one separator before a small letter
    (`Zhur.auskaya`, `Zhur|auskaya`; not `style.css`, not `Ivan.Petrov`), with the
    separators taken out: (where the line starts, the line). Only those lines are read
    again."""
    def joined(match: re.Match) -> str:
        first, second = match[1], match[2]
        return first + second if first[0].isupper() and second[0].islower() else match[0]

    done = -1
    for match in CUT_NAME.finditer(text):
        if match.start() < done or (match.start() and text[match.start() - 1].isalpha()):
            continue
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        done = end
        yield start, SPLIT.sub(joined, SPLIT.sub(joined, text[start:end]))


def untagged(region: str) -> str:
    """Block tags as breaks, other tags as spaces, character references decoded (the line
    breaks inside tags kept)."""
    return html.unescape(TAG.sub(lambda m: " " + _breaks(m), BLOCK.sub(
        lambda m: "\x00" + _breaks(m), region)))


def joined_tags(region: str) -> str:
    """Block tags as breaks, other tags and comments taken out (`Iv<b>an</b>` → `Ivan`),
    character references decoded: what a reader sees (the line breaks inside tags kept)."""
    return html.unescape(TAG.sub(_breaks, BLOCK.sub(lambda m: "\x00" + _breaks(m), region)))


def _breaks(match: re.Match) -> str:
    return "\n" * match[0].count("\n")


def line_start(text: str, line: int) -> int:
    """Where line `line` (from 0) of a text starts."""
    start = 0
    for _ in range(line):
        found = text.find("\n", start)
        if found == -1:
            break
        start = found + 1
    return start


def regions(starts: list[int], length: int) -> Iterator[tuple[int, int]]:
    """The stretches around candidate places, merged where they overlap."""
    left = right = None
    for start in starts:
        low, high = max(0, start - WINDOW), min(length, start + WINDOW)
        if right is not None and low <= right:
            right = high
            continue
        if left is not None:
            yield left, right
        left, right = low, high
    if left is not None:
        yield left, right


def segments_of(view: str, breaks: re.Pattern):
    """A function giving the number of the run of text (between breaks) an index is in."""
    ends = [m.start() for m in breaks.finditer(view)]
    return lambda index: bisect.bisect_right(ends, index)
