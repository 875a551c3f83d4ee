"""Static assets: copied with a content hash in the name, so they can be cached for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .files import project_files, read_project_file
from .problems import ContentError


def collect_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Map each asset name to (fingerprinted name, content): style.css → style.1a2b3c4d5e.css.

    `folder` is the project's templates/assets/; only ordinary files (not links, not even
    to other files of the project: an asset is published as it is) are read; anything
    else is a ContentError naming every such file."""
    result = {}
    if not folder.is_dir():
        return result
    root = folder.parent.parent
    base = folder.relative_to(root).as_posix()
    problems = []
    for relative in project_files(root, base):
        name = relative[len(base) + 1:]
        try:
            content = read_project_file(root, relative, links=False)
        except ContentError as error:
            problems += error.problems
            continue
        digest = hashlib.sha256(content).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        result[name] = (f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}", content)
    if problems:
        raise ContentError(problems)
    return result
