"""Static assets: copied with a content hash in the name, so they can be cached for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path


def collect_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Map each asset name to (fingerprinted name, content): style.css → style.1a2b3c4d5e.css."""
    result = {}
    if not folder.is_dir():
        return result
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        content = path.read_bytes()
        digest = hashlib.sha256(content).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        result[name] = (f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}", content)
    return result
