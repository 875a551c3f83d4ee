"""A search index cut into small files, so that a query fetches only what it needs.

An inverted index (word → the numbers of the documents that hold it) is sorted and cut
into shards of about `LIMIT` bytes; the manifest lists the first word of each shard, so
the browser finds the shards that can hold the words starting with what was typed by a
binary search, and fetches only those. Document numbers are stored as differences (most
are 1 or small), and the documents' addresses and titles are in chunks of `CHUNK`, fetched
for the results shown. Words are sorted as JavaScript compares strings (by UTF-16 code
units), so that both sides cut the same way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import pairwise

LIMIT = 12_000
"""Bytes of one shard before it is compressed (about 3 to 4 KB gzip)."""
CHUNK = 16
"""Documents (address, title, kind) per chunk file."""


def utf16(word: str) -> bytes:
    """A key that sorts as JavaScript's `<` compares strings."""
    return word.encode("utf-16-be")


def shards(postings: dict[str, list[int]], limit: int = LIMIT) -> tuple[list[str], list[bytes]]:
    """The first word of each shard, and each shard's JSON: {word: [first number,
    difference, difference, ...]}. A word with a longer list than `limit` has a shard
    of its own."""
    firsts: list[str] = []
    files: list[bytes] = []
    parts: list[str] = []
    size = 0
    for word in sorted(postings, key=utf16):
        numbers = postings[word]
        steps = [numbers[0], *(b - a for a, b in pairwise(numbers))]
        entry = f"{json.dumps(word, ensure_ascii=False)}:[{','.join(map(str, steps))}]"
        if parts and size + len(entry) > limit:
            files.append(_close(parts))
            parts, size = [], 0
        if not parts:
            firsts.append(word)
        parts.append(entry)
        size += len(entry) + 1
    if parts:
        files.append(_close(parts))
    return firsts, files


def _close(parts: list[str]) -> bytes:
    return ("{" + ",".join(parts) + "}\n").encode()


def chunks(docs: list[list[str]], size: int = CHUNK) -> Iterator[bytes]:
    """The documents, `size` to a file: [[address, title, kind], ...]."""
    for start in range(0, len(docs), size):
        yield (json.dumps(docs[start:start + size], ensure_ascii=False,
                          separators=(",", ":")) + "\n").encode()
