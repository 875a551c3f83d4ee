"""Check every document against its schema and against the others; return every problem."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable

from babel import Locale, UnknownLocaleError

from .advice import advise
from .chronology import certainly_before, check_born, check_publication, is_scheduled
from .dates import parse_date
from .lettercheck import letter_warnings
from .limits import NAME_CHARS, SUMMARY_CHARS, TITLE_CHARS, URL_CHARS
from .load import Document, Tree
from .markdowncheck import check_markdown
from .memo import Memo, fingerprint, remembered
from .nameforms import names_of, slug_from_name
from .photos import photo_problem
from .problems import Problem
from .schema import (
    GENDERS,
    SLUG,
    Choice,
    Context,
    Country,
    Date,
    Flag,
    Gendered,
    Lines,
    List,
    Local,
    LocalOrText,
    Number,
    PerLanguage,
    Record,
    Ref,
    Text,
    ident,
)
from .sharedfacts import check_shared_facts
from .sourcing import check_sourcing, verified_warnings
from .stringcheck import check_strings
from .style import style_warnings

STATUS = ("imprisoned", "re-arrested", "released", "exiled", "deceased")
ROLES = ("journalist", "blogger", "human-rights-defender", "rights-group-member", "politician",
         "activist", "lawyer", "trade-unionist", "foreign-national")
EVENTS = ("detained", "charged", "sentenced", "transferred", "hunger-strike", "incommunicado",
          "released", "re-arrested", "died", "other")
SOURCES = List(Ref("sources"), unique=True)

LANGUAGE = Record({"code": Text(re.compile(r"^[a-z]{2,3}$"), "use a two-letter code, e.g. pl"),
                   "locale": Text(), "fallback": List(Text(), unique=True)},
                  required=("code", "locale"), name="language")
SITE = Record({
    "title": Local(TITLE_CHARS), "tagline": Local(SUMMARY_CHARS), "base_url": Text(re.compile(r"^https?://"),
                                                           "write a full URL: https://…"),
    "default_language": Text(), "languages": List(LANGUAGE), "menu": List(Text(), unique=True),
    "home": Record({"statements": Number(1, 100), "waves": Number(1, 100)}),
    "mirrors": List(Text(re.compile(r"^https?://"), "write a full URL: https://…", URL_CHARS)),
    "onion": Text(re.compile(r"^https?://[a-z2-7]{56}\.onion/?$"),
                  "write the full onion address: http://….onion/"),
    "offline_copy": Flag(), "share_images": Flag(),
    "lists": Record({"page_size": Number(1, 100_000)}),
    "data_licence": Record({"name": Text(), "url": Text(re.compile(r"^https?://"),
                                                        "write a full URL: https://…")},
                           required=("name", "url"), name="licence"),
    "checks": Record({"verified_max_age_days": Number(1, 36_500),
                      "translations": PerLanguage(Number(0, 100))}),
}, required=("title", "base_url", "default_language", "languages", "menu"), name="site")

SOURCE = Record({"id": Text(SLUG, "use lowercase letters, digits and hyphens"),
                 "title": LocalOrText(TITLE_CHARS), "publisher": LocalOrText(TITLE_CHARS),
                 "untitled": Flag(), "secondary": Flag(), "date": Date(),
                 "url": Text(re.compile(r"^https?://"), "write a full URL: https://…", URL_CHARS),
                 "note": Local()}, required=("id", "title", "publisher"), name="source")

TERM = Record({"years": Number(0, 100), "months": Number(0, 1200), "life": Flag(),
               "death": Flag()},
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
    "name_withheld": Flag(), "distinct_from": List(Ref("prisoners"), unique=True),
    "events": List(EVENT), "summary": Local(SUMMARY_CHARS),
    "biography": Local(),
    "photo": Record({"file": Text(), "credit": Text(), "alt": Local()},
                    required=("file", "credit", "alt"), name="photo"),
    "sources": SOURCES, "reported": List(Choice("status"), unique=True),
}, required=("name", "gender", "status", "verified", "summary", "sources"), name="prisoner")

FACILITY = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("pre-trial", "colony", "prison", "open-type"),
    "name": Local(TITLE_CHARS), "city": Local(TITLE_CHARS), "region": Local(TITLE_CHARS),
    "envelope": Record({"ru": Lines(), "be": Lines()}, required=("ru", "be"), name="envelope"),
    "latin": Lines(), "notes": Local(), "address_verified": Date(), "sources": SOURCES,
}, required=("id", "kind", "name", "city", "envelope", "sources"), name="facility")

WAVE = Record({
    "id": Text(SLUG, "use the date, e.g. 2025-09-11"), "date": Date(),
    "released": Number(1), "political": Number(0),
    "mechanism": Choice("pardon", "amnesty", "exchange", "deal", "parole"),
    "destinations": List(Country(), unique=True), "people": List(Ref("prisoners"), unique=True),
    "names_withheld": Flag(), "summary": Local(), "sources": SOURCES,
    "reported": List(Choice("date", "released", "political", "mechanism", "destinations"),
                     unique=True),
}, required=("id", "date", "summary", "sources"), name="release wave")

STAT = Record({"date": Date(), "count": Number(1),
               "qualifier": Choice("exact", "about", "nearly", "over"),
               "note": Local(), "sources": SOURCES},
              required=("date", "count", "sources"), name="statistics point")

ACTION = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("write", "parcel", "support-family", "donate", "share", "advocate", "other"),
    "title": Local(TITLE_CHARS), "text": Local(),
    "partner": Record({"name": LocalOrText(TITLE_CHARS), "url": Text(re.compile(r"^https?://"),
                                                   "write a full URL: https://…")},
                      required=("name",), name="partner"),
    "safety": Local(), "sources": SOURCES,
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
    "title": Text(), "date": Date(past=False), "author": Text(), "sources": SOURCES,
    "summary": Text(longest=SUMMARY_CHARS), "scheduled": Flag(),
    "people": List(Ref("prisoners"), unique=True), "updated": Date(),
    "translated_from": TRANSLATED_FROM,
}, required=("title", "date", "author", "sources"), name="statement")
PAGE = Record({"title": Text(), "summary": Text(longest=SUMMARY_CHARS), "updated": Date(),
               "template": Choice("page.html", "help.html", "write.html"),
               "translated_from": TRANSLATED_FROM},
              required=("title",), name="page")

BUILT_IN_SECTIONS = ("prisoners", "statements", "timeline", "birthdays", "search")


def validate(tree: Tree, today: dt.date | None = None,
             memo: Memo | None = None) -> list[Problem]:
    """Return every problem in the tree: what reading found, schema, references, languages,
    strings; and, when the structure is sound, the warnings as of `today`. A file that
    could not be read is left out of the checks (its problem says why), so its mistake
    does not hide the others'. With a `memo`, the checks of a profile whose document and
    surroundings are unchanged are not run again."""
    today = today or dt.date.today()
    site = tree.site.data if isinstance(tree.site.data, dict) else {}
    languages = _languages(site)
    ctx = Context(languages, _ids(tree), unknown=_unknown_kinds(tree), today=today)
    ctx.problems += tree.problems
    broken = tree.broken
    if tree.site.path not in broken:
        SITE.check(site, tree.site, (), ctx)
        _check_languages(tree, site, ctx)
    _check_list(tree.sources, SOURCE, ctx, "sources", broken)
    photos = tree.root / "content" / "photos"
    key = (languages, today, ctx.unknown, *(fingerprint(ids) for _, ids in sorted(ctx.ids.items())),
           fingerprint(p.name for p in photos.iterdir()) if photos.is_dir() else b"")
    for doc in tree.prisoners:
        if doc.path not in broken:
            ctx.problems += remembered(memo, "check", doc, key, lambda doc=doc: _own_problems(
                ctx, lambda own: _check_profile(doc, own, tree.root, today)))
    _check_distinct(tree, ctx)
    _check_list(tree.facilities, FACILITY, ctx, "facilities", broken)
    _check_list(tree.releases, WAVE, ctx, "waves", broken)
    _check_waves(tree.releases, ctx)
    _check_list(tree.statistics, STAT, ctx, None, broken)
    _check_list(tree.actions, ACTION, ctx, "actions", broken)
    if tree.letters.path not in broken:
        LETTERS.check(tree.letters.data, tree.letters, (), ctx)
    for kind, docs, spec in (("statement", tree.statements, STATEMENT),
                             ("page", tree.pages, PAGE)):
        for doc in docs:
            if doc.path not in broken:
                ctx.problems += remembered(memo, "check", doc, key, lambda doc=doc, spec=spec,
                                           kind=kind: _own_problems(ctx, lambda own: (
                                               _check_content_file(doc, spec, own, kind))))
    for docs in (tree.statements, tree.pages):
        _check_translation_sources(tuple(d for d in docs if d.path not in broken), ctx)
    check_shared_facts(tuple(d for d in tree.statements if d.path not in broken),
                       site.get("default_language"), ctx)
    _check_menu(tree, site, ctx)
    check_sourcing(tree, ctx, {"prisoner": PRISONER, "event": EVENT, "wave": WAVE})
    check_strings(tree, site, ctx)
    check_markdown(tree, ctx, withheld_slugs(tree), scheduled_slugs(tree, today), memo)
    if not any(not p.warning for p in ctx.problems):
        ctx.problems += advise(tree, languages, today, memo)
        ctx.problems += verified_warnings(tree, memo) + letter_warnings(tree)
        ctx.problems += style_warnings(tree, languages, memo)
    return ctx.problems


def _check_distinct(tree: Tree, ctx: Context) -> None:
    """`distinct_from` names only people whose names are withheld."""
    withheld = withheld_slugs(tree)
    for doc in tree.prisoners:
        others = doc.data.get("distinct_from") if isinstance(doc.data, dict) else None
        for i, slug in enumerate(others if isinstance(others, list) else ()):
            if isinstance(slug, str) and slug in ctx.ids["prisoners"] and slug not in withheld:
                ctx.report(doc, ("distinct_from", i), f'"{slug}" is not a person whose name '
                           "is withheld", "list only withheld people whose names this "
                           "person's name looks like")


def withheld_slugs(tree: Tree) -> set[str]:
    """The slugs of people whose names are withheld."""
    return {doc.stem for doc in tree.prisoners
            if isinstance(doc.data, dict) and doc.data.get("name_withheld") is True}


def scheduled_slugs(tree: Tree, today: dt.date) -> set[str]:
    """The statements scheduled for after the build date (not published yet)."""
    return {doc.name.split(".")[0] for doc in tree.statements if is_scheduled(doc.data, today)}


def _unknown_kinds(tree: Tree) -> frozenset[str]:
    """Kinds of record whose file could not be read (references to them go unchecked)."""
    files = {"sources": tree.sources, "facilities": tree.facilities, "waves": tree.releases}
    return frozenset(kind for kind, doc in files.items() if doc.path in tree.broken)


def _own_problems(ctx: Context, check: Callable[[Context], None]) -> list[Problem]:
    """The problems `check` finds in one document on its own (references checked
    against `ctx.ids`), so that they can be remembered for that document."""
    own = Context(ctx.languages, ctx.ids, unknown=ctx.unknown, today=ctx.today)
    check(own)
    return own.problems


def profile_problems(doc: Document, ids: dict[str, set[str]], languages: tuple[str, ...],
                     root, today: dt.date) -> list[Problem]:
    """The problems one profile has on its own, its references checked against `ids` (the
    ids of sources, facilities, waves and profiles): what the live preview checks before
    showing a saved profile's own pages, ahead of the checks of the whole site."""
    ctx = Context(languages, ids, today=today)
    _check_profile(doc, ctx, root, today)
    return ctx.problems


def _check_profile(doc: Document, ctx: Context, root, today: dt.date) -> None:
    _check_slug(doc, ctx)
    PRISONER.check(doc.data, doc, (), ctx)
    _check_prisoner(doc, ctx, root)


def _languages(site: dict) -> tuple[str, ...]:
    langs = site.get("languages") if isinstance(site.get("languages"), list) else []
    return tuple(x["code"] for x in langs if isinstance(x, dict) and isinstance(x.get("code"), str))


def _ids(tree: Tree) -> dict[str, set[str]]:
    def of(doc: Document) -> set[str]:
        items = doc.data if isinstance(doc.data, list) else []
        return {ident(x["id"]) for x in items if isinstance(x, dict)
                and isinstance(ident(x.get("id")), str)}

    return {"sources": of(tree.sources), "facilities": of(tree.facilities),
            "waves": of(tree.releases),
            "prisoners": {d.stem for d in tree.prisoners}}


def _check_list(doc: Document, spec: Record, ctx: Context, kind: str | None,
                broken: frozenset[str] = frozenset()) -> None:
    if doc.path in broken:
        return
    if not isinstance(doc.data, list):
        ctx.report(doc, (), f"the file must be a list of {spec.name}s",
                   "start each entry with `- `")
        return
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data):
        spec.check(item, doc, (i,), ctx)
        key = ident(item.get("id")) if isinstance(item, dict) else None
        if kind and isinstance(key, str):
            if key in seen:
                ctx.report(doc, (i, "id"), f'"{key}" is used twice (also entry {seen[key]})',
                           "give each entry its own id")
            seen.setdefault(key, i)


def _check_slug(doc: Document, ctx: Context) -> None:
    slug = doc.stem
    if not SLUG.match(slug):
        ctx.report(doc, (), f'the file name "{slug}" is not a valid slug',
                   "rename the file: lowercase ASCII letters, digits and hyphens, "
                   "e.g. ihar-losik.yaml")


PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".webp")


def _check_photo(doc: Document, data: dict, ctx: Context, root) -> None:
    photo = data.get("photo")
    name = photo.get("file") if isinstance(photo, dict) else None
    if not isinstance(name, str):
        return
    path = ("photo", "file")
    if "/" in name or "\\" in name or not name.lower().endswith(PHOTO_TYPES):
        ctx.report(doc, path, f'"{name}" is not a photo file name',
                   "write the name of a .jpg, .png or .webp file in content/photos/")
    elif not (root / "content" / "photos" / name).exists():
        ctx.report(doc, path, f'content/photos/{name} does not exist',
                   "add the photo to content/photos/ or correct the name")
    elif problem := photo_problem(root, name):
        ctx.report(doc, path, *problem)


def _check_withheld_slug(doc: Document, data: dict, ctx: Context) -> None:
    """A withheld name must not be readable in the file name, which is the page address
    (and is shown to editors on /status/translations/): no word of it may come from any
    form of the name, however short."""
    if data.get("name_withheld") is True and slug_from_name(doc.stem, names_of(data)):
        ctx.report(doc, ("name_withheld",), "the file name contains the withheld name",
                   "rename the file to something that does not identify the person, "
                   "e.g. withheld-2.yaml")


def _check_names(doc: Document, data: dict, ctx: Context) -> None:
    """A name and each other spelling is one line without tabs (a line break is the
    schema's to report)."""
    names = data.get("name") if isinstance(data.get("name"), dict) else {}
    aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
    for path, text in [*((("name", k), v) for k, v in names.items()),
                       *((("aliases", i), v) for i, v in enumerate(aliases))]:
        if isinstance(text, str) and "\t" in text and "\n" not in text.strip():
            ctx.report(doc, path, "a name is one line of text, without tabs",
                       "write the name on one line, with single spaces")


def _check_prisoner(doc: Document, ctx: Context, root=None) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    _check_withheld_slug(doc, data, ctx)
    _check_names(doc, data, ctx)
    check_born(doc, data, ctx)
    if root is not None:
        _check_photo(doc, data, ctx, root)
    events = data.get("events") if isinstance(data.get("events"), list) else []
    dated = []
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        with contextlib.suppress(ValueError):
            dated.append((i, parse_date(event.get("date"))))
    _check_sequence(doc, events, ctx)
    reported = {(p.file, p.field) for p in ctx.problems}
    for (_, before), (i, after) in zip(dated, dated[1:], strict=False):
        field = f"events[{i}].date"
        if certainly_before(after, before) and (doc.path, field) not in reported:
            ctx.report(doc, ("events", i, "date"), f"{after} is earlier than the event before it",
                       "list events in time order, or correct the date")
    released = [e for e in events if isinstance(e, dict) and e.get("type") == "released"]
    if data.get("status") in ("released", "exiled") and not any(e.get("date")
                                                                  for e in released):
        ctx.report(doc, ("status",), f'"{data.get("status")}", but no `released` event has '
                   "a date", "add a `released` event with the date of release")


SEQUENCE = ("detained", "sentenced", "released")
"""A person is detained before being sentenced, and sentenced before being released."""


def _check_sequence(doc: Document, events: list, ctx: Context) -> None:
    first: dict[str, tuple[int, object]] = {}
    for i, event in enumerate(events):
        if isinstance(event, dict) and event.get("type") in SEQUENCE:
            with contextlib.suppress(ValueError):
                first.setdefault(event["type"], (i, parse_date(event.get("date"))))
    for a, b in ((0, 1), (1, 2), (0, 2)):
        earlier, later = SEQUENCE[a], SEQUENCE[b]
        if earlier in first and later in first:
            (_, d1), (j, d2) = first[earlier], first[later]
            if certainly_before(d2, d1):
                ctx.report(doc, ("events", j, "date"),
                           f"{later} on {d2}, before {earlier} on {d1}",
                           "check both dates against the sources")


def _check_waves(doc: Document, ctx: Context) -> None:
    for i, wave in enumerate(doc.data if isinstance(doc.data, list) else []):
        if not isinstance(wave, dict):
            continue
        released, people = wave.get("released"), wave.get("people") or []
        if isinstance(released, int) and isinstance(people, list) and len(people) > released:
            ctx.report(doc, (i, "people"), f"lists {len(people)} people, more than the "
                       f"{released} released", "correct `released` or the list of people")
        political = wave.get("political")
        if isinstance(released, int) and isinstance(political, int) and political > released:
            ctx.report(doc, (i, "political"), f"{political} is more than the {released} released",
                       "correct `political` or `released`")


def _check_content_file(doc: Document, spec: Record, ctx: Context, kind: str) -> None:
    name = doc.name
    parts = name.split(".")
    if len(parts) != 3 or parts[2] != "md":
        ctx.report(doc, (), f'"{name}" is not named <slug>.<language>.md',
                   "rename it, e.g. about.en.md")
        return
    slug, lang = parts[0], parts[1]
    if not SLUG.match(slug):
        ctx.report(doc, (), f'"{slug}" is not a valid slug',
                   "rename the file: lowercase ASCII letters, digits and hyphens")
    if ctx.languages and lang not in ctx.languages:
        ctx.report(doc, (), f'the language suffix ".{lang}" is not a configured language',
                   f"use one of: {', '.join(ctx.languages)} (or add it to data/site.yaml)")
    spec.check(doc.data, doc, (), ctx)
    if kind == "statement":
        check_publication(doc, ctx)
    if not doc.body.strip():
        ctx.problems.append(Problem(doc.path, doc.body_line, "body", f"the {kind} has no text",
                                    "write the text below the front matter"))


def _check_translation_sources(docs: tuple[Document, ...], ctx: Context) -> None:
    """`translated_from` names a configured language, not the file's own, whose version of
    the same statement or page exists."""
    versions = {tuple(d.name.split(".")[:2]) for d in docs}
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        record = data.get("translated_from")
        source = record.get("lang") if isinstance(record, dict) else None
        parts = doc.name.split(".")
        if not isinstance(source, str) or len(parts) != 3 or not ctx.languages:
            continue
        path = ("translated_from", "lang")
        if source not in ctx.languages:
            ctx.report(doc, path, f'"{source}" is not a configured language',
                       f"use one of: {', '.join(ctx.languages)}")
        elif source == parts[1]:
            ctx.report(doc, path, "a text cannot be translated from itself",
                       "write the language it was translated from, or remove translated_from")
        elif (parts[0], source) not in versions:
            ctx.report(doc, path, f"there is no {parts[0]}.{source}.md to translate from",
                       "correct the language, or remove translated_from")


def _check_languages(tree: Tree, site: dict, ctx: Context) -> None:
    languages = site.get("languages") if isinstance(site.get("languages"), list) else []
    for i, lang in enumerate(languages):
        if not isinstance(lang, dict):
            continue
        try:
            Locale.parse(str(lang.get("locale", "")).replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            ctx.report(tree.site, ("languages", i, "locale"),
                       f'"{lang.get("locale")}" is not a locale Babel knows',
                       "write a CLDR locale such as en, be, ru, pl")
        for j, code in enumerate(lang.get("fallback") or []):
            if code not in ctx.languages or code == lang.get("code"):
                ctx.report(tree.site, ("languages", i, "fallback", j),
                           f'"{code}" is not another configured language',
                           f"use one of: {', '.join(ctx.languages)}")
        if lang.get("code") in ctx.languages and lang.get("code") not in tree.strings:
            ctx.report(tree.site, ("languages", i, "code"),
                       f"no interface strings for \"{lang.get('code')}\"",
                       f"add data/strings/{lang.get('code')}.yaml")
    default = site.get("default_language")
    if ctx.languages and default not in ctx.languages:
        ctx.report(tree.site, ("default_language",),
                   f'"{default}" is not a configured language',
                   f"use one of: {', '.join(ctx.languages)}")


def _check_menu(tree: Tree, site: dict, ctx: Context) -> None:
    pages = {d.name.split(".")[0] for d in tree.pages}
    for i, item in enumerate(site.get("menu") or []):
        if item not in BUILT_IN_SECTIONS and item not in pages:
            ctx.report(tree.site, ("menu", i), f'"{item}" is neither a section nor a page',
                       f"use {', '.join(BUILT_IN_SECTIONS)} or the slug of a file in "
                       "content/pages/")


