"""Turn validated documents into the frozen site model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..checks.chronology import is_scheduled
from ..checks.shapes import SITE, STAT, TERM
from ..checks.sharedfacts import original_version
from ..checks.stringcheck import flatten
from ..content.dates import PartialDate, parse_date
from ..content.freshness import document_text, field_statuses, fingerprint, parse_record
from ..content.load import Document, Tree
from ..content.schema import ident
from ..languages.translations import classify
from ..memo import Memo, remembered
from ..names.allowance import every_listed, listed
from .helping import Action, LetterGuide, LetterService, Partner, Phrase, Rule
from .model import (
    Config,
    Event,
    Facility,
    Language,
    Page,
    Photo,
    Prisoner,
    Site,
    Source,
    Statement,
    StatPoint,
    Term,
    Translation,
    Wave,
)
from .values import LocalText, Origin, freeze


def assemble(tree: Tree, base_url: str | None = None, memo: Memo | None = None,
             today: dt.date | None = None) -> Site:
    """Build the site model from a tree that validated without problems (with a `memo`,
    reusing the records of unchanged profiles). Statements scheduled after `today` are
    left out."""
    config = remembered(memo, "config", tree.site, base_url, lambda: _config(tree.site, base_url))
    default = config.default_language
    prisoners = tuple(remembered(memo, "prisoner", doc, None, lambda doc=doc: profile_record(doc))
                      for doc in tree.prisoners)
    # The shared records, kept too while their files are unchanged (the plan of each
    # profile is then kept: plan.py)
    waves, waves_by_id = remembered(memo, "waves", tree.releases, None, lambda: _waves(tree))
    statements = _statements(tree.statements, config, today, memo)
    return Site(
        config=config,
        strings=remembered(memo, "strings", tree.site, tuple(tree.strings.items()), lambda: freeze(
            {code: freeze(flatten(doc.data)) for code, doc in tree.strings.items()})),
        sources=remembered(memo, "sources", tree.sources, default, lambda: freeze(
            {s.id: s for s in (_source(tree.sources, i, x, default)
                               for i, x in _items(tree.sources))})),
        prisoners=prisoners,
        facilities=remembered(memo, "facilities", tree.facilities, None, lambda: freeze(
            {f.id: f for f in (_facility(tree.facilities, i, x)
                               for i, x in _items(tree.facilities))})),
        waves=waves,
        statistics=tuple(sorted((_stat(tree.statistics, i, x)
                                 for i, x in _items(tree.statistics)),
                                key=lambda p: p.date.sort_key())),
        statements=statements,
        pages=freeze({p.slug: p for p in _pages(tree.pages, config)}),
        actions=remembered(memo, "actions", tree.actions, default, lambda: tuple(
            _action(tree.actions, i, x, default) for i, x in _items(tree.actions))),
        letters=remembered(memo, "letters", tree.letters, default,
                           lambda: _letters(tree.letters, default)),
        by_slug=freeze({p.slug: p for p in prisoners}),
        waves_by_id=waves_by_id,
        mentions=freeze(_mentions(statements)),
        translation_items=tuple(classify(tree, config.codes, config.default_language, memo)),
        public_names=every_listed(tree.documents(), {
            p.origin.file for p in prisoners if p.name_withheld}),
    )


def _waves(tree: Tree) -> tuple[tuple[Wave, ...], Mapping[str, Wave]]:
    """The release waves, oldest first, and by id."""
    waves = tuple(sorted((_wave(tree.releases, i, x) for i, x in _items(tree.releases)),
                         key=lambda w: w.date.sort_key()))
    return waves, freeze({w.id: w for w in waves})


def _mentions(statements: tuple[Statement, ...]) -> dict[str, tuple[Statement, ...]]:
    found: dict[str, list[Statement]] = {}
    for statement in statements:
        for slug in dict.fromkeys(statement.people):
            found.setdefault(slug, []).append(statement)
    return {slug: tuple(items) for slug, items in found.items()}


def _items(doc: Document) -> list[tuple[int, dict]]:
    return list(enumerate(doc.data or []))


def _origin(doc: Document, path: tuple = ()) -> Origin:
    return Origin(doc.path, doc.line_of(path)[0])


def _local(record: dict, field: str) -> LocalText:
    """A localised field of a record, knowing which of its translations are stale."""
    value = record.get(field)
    if not isinstance(value, dict):
        return LocalText()
    texts = tuple((k, v.strip()) for k, v in value.items() if isinstance(v, str))
    source, statuses = field_statuses(record, field, tuple(k for k, _ in texts), "")
    stale = tuple(lang for lang, status in statuses.items() if status == "stale")
    return LocalText(texts, stale, source if stale else None)


def _date(value: Any) -> PartialDate | None:
    return None if value is None else parse_date(value)


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(ident(x)) for x in value or ())


def assemble_config(doc: Document, base_url: str | None = None) -> Config:
    """The site configuration alone."""
    return _config(doc, base_url)


def _config(doc: Document, base_url: str | None) -> Config:
    data = SITE.settled(doc.data)  # every setting left out or empty is its default
    languages = tuple(Language(x["code"], x["locale"], tuple(x.get("fallback") or ()))
                      for x in data["languages"])
    home = data["home"]
    url = base_url or data["base_url"]
    return Config(
        title=_local(data, "title"), tagline=_local(data, "tagline"),
        base_url=url.rstrip("/") + "/", default_language=data["default_language"],
        languages=languages, menu=tuple(data["menu"]),
        home_statements=home["statements"], home_waves=home["waves"],
        translation_gate=freeze(dict(data["checks"].get("translations") or {})),
        data_licence=freeze(dict(data.get("data_licence") or {})),
        mirrors=_strs(data.get("mirrors")), onion=data.get("onion"),
        offline_copy=data["offline_copy"], share_images=data["share_images"],
        list_page_size=data["lists"]["page_size"],
        verified_max_age=data["checks"]["verified_max_age_days"],
    )


def _source(doc: Document, i: int, x: dict, default: str) -> Source:
    return Source(x["id"], _plain(x["title"], default), _plain(x["publisher"], default),
                  _date(x.get("date")), x.get("url"), _local(x, "note"), _origin(doc, (i,)),
                  titles=_local(x, "title"), publishers=_local(x, "publisher"),
                  untitled=bool(x.get("untitled")), secondary=bool(x.get("secondary")))


def _plain(value: Any, default: str) -> str:
    """A text written once, or the default language's form of a text per language."""
    if isinstance(value, dict):
        return str(value.get(default) or next(iter(value.values())))
    return str(value)


def _term(x: dict | None) -> Term | None:
    """The term, or None when nothing of it is written (`term:` or `term: {years: }`)."""
    if not isinstance(x, dict) or all(value is None for value in x.values()):
        return None
    term = TERM.settled(x)
    return Term(term["years"], term["months"], term["life"], term["death"])


def _event(x: dict) -> Event:
    return Event(
        type=x["type"], date=_date(x.get("date")), term=_term(x.get("term")),
        articles=_strs(x.get("articles")), wave=ident(x.get("wave")),
        destination=x.get("destination"),
        facility=x.get("facility"), note=_local(x, "note"), sources=_strs(x["sources"]),
        reported=_strs(x.get("reported")),
    )


def profile_record(doc: Document) -> Prisoner:
    """The record of one profile (a document that validated)."""
    x = doc.data
    photo = x.get("photo")
    return Prisoner(
        slug=doc.stem, name=_local(x, "name"), aliases=_strs(x.get("aliases")),
        gender=x["gender"], born=_date(x.get("born")), status=x["status"],
        verified=parse_date(x["verified"]), roles=_strs(x.get("roles")),
        facility=x.get("facility"), flags=_strs(x.get("flags")),
        name_withheld=bool(x.get("name_withheld")),
        political_prisoner=x.get("political_prisoner") is not False,
        events=tuple(_event(e) for e in x.get("events") or ()),
        summary=_local(x, "summary"), biography=_local(x, "biography"),
        photo=Photo(photo["file"], photo["credit"], _local(photo, "alt")) if photo else None,
        sources=_strs(x["sources"]), origin=_origin(doc),
        distinct_from=_strs(x.get("distinct_from")), reported=_strs(x.get("reported")),
        public_names=listed(x),
    )


def _facility(doc: Document, i: int, x: dict) -> Facility:
    return Facility(
        id=x["id"], kind=x["kind"], name=_local(x, "name"), city=_local(x, "city"),
        region=_local(x, "region"),
        envelope=freeze({k: _strs(v) for k, v in x["envelope"].items()}),
        latin=_strs(x.get("latin")), notes=_local(x, "notes"),
        address_verified=_date(x.get("address_verified")), sources=_strs(x["sources"]),
        origin=_origin(doc, (i,)),
    )


def _wave(doc: Document, i: int, x: dict) -> Wave:
    return Wave(
        id=ident(x["id"]), date=parse_date(x["date"]), released=x.get("released"),
        political=x.get("political"), mechanism=x.get("mechanism"),
        destinations=_strs(x.get("destinations")), people=_strs(x.get("people")),
        names_withheld=bool(x.get("names_withheld")), summary=_local(x, "summary"),
        sources=_strs(x["sources"]), origin=_origin(doc, (i,)), reported=_strs(x.get("reported")),
    )


def _stat(doc: Document, i: int, x: dict) -> StatPoint:
    settled = STAT.settled(x)
    return StatPoint(parse_date(x["date"]), x["count"], settled["qualifier"],
                     _local(x, "note"), _strs(x["sources"]), _origin(doc, (i,)))


def _action(doc: Document, i: int, x: dict, default: str) -> Action:
    partner = x.get("partner")
    return Action(
        id=x["id"], kind=x["kind"], title=_local(x, "title"), text=_local(x, "text"),
        partner=Partner(_plain(partner["name"], default), partner.get("url"),
                        _local(partner, "name")) if partner else None,
        safety=_local(x, "safety"), sources=_strs(x["sources"]), origin=_origin(doc, (i,)),
    )


def _gendered(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"other": value}
    forms = dict(value)
    forms.setdefault("other", forms.get("male") or next(iter(forms.values())))
    return forms


def _letters(doc: Document, default: str) -> LetterGuide:
    x = doc.data or {}
    rules = x.get("rules") or {}

    def rule_list(items):
        return tuple(Rule(_local(r, "text"), _strs(r["sources"])) for r in items or ())

    phrases = tuple(
        Phrase(p["id"], p["occasion"], freeze({s: freeze(_gendered(p[s])) for s in ("ru", "be")}),
               _local(p, "meaning"))
        for p in x.get("phrases") or ())
    words = x.get("avoid_words") or {}
    services = tuple(LetterService(str(v["id"]), _plain(v["name"], default), _local(v, "name"),
                                   v["url"], _local(v, "how"), _local(v, "safety"),
                                   _strs(v["sources"]))
                     for v in x.get("services") or ())
    return LetterGuide(rule_list(rules.get("do")), rule_list(rules.get("avoid")),
                       (x.get("envelope") or {}).get("example_facility"), phrases, _origin(doc),
                       (x.get("delivery") or {}).get("days", 30),
                       freeze({script: _strs(words.get(script)) for script in ("ru", "be")}),
                       services)


def _split_name(doc: Document) -> tuple[str, str]:
    slug, lang, _ = doc.name.split(".")
    return slug, lang


def _translation(doc: Document, lang: str, group: dict[str, Document]) -> Translation:
    x = doc.data
    record = parse_record(x.get("translated_from"))
    stale = False
    if record is not None:
        source = group.get(record.lang)
        stale = source is None or record.hash != fingerprint(document_text(source.data,
                                                                           source.body))
    return Translation(lang, x["title"], x.get("summary") or "", doc.body, _origin(doc),
                       x.get("author") or "", x.get("publisher") or "", stale,
                       record.lang if record else None)


def _versions(group: dict[str, Document]) -> Mapping[str, Translation]:
    return freeze({lang: _translation(d, lang, group) for lang, d in group.items()})


def _grouped(docs: tuple[Document, ...], config: Config) -> dict[str, dict[str, Document]]:
    groups: dict[str, dict[str, Document]] = {}
    for doc in docs:
        slug, lang = _split_name(doc)
        groups.setdefault(slug, {})[lang] = doc
    order = {code: i for i, code in enumerate(config.codes)}
    return {slug: dict(sorted(g.items(), key=lambda kv: order[kv[0]]))
            for slug, g in sorted(groups.items())}


def _statements(docs: tuple[Document, ...], config: Config, today: dt.date | None,
                memo: Memo | None = None) -> tuple[Statement, ...]:
    result = []
    for slug, group in _grouped(docs, config).items():
        facts = original_version(group, config.default_language).data
        if today is not None and is_scheduled(facts, today):
            continue
        result.append(remembered(
            memo, "statement", next(iter(group.values())), (tuple(group.items()), config.codes,
                                                      config.default_language),
            lambda slug=slug, group=group, facts=facts: Statement(
                slug=slug, date=parse_date(facts["date"]), author=facts.get("author") or "",
                sources=_strs(facts["sources"]), people=_strs(facts.get("people")),
                translations=_versions(group), updated=_date(facts.get("updated")),
                publisher=facts.get("publisher") or "")))
    return tuple(sorted(result, key=lambda s: (s.date.sort_key(), s.slug), reverse=True))


def _pages(docs: tuple[Document, ...], config: Config) -> list[Page]:
    pages = []
    for slug, group in _grouped(docs, config).items():
        facts = original_version(group, config.default_language).data
        pages.append(Page(slug, facts.get("template") or "page.html", _versions(group),
                          _date(facts.get("updated"))))
    return pages
