"""What the bulk commands work on: the project's profiles and release waves as read for
editing, the kinds of status change (and what contradicts the record), one change, the
plan of files to write, and the list of people given."""

from __future__ import annotations

import difflib
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.dates import PartialDate, date_or_none, parse_date
from ..content.document import Document
from ..content.load import read_yaml
from ..content.schema import ident
from ..content.yamledit import (
    Order,
)
from ..limits import SLUG_LIST_BYTES, human_size
from ..model.model import HELD_STATUSES
from ..problems import Problem
from .editing import read_for_editing

PRISONER_ORDER: Order = (
    "name", "aliases", "gender", "born", "status", "reported", "verified", "roles",
    "facility", "flags", "name_withheld", "political_prisoner", "distinct_from", "events",
    "summary", "biography", "photo", "sources", "translated")
"""A profile's fields in the order of the editors' guide: a new field goes after the last
one before it."""


WAVE_ORDER: Order = (
    "id", "date", "released", "political", "mechanism", "destinations", "people",
    "names_withheld", "summary", "sources", "reported", "translated")


RELEASES = "data/releases.yaml"


BELARUS = "BY"


class BulkError(Exception):
    """A wave, person, source or facility that is not there: one line, exit code 2."""




@dataclass(frozen=True, slots=True)
class Project:
    """What a bulk change looks ids up in."""

    root: Path
    source_dates: dict[str, PartialDate | None]
    secondary: frozenset[str]
    waves: dict[str, dict]
    facilities: frozenset[str]
    slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    """One person's file as read."""

    slug: str
    path: str
    raw: bytes
    text: str
    document: Document

    @property
    def data(self) -> dict:
        return self.document.data if isinstance(self.document.data, dict) else {}

    @property
    def withheld(self) -> bool:
        return self.data.get("name_withheld") is True


@dataclass(frozen=True, slots=True)
class Change:
    """What one command writes into one profile."""

    event: tuple[tuple[str, Any], ...]
    """The new event's fields, in the order written."""
    status: str | None
    """The new status (None: as it is)."""
    status_reported: bool | None
    """Whether the new status rests on secondary reporting (None: as it is)."""
    verified: PartialDate
    """When the sources confirm the new state: the newest of their dates."""
    sources: tuple[str, ...]
    facility: str | None = None
    note: str = ""
    """Something the editor should know, e.g. a destination that could not be chosen."""

    @property
    def date(self) -> PartialDate:
        return parse_date(dict(self.event)["date"])


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file to write: its text before and after, and what changed, in words."""

    path: str
    raw: bytes
    before: str
    after: str
    summary: str
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything a command would do."""

    files: tuple[FileChange, ...]
    unchanged: tuple[str, ...]
    """`path: why`, for each listed profile left as it is."""
    problems: tuple[Problem, ...]
    """What stops the command before the check (nothing is written)."""


def read_project(root: Path) -> Project:
    """Sources, waves, facilities and the slugs of every profile."""
    sources = _records(read_yaml(root, "data/sources.yaml"))
    return Project(
        root=root,
        source_dates={ident(s.get("id")): date_or_none(s.get("date")) for s in sources},
        secondary=frozenset(ident(s.get("id")) for s in sources if s.get("secondary") is True),
        waves={ident(w.get("id")): w for w in _records(read_yaml(root, RELEASES))},
        facilities=frozenset(ident(f.get("id")) for f in
                             _records(read_yaml(root, "data/facilities.yaml"))),
        slugs=tuple(sorted(p.stem for p in (root / "data" / "prisoners").glob("*.yaml")
                           if not p.name.startswith("."))),
    )


def _records(document: Document) -> list[dict]:
    """The records of a list file that have an id (check reports the others)."""
    data = document.data if isinstance(document.data, list) else []
    return [x for x in data if isinstance(x, dict) and isinstance(ident(x.get("id")), str)]


def read_profile(project: Project, slug: str) -> Profile:
    """A person's file; raise ContentError when it cannot be read or parsed."""
    path = f"data/prisoners/{slug}.yaml"
    raw, text, document = read_for_editing(project.root, path)
    return Profile(slug, path, raw, text, document)


def slugs_from(arguments: Iterable[str], file_text: str | None = None,
               file_name: str | None = None) -> list[str]:
    """Slugs given on the command line and in a file (one or more a line, `#` comments),
    in order, once each; `data/prisoners/x.yaml` is taken as `x`. Raise BulkError for an
    empty slug, or a file that lists none: never read as "the wave's people"."""
    words = list(arguments)
    if any(not _slug(w) for w in words):
        raise BulkError("an empty slug was given; name each person by the name of their "
                        "file (ihar-losik)")
    found = []
    for line in (file_text or "").splitlines():
        found += [w for w in re.split(r"[\s,]+", line.split("#", 1)[0].strip()) if w]
    if file_text is not None and not found:
        raise BulkError(f"--from {file_name}: lists no one; write the slugs in it, one or "
                        "more a line")
    slugs = [_slug(w) for w in words + found]
    return list(dict.fromkeys(slugs))


def read_slug_file(name: str | None) -> str | None:
    """The text of a --from file (`-`: standard input): only an ordinary file, of at most
    limits.SLUG_LIST_BYTES, in UTF-8; raise BulkError in one line for anything else (a
    pipe or device is refused before it is read, so it can never make the command wait)."""
    if name is None:
        return None
    if name == "-":
        data = sys.stdin.buffer.read(SLUG_LIST_BYTES + 1)
    else:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as error:
            raise BulkError(f"--from {name}: cannot be read ({error.strerror}); give a text "
                            "file of slugs, one or more a line") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise BulkError(f"--from {name}: not an ordinary file (a folder, pipe or "
                                "device); give a text file of slugs, one or more a line")
            data = os.read(fd, SLUG_LIST_BYTES + 1)
        finally:
            os.close(fd)
    if len(data) > SLUG_LIST_BYTES:
        raise BulkError(f"--from {name}: longer than the {human_size(SLUG_LIST_BYTES)} a list "
                        "of slugs may be; split it and run the command for each part")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BulkError(f"--from {name}: not UTF-8 text; save it as UTF-8") from None


def _slug(word: str) -> str:
    word = word.strip().rstrip("/")
    name = word.rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".yaml") else name


def known(value: str, ids: Iterable[str], what: str, where: str) -> str:
    """`value` if it is one of `ids`; else raise BulkError naming it and the closest id."""
    ids = sorted(ids)
    if value in ids:
        return value
    lowered = {x.lower(): x for x in ids}
    close = [lowered[x] for x in difflib.get_close_matches(value.lower(), lowered, n=1,
                                                            cutoff=0.5)]
    hint = f"; did you mean {close[0]}?" if close else \
        (f"; {where} has none" if not ids else "")
    raise BulkError(f"no {what} {value!r} in {where}{hint}")


def contradicts(data: dict, change: Change) -> tuple[tuple, str, str] | None:
    """(field, what, fix) when the change contradicts the profile as it stands: a transfer
    or release of someone not held, a re-arrest of someone held, a transfer to where the
    person already is."""
    event = dict(change.event)
    status, held = data.get("status"), data.get("status") in HELD_STATUSES
    leave = "leave this person out, or correct the profile first"
    if event["type"] == "transferred" and not held:
        return ("status",), f'"{status}": a transfer applies to a person held', leave
    if event["type"] == "transferred" and ident(data.get("facility")) == change.facility:
        return ("facility",), (f'"{change.facility}": the person is held there already; a '
                               "transfer is to another facility"), \
            "give the facility they were moved to, or leave this person out"
    if event["type"] == "re-arrested" and held:
        return ("status",), (f'"{status}": the person is held; a re-arrest follows a '
                             "release"), "record the release first, or leave this person out"
    if event["type"] == "released" and not held:
        return ("status",), (f'"{status}": the person is not held; a release applies to a '
                             "person held"), leave
    return None
