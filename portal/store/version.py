"""The generator's own version: a hash of its code and of the libraries it renders with.
Every cache that holds what the code made (pages, parsed documents, the guard's
verdicts) is keyed by it, so a change to the code is a change of key."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
"""The package folder (portal/), every module under it hashed."""


LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "pyyaml", "pyicu-wheels", "pyicu",
             "regex", "confusable-homoglyphs", "anyascii")
"""The libraries whose output a page holds (pyicu-wheels or PyICU: ICU orders the lists),
and those whose Unicode data the leak guard reads a name by (regex's properties, UTS #39's
confusables, anyascii's transliterations): a kept name form or a text found clean is
only good for the data it was made with."""


@functools.cache
def code_version() -> bytes:
    """The generator's source and the libraries it renders with (read once a process)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for name in LIBRARIES:
        digest.update(f"{name}={library_version(name)}\0".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def library_version(name: str) -> str:
    """The installed version of a library (its distribution's name), or "?"."""
    return _installed().get(_normalised(name), "?")


@functools.cache
def _installed() -> dict[str, str]:
    """Every distribution on sys.path, the first of each name, with its version: read
    from the names of the `NAME-VERSION.dist-info` folders (importlib.metadata reads the
    same folders, but importing it costs every build, a no-op too, tens of ms)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for folder in names:
            stem, dot, kind = folder.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                name, _, version = stem.partition("-")
                found.setdefault(_normalised(name), version or "?")
    return found


def _normalised(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")
