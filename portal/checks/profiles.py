"""The checks of one profile on its own: its file name, shape, photo, names, the order of
its events. The live preview runs them on a saved profile before the checks of the whole
site (profile_problems)."""

from __future__ import annotations

import contextlib
import datetime as dt

from ..content.dates import parse_date
from ..content.load import Document
from ..content.photos import photo_problem
from ..content.schema import (
    SLUG,
    Context,
)
from ..names.nameforms import names_of, slug_from_name
from ..problems import Problem
from .chronology import certainly_before, check_born
from .shapes import PRISONER


def profile_problems(doc: Document, ids: dict[str, set[str]], languages: tuple[str, ...],
                     root, today: dt.date) -> list[Problem]:
    """The problems one profile has on its own, its references checked against `ids` (the
    ids of sources, facilities, waves and profiles): what the live preview checks before
    showing a saved profile's own pages, ahead of the checks of the whole site."""
    ctx = Context(languages, ids, today=today)
    check_profile(doc, ctx, root, today)
    return ctx.problems


def check_profile(doc: Document, ctx: Context, root, today: dt.date) -> None:
    _check_slug(doc, ctx)
    PRISONER.check(doc.data, doc, (), ctx)
    _check_prisoner(doc, ctx, root)


def _check_slug(doc: Document, ctx: Context) -> None:
    slug = doc.stem
    if not SLUG.match(slug):
        ctx.report(doc, (), f'the file name "{slug}" is not a valid slug',
                   "rename the file: lowercase ASCII letters, digits and hyphens, "
                   "e.g. ihar-losik.yaml")


PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


def check_photo(doc: Document, ctx: Context, root) -> None:
    """The photo a profile names is in content/photos/ and can be published (it is read:
    its check is never kept with the checks of the profile's document alone)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    photo = data.get("photo")
    name = photo.get("file") if isinstance(photo, dict) else None
    if not isinstance(name, str):
        return
    path = ("photo", "file")
    if "/" in name or "\\" in name or not name.lower().endswith(PHOTO_TYPES):
        ctx.report(doc, path, f'"{name}" is not a photo file name',
                   "write the name of a .jpg, .png or .webp file in content/photos/")
    elif not (root / "content" / "photos" / name).exists():
        ctx.report(doc, path, f'content/photos/{name} does not exist',
                   "add the photo to content/photos/ or correct the name")
    elif problem := photo_problem(root, name):
        ctx.report(doc, path, *problem)


def _check_withheld_slug(doc: Document, data: dict, ctx: Context) -> None:
    """A withheld name must not be readable in the file name, which is the page address
    (and is shown to editors on /status/translations/): no word of it may come from any
    form of the name, however short."""
    if data.get("name_withheld") is True and slug_from_name(doc.stem, names_of(data)):
        ctx.report(doc, ("name_withheld",), "the file name contains the withheld name",
                   "rename the file to something that does not identify the person, "
                   "e.g. withheld-2.yaml")


def _check_names(doc: Document, data: dict, ctx: Context) -> None:
    """A name and each other spelling is one line without tabs (a line break is the
    schema's to report)."""
    names = data.get("name") if isinstance(data.get("name"), dict) else {}
    aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
    for path, text in [*((("name", k), v) for k, v in names.items()),
                       *((("aliases", i), v) for i, v in enumerate(aliases))]:
        if isinstance(text, str) and "\t" in text and "\n" not in text.strip():
            ctx.report(doc, path, "a name is one line of text, without tabs",
                       "write the name on one line, with single spaces")


def _check_prisoner(doc: Document, ctx: Context, root=None) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    _check_withheld_slug(doc, data, ctx)
    _check_names(doc, data, ctx)
    check_born(doc, data, ctx)
    if root is not None:
        check_photo(doc, ctx, root)
    events = data.get("events") if isinstance(data.get("events"), list) else []
    dated = []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        with contextlib.suppress(ValueError):
            dated.append((i, parse_date(event.get("date"))))
    _check_sequence(doc, events, ctx)
    _check_terms(doc, events, ctx)
    reported = {(p.file, p.field) for p in ctx.problems}
    for (_, before), (i, after) in zip(dated, dated[1:], strict=False):
        field = f"events[{i}].date"
        if certainly_before(after, before) and (doc.path, field) not in reported:
            ctx.report(doc, ("events", i, "date"), f"{after} is earlier than the event before it",
                       "list events in time order, or correct the date")
    released = [e for e in events if isinstance(e, dict) and e.get("type") == "released"]
    if data.get("status") in ("released", "exiled") and not any(e.get("date")
                                                                  for e in released):
        ctx.report(doc, ("status",), f'"{data.get("status")}", but no `released` event has '
                   "a date", "add a `released` event with the date of release")


def _check_terms(doc: Document, events: list, ctx: Context) -> None:
    """A term written with nothing in it (`term: {years: }`) is not a term of 0 years."""
    for i, event in enumerate(events):
        term = event.get("term") if isinstance(event, dict) else None
        if isinstance(term, dict) and term and all(value is None for value in term.values()):
            ctx.report(doc, ("events", i, "term"), "the term is empty",
                       "write its years and months (or `life: true`), or remove `term:`")


SEQUENCE = ("detained", "sentenced", "released")
"""A person is detained before being sentenced, and sentenced before being released."""


def _check_sequence(doc: Document, events: list, ctx: Context) -> None:
    first: dict[str, tuple[int, object]] = {}
    for i, event in enumerate(events):
        if isinstance(event, dict) and event.get("type") in SEQUENCE:
            with contextlib.suppress(ValueError):
                first.setdefault(event["type"], (i, parse_date(event.get("date"))))
    for a, b in ((0, 1), (1, 2), (0, 2)):
        earlier, later = SEQUENCE[a], SEQUENCE[b]
        if earlier in first and later in first:
            (_, d1), (j, d2) = first[earlier], first[later]
            if certainly_before(d2, d1):
                ctx.report(doc, ("events", j, "date"),
                           f"{later} on {d2}, before {earlier} on {d1}",
                           "check both dates against the sources")
