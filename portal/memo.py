"""Results worked out from one document, kept while the document stays the same object.

The live preview keeps the documents of unchanged files (load.DocumentCache), so what was
checked or assembled from them need not be worked out again after an edit elsewhere."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """Per (kind of result, file): the document, what else the result depended on, and
    the result. A result is reused only for the very same document object and key."""

    def __init__(self) -> None:
        self._store: dict[tuple[str, str], tuple[Any, Hashable, Any]] = {}

    def get(self, kind: str, doc: Any, key: Hashable, compute: Callable[[], T]) -> T:
        entry = self._store.get((kind, doc.path))
        if entry is not None and entry[0] is doc and entry[1] == key:
            return entry[2]
        value = compute()
        self._store[(kind, doc.path)] = (doc, key, value)
        return value


class ByObject:
    """Values worked out from one object (a record of the model, a parsed document), kept
    while it is the very same object: the live preview keeps the records and documents of
    unchanged files, so what was made from them need not be made again after an edit
    elsewhere. `key`: whatever else the value depends on."""

    kept = False
    """Whether values are kept at all: only in a process that builds the site again and
    again (the live preview turns this on). A build of its own makes each value once, and
    keeps nothing after."""

    def __init__(self, most: int = 100_000) -> None:
        self._store: dict[tuple[int, Hashable], tuple[Any, Any, Any]] = {}
        self.most = most

    def get(self, obj: Any, key: Any, compute: Callable[[], T], slot: Hashable = None) -> T:
        """`compute()`, or what it gave for this very object (one value per `slot`) with
        an equal `key` (compared with ==: objects in it are kept, and compared by
        identity first)."""
        if not ByObject.kept:
            return compute()
        known = self._store.get((id(obj), slot))
        if known is not None and known[0] is obj and known[1] == key:
            return known[2]
        if len(self._store) >= self.most:
            self._store.clear()
        value = compute()
        self._store[(id(obj), slot)] = (obj, key, value)
        return value


class Latest:
    """The answers for the last object asked about, by question: a build, and each live
    preview update, asks the same questions of one site model many times (at 5,000 people,
    15 times `writable` took 0.13 s). Holds that one object until another is asked about."""

    def __init__(self) -> None:
        self._answers: dict[str, tuple[Any, Hashable, Any]] = {}

    def get(self, question: str, obj: Any, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, or its value for this very object and an equal `key`."""
        known = self._answers.get(question)
        if known is not None and known[0] is obj and known[1] == key:
            return known[2]
        value = compute()
        self._answers[question] = (obj, key, value)
        return value


def remembered(memo: Memo | None, kind: str, doc: Any, key: Hashable,
               compute: Callable[[], T]) -> T:
    """`compute()`, or its result for this document from before (with the same key)."""
    return compute() if memo is None else memo.get(kind, doc, key, compute)


def fingerprint(values: Iterable[str]) -> bytes:
    """One short key for a set of names (compared once, not name by name)."""
    return hashlib.blake2b("\0".join(sorted(values)).encode(), digest_size=16).digest()
