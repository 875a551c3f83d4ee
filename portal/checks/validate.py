"""Check every document against its schema and against the others; return every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel import Locale, UnknownLocaleError

from ..content.load import Document, Tree
from ..content.records import Record
from ..content.schema import SLUG, Context, ident
from ..memo import Memo, fingerprint, remembered
from ..problems import Problem
from .advice import advise
from .chronology import check_publication, is_scheduled
from .lettercheck import letter_warnings
from .markdowncheck import check_markdown
from .profiles import check_photo, check_profile
from .shapes import (
    ACTION,
    BUILT_IN_SECTIONS,
    EVENT,
    FACILITY,
    LETTERS,
    PAGE,
    PRISONER,
    SITE,
    SOURCE,
    STAT,
    STATEMENT,
    WAVE,
)
from .sharedfacts import check_shared_facts
from .sourcing import check_sourcing, verified_warnings
from .stringcheck import check_strings
from .style import style_warnings
from .wording import wording_warnings


def validate(tree: Tree, today: dt.date | None = None,
             memo: Memo | None = None) -> list[Problem]:
    """Return every problem in the tree: what reading found, schema, references, languages,
    strings; and, when the structure is sound, the warnings as of `today`. A file that
    could not be read is left out of the checks (its problem says why), so its mistake
    does not hide the others'. With a `memo`, the checks of a document that read it alone
    (with what its references may name), unchanged with its surroundings, are not run
    again."""
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
    key = (languages, today, ctx.unknown, *(fingerprint(ids) for _, ids in sorted(ctx.ids.items())))
    for doc in tree.prisoners:
        if doc.path not in broken:
            ctx.problems += remembered(memo, "check", doc, key, lambda doc=doc: _own_problems(
                ctx, lambda own: check_profile(doc, own, None, today)))
            check_photo(doc, ctx, tree.root)  # reads the photo: checked every time
    _check_distinct(tree, ctx)
    _check_list(tree.facilities, FACILITY, ctx, "facilities", broken)
    _check_list(tree.releases, WAVE, ctx, "waves", broken)
    _check_waves(tree.releases, ctx, withheld_slugs(tree))
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
    default = site.get("default_language")
    check_shared_facts(tuple(d for d in tree.statements if d.path not in broken),
                       default if isinstance(default, str) else None, ctx)
    _check_menu(tree, site, ctx)
    check_sourcing(tree, ctx, {"prisoner": PRISONER, "event": EVENT, "wave": WAVE})
    check_strings(tree, site, ctx)
    check_markdown(tree, ctx, withheld_slugs(tree), scheduled_slugs(tree, today), memo)
    if not any(not p.warning for p in ctx.problems):
        ctx.problems += advise(tree, languages, today, memo)
        ctx.problems += verified_warnings(tree, memo) + letter_warnings(tree)
        ctx.problems += style_warnings(tree, languages, memo)
        ctx.problems += wording_warnings(tree, languages, memo)
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


def _check_waves(doc: Document, ctx: Context, withheld: set[str]) -> None:
    for i, wave in enumerate(doc.data if isinstance(doc.data, list) else []):
        if not isinstance(wave, dict):
            continue
        released, people = wave.get("released"), wave.get("people") or []
        named = [x for x in people if isinstance(x, str) and x not in withheld] \
            if isinstance(people, list) and wave.get("names_withheld") is True else []
        if named:
            ctx.problems.append(doc.problem(
                (i, "people"), f"the wave's names are withheld (`names_withheld: true`), yet "
                f"it lists {', '.join(named)}, whose names are not", "take them out of "
                "`people:` (and the `wave:` out of their release events), or set "
                "`names_withheld: false` if the wave's names may be published", warning=True))
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
    menu = site.get("menu") if isinstance(site.get("menu"), list) else []
    for i, item in enumerate(menu):
        if isinstance(item, str) and item not in BUILT_IN_SECTIONS and item not in pages:
            ctx.report(tree.site, ("menu", i), f'"{item}" is neither a section nor a page',
                       f"use {', '.join(BUILT_IN_SECTIONS)} or the slug of a file in "
                       "content/pages/")


