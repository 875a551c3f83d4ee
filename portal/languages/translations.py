"""Every translatable item in every language, classified current, stale, untracked or missing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from ..content.freshness import (
    document_text,
    field_statuses,
    fingerprint,
    parse_record,
    source_language,
    status_of,
)
from ..content.load import Document, FieldPath, Tree, format_path
from ..content.records import List, Record
from ..content.schema import Spec
from ..memo import Memo, remembered


@dataclass(frozen=True, slots=True)
class Item:
    """One translatable text in one language."""

    kind: str
    """statement, page, prisoner, release wave, facility, action, letter guide, …"""
    ident: str
    field: str
    """The field path within the record, or "" for a whole statement or page."""
    lang: str
    status: str
    source_lang: str | None
    file: str
    """The file that holds the translation, or would hold it."""
    line: int | None
    source_file: str
    path: FieldPath
    """Where the text sits in its YAML file (without the language), () for Markdown."""
    recorded: str | None
    """The source fingerprint recorded when it was translated."""
    withheld: bool = False
    """A person whose name is withheld: named by file alone (`listed`)."""

    @property
    def label(self) -> str:
        if self.withheld:
            return f"{self.file} (a person whose name is withheld: the texts are not named)"
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}" if self.field else ""
        return f"{where}{field} ({self.kind} {self.ident})"


def withheld_files(tree: Tree) -> set[str]:
    """The files of the people whose names are withheld."""
    return {doc.path for doc in tree.prisoners
            if isinstance(doc.data, dict) and doc.data.get("name_withheld") is True}


def listed(items: list[Item] | tuple[Item, ...], withheld: set[str]) -> list[Item]:
    """The items to name one by one. Those in the files of people whose names are
    withheld (`withheld`) become one per file, language and status, naming the file
    alone: no field, line or text, since even which of their texts changed (the name, an
    alias) says something about the person."""
    out, seen = [], set()
    for item in items:
        if item.file not in withheld and item.source_file not in withheld:
            out.append(item)
        elif (item.file, item.lang, item.status) not in seen:
            seen.add((item.file, item.lang, item.status))
            out.append(replace(item, field="", line=None, path=(), recorded=None,
                               withheld=True))
    return out


def _yaml_specs():
    from ..checks import shapes as v

    return {"site": v.SITE, "source": List(v.SOURCE), "facility": List(v.FACILITY),
            "release wave": List(v.WAVE), "statistics": List(v.STAT),
            "action": List(v.ACTION), "letter guide": v.LETTERS, "prisoner": v.PRISONER}


def classify(tree: Tree, languages: tuple[str, ...], default: str,
             memo: Memo | None = None) -> list[Item]:
    """Classify every translatable item of a validated tree in every language."""
    specs = _yaml_specs()
    docs = [("site", tree.site), ("source", tree.sources), ("facility", tree.facilities),
            ("release wave", tree.releases), ("statistics", tree.statistics),
            ("action", tree.actions), ("letter guide", tree.letters),
            *(("prisoner", doc) for doc in tree.prisoners)]
    items: list[Item] = []
    for kind, doc in docs:
        items += remembered(memo, "items", doc, (kind, languages, default),
                            lambda kind=kind, doc=doc: _items(kind, doc, specs[kind], languages,
                                                              default))
    items += _document_items("statement", tree.statements, languages, default)
    items += _document_items("page", tree.pages, languages, default)
    return items


def _items(kind: str, doc: Document, spec: Spec, languages: tuple[str, ...],
           default: str) -> list[Item]:
    items: list[Item] = []
    for path, record, field in _localised(doc.data, spec, ()):
        items += _field_items(kind, doc, path, record, field, languages, default)
    return items


def _localised(value, spec: Spec, path: FieldPath) -> Iterator[tuple[FieldPath, dict, str]]:
    """Every (record path, record, field) of a text-per-language field, guided by the schema."""
    if isinstance(spec, List) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _localised(item, spec.item, path + (i,))
    elif isinstance(spec, Record) and isinstance(value, dict):
        for field in spec.local_fields:
            if isinstance(value.get(field), dict):
                yield path, value, field
        for key, sub in spec.fields.items():
            if isinstance(sub, List | Record) and key in value:
                yield from _localised(value[key], sub, path + (key,))


def _ident(kind: str, doc: Document, path: FieldPath) -> tuple[str, FieldPath]:
    """A readable name for a record, and the rest of its path."""
    if kind == "prisoner":
        return doc.stem, path
    if path and isinstance(path[0], int) and isinstance(doc.data, list):
        entry = doc.data[path[0]]
        name = entry.get("id") if isinstance(entry, dict) else None
        return str(name if name is not None else f"#{path[0] + 1}"), path[1:]
    return doc.stem, path


def _field_items(kind, doc, path, record, field, languages, default) -> list[Item]:
    source, statuses = field_statuses(record, field, languages, default)
    ident, rest = _ident(kind, doc, path)
    recorded = record.get("translated") if isinstance(record.get("translated"), dict) else {}
    items = []
    for lang, status in statuses.items():
        r = parse_record(recorded.get(f"{field}.{lang}"))
        line = doc.line_of(path + (field, lang) if status != "missing" else path + (field,))[0]
        items.append(Item(kind, ident, format_path(rest + (field,)), lang, status, source,
                          doc.path, line, doc.path, path + (field,), r.hash if r else None))
    return items


def _document_items(kind: str, docs: tuple[Document, ...], languages: tuple[str, ...],
                    default: str) -> list[Item]:
    groups: dict[str, dict[str, Document]] = {}
    for doc in docs:
        slug, lang, _ = doc.name.split(".")
        groups.setdefault(slug, {})[lang] = doc
    items = []
    for slug, group in sorted(groups.items()):
        records = {lang: parse_record(d.data.get("translated_from")) for lang, d in group.items()}
        source = source_language(group, records, default)
        texts = {lang: document_text(d.data, d.body) for lang, d in group.items()}
        folder = PurePosixPath(next(iter(group.values())).path).parent
        for lang in languages:
            if lang == source:
                continue
            status = status_of(lang, texts, records.get(lang), source)
            file = group[lang].path if lang in group else f"{folder}/{slug}.{lang}.md"
            record = records.get(lang)
            items.append(Item(kind, slug, "", lang, status, source, file, None,
                              f"{folder}/{slug}.{source}.md", (), record.hash if record else None))
    return items


@dataclass(frozen=True, slots=True)
class Summary:
    lang: str
    total: int
    counts: dict[str, int]

    @property
    def share_current(self) -> float:
        return 100.0 * self.counts.get("current", 0) / self.total if self.total else 100.0


def summarise(items: list[Item], lang: str, kind: str | None = None) -> Summary:
    chosen = [i for i in items if i.lang == lang and (kind is None or i.kind == kind)]
    counts: dict[str, int] = {}
    for item in chosen:
        counts[item.status] = counts.get(item.status, 0) + 1
    return Summary(lang, len(chosen), counts)


def current_source_text(tree: Tree, item: Item) -> str | None:
    """An item's source text as it is now."""
    if item.source_lang is None:
        return None
    if not item.path:
        for doc in (*tree.statements, *tree.pages):
            if doc.path == item.source_file:
                return document_text(doc.data, doc.body)
        return None
    doc = next(d for d in tree.documents() if d.path == item.source_file)
    value = doc.data
    for part in item.path:
        value = value[part]
    return str(value[item.source_lang]) if item.source_lang in value else None


def current_fingerprint(tree: Tree, item: Item) -> str | None:
    """The fingerprint of an item's source text as it is now."""
    text = current_source_text(tree, item)
    return None if text is None else fingerprint(text)
