"""House style a reader notices: no sentence begins with a figure ("52 people were
freed" → "Fifty-two people…", «Усяго 52 чалавекі…»), in any language, in any text an
editor writes (YAML text per language, statements and pages)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..content.load import Document, FieldPath, Tree, format_path
from ..memo import Memo, remembered
from ..problems import Problem

SENTENCE_START = re.compile(r"(?:\A|[.!?…]\s+|\n\s*\n)[\"“«„(*_]*(\d[\d\s.,]*)", re.MULTILINE)
LIST_ITEM = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)
ABBREVIATION = re.compile(r"(?:^|[\s(])(?:no|nos|art|arts|para|p|pp|vol|ch|fig|approx|ca|cf|"
                          r"ст|арт|ч|п|пп|г|гг|ул|вул|т|д|кв|с)\.\s+$", re.IGNORECASE)
"""A period that ends an abbreviation before a number ("No. 4", «арт. 19.11»), not a
sentence."""
"""An ordered list in Markdown: its number is not the start of a sentence."""


def style_warnings(tree: Tree, languages: tuple[str, ...],
                   memo: Memo | None = None) -> list[Problem]:
    """Warnings for sentences that begin with a figure; with a `memo`, an unchanged file
    is not read again (the live preview)."""
    problems: list[Problem] = []
    yaml_docs = (tree.site, tree.sources, tree.facilities, tree.releases, tree.statistics,
                 tree.actions, tree.letters, *tree.prisoners)
    for doc in yaml_docs:
        if doc.path not in tree.broken:
            problems += remembered(memo, "style", doc, languages,
                                   lambda doc=doc: _yaml_warnings(doc, languages))
    for doc in (*tree.statements, *tree.pages):
        if doc.path not in tree.broken:
            problems += remembered(memo, "style", doc, languages,
                                   lambda doc=doc: _markdown_warnings(doc))
    return problems


def _yaml_warnings(doc: Document, languages: tuple[str, ...]) -> list[Problem]:
    return [_warning(doc, path, doc.line_of(path)[0], figure)
            for path, text in texts(doc.data, (), languages) for figure in figure_starts(text)]


def _markdown_warnings(doc: Document) -> list[Problem]:
    problems = []
    for key in ("title", "summary"):
        value = doc.data.get(key) if isinstance(doc.data, dict) else None
        for figure in figure_starts(value if isinstance(value, str) else ""):
            problems.append(_warning(doc, (key,), doc.line_of((key,))[0], figure))
    for line, figure in _body_starts(doc.body):
        problems.append(_warning(doc, ("body",), doc.body_line + line - 1, figure))
    return problems


def figure_starts(text: str) -> list[str]:
    """The figures that begin a sentence of `text` (not an ordered list's numbers)."""
    return [figure for _, figure in _starts(text)]


def _body_starts(body: str) -> Iterator[tuple[int, str]]:
    for start, figure in _starts(body):
        line_start = body.rfind("\n", 0, start) + 1
        if not body[line_start:start].lstrip().startswith("#"):
            yield body.count("\n", 0, start) + 1, figure


def _starts(text: str) -> Iterator[tuple[int, str]]:
    """(offset, figure) of each sentence that begins with a figure."""
    for match in SENTENCE_START.finditer(text):
        start = match.start(1)
        line_start = text.rfind("\n", 0, start) + 1
        # an ordered list's number, or a number after an abbreviation ("No. 4"), looked
        # for just before the figure, not in all the text before it
        if LIST_ITEM.match(text, line_start) or ABBREVIATION.search(text, max(0, start - 16),
                                                                        start):
            continue
        yield start, match.group(1).strip()


def _warning(doc: Document, path: FieldPath, line: int | None, figure: str) -> Problem:
    problem = Problem(doc.path, line, _field(path), f"a sentence begins with the figure "
                      f"“{figure}”", "begin it with a word: write the number in words, or "
                      "reorder the sentence (“Of the 52 people…”, «Усяго 52 чалавекі…»)")
    return replace(problem, warning=True)


def _field(path: FieldPath) -> str:
    return format_path(path)


def texts(value: Any, path: FieldPath, languages: tuple[str, ...]
           ) -> Iterator[tuple[FieldPath, str]]:
    """Every text per language in a YAML document: (path to it ending in the language,
    text)."""
    if isinstance(value, dict):
        if value and all(k in languages for k in value) and \
                all(isinstance(v, str) for v in value.values()):
            for lang, text in value.items():
                yield path + (lang,), text
            return
        for key, sub in value.items():
            if key != "translated":
                yield from texts(sub, path + (key,), languages)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from texts(sub, path + (i,), languages)
