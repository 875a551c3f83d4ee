"""Results worked out from one document, kept under .cache/ between builds.

A check that reads one document alone (its schema, its wording, its Markdown links) gives
the same answer for the same document, the same code and the same surroundings (the ids
its references may name, the build date, the languages: what the check passes as its
key). `KeptResults` files each such answer under a hash of all three, so that the next
build checks only the documents that changed, or whose surroundings did. A document is
known by its whole parsed value (path, data, lines, body), not by its file's name or
time; a key is known by a canonical encoding of its value (`encoded`); one that cannot
be encoded (a type this module does not know) is never kept, and the check simply runs.

All the answers of one build are one entry (kept.py: one file to read, not thousands),
sealed like every other: a damaged, forged or moved entry is a miss, and every check runs
again."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import pickle
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from ..memo import Memo
from .kept import Kept

T = TypeVar("T")


class KeptResults(Memo):
    """A memo whose answers outlive the process: per (kind of result, document, key),
    kept in one entry under `folder` for this version of the code. `save` keeps the
    answers this build used, and drops the entries of other versions."""

    def __init__(self, folder: Path | None, writable: bool = True,
                 known: dict[str, tuple[Any, str]] | None = None) -> None:
        super().__init__()
        self.kept = Kept(folder, writable)
        """Each answer, pickled, by the hash of what it was worked out from."""
        self._documents: dict[int, tuple[Any, bytes | None]] = {}
        self.known = known or {}
        """Documents by path with a hash that stands for their whole value (the key the
        document store read them under: load.Tree.read_as), so they need not be pickled
        to be known."""
        self._keys: dict[int, tuple[Hashable, bytes | None]] = {}

    def get(self, kind: str, doc: Any, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, or its answer from a build before for an equal document and key."""
        document, encoding = self._digest(doc), self._encoded(key)
        if document is None or encoding is None:
            return compute()
        name = hashlib.blake2b(kind.encode() + b"\0" + document + encoding,
                               digest_size=16).digest()
        kept = self.kept.get(name)
        if isinstance(kept, bytes):
            try:
                return pickle.loads(kept)
            except Exception:  # noqa: BLE001 - an answer that cannot be read is a miss
                self.kept.forget(name)
        value = compute()
        with contextlib.suppress(Exception):  # an answer that cannot be kept is not kept
            self.kept.put(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def _encoded(self, key: Hashable) -> bytes | None:
        """`encoded(key)`, once per key object (a check passes one key for every file)."""
        known = self._keys.get(id(key))
        if known is None or known[0] is not key:
            known = self._keys[id(key)] = (key, encoded(key))
        return known[1]

    def _digest(self, doc: Any) -> bytes | None:
        """The hash of a document's whole value (once per document object)."""
        known = self._documents.get(id(doc))
        if known is not None and known[0] is doc:
            return known[1]
        read = self.known.get(getattr(doc, "path", None))
        if read is not None and read[0] is doc:
            value = hashlib.blake2b(b"read\0" + read[1].encode(), digest_size=16).digest()
            self._documents[id(doc)] = (doc, value)
            return value
        try:
            value = hashlib.blake2b(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL),
                                    digest_size=16).digest()
        except Exception:  # noqa: BLE001 - a document that cannot be pickled is not kept
            value = None
        self._documents[id(doc)] = (doc, value)
        return value

    def save(self) -> None:
        """Keep this build's answers for the next one (only when they changed)."""
        self.kept.save()


def encoded(value: Any) -> bytes | None:
    """A canonical encoding of a key: equal encodings for equal values of the types keys
    are made of (None, bools, numbers, text, bytes, dates, tuples, lists, sets, dicts,
    enums and dataclasses of these), whatever the process; None for any other type."""
    parts: list[bytes] = []
    return b"".join(parts) if _encode(value, parts) else None


def _encode(value: Any, parts: list[bytes]) -> bool:
    kind = type(value)
    if value is None or kind is bool:
        parts.append(b"N" if value is None else b"T" if value else b"F")
    elif kind in (int, float, str, bytes):
        data = value if kind is bytes else str(value).encode("utf-8", "surrogatepass") \
            if kind is str else repr(value).encode()
        parts += (kind.__name__[:1].encode(), len(data).to_bytes(8, "little"), data)
    elif kind in (dt.date, dt.datetime):
        data = value.isoformat().encode() + (b"" if kind is dt.date else
                                              repr(value.tzinfo).encode())
        parts += (b"D", len(data).to_bytes(8, "little"), data)
    elif kind in (tuple, list):
        parts += (b"L" if kind is tuple else b"l", len(value).to_bytes(8, "little"))
        return all(_encode(item, parts) for item in value)
    elif kind in (set, frozenset, dict):
        items = []
        for item in (value.items() if kind is dict else value):
            encoding = encoded(item)
            if encoding is None:
                return False
            items.append(encoding)
        parts += (b"S" if kind is not dict else b"M", len(items).to_bytes(8, "little"),
                  *sorted(items))
    elif isinstance(value, enum.Enum) or (dataclasses.is_dataclass(value)
                                          and not isinstance(value, type)):
        name = f"{kind.__module__}.{kind.__qualname__}".encode()
        parts += (b"O", len(name).to_bytes(8, "little"), name)
        fields = value.value if isinstance(value, enum.Enum) else \
            tuple(getattr(value, f.name) for f in dataclasses.fields(value))
        return _encode(fields, parts)
    else:
        return False
    return True
