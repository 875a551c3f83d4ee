"""Characters no text may hold: control characters (they make feeds invalid XML) and
invisible format characters (a right-to-left override or a zero-width space can make a
name or a link read as something it is not, and hide a name from the leak guard)."""

from __future__ import annotations

import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""C0 and C1 control characters (except tab and line break), and what is not a character
at all in XML or UTF-8: halves of surrogate pairs, U+FFFE and U+FFFF."""
FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180b-\u180f\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u206f\u20d0-\u20f0\ufe00-\ufe0f\ufeff"
                    "\ufff9-\ufffb\U000e0000-\U000e007f\U000e0100-\U000e01ef]")
"""Characters a reader does not see, or that only decorate the letter before them: soft
hyphen, zero-width spaces and joiners, direction marks, embeddings, overrides and
isolates, the byte-order mark, annotation marks, variation selectors, tag characters,
Mongolian free variation selectors, enclosing and overlay marks (⃝)."""


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character a text may not hold, or None."""
    match = CONTROL.search(text)
    other = FORMAT.search(text)
    if other is not None and (match is None or other.start() < match.start()):
        match = other
    if match is None:
        return None
    char = match[0]
    name = unicodedata.name(char, "")
    kind = "control" if CONTROL.match(char) else "invisible"
    label = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    article = "a" if kind == "control" else "an"
    return match.start(), f"{article} {kind} character ({label})"


CHARACTER_FIX = "delete it (it cannot be seen: retype the text around it)"


def position(text: str, index: int) -> tuple[int, int]:
    """(line, column), both from 1, of an index in a text."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return line + 1, index - start + 1
