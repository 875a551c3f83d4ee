"""Which folders a build may replace with a site: never the project, a folder holding it,
its sources, a file or a device (a build replaces its output folder whole)."""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_FOLDERS = ("content", "data", "templates", ".cache", ".git", "portal", "tests", "docs")
"""Folders of a project an output folder may never be, nor be inside."""


def unsafe_output(root: Path, out: Path) -> str | None:
    """Why `out` may not be replaced by a built site, or None. A build replaces its output
    folder whole, so it must be a site built before, an empty folder or a new one: never
    the project, a folder holding it, its sources, a file or a device."""
    out = Path(os.path.realpath(out))
    root = Path(os.path.realpath(root))
    if out == root or root.is_relative_to(out):
        return f"{out} holds the project itself"
    for folder in SOURCE_FOLDERS:
        if out.is_relative_to(root / folder):
            return f"{out} is inside the project's {folder}/ folder"
    if os.path.lexists(out) and not out.is_dir():
        return f"{out} is not a folder"
    if out.is_dir() and any(out.iterdir()) and not _built_site(out):
        return f"{out} is not empty and is not a site built here"
    return None


def _built_site(folder: Path) -> bool:
    """Whether a folder looks like a site this program built (its root page and assets)."""
    return (folder / "index.html").is_file() and (folder / "assets").is_dir()
