"""What the whole-site files make of each profile (a row of the lists' filters, an event
of the birthday calendars, the entries of the changes feeds and of the search index),
kept between builds, so that after an edit to one profile only that person's parts are
made again and the files are joined from the rest.

A part is kept in one entry under its folder (store/kept.py: sealed, for this version of
the code; a damaged entry is a miss) by a key of everything it is made from: the content
of the profile's own file, the content of every other source file but the profiles and
the statements (settings, strings, facilities, releases, sources, templates), the build
date and address, and what the caller names (the kind of part, the language)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..model.model import Prisoner
from ..store.kept import Kept

T = TypeVar("T")

UNREAD = ("data/prisoners/", "content/statements/")
"""The source files a part is not made from, but for the profile's own (pagecache.site_key
counts every other one)."""


class PersonParts:
    """Parts by profile under `folder`; `files`: each source file's content hash, by path;
    `shared`: the key of everything else a part is made from (see above)."""

    def __init__(self, folder: Path, files: dict[str, bytes], shared: str) -> None:
        self.kept = Kept(folder)
        self.files = files
        self.shared = shared.encode()

    def get(self, what: str, person: Prisoner, make: Callable[[], T]) -> T:
        """`make()`, or what it gave before for the same profile, `what` and the rest."""
        own = self.files.get(person.origin.file)
        if own is None:
            return make()
        key = hashlib.blake2b(self.shared + b"\0" + what.encode() + b"\0" +
                              person.origin.file.encode() + b"\0" + own,
                              digest_size=16).digest()
        found = self.kept.get(key)
        if found is None:
            found = make()
            self.kept.put(key, found)
        return found

    def save(self) -> None:
        """Keep the parts this build used for the next one."""
        self.kept.save()


def part(parts: PersonParts | None, what: str, person: Prisoner,
         make: Callable[[], T]) -> T:
    """`make()` through `parts` when there are any."""
    return make() if parts is None else parts.get(what, person, make)
