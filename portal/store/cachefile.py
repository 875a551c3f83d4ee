"""Cache entries that cannot lie.

Each entry is sealed with a keyed hash (BLAKE2b with a secret key) of its name and its
content, flushed to disk before it is renamed into place, and checked whenever it is
read. An entry that is missing, emptied, cut short, changed in any byte, moved to
another entry's name, or written by anyone who does not hold the key (a cache restored
from another machine or planted in a CI cache) is a miss: it is removed and the build
makes it again. A cache makes a build faster, never different.

The key is made once per user and kept outside every project (`$PORTAL_CACHE_KEY`, else
`$XDG_CACHE_HOME/portal/key`, else `~/.cache/portal/key`, readable only by the user), so
nothing inside a project can vouch for a cache entry. Where no key can be kept, the
build runs without its caches and says so.

A cache that cannot be written (a read-only checkout, a full disk) is no error: the
build goes on without keeping its work, and says so once. Entries are only ever read as
ordinary files of bounded size: a link to a device or a named pipe is a miss."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .atomic import write_file_atomic

_STATE: dict = {"read_only": 0, "failure": None, "key": None}
"""Whether caches may be written now (not while `check` runs), the first error writing
one since it was last taken (reported once as a warning), and the key once read."""

MAGIC = b"portal-cache-2\n"
DIGEST = 32
HEADER = len(MAGIC) + DIGEST + 8
LARGEST = 1 << 30
"""An entry larger than this is not read (no real entry comes near it)."""


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


def key_file() -> Path:
    """Where this user's cache key is kept: outside every project."""
    if os.environ.get("PORTAL_CACHE_KEY"):
        return Path(os.environ["PORTAL_CACHE_KEY"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "portal" / "key"


def cache_key() -> bytes:
    """The secret key entries are sealed with (made on first use); OSError when it can be
    neither read nor made."""
    if _STATE["key"] is None:
        _STATE["key"] = _read_or_make_key(key_file())
    return _STATE["key"]


def _read_or_make_key(path: Path) -> bytes:
    if writes_allowed():  # `check` makes no key: without one it reads no cache
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        if not writes_allowed():
            raise FileExistsError  # only read one that is there
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, os.urandom(32))
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        status = os.fstat(fd)
        data = os.read(fd, 64)
    finally:
        os.close(fd)
    if not stat.S_ISREG(status.st_mode) or len(data) != 32:
        raise OSError("it is not a key of 32 random bytes")
    return data


def _tag(name: str, payload: bytes | memoryview) -> bytes:
    tag = hmac.new(cache_key(), name.encode() + b"\0", hashlib.blake2b)
    tag.update(payload)  # not joined to the name first: an entry may be megabytes
    return tag.digest()[:DIGEST]


def seal(payload: bytes, name: str) -> bytes:
    """An entry's bytes: a marker, the keyed hash of its name and payload, the payload's
    length, then the payload."""
    return MAGIC + _tag(name, payload) + len(payload).to_bytes(8, "little") + payload


def unseal(data: bytes, name: str) -> bytes | None:
    """The payload of the entry `name`, or None when the entry is not whole, not unchanged,
    or not sealed under that name with this user's key."""
    if len(data) < HEADER or not data.startswith(MAGIC):
        return None
    digest = data[len(MAGIC):len(MAGIC) + DIGEST]
    size = int.from_bytes(data[len(MAGIC) + DIGEST:HEADER], "little")
    payload = memoryview(data)[HEADER:]  # copied once, when found whole
    if len(payload) != size or not hmac.compare_digest(_tag(name, payload), digest):
        return None
    return bytes(payload)


def read_entry_file(path: Path, limit: int = LARGEST) -> bytes | None:
    """An entry file's bytes, if it is an ordinary file (never a link, pipe or device)."""
    found = _read_start(path, limit, largest=limit)
    return found[0] if found is not None else None


def _read_start(path: Path, count: int, largest: int | None = None
                ) -> tuple[bytes, int] | None:
    """Up to `count` bytes from the start of an ordinary file and its size; None for
    anything else (a link, a pipe, a device, a file that cannot be read, one larger than
    `largest`)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or (largest is not None and
                                                 status.st_size > largest):
            return None
        chunks, left = [], min(count, status.st_size + 1)
        while left > 0 and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), status.st_size
    except OSError:
        return None
    finally:
        os.close(fd)


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

    def name(self, path: Path) -> str:
        """What an entry is sealed under: its kind (the folder's name) and its path."""
        try:
            inner = path.relative_to(self.folder).as_posix()
        except ValueError:
            inner = path.as_posix()
        return f"{self.folder.name}/{inner}"

    def get(self, key: str) -> bytes | None:
        """The payload filed under `key`, or None (a bad entry is removed)."""
        return self.read(self.path(key))

    def read(self, path: Path) -> bytes | None:
        data = read_entry_file(path)
        if data is None:
            if os.path.lexists(path):
                self.discard(path)
            return None
        try:
            payload = unseal(data, self.name(path))
        except OSError:
            return None  # no key: no cache
        if payload is None:
            self.discard(path)
        return payload

    def peek(self, path: Path, size: int) -> tuple[bytes, int] | None:
        """The first `size` bytes of an entry's payload and the payload's length, without
        checking the rest (`read` checks it later); None for no entry or a bad header."""
        found = _read_start(path, HEADER + size)
        if found is None:
            return None
        head, total = found
        length = total - HEADER
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
            if path.is_dir() and not path.is_symlink():
                return False  # a folder in an entry's place: leave it, read nothing there
            # not flushed to the disk first: an entry a crash left empty or cut short
            # fails its seal when read, and is made again (a flush each costs a cold
            # build about 10 s at 1,200 people)
            write_file_atomic(path, seal(payload, self.name(path)))
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
    """None when entries can be sealed and written under `folder` (made if missing); else
    the error."""
    try:
        cache_key()
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        with open(probe, "wb") as handle:
            handle.write(b"probe")
        probe.unlink()
    except OSError as error:
        return error
    return None


def prune(folder: Path, used: set[str], keep_factor: int = 2) -> int:
    """Delete cache entries (pages, photos, archive entries) this build did not use, once
    they outnumber the used ones `keep_factor` to one (so the cache does not grow without
    end). Returns how many."""
    if not folder.is_dir() or not writes_allowed():
        return 0
    try:
        entries = [p for sub in folder.iterdir() if sub.is_dir() for p in sub.iterdir()]
    except OSError:
        return 0
    if len(entries) <= keep_factor * max(len(used), 1):
        return 0
    removed = 0
    for entry in entries:
        if entry.name not in used:
            with contextlib.suppress(OSError):
                entry.unlink(missing_ok=True)
                removed += 1
    return removed
