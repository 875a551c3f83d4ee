"""Characters no text may hold: control characters (they make feeds invalid XML) and
invisible format characters (a right-to-left override or a zero-width space can make a
name or a link read as something it is not, and hide a name from the leak guard)."""

from __future__ import annotations

import re
import unicodedata

import regex

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""C0 and C1 control characters (except tab and line break), and what is not a character
at all in XML or UTF-8: halves of surrogate pairs, U+FFFE and U+FFFF."""
FORMAT = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Me}"
                       r"\p{Block=Combining_Diacritical_Marks_For_Symbols}]")
"""Characters a reader does not see, or that only decorate the letter before them, by
their Unicode properties: format characters (soft hyphen, zero-width spaces and joiners,
direction marks, embeddings, overrides and isolates, the byte-order mark, tags), every
default-ignorable code point (variation selectors, Hangul fillers), enclosing marks and
the marks made for symbols (⃝, overlays)."""

EMOJI = regex.compile(
    r"\U0001F3F4[\U000E0030-\U000E0039\U000E0061-\U000E007A]{2,7}\U000E007F"
    r"|[\p{Emoji}\p{Extended_Pictographic}](?=[\p{Emoji_Modifier}\uFE0E\uFE0F\u20E3\u200D])"
    r"(?:\p{Emoji_Modifier}|[\uFE0E\uFE0F]|\u20E3)*"
    r"(?:\u200D[\p{Emoji}\p{Extended_Pictographic}](?:\p{Emoji_Modifier}|[\uFE0E\uFE0F]|\u20E3)*)*")
"""An emoji sequence (Unicode's UTS #51) holding characters FORMAT refuses elsewhere: a
variation selector after an emoji (❤️), a keycap (1️⃣), a zero-width joiner between two
emoji (👩‍⚕️, 🏳️‍🌈), the tag letters of a subdivision's flag after a black flag (🏴 and
`gbsct`); anywhere else tags are hidden text."""

REFUSED = regex.compile(f"{EMOJI.pattern}|(?P<refused>{FORMAT.pattern})")
"""An emoji sequence (allowed), or a character FORMAT refuses anywhere else."""


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character a text may not hold, or None."""
    control = CONTROL.search(text)
    at = _format(text)
    if control is not None and (at is None or control.start() < at):
        at = control.start()
    if at is None:
        return None
    char = text[at]
    name = unicodedata.name(char, "")
    kind = "control" if CONTROL.match(char) else "invisible"
    label = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    article = "a" if kind == "control" else "an"
    return at, f"{article} {kind} character ({label})"


def _format(text: str) -> int | None:
    """Where the first character FORMAT refuses stands outside an emoji sequence."""
    first = FORMAT.search(text)
    if first is None:
        return None
    start = text.rfind("\n", 0, first.start()) + 1  # a sequence never spans lines
    for match in REFUSED.finditer(text, start):
        if match["refused"] is not None:
            return match.start()
    return None


CHARACTER_FIX = "delete it (it cannot be seen: retype the text around it)"


def position(text: str, index: int) -> tuple[int, int]:
    """(line, column), both from 1, of an index in a text."""
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return line + 1, index - start + 1
