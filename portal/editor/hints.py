"""The web editor's hints, read from the editors' guide: the comment after each field in
the guide's example of a file (`gender: male  # male | female | other`), so that the
editor says what the guide says and the two cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent.parent / "docs" / "editors-guide.md"
"""The editors' guide of this project (docs/editors-guide.md)."""

SECTIONS = {"data/site.yaml": "site", "data/sources.yaml": "sources",
            "data/prisoners/": "prisoners", "data/facilities.yaml": "facilities",
            "data/releases.yaml": "waves", "data/statistics.yaml": "statistics",
            "data/actions.yaml": "actions", "data/letters.yaml": "letters",
            "content/statements/": "statements", "content/pages/": "pages"}
"""The guide's sections that show a kind of file, by the path in their heading."""

WRAPPED = ("sources", "facilities", "waves", "statistics", "actions")
"""Kinds whose example may show the list under its one key, named as the kind
(`sources:` then the list; see WRAPPERS in config.py)."""

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?= |$)"
                  r"(?P<rest>.*)$")
_COMMENT = re.compile(r"(?:^|\s)#\s+(?P<text>.*)$")
_ONLY_COMMENT = re.compile(r"^\s*#\s+(?P<text>.*)$")

Hints = dict[str, dict[str, str]]
"""Kind → dotted field path (`events.type`, `photo.file`) → hint."""


def guide_hints(guide: Path = GUIDE) -> Hints:
    """Every field's hint in the guide at `guide`, by kind and field path (empty when the
    guide is not there: the editor then simply has no hints)."""
    try:
        text = guide.read_text(encoding="utf-8")
    except OSError:
        return {}
    hints: Hints = {}
    for kind, block in _blocks(text):
        found = hints.setdefault(kind, {})
        for path, hint in _block_hints(block):
            if kind in WRAPPED and path.split(".")[0] == kind:
                path = path.partition(".")[2]
            if path and hint:
                found.setdefault(path, hint)
    return hints


def _blocks(text: str):
    """(kind, lines) of each fenced example under a heading that names a kind of file."""
    kind, block = None, None
    for line in text.splitlines():
        if block is not None:
            if line.startswith("```"):
                yield kind, block
                block = None
            else:
                block.append(line)
        elif line.startswith("#"):
            kind = next((k for path, k in SECTIONS.items() if path in line), None) \
                if line.startswith("## ") else kind
        elif line.startswith("```") and kind is not None:
            block = []


def _block_hints(lines: list[str]):
    """(dotted path, hint) of each commented field of one example; a comment alone on the
    lines below a field goes on with that field's hint."""
    stack: list[tuple[int, str]] = []
    path, hint = None, ""
    for line in lines:
        if line.strip() == "---":
            continue
        key = _KEY.match(line)
        if key:
            if path is not None:
                yield path, hint
            column = len(key["indent"]) + len(key["dash"] or "")
            while stack and stack[-1][0] >= column:
                stack.pop()
            stack.append((column, key["key"]))
            path = ".".join(k for _, k in stack)
            comment = _COMMENT.search(key["rest"])
            hint = comment["text"].strip() if comment else ""
        elif path is not None and (alone := _ONLY_COMMENT.match(line)):
            hint = f"{hint} {alone['text'].strip()}".strip()
        elif path is not None:
            yield path, hint
            path, hint = None, ""
    if path is not None:
        yield path, hint
