"""Settings and strings read for the web editor and the canonical order (editor/,
checks/order.py), parsed once per content: a build or preview that read them before reads
the file's bytes again but parses them only when they changed (as the build's document
store does for the documents it keeps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .load import parse_yaml_file, read_bytes

_PARSED: dict[str, tuple[bytes, Any]] = {}
"""By file path: its bytes when last parsed, and the data (small: settings and strings)."""


def yaml_data(root: Path, relative: str) -> Any:
    """The data of a YAML file of the project (ContentError when it cannot be read)."""
    content = read_bytes(root, relative)
    key = str(root / relative)
    known = _PARSED.get(key)
    if known is not None and known[0] == content:
        return known[1]
    data = parse_yaml_file(relative, content).data
    _PARSED[key] = (content, data)
    return data
