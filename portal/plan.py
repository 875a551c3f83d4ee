"""Turn the site model into the list of pages to write, each with its context and inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .letters import (
    birthdays,
    facility_of,
    held_since,
    mail_status,
    people_at,
    recipient,
    to_write_today,
    writable,
)
from .memo import ByObject
from .model import STATUSES, Prisoner, Site
from .paging import paginate, region_key
from .problems import ContentError, Problem
from .translations import summarise
from .urls import page_path

TEMPLATES_OF = {"home": "home.html", "prisoners": "prisoners.html", "prisoner": "prisoner.html",
                "statements": "statements.html", "statement": "statement.html",
                "timeline": "timeline.html", "404": "404.html", "root": "root.html",
                "translations": "translations.html", "letter": "letter.html",
                "facility": "facility.html", "birthdays": "birthdays.html",
                "status": "status.html", "search": "search.html",
                "prisoners_page": "prisoners.html", "status_page": "status.html"}


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to write: where, in which language, from what."""

    kind: str
    slug: str
    lang: str | None
    path: str
    template: str
    context: dict[str, Any]
    inputs: tuple[str, ...]
    """Source files the page was made from (templates aside)."""
    shape: str = ""
    """What the page shows from beyond its inputs (a paged list: the other pages, the
    counts and the filters' choices), as a digest: a change makes the page again."""


def plan_pages(site: Site, today: dt.date) -> list[PagePlan]:
    """Every page of the site, in every language, in a stable order. `today`, the build
    date, decides the birthdays ahead and the names to write to today."""
    pages = [_root(site, "root"), _root(site, "404"), _translation_status(site)]
    for lang in site.config.codes:
        pages += _language_pages(site, lang, today)
    _check_collisions(pages)
    return pages


def plan_own_pages(site: Site, files: set[str], today: dt.date) -> list[PagePlan]:
    """Only the pages of the profiles and statements made from `files` (in every
    language): what a live preview shows first after an edit. The same plans as
    `plan_pages` gives for them."""
    letters = {p.slug for p in writable(site)}
    pages = []
    for lang in site.config.codes:
        for person in site.prisoners:
            if person.origin.file in files and not person.name_withheld:
                pages.append(_prisoner(site, lang, person, today))
                if person.slug in letters:
                    pages.append(_letter(site, lang, person))
        for statement in site.statements:
            if any(t.origin.file in files for t in statement.translations.values()):
                pages.append(_statement(site, lang, statement))
    return pages


def _check_collisions(pages: list[PagePlan]) -> None:
    """Two pages may never write the same file; say which sources collide."""
    seen: dict[str, PagePlan] = {}
    problems: dict[tuple[str, str], Problem] = {}
    for page in pages:
        other = seen.setdefault(page.path, page)
        if other is not page:
            mine = page.inputs[0] if page.inputs else page.kind
            address = page.path.split("/", 1)[-1]
            problems[(mine, address)] = Problem(
                mine, None, "", f'this {page.kind} would have the address "{address}", '
                f"which the {other.kind} page already has", "rename the file: its name is "
                "used in the address")
    if problems:
        raise ContentError(list(problems.values()))


def _plan(kind: str, lang: str | None, context: dict, inputs, slug: str = "",
          template: str | None = None, shape: str = "") -> PagePlan:
    own = list(dict.fromkeys(inputs))[:1]
    return PagePlan(kind, slug, lang, page_path(kind, lang, slug),
                    template or TEMPLATES_OF[kind], context,
                    tuple(own + sorted(set(inputs) - set(own))), shape)


def _root(site: Site, kind: str) -> PagePlan:
    return _plan(kind, None, {}, ["data/site.yaml"])


PENDING_LISTED = 200
"""Texts to do listed per language on the translation status page (the stale first: their
original changed); the `translations` command lists them all. At 5,000 people a full list
made a 4.7 MB page."""
PENDING_ORDER = {"stale": 0, "missing": 1, "untracked": 2}


def _translation_status(site: Site) -> PagePlan:
    """The editors' page of translation status, per language and per kind of content (of
    published content only: a statement scheduled for later is not named before its day)."""
    published = {s.slug for s in site.statements}
    items = tuple(i for i in site.translation_items
                  if i.kind != "statement" or i.ident in published)
    languages = [code for code in site.config.codes if any(i.lang == code for i in items)]
    kinds = sorted({i.kind for i in items})
    summary = {lang: summarise(list(items), lang) for lang in languages}
    table = {(lang, kind): summarise(list(items), lang, kind) for lang in languages
             for kind in kinds}
    pending = {code: sorted((i for i in items if i.lang == code and i.status != "current"),
                            key=lambda i: PENDING_ORDER[i.status]) for code in languages}
    unlisted = {code: max(len(todo) - PENDING_LISTED, 0) for code, todo in pending.items()}
    pending = {code: todo[:PENDING_LISTED] for code, todo in pending.items()}
    inputs = sorted({i.file for i in items} | {i.source_file for i in items}
                    | {"data/site.yaml"})
    return _plan("translations", None, {"codes": languages, "kinds": kinds,
                                        "summary": summary, "table": table,
                                        "pending": pending, "unlisted": unlisted}, inputs)


def _language_pages(site: Site, lang: str, today: dt.date) -> list[PagePlan]:
    shown = [p for p in site.prisoners if not p.name_withheld]
    today_names = to_write_today(site, today)
    pages = [
        _home(site, lang, today_names),
        *_lists(site, lang),
        *(_prisoner(site, lang, p, today) for p in shown),
        *(_letter(site, lang, p) for p in writable(site)),
        *(_facility(site, lang, f) for f in site.facilities.values()),
        _birthdays(site, lang, today),
        _plan("search", lang, {}, [p.origin.file for p in site.prisoners]
              + _statement_files(site)),
        _plan("statements", lang, {"statements": site.statements}, _statement_files(site)),
        *(_statement(site, lang, s) for s in site.statements),
        _timeline(site, lang),
        *(_page(site, lang, p, today_names) for p in site.pages.values()),
        _plan("404", lang, {}, ["data/site.yaml"]),
    ]
    return pages


LIST_INPUTS = ["data/facilities.yaml", "data/releases.yaml"]


def _lists(site: Site, lang: str) -> list[PagePlan]:
    """The list of everyone and a list per status, each cut into pages when long."""
    size = site.config.list_page_size
    groups = group_by_status(site.prisoners)
    filters = filter_options(site)
    counts = [(status, len(people)) for status, people in groups]
    choices = {key: [getattr(x, "id", x) for x in values] for key, values in filters.items()}
    plans = []
    for listing in paginate(site, lang, list(site.prisoners), size, "everyone"):
        first = listing.number == 1
        context = {"groups": groups, "filters": filters, "people": listing.people,
                   "listing": listing if listing.count > 1 else None}
        inputs = [p.origin.file for p in (site.prisoners if listing.count == 1
                                          else listing.people)]
        plans.append(_plan("prisoners" if first else "prisoners_page", lang, context,
                           inputs + LIST_INPUTS, slug="" if first else str(listing.number),
                           shape=_digest([listing.shape(), counts, choices])))
    for status, people in groups:
        for listing in paginate(site, lang, people, size, status):
            first = listing.number == 1
            context = {"status": status, "people": listing.people, "total": len(people),
                       "listing": listing if listing.count > 1 else None}
            plans.append(_plan("status" if first else "status_page", lang, context,
                               [p.origin.file for p in listing.people] + LIST_INPUTS,
                               slug=status if first else f"{status}/page/{listing.number}",
                               shape=_digest([listing.shape(), len(people)])))
    return plans


def _digest(value: Any) -> str:
    return hashlib.blake2b(json.dumps(value, default=str).encode(), digest_size=8).hexdigest()


def group_by_status(prisoners: tuple[Prisoner, ...]) -> list[tuple[str, list[Prisoner]]]:
    """Prisoners grouped by status, imprisoned first; empty groups left out."""
    groups = []
    for status in STATUSES:
        members = [p for p in prisoners if p.status == status]
        if members:
            groups.append((status, members))
    return groups


def filter_options(site: Site) -> dict[str, list]:
    """The values the prisoners list can be filtered by, as they occur in the data."""
    shown = [p for p in site.prisoners if not p.name_withheld]
    waves = {e.wave for p in shown for e in p.events if e.wave}
    facilities = sorted({p.facility for p in shown if p.facility})
    return {
        "status": [s for s in STATUSES if any(p.status == s for p in shown)],
        "role": sorted({r for p in shown for r in p.roles}),
        "facility": [site.facilities[f] for f in facilities],
        "region": sorted({region_key(site.facilities[f], site): site.facilities[f].region
                          for f in facilities if site.facilities[f].region}.items()),
        "wave": [w for w in site.waves if w.id in waves],
        "article": sorted({a for p in shown for e in p.events for a in e.articles}),
    }


def _statement_files(site: Site) -> list[str]:
    return [t.origin.file for s in site.statements for t in s.translations.values()]


def _home(site: Site, lang: str, today_names: list[Prisoner]) -> PagePlan:
    config = site.config
    context = {
        "today_names": today_names,
        "latest": site.statistics[-1] if site.statistics else None,
        "statements": site.statements[:config.home_statements],
        "waves": tuple(reversed(site.waves))[:config.home_waves],
        "actions": site.actions,
    }
    inputs = ["data/statistics.yaml", "data/releases.yaml", "data/actions.yaml",
              "data/sources.yaml", *_statement_files(site),
              *(p.origin.file for p in site.prisoners)]  # who to write to today
    return _plan("home", lang, context, inputs)


_PLANS = ByObject()
"""Each person's profile and letter plans and each statement's plan per language, while
the record and what else the plan reads of the site are the same objects (the live preview
plans every page after each edit; see assemble.py, which keeps unchanged records)."""


def _prisoner(site: Site, lang: str, person: Prisoner, today: dt.date) -> PagePlan:
    key = (today, site.waves_by_id, site.facilities, site.sources, site.actions,
           site.mentions.get(person.slug))
    return _PLANS.get(person, key, lambda: _profile(site, lang, person, today),
                      ("prisoner", lang))


def _profile(site: Site, lang: str, person: Prisoner, today: dt.date) -> PagePlan:
    waves = {e.wave: site.waves_by_id[e.wave] for e in person.events if e.wave}
    facility = site.facilities.get(person.facility) if person.facility else None
    statements = list(site.mentions.get(person.slug, ()))
    cited = {*person.sources, *(x for e in person.events for x in e.sources)}
    context = {
        "person": person, "facility": facility, "waves": waves, "statements": statements,
        "sources": [site.sources[x] for x in sorted(cited)],
        "actions": person_actions(person, facility),
        "family_action": next((a.id for a in site.actions if a.kind == "support-family"), ""),
    }
    context["mail_status"] = mail_status(person, facility)
    since = held_since(person)
    context["held"] = (since, (today - since).days) if since else None
    inputs = [person.origin.file, "data/sources.yaml", "data/releases.yaml",
              "data/facilities.yaml", *(t.origin.file for s in statements
                                        for t in s.translations.values())]
    return _plan("prisoner", lang, context, inputs, slug=person.slug)


def _letter(site: Site, lang: str, person: Prisoner) -> PagePlan:
    """How to write to one held person: status of mail, envelope, rules, phrases."""
    return _PLANS.get(person, (site.facilities, site.letters, site.sources),
                      lambda: _letter_plan(site, lang, person), ("letter", lang))


def _letter_plan(site: Site, lang: str, person: Prisoner) -> PagePlan:
    facility = facility_of(site, person)
    context = {"person": person, "facility": facility, "guide": site.letters,
               "mail_status": mail_status(person, facility), "recipient": recipient(person),
               "address_sources": [site.sources[x] for x in facility.sources] if facility
               else []}
    inputs = [person.origin.file, "data/letters.yaml", "data/facilities.yaml",
              "data/sources.yaml"]
    return _plan("letter", lang, context, inputs, slug=person.slug)


def _facility(site: Site, lang: str, facility) -> PagePlan:
    people = people_at(site, facility.id)
    context = {"facility": facility, "people": people,
               "sources": [site.sources[x] for x in facility.sources]}
    inputs = ["data/facilities.yaml", "data/sources.yaml", *(p.origin.file for p in people)]
    return _plan("facility", lang, context, inputs, slug=facility.id)


def _birthdays(site: Site, lang: str, today: dt.date) -> PagePlan:
    context = {"birthdays": birthdays(site, today), "today": today,
               "delivery_days": site.letters.delivery_days}
    inputs = ["data/letters.yaml", *(p.origin.file for p in site.prisoners)]
    return _plan("birthdays", lang, context, inputs)


def person_actions(person: Prisoner, facility) -> tuple[str, ...]:
    """What a visitor can do for this person now, most useful first."""
    if person.held:
        write = "write" if facility else "address-unknown"
        return (write, "support-family", "share")
    if person.status == "deceased":
        return ("support-family", "share")
    return ("support-released", "share")


def _statement(site: Site, lang: str, statement) -> PagePlan:
    people = tuple(site.by_slug[x] for x in statement.people)
    return _PLANS.get(statement, (site.sources, people), lambda: _statement_plan(
        site, lang, statement, list(people)), ("statement", lang))


def _statement_plan(site: Site, lang: str, statement, people: list[Prisoner]) -> PagePlan:
    context = {"statement": statement, "people": people,
               "sources": [site.sources[x] for x in statement.sources]}
    inputs = ["data/sources.yaml", *(t.origin.file for t in statement.translations.values()),
              *(p.origin.file for p in people)]
    return _plan("statement", lang, context, inputs, slug=statement.slug)


def _timeline(site: Site, lang: str) -> PagePlan:
    context = {"waves": tuple(reversed(site.waves)), "statistics": site.statistics,
               "sources": site.sources, "people": site.by_slug}
    inputs = ["data/releases.yaml", "data/statistics.yaml", "data/sources.yaml",
              *(p.origin.file for p in site.prisoners)]
    return _plan("timeline", lang, context, inputs)


def _page(site: Site, lang: str, page, today_names: list[Prisoner]) -> PagePlan:
    context: dict[str, Any] = {"page": page, "today_names": today_names}
    inputs = [t.origin.file for t in page.translations.values()]
    if page.template == "help.html":
        context["actions"] = site.actions
        inputs.append("data/actions.yaml")
    if page.template == "write.html":
        guide = site.letters
        context["guide"] = guide
        context["facility"] = site.facilities.get(guide.example_facility or "")
        context["facilities"] = tuple(site.facilities.values())
        inputs += ["data/letters.yaml", "data/facilities.yaml",
                   *(p.origin.file for p in site.prisoners)]  # who to write to today
    inputs.append("data/sources.yaml")
    return _plan("page", lang, context, inputs, slug=page.slug, template=page.template)
