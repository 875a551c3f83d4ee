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

from .letters import IGNORED, UNREAD, apostrophes

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


BLOCK_ELEMENTS = (
    # HTML, rendering section: elements laid out as blocks (flow content, sections and
    # headings, lists, tables, form controls and fieldsets, details), hidden ones (head,
    # script, style, template) and the line break
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "col",
    "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup",
    "hr", "html", "legend", "li", "link", "listing", "main", "menu", "meta", "nav", "noscript",
    "ol", "optgroup", "option", "p", "plaintext", "pre", "script", "search", "section",
    "select", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot",
    "th", "thead", "title", "tr", "ul", "xmp",
    # form controls a page shows as boxes of their own
    "button", "input", "label",
    # feeds and sitemaps: each entry and address apart from the next
    "entry", "item", "loc", "url",
)
"""Elements whose start and end are a block boundary: a reader sees the words on each
side apart, on another line or in another cell, but read together."""


BLOCK = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_ELEMENTS, key=lambda e: (-len(e), e)))
                   + r")(?![\w-])[^<>]*>", re.I)


BLOCK_BREAK = "\x1f"
"""What a block boundary or a line break (`</p><p>`, `</td><td>`, `<br>`, `</li><li>`)
becomes in the views of a text without its tags: a separator, as a browser lays the text
out (`Ivan</td><td>Petrov` reads "Ivan Petrov"), not a wall like `BREAKS`. The matching
(guardmatch.across_blocks, shaped_like_name) still sees it: across blocks, a word between
two words of a name counts only when it stands in a block of its own, and two blocks that
each hold more capitalised words are two entries of a list (`<li>Anna Ivanova</li><li>
Petrov Boris</li>`). A space to Python's `\\s`. Never in what editors write (a control
character: refused in every text, content/characters.py); one a template writes is only
one more block boundary."""


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
    if text.isascii():
        return text
    read = UNREAD.read(text)  # what is not seen goes too
    if read is text:
        return text  # every character read as itself
    text = read
    if apostrophe.search(text):
        text = apostrophe.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = IGNORED.sub("", unicodedata.normalize("NFKC", text))
    return text


CUT = re.compile(r"[^\W\d_](?:<[^<>]*>|&#?\w+;?)+[^\W\d_]|(?<![^\W\d_])&#?\w+;?[^\W\d_]"
                 r"|<r[pt](?![\w-])", re.I)
"""A word cut by a tag or a character reference (`Se<b>cr</b>et`, `P&#101;rson`,
`&#83;ecret`), or a ruby annotation: where a name may hide from the search of the text
as written, found in the text as a reader sees it."""


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
    """Block tags as block breaks, other tags as spaces, character references decoded
    (the line breaks inside tags kept)."""
    return html.unescape(TAG.sub(lambda m: " " + _breaks(m), without_blocks(region)))


def joined_tags(region: str) -> str:
    """Block tags as block breaks, ruby annotations, other tags and comments taken out
    (`Iv<b>an</b>` → `Ivan`), character references decoded: what a reader sees on the
    line (the line breaks inside tags kept)."""
    return html.unescape(TAG.sub(_breaks, without_blocks(without_annotations(region))))


ANNOTATION = re.compile(r"<(rt|rp)(?![\w-])[^<>]*>[^<]*</\1\s*>", re.I)
"""A ruby annotation: shown above the line (`<rt>`) or, where ruby is shown, not at all
(`<rp>`); never part of the word it annotates (`<ruby>Se<rt>x</rt>cret</ruby>`)."""


def without_annotations(text: str) -> str:
    """Each ruby annotation taken out, its line breaks kept (the words it holds are still
    read in the other views of a text)."""
    return ANNOTATION.sub(_breaks, text) if "<r" in text.lower() else text


def shown(words: str) -> str:
    """Words found, as a one-line message shows them: each run of spaces, line breaks and
    block boundaries between them one space."""
    return " ".join(words.split())


def without_blocks(text: str) -> str:
    """Each block tag as a block break (and the line breaks it held)."""
    return BLOCK.sub(lambda m: BLOCK_BREAK + _breaks(m), text)


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


def segments_of(view: str, breaks: re.Pattern, blocks: bool = False):
    """A function giving the number of the run of text (between breaks) an index is in;
    `blocks`: of the block (between breaks and block breaks)."""
    ends = [m.start() for m in breaks.finditer(view)]
    if blocks and BLOCK_BREAK in view:
        ends = sorted({*ends, *(m.start() for m in re.finditer(BLOCK_BREAK, view))})
    return lambda index: bisect.bisect_right(ends, index)
