"""Cache entries that cannot lie: each is stored with a checksum of its content, flushed to
disk before it is renamed into place, and checked whenever it is read. An entry that is
missing, emptied, cut short or changed in any byte is a miss (and is removed), so the
build makes it again: a cache makes a build faster, never different.

A cache that cannot be written (a read-only checkout, a full disk) is no error: the
build goes on without keeping its work, and says so once."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .write import write_file_atomic

_STATE: dict = {"read_only": 0, "failure": None}
"""Whether caches may be written now (not while `check` runs), and the first error writing
one since it was last taken (reported once as a warning)."""


@contextlib.contextmanager
def read_only() -> Iterator[None]:
    """While this lasts, no cache entry is written or removed (`check` writes nothing)."""
    _STATE["read_only"] += 1
    try:
        yield
    finally:
        _STATE["read_only"] -= 1


def writes_allowed() -> bool:
    return not _STATE["read_only"]


def take_failure() -> OSError | None:
    """The first error writing a cache entry since the last call, if any."""
    failure, _STATE["failure"] = _STATE["failure"], None
    return failure

MAGIC = b"portal-cache-1\n"
DIGEST = 16
HEADER = len(MAGIC) + DIGEST + 8


def seal(payload: bytes) -> bytes:
    """An entry's bytes: a marker, the payload's hash and length, then the payload."""
    digest = hashlib.blake2b(payload, digest_size=DIGEST).digest()
    return MAGIC + digest + len(payload).to_bytes(8, "little") + payload


def unseal(data: bytes) -> bytes | None:
    """The payload of an entry, or None when the entry is not whole and unchanged."""
    if len(data) < HEADER or not data.startswith(MAGIC):
        return None
    digest = data[len(MAGIC):len(MAGIC) + DIGEST]
    size = int.from_bytes(data[len(MAGIC) + DIGEST:HEADER], "little")
    payload = data[HEADER:]
    if len(payload) != size or hashlib.blake2b(payload, digest_size=DIGEST).digest() != digest:
        return None
    return payload


class CacheFolder:
    """One kind of cache entry under `folder`. `writable=False` (for `check`, or where the
    cache cannot be written) reads entries but never writes or removes one."""

    def __init__(self, folder: Path, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable
        self.failed: OSError | None = None
        """The first error writing an entry, if any (the build reports it as a warning)."""

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        """The payload filed under `key`, or None (a bad entry is removed)."""
        return self.read(self.path(key))

    def read(self, path: Path) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        payload = unseal(data)
        if payload is None:
            self.discard(path)
        return payload

    def peek(self, path: Path, size: int) -> tuple[bytes, int] | None:
        """The first `size` bytes of an entry's payload and the payload's length, without
        checking the rest (`read` checks it later); None for no entry or a bad header."""
        try:
            with open(path, "rb") as handle:
                head = handle.read(HEADER + size)
                length = os.fstat(handle.fileno()).st_size - HEADER
        except OSError:
            return None
        if len(head) < HEADER + size or not head.startswith(MAGIC) or \
                int.from_bytes(head[len(MAGIC) + DIGEST:HEADER], "little") != length:
            return None
        return head[HEADER:], length

    def put(self, key: str, payload: bytes) -> bool:
        """File `payload` under `key`; False when it could not be written."""
        return self.write(self.path(key), payload)

    def write(self, path: Path, payload: bytes) -> bool:
        if not self.writable or self.failed is not None or not writes_allowed():
            return False
        try:
            write_file_atomic(path, seal(payload), durable=True)
        except OSError as error:
            self.failed = error
            if _STATE["failure"] is None:
                _STATE["failure"] = error
            return False
        return True

    def discard(self, path: Path) -> None:
        if self.writable and writes_allowed():
            with contextlib.suppress(OSError):
                os.unlink(path)


def cache_writable(folder: Path) -> OSError | None:
    """None when entries can be written under `folder` (made if missing); else the error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        with open(probe, "wb") as handle:
            handle.write(b"probe")
        probe.unlink()
    except OSError as error:
        return error
    return None
