"""Turn the site model into the list of pages to write, each with its context and inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..languages.translations import listed, summarise
from ..memo import ByObject
from ..model.certainty import is_current
from ..model.letters import (
    birthdays,
    facility_of,
    former_facility,
    held_since,
    is_writable,
    mail_status,
    people_at,
    recipient,
    to_write_today,
    writable,
)
from ..model.model import Prisoner, Site
from ..problems import ContentError, Problem
from .listplans import list_plans
from .pageplan import PagePlan, make_plan


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
    people = [p for p in site.prisoners if p.origin.file in files and not p.name_withheld]
    statements = [s for s in site.statements
                  if any(t.origin.file in files for t in s.translations.values())]
    pages = []
    for lang in site.config.codes:
        for person in people:
            pages.append(_prisoner(site, lang, person, today))
            if is_writable(site, person):
                pages.append(_letter(site, lang, person))
        pages += [_statement(site, lang, statement) for statement in statements]
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


def _root(site: Site, kind: str) -> PagePlan:
    return make_plan(kind, None, {}, ["data/site.yaml"])


PENDING_LISTED = 200
"""Texts to do listed per language on the translation status page (the stale first: their
original changed); the `translations` command lists them all. At 5,000 people a full list
made a 4.7 MB page."""
PENDING_ORDER = {"stale": 0, "missing": 1, "untracked": 2}


def _translation_status(site: Site) -> PagePlan:
    """The editors' page of translation status, per language and per kind of content (of
    published content only: a statement scheduled for later is not named before its day;
    a person whose name is withheld by file alone, `listed`)."""
    published = {s.slug for s in site.statements}
    items = tuple(i for i in site.translation_items
                  if i.kind != "statement" or i.ident in published)
    languages = [code for code in site.config.codes if any(i.lang == code for i in items)]
    kinds = sorted({i.kind for i in items})
    summary = {lang: summarise(list(items), lang) for lang in languages}
    table = {(lang, kind): summarise(list(items), lang, kind) for lang in languages
             for kind in kinds}
    withheld = {p.origin.file for p in site.prisoners if p.name_withheld}
    pending = {code: sorted(listed([i for i in items if i.lang == code and i.status != "current"],
                                   withheld),
                            key=lambda i: PENDING_ORDER[i.status]) for code in languages}
    unlisted = {code: max(len(todo) - PENDING_LISTED, 0) for code, todo in pending.items()}
    pending = {code: todo[:PENDING_LISTED] for code, todo in pending.items()}
    inputs = sorted({i.file for i in items} | {i.source_file for i in items}
                    | {"data/site.yaml"})
    return make_plan("translations", None, {"codes": languages, "kinds": kinds,
                                        "summary": summary, "table": table,
                                        "pending": pending, "unlisted": unlisted}, inputs)


def _language_pages(site: Site, lang: str, today: dt.date) -> list[PagePlan]:
    shown = [p for p in site.prisoners if not p.name_withheld]
    today_names = to_write_today(site, today)
    current = all(is_current(p, today, site.config.verified_max_age) for p in today_names)
    pages = [
        _home(site, lang, today_names, current),
        *list_plans(site, lang),
        *(_prisoner(site, lang, p, today) for p in shown),
        *(_letter(site, lang, p) for p in writable(site)),
        *(_facility(site, lang, f) for f in site.facilities.values()),
        _birthdays(site, lang, today),
        make_plan("search", lang, {}, [p.origin.file for p in site.prisoners]
              + _statement_files(site)),
        make_plan("statements", lang, {"statements": site.statements}, _statement_files(site)),
        *(_statement(site, lang, s) for s in site.statements),
        _timeline(site, lang),
        *(_page(site, lang, p, today_names, current) for p in site.pages.values()),
        make_plan("404", lang, {}, ["data/site.yaml"]),
    ]
    return pages


def _statement_files(site: Site) -> list[str]:
    return [t.origin.file for s in site.statements for t in s.translations.values()]


def _home(site: Site, lang: str, today_names: list[Prisoner], current: bool) -> PagePlan:
    config = site.config
    context = {
        "today_names": today_names, "today_current": current,
        "latest": site.statistics[-1] if site.statistics else None,
        "statements": site.statements[:config.home_statements],
        "waves": tuple(reversed(site.waves))[:config.home_waves],
        "actions": site.actions,
    }
    inputs = ["data/statistics.yaml", "data/releases.yaml", "data/actions.yaml",
              "data/sources.yaml", *_statement_files(site),
              *(p.origin.file for p in site.prisoners)]  # who to write to today
    return make_plan("home", lang, context, inputs)


_PLANS = ByObject()
"""Each person's profile and letter plans and each statement's plan per language, while
the record and what else the plan reads of the site are the same objects (the live preview
plans every page after each edit; see assemble.py, which keeps unchanged records)."""


def _prisoner(site: Site, lang: str, person: Prisoner, today: dt.date) -> PagePlan:
    key = (today, site.waves_by_id, site.facilities, site.sources, site.actions,
           site.mentions.get(person.slug), site.config.verified_max_age)
    return _PLANS.get(person, key, lambda: _profile(site, lang, person, today),
                      ("prisoner", lang))


def _profile(site: Site, lang: str, person: Prisoner, today: dt.date) -> PagePlan:
    waves = {e.wave: site.waves_by_id[e.wave] for e in person.events if e.wave}
    facility = facility_of(site, person)
    statements = list(site.mentions.get(person.slug, ()))
    cited = {*person.sources, *(x for e in person.events for x in e.sources)}
    context = {
        "person": person, "facility": facility, "waves": waves, "statements": statements,
        "sources": [site.sources[x] for x in sorted(cited)],
        "actions": person_actions(person, facility),
        "family_action": next((a.id for a in site.actions if a.kind == "support-family"), ""),
        "former": former_facility(site, person),
    }
    context["mail_status"] = mail_status(person, facility)
    since = held_since(person)
    current = is_current(person, today, site.config.verified_max_age)
    # days in detention are counted to today only while the status is current
    context["held"] = (since, (today - since).days if current else None) if since else None
    inputs = [person.origin.file, "data/sources.yaml", "data/releases.yaml",
              "data/facilities.yaml", *(t.origin.file for s in statements
                                        for t in s.translations.values())]
    return make_plan("prisoner", lang, context, inputs, slug=person.slug)


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
    return make_plan("letter", lang, context, inputs, slug=person.slug)


def _facility(site: Site, lang: str, facility) -> PagePlan:
    people = people_at(site, facility.id)
    context = {"facility": facility, "people": people,
               "sources": [site.sources[x] for x in facility.sources]}
    named = [p.origin.file for p in site.prisoners if p.facility == facility.id]
    inputs = ["data/facilities.yaml", "data/sources.yaml", *named]
    return make_plan("facility", lang, context, inputs, slug=facility.id)


def _birthdays(site: Site, lang: str, today: dt.date) -> PagePlan:
    context = {"birthdays": birthdays(site, today), "today": today,
               "delivery_days": site.letters.delivery_days}
    inputs = ["data/letters.yaml", *(p.origin.file for p in site.prisoners)]
    return make_plan("birthdays", lang, context, inputs)


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
    return make_plan("statement", lang, context, inputs, slug=statement.slug)


def _timeline(site: Site, lang: str) -> PagePlan:
    context = {"waves": tuple(reversed(site.waves)), "statistics": site.statistics,
               "sources": site.sources, "people": site.by_slug}
    inputs = ["data/releases.yaml", "data/statistics.yaml", "data/sources.yaml",
              *(p.origin.file for p in site.prisoners)]
    return make_plan("timeline", lang, context, inputs)


def _page(site: Site, lang: str, page, today_names: list[Prisoner], current: bool
          ) -> PagePlan:
    """A content page; `current`: every status in `today_names` was verified recently
    enough to say these people are held "now"."""
    context: dict[str, Any] = {"page": page, "today_names": today_names,
                               "today_current": current}
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
    return make_plan("page", lang, context, inputs, slug=page.slug, template=page.template)
