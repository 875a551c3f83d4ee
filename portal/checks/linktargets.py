"""Every link target an editor writes in Markdown, read as the renderer will read it: a
page of the site (`prisoner:slug`, `statement:slug`, `page:slug`, `wave:id`,
`section:name`, written exactly so), a web or mail address (`https://…`, `mailto:…`), or
an address on the site itself (`/en/about/`, `#note`). Anything else would be published
as a link that leads nowhere (the sanitiser drops its address), so it is reported with the
nearest form that works: `Prisoner:`, `prisoners:`, `prisoner: slug`, `statment:`,
`javascript:`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

from ..content.markup import URL_SCHEMES

KINDS = ("prisoner", "statement", "page", "wave", "section")
"""The kinds of page a Markdown link may name (markup.REFERENCE)."""

TARGETS = re.compile(r"\]\(\s*(<?)([^)\s>]*)|^[ \t]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"
                     r"|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>",
                     re.M | re.I)
"""The targets of inline links and images, link definitions, raw HTML and autolinks."""

ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A backslash escape of ASCII punctuation, as CommonMark reads it."""
AUTOLINKED = re.compile(r"(?:https?://|[^<> !]+@[^@<> ]+$)", re.I)
"""An address in angle brackets the renderer makes a link of (Python-Markdown's AUTOLINK
and AUTOMAIL); any other is read as an HTML tag and dropped."""
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(.*)$", re.I | re.S)
EXAMPLES = "a page of the site (prisoner:slug, statement:slug, page:slug, wave:id, " \
    "section:name) or a web address (https://…)"


@dataclass(frozen=True, slots=True)
class Target:
    line: int
    """The line in the text, from 1."""
    address: str
    """As written, between the brackets or quotes."""
    how: str
    """`markdown` (an inline link, image or link definition), `html` or `autolink`."""
    after: str
    """The text just after the address on its line (`slug)` in `prisoner: slug)`)."""


def link_targets(text: str) -> Iterator[Target]:
    """Every link target of a Markdown text, with its line."""
    for match in TARGETS.finditer(text):
        _, inline, definition, html, autolink = match.groups()
        address = next(g for g in (inline, definition, html, autolink) if g is not None)
        how = "html" if html is not None else "autolink" if autolink is not None \
            else "markdown"
        line_end = text.find("\n", match.end())
        after = text[match.end():None if line_end == -1 else line_end]
        yield Target(text.count("\n", 0, match.start()) + 1, address, how, after)


def as_read(address: str) -> str:
    """An address as the renderer and the browser read it: character references
    (`&#115;`, `&colon;`) and backslash escapes of punctuation decoded."""
    return unescape(ESCAPED.sub(r"\1", address))


def scheme_problem(target: Target) -> tuple[str, str] | None:
    """(message, fix) when the target would not be published as a working link; None for
    a Markdown link to a page of the site (whether the page exists is the site's to say),
    a web or mail address, or an address without a scheme."""
    match = SCHEME.match(as_read(target.address).strip())
    if match is None:
        return None
    scheme, rest = match[1], match[2]
    written = f'the link "{target.address}"'
    if scheme.lower() in URL_SCHEMES:
        if target.how == "autolink" and not AUTOLINKED.match(target.address):
            return f"{written} in angle brackets is not read as a link: the renderer " \
                "drops it, text and all", \
                "write the full address (https://…, or a mail address with @), or " \
                "[text](address)"
        return None
    if scheme in KINDS:
        if target.how != "markdown":
            return f"{written} is not a Markdown link, so it leads nowhere", \
                f"write it as [text]({target.address})"
        if rest:
            return None  # whether it leads to a page is the site's to say (markdowncheck)
        if word := re.match(r"\s+([^\s)\"'>]+)", target.after):
            return f"{written} has a space after the colon", \
                f"write `{scheme}:{word[1]}`, without the space"
        return f"{written} does not name a {scheme}", f"write `{scheme}:` and its slug"
    if scheme.lower() == "javascript":
        return f"a \"{scheme}:\" link runs a script, which is never allowed", \
            f"link to {EXAMPLES}"
    close = difflib.get_close_matches(scheme.lower(), (*KINDS, *sorted(URL_SCHEMES)), n=1,
                                      cutoff=0.6)
    if close:
        return f'{written} begins with "{scheme}:", which is not a kind of link', \
            f"did you mean `{close[0]}:{rest.strip()}`?"
    return f'{written} begins with "{scheme}:", which is not a kind of link', \
        f"link to {EXAMPLES}"
