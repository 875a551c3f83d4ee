"""Checks of every Markdown text (statement and page bodies, biographies, wave summaries,
action texts, facility notes) before anything is rendered:

- each `prisoner:…`, `statement:…`, `page:…`, `wave:…` or `section:…` link leads to a page
  that exists and is published (never to a person whose name is withheld, nor to a
  statement that is scheduled for later);
- every other link target is a web or mail address or an address on the site, never a
  mistyped kind of link (`Prisoner:`, `statment:`) or a script (linktargets.py);
- no link target holds a backslash (browsers read `/\\evil.example/x.png` as another site);
- the text stays within the bounds that keep Markdown fast: Python-Markdown looks for a
  link at every `[` along the rest of its paragraph, and for HTML at every `<` along the
  rest of the text, so such texts take time that grows with the square of their length
  (limits.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ..content.document import Document, format_path
from ..content.load import Tree
from ..content.schema import Context
from ..limits import (
    MARKDOWN_BLOCK_CHARS,
    MARKDOWN_BLOCK_LINES,
    MARKDOWN_BLOCK_LINKS,
    MARKDOWN_INDENT,
    MARKDOWN_LINKS,
    MARKDOWN_QUOTE_DEPTH,
    MARKDOWN_TAGS,
)
from ..memo import Memo, fingerprint, remembered
from ..problems import Problem
from .linktargets import KINDS, link_targets, scheme_problem

MARKDOWN_FIELDS = {"prisoners": ("biography",), "releases": ("summary",),
                   "actions": ("text", "safety"), "facilities": ("notes",)}
"""The fields of YAML records that are Markdown, by kind."""

Finding = tuple[int, str, str]
"""(line in the text, message, fix)."""


def bound_problems(text: str) -> Iterator[Finding]:
    """Where a Markdown text is beyond the bounds that keep rendering fast."""
    for char, most, fix in (("[", MARKDOWN_LINKS, "split it into several texts"),
                            ("<", MARKDOWN_TAGS, "write fewer HTML tags and <…> links (or "
                             "write &lt; for a plain <)")):
        if text.count(char) > most:
            yield _line_of_count(text, char, most + 1), \
                f"the text has {text.count(char)} `{char}`, more than {most}", fix
    block_start, block_lines, brackets, chars = 1, 0, 0, 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            block_start, block_lines, brackets, chars = number + 1, 0, 0, 0
            continue
        block_lines += 1
        brackets += line.count("[")
        chars += len(line) + 1
        if chars > MARKDOWN_BLOCK_CHARS >= chars - len(line) - 1:
            yield block_start, f"a paragraph or list of more than {MARKDOWN_BLOCK_CHARS:,} " \
                "characters", "put blank lines between its parts"
        if block_lines == MARKDOWN_BLOCK_LINES + 1:
            yield block_start, f"a paragraph or list of more than {MARKDOWN_BLOCK_LINES} " \
                "lines", "put blank lines between its parts"
        if brackets > MARKDOWN_BLOCK_LINKS >= brackets - line.count("["):
            yield block_start, f"a paragraph with more than {MARKDOWN_BLOCK_LINKS} `[`", \
                "put blank lines between its parts"
        indent = len(line) - len(line.lstrip(" \t"))
        if indent > MARKDOWN_INDENT:
            yield number, f"the line is indented by {indent} spaces, more than " \
                f"{MARKDOWN_INDENT}", "indent it less (lists cannot nest that deep)"
        depth = len(re.match(r"^[\s>]*", line)[0].replace(" ", "").replace("\t", ""))
        if depth > MARKDOWN_QUOTE_DEPTH:
            yield number, f"quotes nested {depth} deep, more than {MARKDOWN_QUOTE_DEPTH}", \
                "nest quotes less deeply"


def _line_of_count(text: str, char: str, count: int) -> int:
    """The line on which `char` occurs for the `count`th time."""
    at = -1
    for _ in range(count):
        at = text.find(char, at + 1)
    return text.count("\n", 0, at) + 1


def target_problems(text: str) -> Iterator[Finding]:
    """Link targets a browser would read otherwise than an editor does, and those that
    would be published without an address (linktargets.py)."""
    for target in link_targets(text):
        if "\\" in target.address:
            yield target.line, f'the link "{target.address}" holds a backslash, which ' \
                'browsers read as "/" (so it may lead to another site)', "write / instead of \\"
        elif problem := scheme_problem(target):
            yield target.line, *problem


class Links:
    """What Markdown references may point to."""

    def __init__(self, tree: Tree, ctx: Context, withheld: set[str],
                 scheduled: set[str]) -> None:
        self.known = {
            "prisoner": ctx.ids["prisoners"], "wave": ctx.ids["waves"],
            "statement": {d.name.split(".")[0] for d in tree.statements},
            "page": {d.name.split(".")[0] for d in tree.pages},
            "section": {"home", "prisoners", "statements", "timeline", "birthdays"},
        }
        self.withheld, self.scheduled = withheld, scheduled
        self.skip_waves = "waves" in ctx.unknown

    def key(self) -> tuple:
        return (*(fingerprint(names) for _, names in sorted(self.known.items())),
                fingerprint(self.withheld), fingerprint(self.scheduled), self.skip_waves)

    @staticmethod
    def references(text: str) -> Iterator[tuple[int, str, str]]:
        """(line, kind, id) of every Markdown link to a page of the site."""
        for target in link_targets(text):
            kind, _, ident = target.address.partition(":")
            if target.how == "markdown" and kind in KINDS and ident:
                yield target.line, kind, ident

    def problems(self, text: str) -> Iterator[Finding]:
        for number, kind, target in self.references(text):
            if kind == "wave" and self.skip_waves:
                continue
            if target not in self.known[kind]:
                close = difflib.get_close_matches(target, sorted(self.known[kind]), n=1,
                                                  cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else \
                    f"use the slug of an existing {kind}"
                yield number, f'the link "{kind}:{target}" leads nowhere', hint
            elif kind == "prisoner" and target in self.withheld:
                yield number, f'the link "prisoner:{target}" is to a person whose name is ' \
                    "withheld: they have no page, and their name must not appear", \
                    "remove the link and the name around it"
            elif kind == "statement" and target in self.scheduled:
                yield number, f'the link "statement:{target}" is to a statement scheduled for ' \
                    "later, which is not published yet", "remove the link until it is published"


def text_problems(path: str, text: str, line: int | None, field: str,
                  links: Links) -> list[Problem]:
    """Every problem of one Markdown text that starts at `line` of the file at `path`."""
    found = []
    for check in (links.problems(text), target_problems(text), bound_problems(text)):
        for number, message, fix in check:
            where = None if line is None else line + number - 1
            found.append(Problem(path, where, field, message, fix))
    return found


def check_markdown(tree: Tree, ctx: Context, withheld: set[str], scheduled: set[str],
                   memo: Memo | None = None) -> None:
    """Report the problems of every Markdown text of the tree into `ctx`."""
    links = Links(tree, ctx, withheld, scheduled)
    key = links.key()
    for doc in (*tree.statements, *tree.pages):
        if doc.path not in tree.broken:
            ctx.problems += remembered(memo, "markdown", doc, key, lambda doc=doc: text_problems(
                doc.path, doc.body, doc.body_line, "body", links))
    for doc in tree.prisoners:
        if doc.path not in tree.broken:
            ctx.problems += remembered(memo, "markdown", doc, key, lambda doc=doc: list(
                _fields(doc, doc.data, (), MARKDOWN_FIELDS["prisoners"], links)))
    for doc, kind in ((tree.releases, "releases"), (tree.actions, "actions"),
                      (tree.facilities, "facilities")):
        for i, item in enumerate(doc.data if isinstance(doc.data, list) else []):
            ctx.problems += _fields(doc, item, (i,), MARKDOWN_FIELDS[kind], links)


def _fields(doc: Document, data, prefix: tuple, fields: tuple[str, ...],
            links: Links) -> list[Problem]:
    found: list[Problem] = []
    if not isinstance(data, dict):
        return found
    for field in fields:
        texts = data.get(field)
        for lang, text in (texts.items() if isinstance(texts, dict) else ()):
            if isinstance(text, str):
                path = (*prefix, field, lang)
                line = doc.line_of(path)[0]
                # A block scalar (`|`) starts on the line after its key.
                offset = 1 if line is not None and "\n" in text else 0
                found += text_problems(doc.path, text, None if line is None else line + offset,
                                       format_path(path), links)
    return found
