"""One file replaced atomically: readers see the old content or the new, never half (the
caches, the translators' marks, the live preview's files)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_file_atomic(path: Path, content: bytes, mode: int | None = None) -> None:
    """Replace one file so that readers see the old or the new content, never half;
    `mode`: the permissions to give it (else those of a temporary file: 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
