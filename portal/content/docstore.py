"""Parsed documents kept on disk between builds, by the bytes of the file they came from,
so a build reads unchanged files without parsing their YAML again."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..store.cachefile import CacheFolder
from .document import Document


class DocumentStore:
    """Documents under `folder`, keyed by the generator's `version`, the file's path, how
    it is read (YAML or Markdown) and its bytes. Only this program writes there; every
    entry is checked before it is used (cachefile), and one that does not hold a
    document is a miss."""

    def __init__(self, folder: Path, version: bytes, writable: bool = True) -> None:
        self.entries = CacheFolder(folder, writable)
        self.folder = folder
        self.version = version
        self.used: set[str] = set()

    def key(self, relative: str, how: str, content: bytes) -> str:
        digest = hashlib.blake2b(self.version, digest_size=20)
        digest.update(f"{relative}\0{how}\0".encode() + content)
        name = digest.hexdigest()
        self.used.add(name)
        return name

    def get(self, key: str) -> Document | None:
        payload = self.entries.get(key)
        if payload is None:
            return None
        try:
            document = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is a miss
            self.entries.discard(self.entries.path(key))
            return None
        return document if isinstance(document, Document) else None

    def put(self, key: str, document: Document) -> None:
        self.entries.put(key, pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
