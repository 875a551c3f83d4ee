"""What machines read: robots.txt, Atom feeds (the sitemap: portal/outputs/sitemap.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..content.dates import PartialDate
from ..languages.i18n import Translator, translator
from ..memo import ByObject
from ..model.certainty import report_date, reported_mark
from ..model.model import Prisoner, Site
from ..pages.personparts import PersonParts, part
from ..pages.urls import absolute, page_path
from . import netlify

FEED_EVENTS = ("detained", "re-arrested", "transferred", "released", "died")


def robots(site: Site) -> bytes:
    """Everything may be crawled but the editors' pages (no `Allow: /` first: readers
    that take the first rule that matches would then index those too)."""
    return (f"User-agent: *\nDisallow: /status/\n\n"
            f"Sitemap: {absolute(site.config.base_url, 'sitemap.xml')}\n").encode()


def _timestamp(date: PartialDate, today: dt.date) -> str:
    """An entry's `<updated>`: a day by which the date had certainly come (the last day of a
    month, season or year, but not after the build day; the day after an after-date's
    bound), never its first day, which may come before what the entry reports."""
    return f"{date.known_by(today).isoformat()}T00:00:00Z"


def _tag(site: Site, date: PartialDate, what: str) -> str:
    """A stable entry id (RFC 4151 tag URI)."""
    host = urlsplit(site.config.base_url).hostname or "localhost"
    return f"tag:{host},{date.first_day().isoformat()}:{what}"


def _feed(site: Site, lang: str, kind: str, title: str, entries: list[dict]) -> bytes:
    base = site.config.base_url
    self_url = absolute(base, page_path("feed", lang, kind))
    updated = max((e["updated"] for e in entries), default="2000-01-01T00:00:00Z")
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
             f"  <title>{escape(title)}</title>",
             f"  <id>{escape(self_url)}</id>",
             f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
             f'  <link rel="alternate" type="text/html" '
             f'href={quoteattr(absolute(base, lang + "/"))}/>',
             f"  <updated>{updated}</updated>",
             f"  <author><name>{escape(title)}</name></author>"]
    parts += (entry.get("xml") or _ENTRIES.get(entry, lang, lambda entry=entry: _entry(
        entry, lang)) for entry in entries)
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _entry(entry: dict, lang: str) -> str:
    lang_attr = f' xml:lang="{entry["lang"]}"' if entry["lang"] != lang else ""
    link = quoteattr(entry["url"])
    return "\n".join([f"  <entry{lang_attr}>",
                      f"    <id>{escape(entry['id'])}</id>",
                      f"    <title>{escape(entry['title'])}</title>",
                      f'    <link rel="alternate" type="text/html" href={link}/>',
                      f"    <updated>{entry['updated']}</updated>",
                      f"    <summary>{escape(entry['summary'])}</summary>",
                      "  </entry>"])


_ENTRIES, _EVENTS = ByObject(), ByObject()
"""Each entry's XML by the entry, and each person's entries in the changes feed by the
person and language: kept while they are the same objects (the live preview makes the
feeds again after each edit)."""


def statement_feed(site: Site, lang: str, today: dt.date | None = None) -> bytes:
    """Statements, newest first, in the reader's language or a fallback (`today`: the build
    day, which no entry's date passes; by default the day it runs)."""
    today = today or dt.date.today()
    i18n = translator(site, lang)
    entries = []
    for statement in site.statements:
        code = next(c for c in (lang, *i18n.chain, *statement.translations)
                    if c in statement.translations)
        version = statement.translations[code]
        entries.append({
            "id": _tag(site, statement.date, f"statement/{statement.slug}"),
            "title": version.title, "lang": code,
            "url": absolute(site.config.base_url, page_path("statement", lang, statement.slug)),
            "updated": _timestamp(statement.updated or statement.date, today),
            "summary": version.summary or version.title,
        })
    title = f"{i18n.pick(site.config.title).text} — {i18n.t('nav.statements')}"
    return _feed(site, lang, "statements", title, entries)


def changes_feed(site: Site, lang: str, today: dt.date | None = None,
                 parts: PersonParts | None = None) -> bytes:
    """Releases, detentions, transfers and deaths from the people's timelines, newest first
    (`today` as for statement_feed; `parts`: each person's entries kept by earlier builds,
    personparts.py)."""
    today = today or dt.date.today()
    i18n = translator(site, lang)
    key = (site.config, site.strings, site.sources, today)
    entries = [entry for person in site.prisoners if not person.name_withheld
               for entry in _EVENTS.get(person, key, lambda person=person: part(
                   parts, f"changes/{lang}", person, lambda: [
                       {"sort": e["sort"], "updated": e["updated"], "xml": _entry(e, lang)}
                       for e in _events(site, i18n, lang, person, today)]), lang)]
    entries.sort(key=lambda e: e["sort"], reverse=True)
    title = f"{i18n.pick(site.config.title).text} — {i18n.t('feeds.changes')}"
    return _feed(site, lang, "changes", title, entries)


def _events(site: Site, i18n: Translator, lang: str, person: Prisoner,
            today: dt.date) -> list[dict]:
    """One person's entries in the changes feed. A fact marked `reported` says so, and an
    event with no date is dated by the report that tells of it, and says that it is."""
    name = i18n.pick(person.name)
    entries = []
    for index, event in enumerate(person.events):
        if event.type not in FEED_EVENTS:
            continue
        what = i18n.tg(f"event.{event.type}", person.gender) + reported_mark(i18n, event, "type")
        if event.date is not None:
            date, when = event.date, i18n.date(event.date) + reported_mark(i18n, event, "date")
            ident = f"event/{person.slug}/{event.type}/{event.date}"
        else:
            date = report_date(site, person, event)
            when = i18n.t("feeds.report_date", date=date)
            ident = f"event/{person.slug}/{event.type}/reported-{date}"
        entries.append({
            "id": _tag(site, date, ident),
            "title": f"{name.text}: {what}", "lang": lang,
            "url": absolute(site.config.base_url, page_path("prisoner", lang, person.slug)),
            "updated": _timestamp(date, today),
            "summary": f"{when} — {what}",
            "sort": (date.sort_key(), person.slug, index),
        })
    return entries


def statement_feeds(site: Site, today: dt.date | None = None) -> Iterator[tuple[str, bytes]]:
    """robots.txt, Netlify's redirects and each language's feed of statements."""
    yield "robots.txt", robots(site)
    yield netlify.NAME, netlify.redirects(site)
    for lang in site.config.codes:
        yield page_path("feed", lang, "statements"), statement_feed(site, lang, today)


def changes_feeds(site: Site, today: dt.date | None = None,
                  parts: PersonParts | None = None) -> Iterator[tuple[str, bytes]]:
    """Each language's feed of changes (made from the profiles: no statement is in it)."""
    for lang in site.config.codes:
        yield page_path("feed", lang, "changes"), changes_feed(site, lang, today, parts)
