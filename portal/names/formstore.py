"""The forms of each text of a name (nameforms.py), kept under .cache/names/ between builds.

Working out the forms of every name of a large site (each text romanised three ways, each
spelling folded letter by letter) is most of what making the leak guard costs: 0.3 s at
1,200 people, twice a build. The forms of a text depend on that text alone and on the
code that makes them (with the Unicode data and libraries it reads: store/version.py), so
they are kept by the very text, in one entry per version of the code (store/kept.py),
sealed like every cache entry: a damaged, forged or moved entry is a miss, and every form
is worked out again. A kept value that is not what this code keeps (a set of forms, each
a tuple of words) is never used either. A build that works out a new text keeps only the
texts it asked for (a name edited or removed is then gone from the entry); one that
worked out nothing (every form was kept, or the guard was made before in this process)
leaves the entry as it is."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..store.kept import Kept
from .nameforms import Form, text_forms


class KeptForms:
    """Name forms by text, kept under `folder` (None: nothing kept, every text worked out).
    Called with the texts of one person's name, it gives `name_forms` of them."""

    def __init__(self, folder: Path | None, writable: bool = True) -> None:
        self.kept = Kept(folder, writable)
        self.added = False
        """Whether a text was worked out here (else the entry needs no writing)."""

    def __call__(self, names: Iterable[str]) -> set[Form]:
        forms: set[Form] = set()
        for name in names:
            forms |= self.of_text(name)
        return forms

    def of_text(self, name: str) -> frozenset[Form]:
        """The forms of one text: as kept, or worked out (and kept)."""
        key = name.encode("utf-8", "surrogatepass")
        known = self.kept.get(key)
        if known is not None:
            if well_formed(known):
                return known
            self.kept.forget(key)
        forms = text_forms(name)
        self.kept.put(key, forms)
        self.added = True
        return forms

    def save(self) -> None:
        """Keep the texts this build asked for, when one of them was new."""
        if self.added:
            self.kept.save()


def well_formed(value: Any) -> bool:
    """Whether a kept value is a set of forms: tuples of one or more words."""
    return isinstance(value, frozenset) and all(
        isinstance(form, tuple) and form and all(type(word) is str for word in form)
        for form in value)
