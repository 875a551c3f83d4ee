"""`build.py release WAVE …` and `build.py status CHANGE …`: one change written into many
profiles at once.

Each profile is edited in place (yamledit: comments, blank lines and the order of the
fields kept). Nothing is written until the project as it would be has passed the same
check as `.venv/bin/python build.py check`, run on a copy: one profile that would fail stops all."""

from __future__ import annotations

import copy
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
from ..checks.canonical import in_style
from ..content.dates import PartialDate, date_or_none
from ..content.listfiles import WRAPPERS, wrapped
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
from ..store.files import inside, special_kind
from .bulkchange import apply_change, recorded, release_change, released_in, status_change
from .bulkrecords import (
    RELEASES,
    WAVE_ORDER,
    BulkError,
    Change,
    FileChange,
    Plan,
    Profile,
    Project,
    known,
    read_profile,
)
from .changes import KINDS
from .editing import confirm, read_for_editing, readback, with_line_ends, write_all

# Planning


def plan_release(project: Project, wave_id: str, slugs: list[str], status: str | None = None,
                 destination: str | None = None, listed: bool = False) -> Plan:
    """Release the people named in a wave, or with `listed` the wave's own `people:`.
    Neither is an error: an empty list (a shell variable that expanded to nothing, an
    empty file) is never taken as everyone in the wave."""
    if bool(slugs) == listed:
        raise BulkError(f"name the people to release in wave {wave_id} (SLUG … or --from "
                        "FILE), or give --listed to release the people its `people:` "
                        "lists" if not listed else "--listed releases the wave's own "
                        "`people:`; give either --listed or the people, not both")
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
                      lambda data: release_change(project, wave, data, status, destination),
                      lambda profile: named_in_withheld_wave(profile, wave))
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


def named_in_withheld_wave(profile: Profile, wave: dict) -> Problem | None:
    """A named person may not be released in a wave whose names are withheld: their
    profile would link to it, and the wave would list them."""
    if wave.get("names_withheld") is not True or profile.withheld:
        return None
    wave_id = ident(wave["id"])
    field = ("name_withheld",) if "name_withheld" in profile.data else ("name",)
    return profile.document.problem(
        field, f"wave {wave_id} has `names_withheld: true` and this person's name is not "
        f"withheld", f"leave this person out of wave {wave_id}; or, if the wave's names may "
        f"be published, set `names_withheld: false` in {RELEASES} first")


def _plan_each(project: Project, slugs: list[str], done: Callable[[dict], str | None],
               change: Callable[[dict], Change],
               refused: Callable[[Profile], Problem | None] = lambda _: None) -> Plan:
    """Each profile with its change written in, unless `done` says why it needs none."""
    files, unchanged, problems = [], [], []
    for slug in slugs:
        profile = read_profile(project, slug)
        why = done(profile.data)
        if why:
            unchanged.append(f"{profile.path}: unchanged ({why})")
            continue
        refusal = refused(profile)
        if refusal is not None:
            problems.append(refusal)
            continue
        found, trouble = apply_change(project, profile, change(profile.data))
        files += [found] if found else []
        problems += trouble
    return Plan(tuple(files), tuple(unchanged), tuple(problems))


# Editing


def add_people(project: Project, wave_id: str, slugs: list[str]) -> FileChange:
    """data/releases.yaml with the slugs added to the wave's `people:`."""
    raw, text, document = read_for_editing(project.root, RELEASES)
    edits = TextEdits(text)
    root = compose(text)
    if isinstance(root, yaml.MappingNode):  # `waves:` then the list (listfiles.WRAPPERS)
        root = root.value[0][1]
    index, node = next((i, w) for i, w in enumerate(root.value) if _wave_id(w) == wave_id)
    expected = copy.deepcopy(document.data)
    waves = expected[WRAPPERS[RELEASES]] if isinstance(expected, dict) else expected
    wave = waves[index]
    wave["people"] = [*(wave.get("people") or []), *(readback(s) for s in slugs)]
    try:
        extend_list(edits, require_block(node, f"wave {wave_id}"), "people", slugs,
                    WAVE_ORDER)
        after = in_style(RELEASES, edits.result())
        confirm(RELEASES, document, after, wrapped(RELEASES, expected))
    except EditError as error:
        raise ContentError([Problem(RELEASES, error.line or None, "people", error.message,
                                    error.fix)]) from None
    listed = ", ".join(slugs) if len(slugs) <= 10 else f"{len(slugs)} people"
    return FileChange(RELEASES, raw, text, after, f"wave {wave_id}: people + {listed}")


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
        copy_root = Path(folder)
        for name in ("data", "content", "templates"):
            if (options.root / name).is_dir():
                copy_folder(options.root, copy_root, name)
        for file in files:
            target = copy_root / file.path
            target.unlink(missing_ok=True)  # a hard link to the project's file
            target.write_bytes(encoded(file))
        return check(dataclasses.replace(options, root=copy_root, cache=False))


def copy_folder(root: Path, copy_root: Path, name: str) -> None:
    """Copy root/name into copy_root as the build would read it there: data copied,
    other files hard-linked where possible (photos may be large), pipes and devices left
    out (refused before), and each link pointing where it pointed: into the copy when
    it led inside the project, to the same place outside when it led outside."""
    shutil.copytree(root / name, copy_root / name, symlinks=True,
                    ignore=lambda folder, names: [n for n in names if special_kind(
                        Path(folder) / n)],
                    copy_function=shutil.copy2 if name == "data" else _link)
    for directory, subfolders, names in os.walk(copy_root / name):
        for entry in [*subfolders, *names]:
            link = Path(directory) / entry
            if not link.is_symlink():
                continue
            original = root / link.relative_to(copy_root)
            pointed = Path(os.path.realpath(original))
            if inside(root, original):
                pointed = copy_root / pointed.relative_to(root.resolve())
            link.unlink()
            link.symlink_to(pointed)


def _link(source: str, target: str) -> None:
    """A hard link where possible, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def encoded(file: FileChange) -> bytes:
    """The new text as it is written: in the web editor's style, plain UTF-8 with `\\n`
    line ends; if the style cannot hold it (checks/canonical.in_style), as the file was
    written: its byte order mark and the line ends of each line it keeps."""
    if in_style(file.path, file.after) == file.after:
        return file.after.encode("utf-8")
    return with_line_ends(file.raw, file.after)


def write_plan(root: Path, plan: Plan) -> None:
    """Write every changed file, all or none (editing.write_all)."""
    write_all(root, [(f.path, f.raw, encoded(f)) for f in plan.files])


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
