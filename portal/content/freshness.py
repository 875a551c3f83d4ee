"""Which translations are current, stale or missing.

A translation records what it was translated from: the source language and a
fingerprint of the source text at that time. Statements and pages keep it in front
matter (`translated_from: {lang: en, hash: …}`); a YAML record keeps one line per
translated field in `translated:` (`summary.be: en 3f2a9c1b0d4e`). When the source
text changes, its fingerprint no longer matches and the translation is stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

HASH_LENGTH = 12
STATUSES = ("current", "stale", "untracked", "missing")
"""current: made from today's source; stale: the source changed since; untracked: no
record of what it was made from; missing: no translation yet."""


def normalise(text: str) -> str:
    """Text as compared: line ends and trailing spaces do not count as changes."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def document_text(data: dict, body: str) -> str:
    """What a statement's or page's fingerprint covers: title, summary and body."""
    return "\n\n".join((str(data.get("title") or ""), str(data.get("summary") or ""), body))


@dataclass(frozen=True, slots=True)
class Record:
    """What a translation says it was made from."""

    lang: str
    hash: str


def parse_record(value: Any) -> Record | None:
    """`en 3f2a9c1b0d4e` (YAML) or `{lang: en, hash: …}` (front matter) → Record."""
    if isinstance(value, str) and len(value.split()) == 2:
        lang, digest = value.split()
        return Record(lang, digest)
    if isinstance(value, dict) and isinstance(value.get("lang"), str):
        return Record(value["lang"], str(value.get("hash") or ""))
    return None


def source_language(texts: dict, records: dict[str, Record | None], default: str) -> str | None:
    """The language a field was written in: the one translations name, else the default."""
    for record in records.values():
        if record is not None and record.lang in texts:
            return record.lang
    if default in texts:
        return default
    return next(iter(texts), None)


def status_of(lang: str, texts: dict, record: Record | None, source: str | None) -> str:
    """Classify one language of one translatable text."""
    if lang not in texts or not texts[lang]:
        return "missing"
    if record is None or source is None:
        return "untracked"
    if record.lang not in texts:
        return "stale"
    return "current" if record.hash == fingerprint(str(texts[record.lang])) else "stale"


def field_statuses(record: dict, field: str, languages: tuple[str, ...],
                   default: str) -> tuple[str | None, dict[str, str]]:
    """For one localised field of a YAML record: its source language and each
    other language's status."""
    texts = record.get(field)
    if not isinstance(texts, dict):
        return None, {}
    recorded = record.get("translated") if isinstance(record.get("translated"), dict) else {}
    records = {lang: parse_record(recorded.get(f"{field}.{lang}")) for lang in languages}
    source = source_language(texts, records, default)
    return source, {lang: status_of(lang, texts, records[lang], source)
                    for lang in languages if lang != source}
