"""Long lists of people cut into pages, so that a list of thousands stays light.

A list longer than the site's page size (`lists: {page_size: …}` in data/site.yaml) is
sorted by name in the reader's alphabetical order (names/collation.py: ICU, CLDR's rules
for the language) and cut into pages of that size: the first at the list's own address,
the others at `…/page/2/` and on. Every page links to the others and, by first letter, to
the page where each letter begins; a letter is what the language's collation calls one
(Belarusian Ё and Ў head letters of their own, Russian Ё is filed under Е). People whose
names are withheld come last, in the order of their file names: where their names would
sort must not tell their initials. `filter_rows` is what the list's filters match on,
for every person at once in one file (`/<lang>/prisoners/people.json`), fetched when a
filter is used on a paged list."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from ..languages.i18n import Translator, translator
from ..memo import ByObject
from ..model.certainty import status_line
from ..model.model import Prisoner, Site
from ..names import collation
from ..names.search import name_keys
from ..names.translit import slugify
from .personparts import PersonParts, part
from .urls import page_path


@dataclass(frozen=True, slots=True)
class Letter:
    """A first letter of the list, and where it begins."""

    letter: str
    page: int
    anchor: str


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of a list: its number (from 1), the number of pages, its people, the
    letters of the whole list, and the anchor at the first person of each letter that
    begins on this page (by slug)."""

    number: int
    count: int
    people: tuple[Prisoner, ...]
    letters: tuple[Letter, ...]
    anchors: dict[str, str]

    def shape(self) -> str:
        """What the page shows of the other pages (their number, where letters begin):
        a page whose people are the same is made again when this changes."""
        letters = [(x.letter, x.page) for x in self.letters]
        return hashlib.blake2b(json.dumps([self.count, letters]).encode(),
                               digest_size=8).hexdigest()


def sort_key(name: str, person: Prisoner, locale: str) -> tuple:
    """Named people by name in the order of `locale`'s alphabet (names/collation.py),
    then the withheld by file name."""
    if person.name_withheld:
        return (1, b"", person.slug)
    return (0, collation.sort_key(name, locale), person.slug)


def paginate(site: Site, lang: str, people: list[Prisoner], size: int,
             name: str = "") -> list[ListPage]:
    """The pages of a list of `people` in `lang` (one page when they fit on one); a list
    `name` (e.g. its status) keeps its pages while the same people are in it (the live
    preview plans every page after each edit)."""
    if not name:
        return _paginate(site, lang, people, size)
    return _LISTS.get(site.config, (tuple(people), size), lambda: _paginate(
        site, lang, people, size), (lang, name))


_LISTS = ByObject()


def _paginate(site: Site, lang: str, people: list[Prisoner], size: int) -> list[ListPage]:
    named = _names(site, lang, people)
    names = {slug: name for slug, (name, _) in named.items()}
    ordered = sorted(people, key=lambda p: named[p.slug][1])
    count = max(1, -(-len(ordered) // size))
    locale = site.config.language(lang).locale
    letters: list[Letter] = []
    anchors: list[dict[str, str]] = [{} for _ in range(count)]
    last = None
    for i, person in enumerate(ordered):
        if person.name_withheld:
            continue
        key = collation.letter_key(names[person.slug], locale)
        if key != last:
            anchor = f"letter-{len(letters) + 1}"
            letters.append(Letter(collation.initial(names[person.slug], locale),
                                  i // size + 1, anchor))
            anchors[i // size][person.slug] = anchor
            last = key
    return [ListPage(n + 1, count, tuple(ordered[n * size:(n + 1) * size]), tuple(letters),
                     anchors[n]) for n in range(count)]


def _names(site: Site, lang: str, people: list[Prisoner]) -> dict[str, tuple[str, tuple]]:
    """Each person's name in `lang` and the key the list is sorted by, by slug (kept per
    person record while the site's settings are the same: the live preview)."""
    i18n, locale = translator(site, lang), site.config.language(lang).locale

    def named(person: Prisoner) -> tuple[str, tuple]:
        picked = i18n.pick(person.name)
        name = picked.text if picked else person.slug
        return name, sort_key(name, person, locale)

    return {p.slug: _NAMED.get(p, site.config, lambda p=p: named(p), lang) for p in people}


_NAMED = ByObject()


def region_key(facility, site: Site) -> str:
    """A facility's region as a filter value: its name in the default language, as a slug."""
    return slugify(facility.region.get(site.config.default_language) or "")


def filter_values(site: Site, person: Prisoner) -> dict[str, str]:
    """What the list's filters match on: each filter's values, space-separated."""
    facility = site.facilities.get(person.held_at) if person.held_at else None
    return {
        "status": person.status, "role": " ".join(person.roles),
        "facility": person.held_at or "",
        "region": region_key(facility, site) if facility else "",
        "wave": " ".join(e.wave for e in person.events if e.wave),
        "article": " ".join(a for e in person.events for a in e.articles),
    }


FILTERS = ("status", "role", "facility", "region", "wave", "article")


def listed_people(site: Site) -> tuple[Prisoner, ...]:
    """The people the lists of political prisoners show and count: not those whose profile
    says `political_prisoner: false` (they stay on the timeline and their own page)."""
    return tuple(p for p in site.prisoners if p.political_prisoner)


def filter_rows(site: Site, lang: str, parts: PersonParts | None = None) -> bytes:
    """Every shown person of the list, sorted as the list is, as one compact JSON file:
    {"fields": [...], "people": [[slug, name, name keys, status, role, ..., meta], ...]};
    `meta` is the status as the card shows it (certainty.status_line: "(reportedly)" where
    it is reported, and the date it was verified). `parts`: the rows kept by earlier builds
    (personparts.py)."""
    key, i18n = (site.config, site.facilities, site.strings), translator(site, lang)
    rows = [_ROWS.get(p, key, lambda p=p: part(parts, f"row/{lang}", p,
                                               lambda: _row(site, i18n, p)), lang)
            for p in listed_people(site) if not p.name_withheld]
    locale = site.config.language(lang).locale
    rows.sort(key=lambda row: sort_key(row[1], site.by_slug[row[0]], locale))
    return (json.dumps({"fields": ["slug", "name", "keys", *FILTERS, "meta"], "people": rows},
                       ensure_ascii=False, separators=(",", ":")) + "\n").encode()


_ROWS = ByObject()
"""Each person's row of the filters' file per language, while the person's record and
the site's settings, facilities and strings are the same objects (the live preview)."""


def _row(site: Site, i18n: Translator, person: Prisoner) -> list[str]:
    name = i18n.pick(person.name)
    return [person.slug, name.text if name else person.slug, " ".join(name_keys(person)),
            *filter_values(site, person).values(), status_line(i18n, person)]


def list_files(site: Site, parts: PersonParts | None = None) -> Iterator[tuple[str, bytes]]:
    """The filters' file of each language, when the list of everyone is paged."""
    if len(listed_people(site)) > site.config.list_page_size:
        for lang in site.config.codes:
            yield page_path("prisoners", lang) + "people.json", filter_rows(site, lang, parts)
