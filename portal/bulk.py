"""`build.py release WAVE …` and `build.py status CHANGE …`: one change written into many
profiles at once.

Each profile is edited in place (yamledit: comments, blank lines and the order of the
fields kept). Nothing is written until the project as it would be has passed the same
check as `.venv/bin/python build.py check`, run on a copy: one profile that would fail stops all."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .checking import check
from .chronology import certainly_before
from .dates import PartialDate, date_or_none, parse_date
from .document import Document
from .load import decode, read_bytes, read_yaml
from .model import HELD_STATUSES
from .options import Options
from .problems import ContentError, Problem
from .schema import ident
from .yamledit import (
    EditError,
    Order,
    TextEdits,
    append_item,
    compose,
    extend_list,
    get,
    require_block,
    set_list,
    set_scalar,
)
from .yamlparse import parse_yaml

PRISONER_ORDER: Order = (
    "name", "aliases", "gender", "born", "status", "reported", "verified", "roles",
    "facility", "flags", "name_withheld", "distinct_from", "events", "summary", "biography",
    "photo", "sources", "translated")
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
class Kind:
    """A status change: the event it adds and the status it sets (None: unchanged)."""

    event: str
    status: str | None


KINDS = {
    "re-arrested": Kind("re-arrested", "re-arrested"),
    "transferred": Kind("transferred", None),
    "released": Kind("released", "released"),
    "exiled": Kind("released", "exiled"),
    "died": Kind("died", "deceased"),
}
"""What `.venv/bin/python build.py status CHANGE` accepts."""


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


# Reading


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
    raw = read_bytes(project.root, path)
    text = decode(raw, path)
    return Profile(slug, path, raw, text, parse_yaml(text, path))


def slugs_from(arguments: Iterable[str], file_text: str | None = None) -> list[str]:
    """Slugs given on the command line and in a file (one or more a line, `#` comments),
    in order, once each; `data/prisoners/x.yaml` is taken as `x`."""
    words = list(arguments)
    for line in (file_text or "").splitlines():
        words += re.split(r"[\s,]+", line.split("#", 1)[0].strip())
    slugs = [_slug(w) for w in words if w.strip()]
    return list(dict.fromkeys(slugs))


def _slug(word: str) -> str:
    word = word.strip()
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


# Planning


def plan_release(project: Project, wave_id: str, slugs: list[str], status: str | None = None,
                 destination: str | None = None) -> Plan:
    """Release the listed people (none listed: the wave's `people:`) in a wave."""
    wave = project.waves[known(wave_id, project.waves, "wave", RELEASES)]
    if date_or_none(wave.get("date")) is None:
        raise BulkError(f"wave {wave_id} has no date that can be read in {RELEASES}; "
                        "`.venv/bin/python build.py check` says what to write")
    people = [str(ident(x)) for x in wave.get("people") or []]
    slugs = slugs or people
    if not slugs:
        raise BulkError(f"wave {wave_id} lists no `people:` in {RELEASES}; name the people "
                        "to release (SLUG … or --from FILE)")
    for slug in slugs:
        known(slug, project.slugs, "person", "data/prisoners/")
    plan = _plan_each(project, slugs, lambda data: released_in(data, wave),
                      lambda data: release_change(project, wave, data, status, destination))
    added = [s for s in slugs if s not in people]
    if added:
        plan = dataclasses.replace(plan, files=(*plan.files,
                                                add_people(project, wave_id, added)))
    return plan


def plan_status(project: Project, kind: str, slugs: list[str], date: PartialDate,
                sources: list[str], facility: str | None = None,
                destination: str | None = None) -> Plan:
    """Record the same change of status (an event, the status, facility, sources) for each
    listed person."""
    if not slugs:
        raise BulkError("name the people whose status changed (SLUG … or --from FILE)")
    for source in sources:
        known(source, project.source_dates, "source", "data/sources.yaml")
    if facility is not None:
        known(facility, project.facilities, "facility", "data/facilities.yaml")
    for slug in slugs:
        known(slug, project.slugs, "person", "data/prisoners/")
    change = status_change(project, KINDS[kind], date, sources, facility, destination)
    return _plan_each(project, slugs,
                      lambda data: recorded(data, KINDS[kind], date, facility),
                      lambda data: change)


def _plan_each(project: Project, slugs: list[str], done: Callable[[dict], str | None],
               change: Callable[[dict], Change]) -> Plan:
    """Each profile with its change written in, unless `done` says why it needs none."""
    files, unchanged, problems = [], [], []
    for slug in slugs:
        profile = read_profile(project, slug)
        why = done(profile.data)
        if why:
            unchanged.append(f"{profile.path}: unchanged ({why})")
            continue
        found, trouble = apply_change(project, profile, change(profile.data))
        files += [found] if found else []
        problems += trouble
    return Plan(tuple(files), tuple(unchanged), tuple(problems))


def released_in(data: dict, wave: dict) -> str | None:
    """Why a profile needs no release event for this wave, or None."""
    wave_id, date = ident(wave["id"]), date_or_none(wave.get("date"))
    for i, event in enumerate(_events(data)):
        if event.get("type") != "released":
            continue
        if ident(event.get("wave")) == wave_id:
            return f"already released in wave {wave_id}: events[{i}]"
        if event.get("wave") is None and date is not None and \
                date_or_none(event.get("date")) == date:
            return (f"events[{i}] is a release on {date} linked to no wave: if it is this "
                    f"one, add `wave: {wave_id}` to it by hand")
    return None


def recorded(data: dict, kind: Kind, date: PartialDate, facility: str | None) -> str | None:
    """Why a profile already holds this change, or None."""
    for i, event in enumerate(_events(data)):
        same_place = kind.event != "transferred" or ident(event.get("facility")) == facility
        if event.get("type") != kind.event or not same_place:
            continue
        if date_or_none(event.get("date")) == date:
            return f"already has this `{kind.event}` event: events[{i}]"
        if event.get("date") is None:
            return (f"events[{i}] is a `{kind.event}` event with no date: if it is this one, "
                    f"add `date: {date}` to it by hand")
    return None


def _events(data: dict) -> list[dict]:
    events = data.get("events")
    return [e if isinstance(e, dict) else {} for e in events] if isinstance(events, list) \
        else []


def release_status(wave: dict, data: dict, chosen: str | None) -> str:
    """`--status` if given; else `exiled` when the wave took people abroad (a destination
    other than Belarus), `released` otherwise. A foreign national is released: they go
    home."""
    if chosen:
        return chosen
    if "foreign-national" in (data.get("roles") or []):
        return "released"
    return "exiled" if _abroad(wave) else "released"


def _abroad(wave: dict) -> list[str]:
    return [str(d) for d in wave.get("destinations") or [] if d != BELARUS]


def release_destination(wave: dict, data: dict, status: str,
                        chosen: str | None) -> tuple[str | None, str]:
    """(the destination to write, a note when it could not be chosen). Written for the
    people taken abroad: the exiled, and foreign nationals going home."""
    if chosen:
        return chosen, ""
    abroad = _abroad(wave)
    if status != "exiled" and "foreign-national" not in (data.get("roles") or []):
        return None, ""
    if len(abroad) == 1:
        return abroad[0], ""
    if abroad:
        return None, (f"no destination written: the wave went to {', '.join(abroad)}; "
                      "give --destination")
    return None, ""


def release_change(project: Project, wave: dict, data: dict, status: str | None,
                   destination: str | None) -> Change:
    """A `released` event linked to the wave, with the wave's date, sources and reported
    facts; the status; verified as of the wave's sources."""
    status = release_status(wave, data, status)
    destination, note = release_destination(wave, data, status, destination)
    sources = tuple(ident(s) for s in wave.get("sources") or [])
    wave_reported = [str(x) for x in wave.get("reported") or []]
    reported = (["date"] if "date" in wave_reported else []) + \
        (["destination"] if destination and "destinations" in wave_reported else [])
    date = parse_date(wave["date"])
    event: list[tuple[str, Any]] = [("type", "released"), ("date", date.iso()),
                                    ("wave", ident(wave["id"]))]
    event += [("destination", destination)] if destination else []
    event += [("sources", list(sources))]
    if reported or any(s in project.secondary for s in sources):
        event.append(("reported", reported))
    return Change(tuple(event), status,
                  status == "exiled" and "destinations" in wave_reported,
                  confirmed(project, sources, date), sources, note=note)


def status_change(project: Project, kind: Kind, date: PartialDate, sources: list[str],
                  facility: str | None, destination: str | None) -> Change:
    """The event of a change of status, from its sources. Its facts rest on secondary
    reporting when every source cited is secondary."""
    reported_only = all(s in project.secondary for s in sources)
    event: list[tuple[str, Any]] = [("type", kind.event), ("date", date.iso())]
    event += [("destination", destination)] if destination else []
    event += [("facility", facility)] if facility else []
    event += [("sources", list(sources))]
    if any(s in project.secondary for s in sources):
        event.append(("reported", [name for name, _ in event if name in
                                   ("type", "date", "destination", "facility")]
                      if reported_only else []))
    return Change(tuple(event), kind.status, reported_only if kind.status else None,
                  confirmed(project, sources, date), tuple(sources), facility)


def confirmed(project: Project, sources: Iterable[str], date: PartialDate) -> PartialDate:
    """The newest date of the sources, as precise as it is written; the event's date when
    none is dated."""
    dates = [d for s in sources if (d := project.source_dates.get(s)) is not None]
    return max(dates, key=PartialDate.sort_key) if dates else date


# Editing


def apply_change(project: Project, profile: Profile,
                 change: Change) -> tuple[FileChange | None, list[Problem]]:
    """The profile with the change written in, or the problems that stop it."""
    problems = preconditions(profile, change)
    if problems:
        return None, problems
    try:
        after = edit_profile(project, profile, change)
    except EditError as error:
        return None, [Problem(profile.path, error.line, "", error.message, error.fix)]
    return FileChange(profile.path, profile.raw, profile.text, after,
                      describe(project, profile.data, change), profile.withheld), []


def preconditions(profile: Profile, change: Change) -> list[Problem]:
    """Why this change cannot be written into this profile as it stands."""
    data, doc, kind = profile.data, profile.document, dict(change.event)["type"]
    if data.get("status") == "deceased":
        return [doc.problem(("status",), "is deceased: no later change of status can be "
                            "recorded", "leave this person out, or correct the profile first")]
    if kind == "transferred" and data.get("status") not in HELD_STATUSES:
        return [doc.problem(("status",), f'"{data.get("status")}": a transfer applies to a '
                            "person held", "leave this person out, or correct the status")]
    for i, event in enumerate(_events(data)):
        when = date_or_none(event.get("date"))
        if when is not None and certainly_before(change.date, when):
            return [doc.problem(("events", i, "date"), f"{when} is after the new event "
                                f"({change.date}): events are in time order and the status "
                                "follows the latest", "add this change by hand, in its place")]
    return []


def edit_profile(project: Project, profile: Profile, change: Change) -> str:
    """The profile's text with the change written in place."""
    data = profile.data
    edits = TextEdits(profile.text)
    root = require_block(compose(profile.text), "the profile")
    if change.status and change.status != data.get("status"):
        set_scalar(edits, root, "status", change.status, PRISONER_ORDER)
    reported = profile_reported(project, data, change)
    if reported is not None:
        set_list(edits, root, "reported", reported, PRISONER_ORDER)
    verified = new_verified(data, change)
    if verified is not None:
        set_scalar(edits, root, "verified", verified.iso(), PRISONER_ORDER)
    if change.facility and change.facility != ident(data.get("facility")):
        set_scalar(edits, root, "facility", change.facility, PRISONER_ORDER)
    append_item(edits, root, "events", list(change.event), PRISONER_ORDER)
    extend_list(edits, root, "sources", new_sources(data, change), PRISONER_ORDER)
    return edits.result()


def new_sources(data: dict, change: Change) -> list[str]:
    cited = [ident(s) for s in data.get("sources") or []] \
        if isinstance(data.get("sources"), list) else []
    return [s for s in change.sources if s not in cited]


def new_verified(data: dict, change: Change) -> PartialDate | None:
    """`verified` after the change, or None to leave it: never moved back."""
    current = date_or_none(data.get("verified"))
    if current is not None and (current == change.verified
                                or certainly_before(change.verified, current)):
        return None
    return change.verified


def profile_reported(project: Project, data: dict, change: Change) -> list[str] | None:
    """The profile's `reported:` after the change, or None to leave it. `status` is in it
    when the new status rests on secondary reporting; a profile citing a secondary source
    gets `reported: []` at least, as `check` requires."""
    current = data.get("reported")
    listed = [str(x) for x in current] if isinstance(current, list) else None
    cited = [ident(s) for s in data.get("sources") or []] \
        if isinstance(data.get("sources"), list) else []
    secondary = any(s in project.secondary for s in [*cited, *change.sources])
    if listed is None:
        if current is not None:
            return None  # not a list: check says what to write
        return ["status"] if change.status_reported else ([] if secondary else None)
    if change.status_reported is None:
        return None
    wanted = ["status"] if change.status_reported else []
    wanted += [x for x in listed if x != "status"]
    return wanted if wanted != listed else None


def describe(project: Project, data: dict, change: Change) -> str:
    """What the change does to a profile, in a line (slugs and ids only: never a name)."""
    event = dict(change.event)
    parts = []
    if change.status and change.status != data.get("status"):
        parts.append(f"status {data.get('status')} → {change.status}")
    what = f"`{event['type']}` event {event['date']}"
    for name, label in (("wave", "wave"), ("destination", "to"), ("facility", "facility")):
        if name in event:
            what += f", {label} {event[name]}"
    parts.append(what)
    reported = profile_reported(project, data, change)
    if reported is not None:
        parts.append(f"reported: [{', '.join(reported)}]")
    if change.facility and change.facility != ident(data.get("facility")):
        parts.append(f"facility {data.get('facility') or '(none)'} → {change.facility}")
    verified = new_verified(data, change)
    if verified is not None:
        parts.append(f"verified {_shown_date(data.get('verified'))} → {verified}")
    added = new_sources(data, change)
    if added:
        parts.append(f"sources + {', '.join(added)}")
    if change.note:
        parts.append(change.note)
    return "; ".join(parts)


def _shown_date(value: Any) -> str:
    date = date_or_none(value)
    return str(date) if date else "(none)"


def add_people(project: Project, wave_id: str, slugs: list[str]) -> FileChange:
    """data/releases.yaml with the slugs added to the wave's `people:`."""
    raw = read_bytes(project.root, RELEASES)
    text = decode(raw, RELEASES)
    edits = TextEdits(text)
    waves = compose(text)
    node = next(w for w in waves.value if _wave_id(w) == wave_id)
    try:
        extend_list(edits, require_block(node, f"wave {wave_id}"), "people", slugs,
                    WAVE_ORDER)
    except EditError as error:
        raise ContentError([Problem(RELEASES, error.line, "people", error.message,
                                    error.fix)]) from None
    listed = ", ".join(slugs) if len(slugs) <= 10 else f"{len(slugs)} people"
    return FileChange(RELEASES, raw, text, edits.result(), f"wave {wave_id}: people + {listed}")


def _wave_id(node: yaml.Node) -> str | None:
    found = get(node, "id") if isinstance(node, yaml.MappingNode) else None
    return found[1].value if found else None


# Checking and writing


def check_plan(options: Options, plan: Plan) -> tuple[list[Problem], list[Problem], int]:
    """Check the project as it would be: (errors that stop the write, warnings about the
    changed files, errors the project already has in other files). The errors in a
    changed file all count; in another file, only those the change brings."""
    changed = {f.path for f in plan.files}
    found = check_copy(options, plan.files)
    errors = [p for p in found if not p.warning]
    own = [p for p in errors if p.file in changed]
    elsewhere = [p for p in errors if p.file not in changed]
    before: set[tuple] = set()
    if elsewhere:
        before = {_key(p) for p in check(options) if not p.warning}
    new = [p for p in elsewhere if _key(p) not in before]
    warnings = [p for p in found if p.warning and p.file in changed and _touched(p)]
    return own + new, warnings, len(elsewhere) - len(new)


TOUCHED = frozenset({"status", "reported", "verified", "facility", "events", "sources",
                     "people"})
"""The fields a bulk change writes: warnings about others were there before."""


def _touched(problem: Problem) -> bool:
    field = re.sub(r"^\[\d+\]\.", "", problem.field)
    return re.split(r"[.\[]", field, maxsplit=1)[0] in TOUCHED


def _key(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.field, problem.message)


def check_copy(options: Options, files: Iterable[FileChange]) -> tuple[Problem, ...]:
    """`check` on a copy of the project with the files changed."""
    with tempfile.TemporaryDirectory(prefix="portal-bulk-") as folder:
        copy = Path(folder)
        for name in ("data", "content", "templates"):
            source = options.root / name
            if source.is_dir():
                shutil.copytree(source, copy / name, symlinks=True,
                                copy_function=shutil.copy2 if name == "data" else _link)
        for file in files:
            target = copy / file.path
            target.unlink(missing_ok=True)  # never write through a link to the project
            target.write_bytes(encoded(file))
        return check(dataclasses.replace(options, root=copy, cache=False))


def _link(source: str, target: str) -> None:
    """A hard link where possible (photos may be large), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def encoded(file: FileChange) -> bytes:
    """The new text as the file was written: UTF-8, with its byte order mark and Windows
    line ends if it had them."""
    text = file.after
    if b"\r\n" in file.raw:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if file.raw.startswith(b"\xef\xbb\xbf") else data


def write_plan(root: Path, plan: Plan) -> None:
    """Write every changed file: each first beside itself, then all moved into place, so
    that a failure while writing leaves every file as it was. Raise BulkError if a file
    has changed since it was read."""
    for file in plan.files:
        if (root / file.path).read_bytes() != file.raw:
            raise BulkError(f"{file.path} has changed since it was read; run the command "
                            "again")
    staged: list[tuple[str, Path]] = []
    try:
        for file in plan.files:
            target = root / file.path
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((name, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(encoded(file))
            shutil.copymode(target, name)
    except BaseException:
        for name, _ in staged:
            Path(name).unlink(missing_ok=True)
        raise
    for name, target in staged:
        os.replace(name, target)


def diff(file: FileChange) -> str:
    """A unified diff of one file; a withheld person's is not shown (its lines around the
    change may hold the name)."""
    if file.withheld:
        return ""
    return "".join(difflib.unified_diff(file.before.splitlines(keepends=True),
                                        file.after.splitlines(keepends=True),
                                        f"a/{file.path}", f"b/{file.path}"))


def summary(plan: Plan) -> str:
    """A line per file: what changes, or why it is left as it is."""
    lines = [f"{f.path}: {f.summary}" + (" (name withheld: no diff shown)" if f.withheld
                                          else "") for f in plan.files]
    return "\n".join(lines + list(plan.unchanged))
