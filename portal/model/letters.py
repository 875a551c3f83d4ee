"""Who can be written to now, how, and when: mail status, birthdays, today's names."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ..content.dates import PartialDate
from ..memo import Latest
from .model import Facility, Prisoner, Site


def mail_status(person: Prisoner, facility: Facility | None) -> str | None:
    """Whether and how a letter can reach a person now; None when there is no one to write
    to in prison (released, exiled, died)."""
    if not person.held or person.name_withheld:
        return None
    if "incommunicado" in person.flags:
        return "incommunicado"
    if facility is None:
        return "address-unknown"
    return "pre-trial" if facility.kind == "pre-trial" else "sentenced"


def recipient(person: Prisoner) -> dict[str, str]:
    """The name for the envelope, in Russian and in Belarusian Cyrillic."""
    ru, be = person.name.get("ru"), person.name.get("be")
    return {"ru": ru or be or "", "be": be or ru or ""}


@dataclass(frozen=True, slots=True)
class Birthday:
    person: Prisoner
    birthday: dt.date
    post_by: dt.date
    too_late: bool = False
    """The day to post by has passed: a card posted now arrives after the birthday."""


def birthday_in(born: dt.date, year: int) -> dt.date:
    """The birthday in a given year (29 February falls on 28 February in other years)."""
    try:
        return born.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def next_birthday(born: dt.date, today: dt.date) -> dt.date:
    """The next birthday on or after `today` (29 February falls on 28 February)."""
    day = birthday_in(born, today.year)
    return day if day >= today else birthday_in(born, today.year + 1)


def birthdays(site: Site, today: dt.date, weeks: int = 6) -> list[Birthday]:
    """Held people whose birthday card should be posted in the coming weeks, soonest first,
    and before them those whose birthday is nearer than a letter takes (`too_late`).

    Only people with a known day of birth, and never anyone whose name is withheld."""
    def found() -> list[Birthday]:
        coming = []
        for person, born in _born(site):
            entry = _birthday(site, person, next_birthday(born, today), today)
            if entry.post_by <= today + dt.timedelta(weeks=weeks):
                coming.append(entry)
        return sorted(coming, key=lambda b: (b.post_by, b.person.slug))

    return list(_SITE.get("birthdays", site, (today, weeks), found))


def birthdays_in(site: Site, years: tuple[int, ...], today: dt.date) -> list[Birthday]:
    """Every birthday of the held people (as `birthdays`) in the given years, by post-by
    date: what the birthday calendar holds."""
    def found() -> list[Birthday]:
        every = [_birthday(site, person, birthday_in(born, year), today)
                 for person, born in _born(site) for year in years]
        return sorted(every, key=lambda b: (b.post_by, b.person.slug))

    return list(_SITE.get("birthdays_in", site, (years, today), found))


def _born(site: Site) -> list[tuple[Prisoner, dt.date]]:
    """The people `writable` whose day of birth is known, with that day."""
    pairs = [(p, p.born.as_date() if p.born else None) for p in writable(site)]
    return [(person, born) for person, born in pairs if born is not None]


def _birthday(site: Site, person: Prisoner, birthday: dt.date, today: dt.date) -> Birthday:
    post_by = birthday - dt.timedelta(days=site.letters.delivery_days)
    return Birthday(person, birthday, post_by, too_late=post_by < today)


def writable(site: Site) -> list[Prisoner]:
    """People a letter page is made for: held now, name not withheld."""
    return list(_SITE.get("writable", site, None, lambda: [
        p for p in site.prisoners if is_writable(site, p)]))


def is_writable(site: Site, person: Prisoner) -> bool:
    """Whether a letter page is made for this person (see `writable`)."""
    return mail_status(person, facility_of(site, person)) is not None


def people_at(site: Site, facility: str) -> list[Prisoner]:
    """The people shown as held at a facility now (names not withheld), in the site's
    order: never someone released, even if their profile still names the facility."""
    def grouped() -> dict[str, list[Prisoner]]:
        groups: dict[str, list[Prisoner]] = {}
        for person in site.prisoners:
            if person.held_at and not person.name_withheld:
                groups.setdefault(person.held_at, []).append(person)
        return groups

    return list(_SITE.get("facilities", site, None, grouped).get(facility, ()))


_SITE = Latest()
"""Answers for the last site model (memo.Latest)."""


def facility_of(site: Site, person: Prisoner) -> Facility | None:
    """The facility where the person is held now (None when not held: `Prisoner.held_at`)."""
    return site.facilities.get(person.held_at) if person.held_at else None


def former_facility(site: Site, person: Prisoner) -> tuple[Facility, PartialDate | None] | None:
    """(facility, until when) for a person no longer held whose profile still names the
    facility they were held in: where they were held, with the date of the release or
    death that ended the detention when it is known. None for a person held."""
    if person.held or not person.facility or person.facility not in site.facilities:
        return None
    return site.facilities[person.facility], detention_ended(person)


def detention_ended(person: Prisoner) -> PartialDate | None:
    """The date of the first release or death after the person's last detention, if it
    is recorded with a date."""
    events = list(person.events)
    starts = [i for i, e in enumerate(events) if e.type in ("detained", "re-arrested")]
    after = events[starts[-1] + 1:] if starts else events
    end = next((e for e in after if e.type in ("released", "died")), None)
    return end.date if end else None


def last_mention(site: Site, person: Prisoner) -> dt.date | None:
    """The newest date a statement or an event concerned the person."""
    dates = [s.date.first_day() for s in site.mentions.get(person.slug, ())]
    dates += [e.date.first_day() for e in person.events if e.date]
    return max(dates) if dates else None


def to_write_today(site: Site, today: dt.date, count: int = 3) -> list[Prisoner]:
    """A few held people to write to today: a rotation fixed by the date alone (the same
    for every visitor, nothing tracked), favouring those not mentioned for longest."""
    def key(person: Prisoner) -> float:
        seed = hashlib.sha256(f"{today.isoformat()}/{person.slug}".encode()).digest()
        draw = (int.from_bytes(seed[:8], "big") + 1) / 2**64
        mentioned = last_mention(site, person)
        quiet_days = (today - mentioned).days if mentioned else 3650
        weight = 1 + min(max(quiet_days, 0), 730) / 90
        return draw ** (1 / weight)  # weighted sampling without replacement

    return list(_SITE.get("today", site, (today, count), lambda: sorted(
        writable(site), key=key, reverse=True)[:count]))


def held_since(person: Prisoner) -> dt.date | None:
    """The day a held person's current detention began, when a source gives the day."""
    if not person.held:
        return None
    starts = [e for e in person.events if e.type in ("detained", "re-arrested")]
    if not starts or starts[-1].date is None:
        return None
    return starts[-1].date.as_date()
