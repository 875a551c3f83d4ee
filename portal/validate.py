"""Check every document against its schema and against the others; return every problem."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import string
from collections.abc import Callable

from babel import Locale, UnknownLocaleError

from .advice import advise
from .dates import parse_date
from .load import Document, Tree, format_path
from .markup import references
from .memo import Memo, fingerprint, remembered
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
    Number,
    PerLanguage,
    Record,
    Ref,
    Text,
    ident,
)
from .translit import slugify

STATUS = ("imprisoned", "re-arrested", "released", "exiled", "deceased")
ROLES = ("journalist", "blogger", "human-rights-defender", "politician", "activist",
         "lawyer", "trade-unionist", "foreign-national")
EVENTS = ("detained", "charged", "sentenced", "transferred", "hunger-strike", "incommunicado",
          "released", "re-arrested", "died", "other")
SOURCES = List(Ref("sources"), unique=True)

LANGUAGE = Record({"code": Text(re.compile(r"^[a-z]{2,3}$"), "use a two-letter code, e.g. pl"),
                   "locale": Text(), "fallback": List(Text(), unique=True)},
                  required=("code", "locale"), name="language")
SITE = Record({
    "title": Local(), "tagline": Local(), "base_url": Text(re.compile(r"^https?://"),
                                                           "write a full URL: https://…"),
    "default_language": Text(), "languages": List(LANGUAGE), "menu": List(Text(), unique=True),
    "home": Record({"statements": Number(1), "waves": Number(1)}),
    "mirrors": List(Text(re.compile(r"^https?://"), "write a full URL: https://…")),
    "onion": Text(re.compile(r"^https?://[a-z2-7]{56}\.onion/?$"),
                  "write the full onion address: http://….onion/"),
    "offline_copy": Flag(), "share_images": Flag(),
    "data_licence": Record({"name": Text(), "url": Text(re.compile(r"^https?://"),
                                                        "write a full URL: https://…")},
                           required=("name", "url"), name="licence"),
    "checks": Record({"verified_max_age_days": Number(1),
                      "translations": PerLanguage(Number(0))}),
}, required=("title", "base_url", "default_language", "languages", "menu"), name="site")

SOURCE = Record({"id": Text(SLUG, "use lowercase letters, digits and hyphens"),
                 "title": Text(), "publisher": Text(), "date": Date(),
                 "url": Text(re.compile(r"^https?://"), "write a full URL: https://…"),
                 "note": Local()}, required=("id", "title", "publisher"), name="source")

TERM = Record({"years": Number(), "months": Number(), "life": Flag(), "death": Flag()},
              name="term")
EVENT = Record({
    "type": Choice(*EVENTS), "date": Date(), "term": TERM, "articles": List(Text()),
    "wave": Ref("waves"), "destination": Country(), "facility": Ref("facilities"),
    "note": Local(), "sources": SOURCES,
}, required=("type", "sources"), name="event")
PRISONER = Record({
    "name": Local(), "aliases": List(Text()), "gender": Choice(*GENDERS), "born": Date(),
    "status": Choice(*STATUS), "verified": Date(),
    "roles": List(Choice(*ROLES), unique=True), "facility": Ref("facilities"),
    "flags": List(Choice("incommunicado", "humanitarian-list"), unique=True),
    "name_withheld": Flag(), "events": List(EVENT), "summary": Local(), "biography": Local(),
    "photo": Record({"file": Text(), "credit": Text(), "alt": Local()},
                    required=("file", "credit", "alt"), name="photo"),
    "sources": SOURCES,
}, required=("name", "gender", "status", "verified", "summary", "sources"), name="prisoner")

FACILITY = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("pre-trial", "colony", "prison", "open-type"),
    "name": Local(), "city": Local(), "region": Local(),
    "envelope": Record({"ru": Lines(), "be": Lines()}, required=("ru", "be"), name="envelope"),
    "latin": Lines(), "notes": Local(), "address_verified": Date(), "sources": SOURCES,
}, required=("id", "kind", "name", "city", "envelope", "sources"), name="facility")

WAVE = Record({
    "id": Text(SLUG, "use the date, e.g. 2025-09-11"), "date": Date(),
    "released": Number(1), "political": Number(0),
    "mechanism": Choice("pardon", "amnesty", "exchange", "deal", "parole"),
    "destinations": List(Country(), unique=True), "people": List(Ref("prisoners"), unique=True),
    "names_withheld": Flag(), "summary": Local(), "sources": SOURCES,
}, required=("id", "date", "summary", "sources"), name="release wave")

STAT = Record({"date": Date(), "count": Number(1),
               "qualifier": Choice("exact", "about", "nearly", "over"),
               "note": Local(), "sources": SOURCES},
              required=("date", "count", "sources"), name="statistics point")

ACTION = Record({
    "id": Text(SLUG, "use lowercase letters, digits and hyphens"),
    "kind": Choice("write", "parcel", "support-family", "donate", "share", "advocate", "other"),
    "title": Local(), "text": Local(),
    "partner": Record({"name": Text(), "url": Text(re.compile(r"^https?://"),
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
    "delivery": Record({"days": Number(1), "sources": SOURCES}, required=("days", "sources"),
                       name="delivery time"),
    "avoid_words": Record({"ru": List(Text()), "be": List(Text()), "sources": SOURCES},
                          required=("ru", "be", "sources"), name="words to avoid"),
    "phrases": List(PHRASE),
}, required=("rules", "phrases"), name="letter guide")

TRANSLATED_FROM = Record({"lang": Text(), "hash": Text(re.compile(r"^[0-9a-f]{12}$"),
                                                     "let `python build.py translations "
                                                     "--mark-current FILE` write it")},
                         required=("lang", "hash"), name="translation record")
STATEMENT = Record({
    "title": Text(), "date": Date(), "author": Text(), "sources": SOURCES, "summary": Text(),
    "people": List(Ref("prisoners"), unique=True), "updated": Date(),
    "translated_from": TRANSLATED_FROM,
}, required=("title", "date", "author", "sources"), name="statement")
PAGE = Record({"title": Text(), "summary": Text(), "updated": Date(),
               "template": Choice("page.html", "help.html", "write.html"),
               "translated_from": TRANSLATED_FROM},
              required=("title",), name="page")

BUILT_IN_SECTIONS = ("prisoners", "statements", "timeline", "birthdays", "search")


def validate(tree: Tree, today: dt.date | None = None,
             memo: Memo | None = None) -> list[Problem]:
    """Return every problem in the tree: schema, references, languages, strings; and,
    when the structure is sound, the warnings as of `today`. With a `memo`, the checks of
    a profile whose document and surroundings are unchanged are not run again."""
    site = tree.site.data if isinstance(tree.site.data, dict) else {}
    languages = _languages(site)
    ctx = Context(languages, _ids(tree))
    SITE.check(site, tree.site, (), ctx)
    _check_languages(tree, site, ctx)
    _check_list(tree.sources, SOURCE, ctx, "sources")
    photos = tree.root / "content" / "photos"
    key = (languages, *(fingerprint(ids) for _, ids in sorted(ctx.ids.items())),
           fingerprint(p.name for p in photos.iterdir()) if photos.is_dir() else b"")
    for doc in tree.prisoners:
        ctx.problems += remembered(memo, "check", doc, key, lambda doc=doc: _own_problems(
            ctx, lambda own: _check_profile(doc, own, tree.root)))
    _check_list(tree.facilities, FACILITY, ctx, "facilities")
    _check_list(tree.releases, WAVE, ctx, "waves")
    _check_waves(tree.releases, ctx)
    _check_list(tree.statistics, STAT, ctx, None)
    _check_list(tree.actions, ACTION, ctx, "actions")
    LETTERS.check(tree.letters.data, tree.letters, (), ctx)
    for kind, docs, spec in (("statement", tree.statements, STATEMENT),
                             ("page", tree.pages, PAGE)):
        for doc in docs:
            ctx.problems += remembered(memo, "check", doc, key, lambda doc=doc, spec=spec,
                                       kind=kind: _own_problems(ctx, lambda own: (
                                           _check_content_file(doc, spec, own, kind))))
    _check_menu(tree, site, ctx)
    _check_strings(tree, site, ctx)
    _check_references(tree, ctx, memo)
    if not ctx.problems:
        ctx.problems += advise(tree, languages, today or dt.date.today(), memo)
    return ctx.problems


def _own_problems(ctx: Context, check: Callable[[Context], None]) -> list[Problem]:
    """The problems `check` finds in one document on its own (references checked
    against `ctx.ids`), so that they can be remembered for that document."""
    own = Context(ctx.languages, ctx.ids)
    check(own)
    return own.problems


def _check_profile(doc: Document, ctx: Context, root) -> None:
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


def _check_list(doc: Document, spec: Record, ctx: Context, kind: str | None) -> None:
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
    elif not (root / "content" / "photos" / name).is_file():
        ctx.report(doc, path, f'content/photos/{name} does not exist',
                   "add the photo to content/photos/ or correct the name")


def _check_withheld_slug(doc: Document, data: dict, ctx: Context) -> None:
    """A withheld name must not be readable in the file name, which is the page address."""
    if data.get("name_withheld") is not True or not isinstance(data.get("name"), dict):
        return
    slug_words = set(doc.stem.split("-"))
    for text in data["name"].values():
        words = {w for w in slugify(str(text)).split("-") if len(w) >= 3}
        if words & slug_words:
            ctx.report(doc, ("name_withheld",), "the file name contains the withheld name",
                       "rename the file to something that does not identify the person, "
                       "e.g. withheld-2.yaml")
            return


def _check_prisoner(doc: Document, ctx: Context, root=None) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    _check_withheld_slug(doc, data, ctx)
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
        if _certainly_before(after, before) and (doc.path, field) not in reported:
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
            if _certainly_before(d2, d1):
                ctx.report(doc, ("events", j, "date"),
                           f"{later} on {d2}, before {earlier} on {d1}",
                           "check both dates against the sources")


def _certainly_before(a, b) -> bool:
    """True when date `a` is before `b` at the precision both share."""
    if a.year != b.year:
        return a.year < b.year
    if a.month is None or b.month is None:
        return False
    if a.month != b.month:
        return a.month < b.month
    return a.day is not None and b.day is not None and a.day < b.day


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
    if lang not in ctx.languages:
        ctx.report(doc, (), f'the language suffix ".{lang}" is not a configured language',
                   f"use one of: {', '.join(ctx.languages)} (or add it to data/site.yaml)")
    spec.check(doc.data, doc, (), ctx)
    if not doc.body.strip():
        ctx.problems.append(Problem(doc.path, doc.body_line, "body", f"the {kind} has no text",
                                    "write the text below the front matter"))


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


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """Nested string groups → `{"nav.home": "Home", "count": {"one": …}}`."""
    flat: dict[str, object] = {}
    if not isinstance(data, dict):
        return flat
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_leaf_map(value):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


def _is_leaf_map(value: dict) -> bool:
    keys = set(value)
    return bool(keys) and (keys <= set(PLURAL_CATEGORIES) or keys <= set(GENDERS))


def _placeholders(value: object) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    names: set[str] = set()
    for text in texts:
        if isinstance(text, str):
            names |= {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return names


def _check_strings(tree: Tree, site: dict, ctx: Context) -> None:
    default = site.get("default_language")
    if default not in tree.strings:
        return
    reference = flatten(tree.strings[default].data)
    langs = {x.get("code"): x for x in site.get("languages") or [] if isinstance(x, dict)}
    for code, doc in tree.strings.items():
        if code not in langs:
            ctx.report(doc, (), f'"{code}" is not a configured language',
                       "add it to data/site.yaml or remove this file")
            continue
        try:
            tags = Locale.parse(str(langs[code].get("locale")).replace("-", "_")).plural_form.tags
        except (ValueError, UnknownLocaleError):
            continue
        strings = flatten(doc.data)
        for key, ref in reference.items():
            path = tuple(key.split("."))
            value = strings.get(key)
            if value is None:
                ctx.report(doc, path, "missing interface string",
                           f"add `{key}` (the {default} file has it)")
                continue
            if isinstance(ref, dict) and set(ref) <= set(PLURAL_CATEGORIES):
                needed = set(tags) | {"other"}
                have = set(value) if isinstance(value, dict) else set()
                if needed - have:
                    ctx.report(doc, path, "plural forms missing: "
                               + ", ".join(sorted(needed - have)),
                               f"{code} needs {', '.join(sorted(needed))}")
            if _placeholders(value) != _placeholders(ref):
                ctx.report(doc, path, "placeholders differ from the default language: "
                           f"{sorted(_placeholders(value))} vs {sorted(_placeholders(ref))}",
                           "use the same {names} as the default language")
        for key in strings.keys() - reference.keys():
            ctx.report(doc, tuple(key.split(".")), "unknown interface string",
                       f"remove it or add it to data/strings/{default}.yaml too")


MARKDOWN_FIELDS = {"prisoners": ("biography",), "releases": ("summary",),
                   "actions": ("text", "safety")}


def _check_references(tree: Tree, ctx: Context, memo: Memo | None = None) -> None:
    """Every `prisoner:…`, `statement:…`, `page:…`, `wave:…` link in Markdown must exist."""
    known = {
        "prisoner": ctx.ids["prisoners"], "wave": ctx.ids["waves"],
        "statement": {d.name.split(".")[0] for d in tree.statements},
        "page": {d.name.split(".")[0] for d in tree.pages},
        "section": {"home", "prisoners", "statements", "timeline"},
    }

    key = tuple(fingerprint(names) for _, names in sorted(known.items()))
    found: list[Problem] = []

    def scan(doc: Document, text: str, line: int | None, field: str) -> None:
        for number, kind, target in references(text):
            if target not in known[kind]:
                hint = _suggest_ref(target, known[kind])
                where = None if line is None else line + number - 1
                found.append(Problem(
                    doc.path, where, field, f'the link "{kind}:{target}" leads nowhere',
                    hint or f"use the slug of an existing {kind}"))

    def scanned(doc: Document, how: Callable[[], None]) -> list[Problem]:
        found.clear()
        how()
        return list(found)

    for doc in (*tree.statements, *tree.pages):
        ctx.problems += remembered(memo, "links", doc, key, lambda doc=doc: scanned(
            doc, lambda: scan(doc, doc.body, doc.body_line, "body")))
    for doc in tree.prisoners:
        ctx.problems += remembered(memo, "links", doc, key, lambda doc=doc: scanned(
            doc, lambda: _scan_fields(doc, doc.data, (), MARKDOWN_FIELDS["prisoners"], scan)))
    found.clear()
    for doc, kind in ((tree.releases, "releases"), (tree.actions, "actions")):
        for i, item in enumerate(doc.data if isinstance(doc.data, list) else []):
            _scan_fields(doc, item, (i,), MARKDOWN_FIELDS[kind], scan)
    ctx.problems += found


def _scan_fields(doc: Document, data, prefix: tuple, fields: tuple[str, ...], scan) -> None:
    if not isinstance(data, dict):
        return
    for field in fields:
        texts = data.get(field)
        for lang, text in (texts.items() if isinstance(texts, dict) else ()):
            if isinstance(text, str):
                path = (*prefix, field, lang)
                line = doc.line_of(path)[0]
                # A block scalar (`|`) starts on the line after its key.
                offset = 1 if line is not None and "\n" in text else 0
                scan(doc, text, None if line is None else line + offset, format_path(path))


def _suggest_ref(value: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""
