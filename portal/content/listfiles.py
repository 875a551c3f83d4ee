"""The files that hold a list, each kept under one key (`waves:` then the list).

The web editor edits a file whose top level is a map of fields, never a list (decap-cms
issue #531), so these files are written wrapped; the loader reads both forms, and gives
the list with its lines and field paths as if it were unwrapped (`[3].date`). The web
editor's configuration (portal/editor/config.py) takes the table from here: a lower stage
than the editor's, so that the loader can use it too."""

from __future__ import annotations

from typing import Any

from ..problems import ContentError, Problem
from .document import Document

WRAPPERS = {"data/sources.yaml": "sources", "data/facilities.yaml": "facilities",
            "data/releases.yaml": "waves", "data/statistics.yaml": "statistics",
            "data/actions.yaml": "actions"}
"""Each list file, and the one key its list is kept under."""


def unwrap(document: Document) -> Document:
    """A list file's document as its list (from either form); any other file as it is.
    Raise ContentError for a wrapped file whose key is not the expected one alone."""
    key = WRAPPERS.get(document.path)
    data = document.data
    if key is None or not isinstance(data, dict):
        return document
    if not data:  # `{}`: an empty list
        return Document(document.path, [], {}, document.body, document.body_line)
    if list(data) != [key]:
        others = [str(k) for k in data if k != key]
        line = min((document.lines.get((k,), (1, 1))[0] for k in others), default=1)
        found = ", ".join(f"`{k}:`" for k in others)
        raise ContentError([Problem(document.path, line, others[0] if others else "",
                                    f"the file holds {found} where only `{key}:` is expected",
                                    f"start the file with `{key}:` and put every item under "
                                    "it, as `  - ` lines")])
    lines = {path[1:]: at for path, at in document.lines.items() if path[:1] == (key,)}
    return Document(document.path, data[key] if data[key] is not None else [], lines,
                    document.body, document.body_line)


def wrapped(relative: str, data: Any) -> Any:
    """The data of a file as it is written: a list file's list under its key."""
    key = WRAPPERS.get(relative)
    if key is None or (isinstance(data, dict) and list(data) == [key]):
        return data
    return {key: data}
