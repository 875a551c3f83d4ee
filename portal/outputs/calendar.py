"""iCalendar feeds of the dates to post a birthday card by (RFC 5545), one per language.

Each birthday is an event of its own, for this year's birthdays and next year's (so a
birthday just after New Year is there in December), rather than one yearly event with a
rule: the day to post by is not the same day every year for someone born on 29 February,
and each event names its birthday with the year and keeps a UID of that year."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from ..languages.i18n import Translator, translator
from ..memo import ByObject
from ..model.certainty import status_line
from ..model.letters import Birthday, birthdays_in
from ..model.model import Site
from ..pages.personparts import PersonParts, part
from ..pages.urls import absolute, page_path


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (never inside
    a character's UTF-8 bytes)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _day(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


MINSK = ["BEGIN:VTIMEZONE", "TZID:Europe/Minsk", "BEGIN:STANDARD",
         "DTSTART:20110327T020000", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "TZNAME:+03",
         "END:STANDARD", "END:VTIMEZONE"]
"""The time zone of Belarus (UTC+3 all year since 2011): the one component of a calendar
with no birthdays in it, which clients show as empty."""


def birthday_calendar(site: Site, lang: str, today: dt.date,
                      parts: PersonParts | None = None) -> str:
    """A calendar with one all-day event per post-by date, for each birthday in the build
    date's year and the next; each says the person's status as the pages do
    ("(reportedly)", the date it was verified). `parts`: the events kept by earlier
    builds (personparts.py)."""
    i18n = translator(site, lang)
    host = urlsplit(site.config.base_url).hostname or "localhost"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//political-prisoners-portal//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(i18n.t('birthdays.calendar'))}"]
    head = "".join(_fold(line) + "\r\n" for line in lines)
    key = (today, site.config, site.strings)
    years = (today.year, today.year + 1)
    events = [_EVENTS.get(entry.person, (entry.birthday, entry.post_by, key), lambda entry=entry:
                          part(parts, f"calendar/{lang}/{entry.birthday}/{entry.post_by}",
                               entry.person, lambda: "".join(
                                   _fold(line) + "\r\n" for line in _event(
                                       site, i18n, lang, entry, today, host))),
                          (lang, entry.birthday.year))
              for entry in birthdays_in(site, years, today)]
    tail = "" if events else "".join(line + "\r\n" for line in MINSK)
    # a calendar holds at least one component (RFC 5545, 3.6)
    return head + "".join(events) + tail + "END:VCALENDAR\r\n"


_EVENTS = ByObject()
"""Each person's event per language, folded, while the record, the day and the site's
settings and strings are the same (the live preview makes the calendars after each edit)."""


def _event(site: Site, i18n: Translator, lang: str, entry: Birthday, today: dt.date,
           host: str) -> list[str]:
    person = entry.person
    picked = i18n.pick(person.name)
    name = picked.text if picked else person.slug
    birthday = i18n.date_of(entry.birthday)
    url = absolute(site.config.base_url, page_path("letter", lang, person.slug))
    return [
        "BEGIN:VEVENT",
        f"UID:birthday-{person.slug}-{entry.birthday.year}-{lang}@{host}",
        f"DTSTAMP:{_day(today)}T000000Z",
        f"DTSTART;VALUE=DATE:{_day(entry.post_by)}",
        f"DTEND;VALUE=DATE:{_day(entry.post_by + dt.timedelta(days=1))}",
        f"SUMMARY:{_escape(i18n.t('calendar.summary', name=name, date=birthday))}",
        f"DESCRIPTION:{_escape(status_line(i18n, person))}\\n"
        f"{_escape(i18n.t('calendar.description', date=birthday))} {url}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_files(site: Site, today: dt.date, parts: PersonParts | None = None
                   ) -> list[tuple[str, bytes]]:
    """The default language's feed at /calendar/birthdays.ics, and one per language."""
    files = [(page_path("calendar", None), birthday_calendar(site,
                                                              site.config.default_language,
                                                              today, parts).encode("utf-8"))]
    for lang in site.config.codes:
        files.append((page_path("calendar", lang),
                      birthday_calendar(site, lang, today, parts).encode("utf-8")))
    return files
