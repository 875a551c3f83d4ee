"""The live preview's first answer to a saved profile: the site model of the last good
build with only that profile replaced, so that its own pages can be shown before the whole
site is loaded and checked again (which takes about a second at 5,000 people).

Only an edit that leaves everything other pages read of the person alone qualifies: the
same file, address, names, aliases, photo and withheld flag, and a file that passes its
own checks. The full update that follows renders the same pages from the whole site and
checks everything; what it finds wrong undoes these pages as well."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path, PurePosixPath

from .assemble import profile_record
from .load import PARSERS, read_bytes
from .model import Site, freeze
from .problems import ContentError
from .validate import profile_problems

UNCHANGED = ("slug", "name", "aliases", "name_withheld", "distinct_from", "photo")
"""What a profile's edit must leave as it was for the quick answer: what the leak guard,
the lists and the photos read of a person."""


def patched_site(root: Path, site: Site, changed: set[str], today: dt.date) -> Site | None:
    """`site` with the one changed profile read again, or None when the change is not
    a single profile's edit that qualifies (see the module's text)."""
    if len(changed) != 1:
        return None
    path = next(iter(changed))
    if not (path.startswith("data/prisoners/") and path.endswith(".yaml")):
        return None
    old = next((p for p in site.prisoners if p.origin.file == path), None)
    if old is None or old.name_withheld:
        return None
    try:
        doc = PARSERS["yaml"](path, read_bytes(root, path))
    except (ContentError, OSError):
        return None
    if not isinstance(doc.data, dict) or any(
            not p.warning for p in profile_problems(doc, _ids(site), site.config.codes,
                                                    root, today)):
        return None
    person = profile_record(doc)
    if any(getattr(person, name) != getattr(old, name) for name in UNCHANGED):
        return None
    return dataclasses.replace(
        site, prisoners=tuple(person if p is old else p for p in site.prisoners),
        by_slug=freeze({**site.by_slug, person.slug: person}))


def _ids(site: Site) -> dict[str, set[str]]:
    """What references may point at, as validate.py gathers them from the files."""
    return {"sources": set(site.sources), "facilities": set(site.facilities),
            "waves": set(site.waves_by_id),
            "prisoners": {PurePosixPath(p.origin.file).stem for p in site.prisoners}}
