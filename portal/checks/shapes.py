"""The shape of every kind of record, in schema.py's terms: the site settings, sources,
profiles and their events, facilities, release waves, statistics, actions, the letter
guide, statements and pages. Each record's own checks (types, lengths, references,
languages) come from its shape."""

from __future__ import annotations

import re

from ..content.records import (
    Gendered,
    Lines,
    List,
    Local,
    LocalOrText,
    PerLanguage,
    Record,
    Settings,
)
from ..content.schema import GENDERS, SLUG, Choice, Country, Date, Flag, Number, Ref, Text
from ..limits import NAME_CHARS, SUMMARY_CHARS, TITLE_CHARS, URL_CHARS

STATUS = ("imprisoned", "re-arrested", "released", "exiled", "deceased")


ROLES = ("journalist", "blogger", "human-rights-defender", "rights-group-member", "politician",
         "activist", "lawyer", "trade-unionist", "foreign-national")


EVENTS = ("detained", "charged", "sentenced", "transferred", "hunger-strike", "incommunicado",
          "released", "re-arrested", "died", "other")


SOURCES = List(Ref("sources"), unique=True)


PUBLIC_NAMES = List(Text(longest=NAME_CHARS), unique=True)
"""Public people's names a record may hold although they look like a withheld person's,
exactly as written (the leak guard's allowance: names/allowance.py)."""


REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
"""A GitHub repository, `owner/name`: the web editor's (site.yaml `editor.repo`)."""


LANGUAGE = Record({"code": Text(re.compile(r"^[a-z]{2,3}$"), "use a two-letter code, e.g. pl"),
                   "locale": Text(), "fallback": List(Text(), unique=True)},
                  required=("code", "locale"), name="language")


SITE = Record({
    "title": Local(TITLE_CHARS), "tagline": Local(SUMMARY_CHARS), "base_url": Text(re.compile(r"^https?://"),
                                                           "write a full URL: https://…"),
    "default_language": Text(), "languages": List(LANGUAGE), "menu": List(Text(), unique=True),
    "home": Settings({"statements": Number(1, 100, default=3),
                      "waves": Number(1, 100, default=3)}, name="group of settings"),
    "mirrors": List(Text(re.compile(r"^https?://"), "write a full URL: https://…", URL_CHARS)),
    "onion": Text(re.compile(r"^https?://[a-z2-7]{56}\.onion/?$"),
                  "write the full onion address: http://….onion/"),
    "offline_copy": Flag(default=True), "share_images": Flag(default=True),
    "lists": Settings({"page_size": Number(1, 100_000, default=200)}, name="group of settings"),
    "data_licence": Record({"name": Text(), "url": Text(re.compile(r"^https?://"),
                                                        "write a full URL: https://…")},
                           required=("name", "url"), name="licence"),
    "checks": Settings({"verified_max_age_days": Number(1, 36_500, default=365),
                        "translations": PerLanguage(Number(0, 100))}, name="group of settings"),
    "editor": Record({"repo": Text(REPO, "write the GitHub repository as owner/name, "
                                         "e.g. belarus-portal/portal"),
                      "branch": Text(default="main")}, required=("repo",), name="editor"),
}, required=("title", "base_url", "default_language", "languages", "menu"), name="site")


SOURCE = Record({"id": Text(SLUG, "use lowercase letters, digits and hyphens"),
                 "title": LocalOrText(TITLE_CHARS), "publisher": LocalOrText(TITLE_CHARS),
                 "untitled": Flag(), "secondary": Flag(), "date": Date(),
                 "url": Text(re.compile(r"^https?://"), "write a full URL: https://…", URL_CHARS),
                 "note": Local(), "public_names": PUBLIC_NAMES,
                 "also_known_as": List(Text(longest=TITLE_CHARS))},
                required=("id", "title", "publisher"), name="source")


TERM = Record({"years": Number(0, 100, default=0), "months": Number(0, 1200, default=0),
               "life": Flag(default=False), "death": Flag(default=False)},
              name="term")


EVENT = Record({
    "type": Choice(*EVENTS), "date": Date(), "term": TERM, "articles": List(Text()),
    "wave": Ref("waves"), "destination": Country(), "facility": Ref("facilities"),
    "note": Local(), "sources": SOURCES,
    "reported": List(Choice("type", "date", "term", "destination", "facility"), unique=True),
}, required=("type", "sources"), name="event")


PRISONER = Record({
    "name": Local(NAME_CHARS), "aliases": List(Text(longest=NAME_CHARS)),
    "gender": Choice(*GENDERS), "born": Date(),
    "status": Choice(*STATUS), "verified": Date(),
    "roles": List(Choice(*ROLES), unique=True), "facility": Ref("facilities"),
    "flags": List(Choice("incommunicado", "humanitarian-list"), unique=True),
    "name_withheld": Flag(), "political_prisoner": Flag(default=True),
    "distinct_from": List(Ref("prisoners"), unique=True),
    "events": List(EVENT), "summary": Local(SUMMARY_CHARS),
    "biography": Local(),
    "photo": Record({"file": Text(), "credit": Text(), "alt": Local()},
                    required=("file", "credit", "alt"), name="photo"),
    "sources": SOURCES, "reported": List(Choice("status"), unique=True),
    "public_names": PUBLIC_NAMES,
}, required=("name", "gender", "status", "verified", "summary", "sources"), name="prisoner")


FACILITY = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("pre-trial", "colony", "prison", "open-type"),
    "name": Local(TITLE_CHARS), "city": Local(TITLE_CHARS), "region": Local(TITLE_CHARS),
    "envelope": Record({"ru": Lines(), "be": Lines()}, required=("ru", "be"), name="envelope"),
    "latin": Lines(), "notes": Local(), "address_verified": Date(), "sources": SOURCES,
    "public_names": PUBLIC_NAMES,
}, required=("id", "kind", "name", "city", "envelope", "sources"), name="facility")


WAVE = Record({
    "id": Text(SLUG, "use the date, e.g. 2025-09-11"), "date": Date(),
    "released": Number(1), "political": Number(0),
    "mechanism": Choice("pardon", "amnesty", "exchange", "deal", "parole"),
    "destinations": List(Country(), unique=True), "people": List(Ref("prisoners"), unique=True),
    "names_withheld": Flag(), "summary": Local(), "sources": SOURCES,
    "public_names": PUBLIC_NAMES,
    "reported": List(Choice("date", "released", "political", "mechanism", "destinations"),
                     unique=True),
}, required=("id", "date", "summary", "sources"), name="release wave")


STAT = Record({"date": Date(), "count": Number(1),
               "qualifier": Choice("exact", "about", "nearly", "over", default="exact"),
               "note": Local(), "sources": SOURCES},
              required=("date", "count", "sources"), name="statistics point")


ACTION = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("write", "parcel", "support-family", "donate", "share", "advocate", "other"),
    "title": Local(TITLE_CHARS), "text": Local(),
    "partner": Record({"name": LocalOrText(TITLE_CHARS), "url": Text(re.compile(r"^https?://"),
                                                   "write a full URL: https://…")},
                      required=("name",), name="partner"),
    "safety": Local(), "sources": SOURCES, "public_names": PUBLIC_NAMES,
}, required=("id", "kind", "title", "text", "sources"), name="action")


RULE = Record({"text": Local(), "sources": SOURCES}, required=("text", "sources"), name="rule")


PHRASE = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "occasion": Choice("general", "support", "daily", "birthday", "holiday", "closing"),
    "ru": Gendered(), "be": Gendered(), "meaning": Local(),
}, required=("id", "occasion", "ru", "be", "meaning"), name="phrase")


LETTERS = Record({
    "rules": Record({"do": List(RULE), "avoid": List(RULE)}, required=("do", "avoid"),
                    name="rules"),
    "envelope": Record({"example_facility": Ref("facilities")}, name="envelope"),
    "delivery": Record({"days": Number(1, 365), "sources": SOURCES}, required=("days", "sources"),
                       name="delivery time"),
    "avoid_words": Record({"ru": List(Text()), "be": List(Text()), "sources": SOURCES},
                          required=("ru", "be", "sources"), name="words to avoid"),
    "phrases": List(PHRASE),
    "services": List(Record({
        "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
        "name": LocalOrText(TITLE_CHARS), "url": Text(re.compile(r"^https://"), "write a full URL: "
                                                "https://…", URL_CHARS),
        "how": Local(), "safety": Local(), "sources": SOURCES,
    }, required=("id", "name", "url", "how", "sources"), name="letter service")),
}, required=("rules", "phrases"), name="letter guide")


TRANSLATED_FROM = Record({"lang": Text(), "hash": Text(re.compile(r"^[0-9a-f]{12}$"),
                                                     "let `.venv/bin/python build.py translations "
                                                     "--mark-current FILE` write it")},
                         required=("lang", "hash"), name="translation record")


STATEMENT = Record({
    "title": Text(), "date": Date(past=False), "author": Text(), "publisher": Text(),
    "sources": SOURCES,
    "summary": Text(longest=SUMMARY_CHARS), "scheduled": Flag(),
    "people": List(Ref("prisoners"), unique=True), "updated": Date(),
    "translated_from": TRANSLATED_FROM, "public_names": PUBLIC_NAMES,
}, required=("title", "date", "sources"), name="statement", one_of=("author", "publisher"),
    one_of_fix="write who wrote it in `author:` or the organisation that issued it in "
               "`publisher:`, or both")


PAGE = Record({"title": Text(), "summary": Text(longest=SUMMARY_CHARS), "updated": Date(),
               "template": Choice("page.html", "help.html", "write.html"),
               "translated_from": TRANSLATED_FROM, "public_names": PUBLIC_NAMES},
              required=("title",), name="page")


BUILT_IN_SECTIONS = ("prisoners", "statements", "timeline", "birthdays", "search")
