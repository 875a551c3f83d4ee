"""Parsed documents kept on disk between builds, by the bytes of the file they came from,
so a build reads unchanged files without parsing their YAML again."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .load import Document
from .write import write_file_atomic


class DocumentStore:
    """Documents under `folder`, keyed by the generator's `version`, the file's path, how
    it is read (YAML or Markdown) and its bytes. Only this program writes there."""

    def __init__(self, folder: Path, version: bytes) -> None:
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
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                document = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return document if isinstance(document, Document) else None

    def put(self, key: str, document: Document) -> None:
        write_file_atomic(self.folder / key[:2] / key,
                          pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
