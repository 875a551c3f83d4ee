"""The site model: frozen records built once from validated documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.dates import PartialDate
from .helping import Action, LetterGuide
from .values import LocalText, Origin


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    locale: str
    fallback: tuple[str, ...]
    """Languages tried, in order, when a text is missing in this one."""


@dataclass(frozen=True, slots=True)
class Config:
    title: LocalText
    tagline: LocalText
    base_url: str
    default_language: str
    languages: tuple[Language, ...]
    menu: tuple[str, ...]
    home_statements: int = 3
    home_waves: int = 3
    translation_gate: Mapping[str, float] = field(default_factory=dict)
    data_licence: Mapping[str, str] = field(default_factory=dict)
    mirrors: tuple[str, ...] = ()
    """Other addresses where the same site is published."""
    onion: str | None = None
    """The site's address on Tor, if any."""
    offline_copy: bool = True
    """Offer the whole site as a zip to open from disk."""
    share_images: bool = True
    """Draw an image for shared links to each profile and statement."""
    list_page_size: int = 200
    """People on one page of a list; a longer list is cut into pages (paging.py)."""
    verified_max_age: int = 365
    """Days a status stays current after it was verified (`checks: verified_max_age_days`):
    older, the site no longer says the person is held "now" (certainty.py)."""
    """The licence of the open data: name and URL."""
    """Language → the share of translations (percent) `check` requires to be current."""

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    """The title as written (or its default-language form, when translated)."""
    publisher: str
    date: PartialDate | None
    url: str | None
    note: LocalText
    origin: Origin
    titles: LocalText = LocalText()
    """The title per language: only a description (`untitled`) is translated."""
    publishers: LocalText = LocalText()
    """The publisher's name per language, where the languages name it differently."""
    untitled: bool = False
    """The document has no title of its own: `title` describes it (shown without quotes)."""
    secondary: bool = False
    """Secondary reporting, still to be checked: facts resting on it are shown as reported."""


@dataclass(frozen=True, slots=True)
class Term:
    """A sentence: years and months, or life, or death."""

    years: int = 0
    months: int = 0
    life: bool = False
    death: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    date: PartialDate | None
    term: Term | None
    articles: tuple[str, ...]
    wave: str | None
    destination: str | None
    facility: str | None
    note: LocalText
    sources: tuple[str, ...]
    reported: tuple[str, ...] = ()
    """Fields known only from secondary reporting, shown as "reportedly"."""


@dataclass(frozen=True, slots=True)
class Photo:
    file: str
    credit: str
    alt: LocalText


@dataclass(frozen=True, slots=True)
class Prisoner:
    slug: str
    name: LocalText
    aliases: tuple[str, ...]
    gender: str
    born: PartialDate | None
    status: str
    verified: PartialDate
    roles: tuple[str, ...]
    facility: str | None
    flags: tuple[str, ...]
    name_withheld: bool
    events: tuple[Event, ...]
    summary: LocalText
    biography: LocalText
    photo: Photo | None
    sources: tuple[str, ...]
    origin: Origin
    distinct_from: tuple[str, ...] = ()
    """Withheld people this person's name, written in full, may look like (leak guard)."""
    public_names: tuple[str, ...] = ()
    """Public names the profile may hold although they look like a withheld person's."""
    reported: tuple[str, ...] = ()
    """Fields known only from secondary reporting (`status`), shown as "reportedly"."""
    political_prisoner: bool = True
    """False: no source shows this person as a political prisoner. The profile stays
    (the timeline and statements link it) but the lists of political prisoners and
    their counts leave the person out."""

    @property
    def held(self) -> bool:
        """In detention now, so letters may reach them."""
        return self.status in HELD_STATUSES

    @property
    def held_at(self) -> str | None:
        """The facility where the person is held now: `facility` while held, else None (a
        facility kept in a released person's profile is where they were held)."""
        return self.facility if self.held else None


HELD_STATUSES = ("imprisoned", "re-arrested")
STATUSES = ("imprisoned", "re-arrested", "released", "exiled", "deceased")
"""In the order the prisoners list shows them."""


@dataclass(frozen=True, slots=True)
class Facility:
    id: str
    kind: str
    name: LocalText
    city: LocalText
    region: LocalText
    envelope: Mapping[str, tuple[str, ...]]
    """Envelope lines by script language (`ru`, `be`), exactly as published."""
    latin: tuple[str, ...]
    notes: LocalText
    address_verified: PartialDate | None
    sources: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Wave:
    id: str
    date: PartialDate
    released: int | None
    political: int | None
    mechanism: str | None
    destinations: tuple[str, ...]
    people: tuple[str, ...]
    names_withheld: bool
    summary: LocalText
    sources: tuple[str, ...]
    origin: Origin
    reported: tuple[str, ...] = ()
    """Fields known only from secondary reporting, shown as "reportedly"."""


@dataclass(frozen=True, slots=True)
class StatPoint:
    date: PartialDate
    count: int
    qualifier: str
    note: LocalText
    sources: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Translation:
    """One language version of a statement or page: its own words."""

    lang: str
    title: str
    summary: str
    body: str
    origin: Origin
    author: str = ""
    """Who wrote the statement, a person or a body (front matter `author`), as written in
    this language, if given; the page labels it "Author"."""
    publisher: str = ""
    """The organisation that issued or published the statement (front matter
    `publisher`), as written in this language, if given; the page labels it
    "Published by"."""
    stale: bool = False
    """Translated from a version of the source that has changed since."""
    source_lang: str | None = None
    """The language this version was translated from, if it is a translation."""


@dataclass(frozen=True, slots=True)
class Statement:
    slug: str
    date: PartialDate
    author: str
    """Who wrote it, a person or a body, as the original names it ("" if not given)."""
    sources: tuple[str, ...]
    people: tuple[str, ...]
    translations: Mapping[str, Translation]
    publisher: str = ""
    """The organisation that issued or published it, as the original names it ("" if not
    given). A statement has an author, a publisher or both."""
    updated: PartialDate | None = None
    """When the original was last changed, if the editors recorded it."""


@dataclass(frozen=True, slots=True)
class Page:
    slug: str
    template: str
    translations: Mapping[str, Translation]
    updated: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the build knows, frozen, with lookups built once."""

    config: Config
    strings: Mapping[str, Mapping[str, Any]]
    """Language → flattened key → text, plural map or gender map."""
    sources: Mapping[str, Source]
    prisoners: tuple[Prisoner, ...]
    facilities: Mapping[str, Facility]
    waves: tuple[Wave, ...]
    """Oldest first."""
    statistics: tuple[StatPoint, ...]
    """Oldest first."""
    statements: tuple[Statement, ...]
    """Newest first."""
    pages: Mapping[str, Page]
    actions: tuple[Action, ...]
    letters: LetterGuide
    by_slug: Mapping[str, Prisoner] = field(default_factory=dict)
    waves_by_id: Mapping[str, Wave] = field(default_factory=dict)
    mentions: Mapping[str, tuple[Statement, ...]] = field(default_factory=dict)
    """Person's slug → the statements about them, newest first."""
    translation_items: tuple = ()
    """Every translatable text in every language with its status (translations.Item)."""
    pictures: Mapping[str, Any] = field(default_factory=dict)
    """Photo file name → its renditions (photos.Picture), for each photo a shown profile uses."""
    public_names: frozenset[str] = frozenset()
    """Every public name a record lists in `public_names`: the leak guard accepts each,
    spelt exactly so, in what is published (names/allowance.py)."""


