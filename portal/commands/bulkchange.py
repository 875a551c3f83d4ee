"""What one bulk change writes into one profile: the status, a release or status event with
its date, destination and facility, the wave's sources and the verified date; and what
must hold before (the change not yet recorded, dates in order)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ..checks.canonical import in_style
from ..checks.chronology import certainly_before
from ..content.dates import PartialDate, date_or_none, parse_date
from ..content.schema import ident
from ..content.yamledit import (
    EditError,
    TextEdits,
    append_item,
    compose,
    extend_list,
    remove_scalar,
    require_block,
    set_list,
    set_scalar,
)
from ..problems import Problem
from .bulkrecords import (
    BELARUS,
    PRISONER_ORDER,
    Change,
    FileChange,
    Profile,
    Project,
    contradicts,
)
from .changes import Kind
from .editing import confirm, readback


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


def apply_change(project: Project, profile: Profile,
                 change: Change) -> tuple[FileChange | None, list[Problem]]:
    """The profile with the change written in, or the problems that stop it."""
    problems = preconditions(profile, change)
    if problems:
        return None, problems
    try:
        after = edit_profile(project, profile, change)
        confirm(profile.path, profile.document, after,
                changed_data(project, profile.data, change))
    except EditError as error:
        return None, [Problem(profile.path, error.line, "", error.message, error.fix)]
    return FileChange(profile.path, profile.raw, profile.text, after,
                      describe(project, profile.data, change), profile.withheld), []


def preconditions(profile: Profile, change: Change) -> list[Problem]:
    """Why this change cannot be written into this profile as it stands."""
    data, doc = profile.data, profile.document
    if data.get("status") == "deceased":
        return [doc.problem(("status",), "is deceased: no later change of status can be "
                            "recorded", "leave this person out, or correct the profile first")]
    contradiction = contradicts(data, change)
    if contradiction:
        field, message, fix = contradiction
        return [doc.problem(field, message, fix)]
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
    if drops_facility(data, change):
        remove_scalar(edits, root, "facility")
    append_item(edits, root, "events", list(change.event), PRISONER_ORDER)
    extend_list(edits, root, "sources", new_sources(data, change), PRISONER_ORDER)
    return in_style(profile.path, edits.result())


def changed_data(project: Project, data: dict, change: Change) -> dict:
    """The profile's data as `edit_profile` means to leave it: what the build must read
    from the edited file, and nothing else changed."""
    new = copy.deepcopy(data)
    if change.status and change.status != data.get("status"):
        new["status"] = readback(change.status)
    reported = profile_reported(project, data, change)
    if reported is not None:
        new["reported"] = readback(reported)
    verified = new_verified(data, change)
    if verified is not None:
        new["verified"] = readback(verified.iso())
    if change.facility and change.facility != ident(data.get("facility")):
        new["facility"] = readback(change.facility)
    if drops_facility(data, change):
        del new["facility"]
    events = data.get("events") if isinstance(data.get("events"), list) else []
    new["events"] = [*copy.deepcopy(events),
                     {name: readback(value) for name, value in change.event}]
    added = new_sources(data, change)
    if added:
        cited = data.get("sources") if isinstance(data.get("sources"), list) else []
        new["sources"] = [*copy.deepcopy(cited), *readback(added)]
    return new


def drops_facility(data: dict, change: Change) -> bool:
    """A re-arrest with no facility given removes the one the profile names: it is where
    the person was held before their release (or nothing), never where they are held now,
    and a letter sent there would not reach them."""
    return dict(change.event)["type"] == "re-arrested" and not change.facility and \
        "facility" in data


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
    if drops_facility(data, change):
        parts.append(f"facility {data.get('facility')} removed: where held before the "
                     "release, not now; give --facility if a source says where")
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
