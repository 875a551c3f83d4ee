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
from pathlib import Path

import yaml

from ..build.checking import check
from ..content.dates import PartialDate, date_or_none
from ..content.load import decode, read_bytes
from ..content.schema import ident
from ..content.yamledit import (
    EditError,
    TextEdits,
    compose,
    extend_list,
    get,
    require_block,
)
from ..options import Options
from ..problems import ContentError, Problem
from .bulkchange import apply_change, recorded, release_change, released_in, status_change
from .bulkrecords import (
    KINDS,
    RELEASES,
    WAVE_ORDER,
    BulkError,
    Change,
    FileChange,
    Plan,
    Project,
    known,
    read_profile,
)

# Reading


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


# Editing


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
