"""The web editor's record of translations: admin/translations.js, our own script loaded
after Decap's (templates/admin.html). It is portal/editor/translations.js with the one
thing JavaScript cannot know written in: which characters Python's `str.strip()` removes
(`str.isspace()`), so that the editor's fingerprints are Python's (content/freshness.py).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

SCRIPT = "translations.js"
"""Its name under admin/."""
SOURCE = Path(__file__).with_name(SCRIPT)
PLACEHOLDER = "__PYTHON_WHITESPACE__"


def whitespace_ranges() -> list[tuple[int, int]]:
    """The code points for which `str.isspace()` is true, as (first, last) ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if chr(code).isspace():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


def whitespace_class() -> str:
    """The inside of a JavaScript `u` regular expression's character class matching
    exactly Python's whitespace, as the text of a single-quoted JavaScript string."""
    def one(code: int) -> str:
        return f"\\\\u{{{code:x}}}"
    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in whitespace_ranges())


@cache
def script() -> bytes:
    """The script as published."""
    return SOURCE.read_text(encoding="utf-8").replace(PLACEHOLDER, whitespace_class()).encode()
