"""Dates that contradict each other or the calendar: a person born after an event of their
life, a statement dated after the build date that is not scheduled."""

from __future__ import annotations

import contextlib

from ..content.dates import PartialDate, parse_date
from ..content.document import Document
from ..content.schema import Context


def certainly_before(a: PartialDate, b: PartialDate) -> bool:
    """True when date `a` is before `b` at the precision both share. A date known only to be
    after another counts as no earlier than the day after it, and may be any day later:
    it is certainly before nothing, and certainly after what ends before that day."""
    if a.after or b.after:
        last = a.last_day()
        return last is not None and last < b.first_day()
    if a.year != b.year:
        return a.year < b.year
    if a.month is None or b.month is None:
        return False
    if a.month != b.month:
        return a.month < b.month
    return a.day is not None and b.day is not None and a.day < b.day


def check_born(doc: Document, data: dict, ctx: Context) -> None:
    """No event of a person's life comes before their birth."""
    try:
        born = parse_date(data.get("born"))
    except ValueError:
        return
    events = data.get("events") if isinstance(data.get("events"), list) else []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        with contextlib.suppress(ValueError):
            date = parse_date(event.get("date"))
            if certainly_before(date, born):
                ctx.report(doc, ("born",), f"{born} is after the {event.get('type')} event "
                           f"of {date} (events[{i}])", "check both dates against the sources")
                return


def check_publication(doc: Document, ctx: Context) -> None:
    """A statement dated after the build date needs `scheduled: true`: then it stays off
    the site until the first build on or after its date."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if ctx.today is None or data.get("scheduled") is True:
        return
    with contextlib.suppress(ValueError):
        date = parse_date(data.get("date"))
        if date.first_day() > ctx.today:
            ctx.report(doc, ("date",), f'"{date}" is after the build date '
                       f"({ctx.today.isoformat()})", "correct the date; or, to publish the "
                       "statement on that day, add `scheduled: true`")


def is_scheduled(data: object, today) -> bool:
    """A statement with `scheduled: true` and a date after the build date: not yet shown."""
    if not isinstance(data, dict) or data.get("scheduled") is not True:
        return False
    try:
        return parse_date(data.get("date")).first_day() > today
    except ValueError:
        return False
