"""Values kept between builds in one cache entry, by a key of bytes.

For facts worked out from many small things (each document's checks, each page's links),
one entry per thing would be thousands of small files to open and check; these are kept
together instead, in one entry per version of the code (store/version.py), sealed like
every other (cachefile.py): a damaged, forged or moved entry is a miss, and everything in
it is worked out again. Each build keeps only what it used."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from .cachefile import CacheFolder
from .version import code_version


class Kept:
    """Values by key under `folder` (None: nothing is read or kept, every `get` misses)."""

    def __init__(self, folder: Path | None, writable: bool = True) -> None:
        self.entries = CacheFolder(folder, writable) if folder is not None else None
        self.name = code_version().hex()
        self.known: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}
        """What this build asked for or added: what `save` keeps."""
        self.changed = False
        """Whether a value was added, changed or found unusable (else what was read is
        kept as it is, unless some of it was not asked for)."""
        if self.entries is not None:
            self.known = kept_dict(self.entries, self.entries.folder / self.name)

    def get(self, key: bytes) -> Any | None:
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: bytes, value: Any) -> None:
        if not self.changed and (key not in self.known or self.known[key] != value):
            self.changed = True
        self.used[key] = value

    def forget(self, key: bytes) -> None:
        """A value found unusable: not kept."""
        self.used.pop(key, None)
        self.known.pop(key, None)
        self.changed = True

    def keep_unused(self) -> None:
        """Keep what was read and not asked for too (for a build that read only some)."""
        for key, value in self.known.items():
            self.used.setdefault(key, value)

    def save(self) -> bool:
        """Keep what this build used for the next one (when it changed), and drop the
        entries of other versions of the code. Whether the entry was written."""
        if self.entries is None or (not self.changed and self.used.keys() == self.known.keys()):
            return False
        folder = self.entries.folder
        try:
            payload = pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - what cannot be kept is worked out again
            return False
        if not self.entries.write(folder / self.name, payload):
            return False
        self.known, self.changed = dict(self.used), False
        for other in folder.glob("*") if folder.is_dir() else ():
            if other.name != self.name and other.is_file():
                self.entries.discard(other)
        return True


def kept_dict(entries: CacheFolder, path: Path) -> dict:
    """The dictionary kept in the entry at `path` of `entries`; empty when there is none
    or it is not one (damaged, forged, of another shape: a miss, as every entry)."""
    payload = entries.read(path)
    if payload is None:
        return {}
    try:
        known = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
        return {}
    return known if isinstance(known, dict) else {}
