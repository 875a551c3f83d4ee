"""The leak guard's way out for false positives: `public_names`, a list of public
people's names, written exactly as they appear, that one text may hold although they
look like a withheld person's (a journalist or a judge of the same name, a public
namesake's own profile).

In what editors write (checks/withheld.py), the names a record lists are accepted in
that record's texts only: a statement's or page's front matter and body, a profile's
fields, one entry of a list file (a source, a facility, a release wave, an action). In
what is published (outputs/leaks.py), the names every record lists are accepted, in
their exact spelling, in every file: the source guard has already read every text, and
let a listed spelling through only in a record that lists it, so in a published file
that spelling comes from such a record (on its own page, or on a list page, a feed or
the search data made from it), or from pieces a template put together (templates are
code, reviewed as code). Carrying each allowance to the pages made from its record
instead would miss the lists, feeds and data files that show the same text.

Accepted means: each place where the text holds the name exactly as listed (the same
letters and case, the words parted by spaces or one line break, a character reference
for `&<>"'` where a page escapes it; not inside a longer word) is masked before the
guard reads the text. Any other spelling, a case ending that is not listed, a look-alike
or invisible character inside, is searched as before; and the text is read once more
unmasked, where a name found that is more than a listed name (`Secret Person` where only
`Person` is listed) is still found (`beyond_listed`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

FIELD = "public_names"

PROFILES = "data/prisoners/"
TEXTS = ("content/statements/", "content/pages/")
"""Records that are one text each: a profile, a statement, a page (front matter)."""
LISTS = ("data/sources.yaml", "data/facilities.yaml", "data/releases.yaml",
         "data/actions.yaml")
"""Files whose entries are one text each."""

ESCAPES = {"&": ("&amp;", "&#38;", "&#x26;"), "<": ("&lt;", "&#60;", "&#x3c;"),
           ">": ("&gt;", "&#62;", "&#x3e;"), '"': ("&quot;", "&#34;", "&#x22;"),
           "'": ("&#39;", "&#x27;", "&apos;")}
"""How pages and feeds escape the characters HTML and XML reserve."""

SPACE = r"(?:[ \t\u00a0]+\n?|\n)[ \t\u00a0]*"
"""Between two words of a listed name: spaces, or one line break (a wrapped line)."""


def listed(data: Any) -> tuple[str, ...]:
    """The names a record's `public_names` lists (nothing when it lists none or is not
    a list of text: validation says so)."""
    names = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(names, list):
        return ()
    return tuple(n.strip() for n in names if isinstance(n, str) and n.strip())


def record_names(path: str, data: Any, field: tuple = ()) -> tuple[str, ...]:
    """The names accepted in one text of a file: `field` is the text's place in the
    file's data (() for a Markdown body)."""
    if path.startswith(PROFILES) or path.startswith(TEXTS):
        return listed(data)
    if path in LISTS and field and isinstance(data, list) and isinstance(field[0], int) \
            and field[0] < len(data):
        return listed(data[field[0]])
    return ()


def every_listed(documents: Iterable, withheld: set[str]) -> frozenset[str]:
    """Every name any record lists (but a withheld person's own file: never published),
    for the guard of what is published."""
    names: set[str] = set()
    for doc in documents:
        if doc.path in withheld:
            continue
        if doc.path.startswith(PROFILES) or doc.path.startswith(TEXTS):
            names.update(listed(doc.data))
        elif doc.path in LISTS and isinstance(doc.data, list):
            for entry in doc.data:
                names.update(listed(entry))
    return frozenset(names)


def allowing(text: str, names: Iterable[str]) -> str:
    """The text with each exact occurrence of a listed name masked (its letters as `a`,
    capitals as `A`, line breaks kept: lines and places stay where they were)."""
    names = tuple(names)
    if not names:
        return text
    for name in sorted(names, key=len, reverse=True):
        if name.split()[0][:2] not in text and not any(c in ESCAPES for c in name):
            continue
        pattern = _pattern(name)
        pieces, at = [], 0
        for match in pattern.finditer(text):
            if _in_word(text, match.start() - 1) or _in_word(text, match.end()):
                continue
            pieces += [text[at:match.start()], _masked(match[0])]
            at = match.end()
        if pieces:
            text = "".join(pieces) + text[at:]
    return text


def _pattern(name: str) -> re.Pattern:
    def char(c: str) -> str:
        return "(?:" + "|".join(map(re.escape, (c, *ESCAPES[c]))) + ")" if c in ESCAPES \
            else re.escape(c)

    return re.compile(SPACE.join("".join(map(char, word)) for word in name.split()))


def _in_word(text: str, index: int) -> bool:
    """Whether the character at `index` would make a longer word of the name: a letter,
    a digit, a mark, an invisible character or an underscore."""
    if not 0 <= index < len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M" \
        or unicodedata.category(char) == "Cf"


def _masked(words: str) -> str:
    return "".join("A" if c.isupper() else "\n" if c == "\n" else " " if c.isspace()
                   else "a" for c in words)


def beyond_listed(hits: Iterable, names: Iterable[str]) -> list:
    """The finds (guard.Hit) in a text read with nothing masked whose words are more, or
    other, than a listed name (`Secret Person` where only `Person` is listed, `Secret
    Person Persona`): a listed name is accepted as a whole name, never as part of a
    withheld one."""
    listed = {" ".join(name.split()) for name in names}
    return [hit for hit in hits if " ".join(hit.words.split()) not in listed]
