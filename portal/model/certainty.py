"""What a record says about its own certainty, in words for every output that is not an
HTML page (feeds, calendars, share images, the list's filter file, the search index): a
fact marked `reported` is followed by "(reportedly)" as on the pages, a status goes with
the date it was last verified, and an event with no date of its own is dated by the report
that tells of it."""

from __future__ import annotations

import datetime as dt

from ..content.dates import PartialDate
from ..languages.i18n import Translator
from .model import Event, Prisoner, Site


def reported_mark(i18n: Translator, record, field: str) -> str:
    """" (reportedly)" when `field` of the record rests only on secondary reporting."""
    return f" ({i18n.t('sources.reported')})" if field in record.reported else ""


def status_text(i18n: Translator, person: Prisoner) -> str:
    """The person's status, with "(reportedly)" when it is reported."""
    return (i18n.tg(f"status.{person.status}", person.gender)
            + reported_mark(i18n, person, "status"))


def status_line(i18n: Translator, person: Prisoner) -> str:
    """The status and the date it was last verified: "Released (reportedly) · status as
    of 12 September 2025"."""
    as_of = i18n.t("person.status_as_of", date=person.verified)
    return f"{status_text(i18n, person)} · {as_of}"


def report_date(site: Site, person: Prisoner, event: Event) -> PartialDate:
    """The date an undated event was reported: the newest date among its sources, else
    the date the person's record was last verified."""
    dates = [site.sources[s].date for s in event.sources
             if s in site.sources and site.sources[s].date is not None]
    return max(dates, key=PartialDate.sort_key) if dates else person.verified


def is_current(person: Prisoner, today: dt.date, max_age: int) -> bool:
    """The status was verified within `max_age` days of `today` (as `check` counts it),
    so it may be called the person's status "now"."""
    return (today - person.verified.first_day()).days <= max_age
