"""`.venv/bin/python build.py new prisoner|statement|translation …`: a new file with every field an
editor may need, each with a comment saying what to write.

A file made here passes `check` as soon as the editor has filled in the required fields:
an optional field is left empty (nothing after the colon: not shown) or written as a
comment, never as an empty text that `check` would refuse, and a translation records
the source it is made from, so that it needs no `--mark-current` afterwards."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath

from ..checks.canonical import field_order
from ..checks.order import arrange, file_order
from ..checks.shapes import PAGE, PRISONER, STATEMENT
from ..checks.withheld import guard_of, hit_message, name_hits
from ..content.freshness import document_text, fingerprint
from ..content.load import (
    load_tree,
    parse_markdown_file,
    read_markdown,
    read_text,
    read_yaml,
)
from ..content.schema import SLUG
from ..content.yamlparse import parse_yaml
from ..content.yamlstyle import dump, dump_front_matter
from ..model.model import Config
from ..names.search import skeleton, words
from ..names.translit import language_of, romanise, slugify
from ..problems import ContentError, Problem
from ..store.files import project_files
from .editing import create_file

COMMENT_AT = 24
"""The column where a field's comment starts."""

GUIDE = "docs/editors-guide.md"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line(text: str, comment: str = "") -> str:
    """A line with its comment aligned, or on its own line when the text is too long."""
    if not comment:
        return text
    return f"{text.ljust(COMMENT_AT - 1)} # {comment}" if len(text) < COMMENT_AT - 1 \
        else f"{text}  # {comment}"


def _names(name: str, codes: tuple[str, ...]) -> dict[str, str]:
    """The given name in its own script, the romanised form for Latin-script languages."""
    script = language_of(name)
    names = {code: "" for code in codes}
    if script in names:
        names[script] = name
    latin = romanise(name)
    for code in codes:
        if code not in ("be", "ru", "uk") and not names[code]:
            names[code] = latin
    return names


def _language(code: str) -> str:
    """A language's English name: `Russian` for ru."""
    from ..languages.i18n import locale_of

    return locale_of("en").languages.get(code, code)


def _first_language(name: str, config: Config) -> str:
    """The language an editor writing this name most likely writes in."""
    script = language_of(name)
    return script if script in config.codes else config.default_language


def _per_language(field: str, comment: str, written: str, codes: tuple[str, ...],
                  first_empty: bool) -> list[str]:
    """A text per language: the first language open to write in (`be:`), the others as
    comments to uncomment when there is a translation."""
    lines = [_line(f"{field}:", comment)]
    if first_empty:
        lines.append(_line(f"  {written}:", "write it here"))
    lines += [_line(f"  # {code}:") for code in codes if code != written or not first_empty]
    return lines


def prisoner_stub(name: str, config: Config) -> str:
    """A prisoner file: the name filled in, every other field waiting for a source."""
    codes = config.codes
    names = _names(name, codes)
    lang = _first_language(name, config)
    lines = [
        "# A new person. Write only what a source in data/sources.yaml says. A field with",
        "# nothing after the colon is not shown: leave it so when no source gives it.",
        "# A line starting with # is a comment; to use a commented field, delete the \"# \".",
        "# `.venv/bin/python build.py check` lists what is still to fill in; see",
        f"# \"data/prisoners/<slug>.yaml\" in {GUIDE}. Where data/site.yaml requires",
        "# translations (checks.translations), check also asks for the name and summary",
        "# in those languages; once they are written, run",
        "# `.venv/bin/python build.py translations --mark-current <this file>`.",
        _line("name:", "required: the name as readers of each language write it"),
    ]
    for code, value in names.items():
        if value and code != lang and language_of(value) != language_of(name):
            lines.append(_line(f"  {code}: {_quote(value)}", "made from the name: check it "
                               "against the spelling Viasna and the press use"))
            continue
        lines.append(f"  {code}: {_quote(value)}" if value else
                     _line(f"  # {code}:", f"the name in {_language(code)}, if a source "
                           "gives it"))
    lines += [
        _line("aliases: []", "other spellings, for search: [Ihar Losik, Igor Losik]"),
        _line("gender:", "required: male | female | other (for grammatical agreement)"),
        _line("born:", "only from a source: YYYY-MM-DD, YYYY-MM or YYYY"),
        _line("status:", "required: imprisoned | re-arrested | released | exiled | deceased"),
        _line("verified:", "required: when a source last confirmed the status"),
        _line("roles: []", "journalist | blogger | human-rights-defender |"),
        _line("", "rights-group-member | politician | activist | lawyer |"),
        _line("", "trade-unionist | foreign-national"),
        _line("facility:", "where held: an id from data/facilities.yaml, if a source says"),
        _line("flags: []", "incommunicado | humanitarian-list"),
        _line("name_withheld: false", "true: never shown by name; see \"Withheld names\""),
        _line("distinct_from: []", "rare: withheld people whose names look like this one's"),
        _line("events:", "in time order; one block for each, like this one:"),
        _line("  # - type: detained", "detained | charged | sentenced | transferred |"),
        _line("  #", "hunger-strike | incommunicado | released | re-arrested | died | other"),
        _line("  #   date: 2020-06", "as precise as the source"),
        _line("  #   sources: [id]", "ids from data/sources.yaml"),
        *_per_language("summary", "required: one line for lists, in at least one language",
                       lang, codes, True),
        *_per_language("biography", f"a few sentences of Markdown: `{lang}: |`, then "
                                    "the text indented", lang, codes, False),
        _line("photo:", "only a photo cleared for publication (see \"Photos\")"),
        _line("  # file:", "a .jpg, .png or .webp file in content/photos/"),
        _line("  # credit:", "who took it or holds the rights"),
        _line("  # alt:", f"what it shows, per language: {{{lang}: …}}"),
        _line("# reported: [status]", "when the status rests on a source marked "
                                      "`secondary: true` (see \"Rules for facts\")"),
        _line("sources: []", "required: ids from data/sources.yaml: [id, …]"),
    ]
    return "\n".join(_other_fields(lines)) + "\n"


def _other_fields(lines: list[str]) -> list[str]:
    """The stub, with a comment line for each field of the schema it does not stub yet
    (a field added to the schema later), so that none is left unmentioned."""
    from ..checks.shapes import PRISONER

    written = {m[1] for line in lines if (m := re.match(r"^(?:# )?([a-z_]+):", line))}
    others = [f for f in PRISONER.fields if f not in written and f != "translated"]
    return lines[:-1] + [_line(f"# {f}:", f"see {GUIDE}") for f in others] + lines[-1:]


def statement_stub(title: str, lang: str, today: dt.date) -> str:
    """A statement file: its title and date, the rest to fill in; no text, so that a
    placeholder can never be published."""
    return "\n".join([
        "---",
        f"title: {_quote(title)}",
        _line(f"date: {today.isoformat()}", "the day it was published: YYYY-MM-DD"),
        _line("author:", "who wrote it, a person or a body"),
        _line("publisher:", "the organisation that issued it (author, publisher or both)"),
        _line("sources: []", "required: ids from data/sources.yaml: [id, …]"),
        _line("summary:", "one or two sentences for lists"),
        _line("people: []", "slugs of the people it concerns: [ihar-losik]"),
        _line("# scheduled: true", "only for a statement dated after today: it is "
                                   "published on its day"),
        "# The text goes below the closing ---, in Markdown. A profile is linked as",
        "# [their name](prisoner:<slug>), another statement as [title](statement:<slug>).",
        "---",
        "",
    ])


TO_TRANSLATE = ("title", "summary")
NOT_COPIED = ("translated_from", "updated")
"""Front matter a translation does not take from its source: what it records of its
own, and the date the source was last changed."""


def translation_stub(source_text: str, data: dict, source_lang: str, lang: str,
                     digest: str) -> str:
    """A translation of a statement or page: the facts of its front matter as in the
    source, the title and summary to translate (the original in a comment), no text yet,
    and the record of what it is translated from."""
    front = source_text[4:source_text.find("\n---\n", 3) + 1]
    lines, skipping = [], False
    for line in front.splitlines():
        key = re.match(r"^([A-Za-z_]+):", line)
        if key is None:
            if not (skipping and line[:1] in (" ", "\t")):
                lines.append(line)  # a comment, or a value's next line
            continue
        skipping = key[1] in TO_TRANSLATE + NOT_COPIED
        if key[1] in TO_TRANSLATE and isinstance(data.get(key[1]), str):
            lines.append(_line(f"{key[1]}:", f"translate: {_quote(data[key[1]])}"))
        elif key[1] in ("author", "publisher") and "#" not in line:
            lines.append(_line(line, f"its name in {lang}, if it has one"))
        elif not skipping:
            lines.append(line)
    lines.append(_line(f"translated_from: {{lang: {source_lang}, hash: {digest}}}",
                       "made by `new`: the text this translates; do not edit"))
    return "\n".join(["---", *lines,
                      f"# Below the closing ---, write the {lang} translation of the "
                      f"{source_lang} text (Markdown).",
                      "---", ""])


def _slug(text: str, explicit: str | None, what: str) -> str:
    slug = explicit if explicit is not None else slugify(text)
    if not slug or not SLUG.match(slug):
        raise ContentError([Problem(what, None, "", f'"{slug}" cannot be a slug',
                                    "give one with --slug: lowercase ASCII letters, digits "
                                    "and hyphens")])
    return slug


def new_prisoner(root: Path, config: Config, name: str, slug: str | None = None) -> Path:
    """Create data/prisoners/<slug>.yaml; refuse to overwrite or to reuse a slug, and,
    unless a slug is given, to add a person whose name a profile already has."""
    if slug is None and (same := same_name(root, name)) is not None:
        raise ContentError([Problem(same, None, "name", f'already names "{name}" (the same '
                                    "name in another spelling or script)", "if it is the "
                                    "same person, edit that file; if it is someone else, "
                                    "give --slug and add `distinct_from: [...]` to both")])
    slug = _slug(name, slug, name)
    _refuse_withheld_in_name(root, f"data/prisoners/{slug}.yaml")
    relative = f"data/prisoners/{slug}.yaml"
    return create_file(root, relative, in_style(relative, prisoner_stub(name, config), root))


def _refuse_withheld_in_name(root: Path, relative: str) -> None:
    """Refuse a new file whose name `check` would refuse: one that holds a withheld
    person's name (its name is part of a page's address)."""
    guard = guard_of(load_tree(root, strict=False))
    hits = name_hits(guard, PurePosixPath(relative).name.split(".")[0]) if guard else []
    if hits:
        raise ContentError([Problem(relative, None, "", hit_message(hits[0], "the file name "
                                                                    "would hold"),
                                    "give another slug with --slug: the file's name is "
                                    "part of the page's address")])


def same_name(root: Path, name: str) -> str | None:
    """The profile whose name (in some language, or an alias) has the consonants of
    `name`, word for word in either order (search.py), or None."""
    wanted = sorted(skeleton(w) for w in words(name))
    for relative in project_files(root, "data/prisoners"):
        if not relative.endswith(".yaml"):
            continue
        try:
            data = read_yaml(root, relative).data
        except (ContentError, OSError):
            continue  # a file check will name
        if not isinstance(data, dict):
            continue
        names = data.get("name")
        forms = [*(names.values() if isinstance(names, dict) else [names]),
                 *(data.get("aliases") or [])]
        if any(isinstance(form, str) and sorted(skeleton(w) for w in words(form)) == wanted
               for form in forms):
            return relative
    return None


def new_statement(root: Path, config: Config, title: str, today: dt.date,
                  lang: str | None = None, slug: str | None = None) -> Path:
    """Create content/statements/<date>-<slug>.<lang>.md in the language of its title."""
    lang = lang or _first_language(title, config)
    _configured(lang, config, title)
    slug = f"{today.isoformat()}-{_slug(title, slug, title)}"
    _refuse_withheld_in_name(root, f"content/statements/{slug}.{lang}.md")
    relative = f"content/statements/{slug}.{lang}.md"
    return create_file(root, relative, in_style(relative, statement_stub(title, lang, today), root))


def new_translation(root: Path, config: Config, source: str, lang: str | None) -> Path:
    """Create the `lang` version of a statement or page beside `source`
    (content/statements/<slug>.<lang>.md), recording that it is made from the source as
    it is now."""
    path = PurePosixPath(source)
    parts = path.name.split(".")
    if path.parent.as_posix() not in ("content/statements", "content/pages") or \
            len(parts) != 3 or parts[2] != "md":
        raise ContentError([Problem(source, None, "", "is not a statement or a page",
                                    "name a file such as content/statements/<slug>.en.md or "
                                    "content/pages/<slug>.en.md")])
    if lang is None:
        raise ContentError([Problem(source, None, "", "which language to translate into?",
                                    f"add --lang, one of: {', '.join(config.codes)}")])
    _configured(lang, config, source)
    if lang == parts[1]:
        raise ContentError([Problem(source, None, "", f"is already in {lang}",
                                    "give the language to translate into with --lang")])
    if not (root / source).is_file():
        raise ContentError([Problem(source, None, "", "does not exist",
                                    "name the file to translate, from the project folder")])
    doc = read_markdown(root, source)
    data = doc.data if isinstance(doc.data, dict) else {}
    digest = fingerprint(document_text(data, doc.body))
    relative = f"{path.parent}/{parts[0]}.{lang}.md"
    stub = translation_stub(read_text(root, source), data, parts[1], lang, digest)
    return create_file(root, relative, in_style(relative, stub, root),
                       "it is there already: translate or update it")


def in_style(relative: str, stub: str, root: Path | None = None) -> str:
    """A stub in the web editor's style (checks/canonical): its comments go, as the
    editor drops them (the editors' guide says what each field holds); an optional field
    left empty goes too, and a required one (or one of a choice such as `author` or
    `publisher`) stays, empty (`null`), for `check` to ask for.
    A group of fields all empty (`summary: {be: }`) is one empty field."""
    try:
        if relative.endswith(".md"):
            document = parse_markdown_file(relative, stub.encode("utf-8"))
            data, body = document.data, document.body
        else:
            data, body = parse_yaml(stub, relative).data, None
    except ContentError:
        return stub  # create_file refuses it, saying where the fault came from
    shape = PRISONER if relative.startswith("data/prisoners/") else \
        STATEMENT if relative.startswith("content/statements/") else PAGE
    lean = {}
    for key, value in data.items():
        if isinstance(value, dict) and all(v is None for v in value.values()):
            value = None
        if value is not None or key in shape.required or key in shape.one_of:
            lean[key] = value
    order, lean = field_order(relative), arrange(lean, file_order(relative, root))
    return dump(lean, order) if body is None else dump_front_matter(lean, body, order)


def _configured(lang: str, config: Config, what: str) -> None:
    if lang not in config.codes:
        raise ContentError([Problem(what, None, "", f'"{lang}" is not a configured language',
                                    f"use one of: {', '.join(config.codes)}")])
