"""Open data: the model as JSON and CSV for researchers and mirrors, each file with a JSON
Schema beside it, a licence and the build date. People whose names are withheld are left
out entirely; nothing private is exported."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..content.dates import PartialDate
from ..memo import ByObject
from ..model.model import Site
from ..model.values import LocalText
from ..pages.urls import absolute, page_path
from ..store.kept import Kept

T = TypeVar("T")

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


def _date(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def _texts(value: LocalText) -> dict[str, str]:
    return dict(value.values)


def _envelope(site: Site, kind: str, today: dt.date, items: list[dict]) -> dict:
    return {"licence": dict(site.config.data_licence) or LICENCE, "built": today.isoformat(),
            "site": site.config.base_url, "schema": f"{kind}.schema.json", kind: items}


_RECORDS, _ROWS, _TEXTS = ByObject(), ByObject(), ByObject()
"""Each profile's record, each record's row of the CSV file and its indented JSON, by
the object it is made from (the live preview makes these files again after each edit)."""


def prisoners(site: Site) -> list[dict]:
    key = (site.config.base_url, site.config.default_language)
    return [_RECORDS.get(p, key, lambda p=p: _prisoner(site, p)) for p in site.prisoners
            if not p.name_withheld]


def _prisoner(site: Site, p) -> dict:
    return {
        "slug": p.slug, "name": _texts(p.name), "aliases": list(p.aliases),
        "gender": p.gender, "born": _date(p.born), "status": p.status,
        "verified": _date(p.verified), "roles": list(p.roles), "facility": p.facility,
        "flags": list(p.flags), "political_prisoner": p.political_prisoner,
        "summary": _texts(p.summary),
        "events": [{"type": e.type, "date": _date(e.date),
                    "term": ({"years": e.term.years, "months": e.term.months,
                              "life": e.term.life, "death": e.term.death}
                             if e.term else None),
                    "articles": list(e.articles), "wave": e.wave,
                    "destination": e.destination, "facility": e.facility,
                    "reported": list(e.reported),
                    "sources": list(e.sources)} for e in p.events],
        "sources": list(p.sources), "reported": list(p.reported),
        "url": absolute(site.config.base_url,
                        page_path("prisoner", site.config.default_language, p.slug)),
    }


def releases(site: Site) -> list[dict]:
    shown = {p.slug for p in site.prisoners if not p.name_withheld}
    return [{"id": w.id, "date": w.date.iso(), "released": w.released,
             "political": w.political, "mechanism": w.mechanism,
             "destinations": list(w.destinations),
             "people": [] if w.names_withheld else [x for x in w.people if x in shown],
             "names_withheld": w.names_withheld, "summary": _texts(w.summary),
             "sources": list(w.sources), "reported": list(w.reported)} for w in site.waves]


def facilities(site: Site) -> list[dict]:
    return [{"id": f.id, "kind": f.kind, "name": _texts(f.name), "city": _texts(f.city),
             "region": _texts(f.region), "envelope": {k: list(v) for k, v in f.envelope.items()},
             "address_verified": _date(f.address_verified), "sources": list(f.sources)}
            for f in site.facilities.values()]


def statistics(site: Site) -> list[dict]:
    return [{"date": s.date.iso(), "count": s.count,
             "qualifier": s.qualifier, "sources": list(s.sources)} for s in site.statistics]


def sources(site: Site) -> list[dict]:
    return [{"id": s.id, "title": s.title, "publisher": s.publisher, "date": _date(s.date),
             "url": s.url, "untitled": s.untitled, "secondary": s.secondary}
            for s in site.sources.values()]


CSV_COLUMNS = ("slug", "name_en", "name_be", "name_ru", "gender", "status", "verified",
               "roles", "facility", "detained", "released", "url", "reported",
               "political_prisoner")
"""`reported`: the facts of the row known only from secondary reporting, e.g.
`status;released` (the status, the release: its date, or that it happened).
`political_prisoner`: `no` for a person no source shows as one (left out of the site's
lists of political prisoners)."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection), and the
full-width forms some spreadsheets read the same way."""


AFTER_SEPARATOR = re.compile("([,;][ ]*)([" + re.escape("".join(FORMULA_STARTS)) + "])")
"""A separator a spreadsheet may split on, then the start of a formula."""


def cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as text (OWASP's rules): one starting like a
    formula gets a leading apostrophe, and so does each part after a `,` or `;` that
    would start like one if a spreadsheet split the cell there. The JSON keeps the text
    as it is."""
    value = AFTER_SEPARATOR.sub(r"\1'\2", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def prisoners_csv(people: list[dict], kept: KeptRecords | None = None) -> str:
    out = io.StringIO()
    # Every cell quoted: a spreadsheet that splits on ";" (as in Belarusian and Russian
    # settings) still reads "Ганна;=1+1" as one cell, which starts with no formula.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_ROWS.get(p, None, lambda p=p: kept.get("row", p, _csv_row) if kept
                                else _csv_row(p)) for p in people)
    return out.getvalue()


def _csv_row(p: dict) -> list[str]:
    first = {t: next((e for e in p["events"] if e["type"] == t and e["date"]), None)
             for t in ("detained", "released")}
    reported = list(p["reported"]) + [t for t, e in first.items()
                                      if e and {"date", "type"} & set(e["reported"])]
    return [cell(str(x)) for x in (
        p["slug"], p["name"].get("en", ""), p["name"].get("be", ""), p["name"].get("ru", ""),
        p["gender"], p["status"], p["verified"], ";".join(p["roles"]), p["facility"] or "",
        *(e["date"] if e else "" for e in first.values()), p["url"], ";".join(reported),
        "yes" if p["political_prisoner"] else "no")]


TEXTS = {"type": "object", "additionalProperties": {"type": "string"}}
DATE = {"type": ["string", "null"],
        "pattern": r"^(after )?\d{4}(-(\d{2}(-\d{2})?|spring|summer|autumn|winter))?$",
        "description": "A date as precise as its source: YYYY-MM-DD, YYYY-MM, YYYY or "
        "YYYY-season (spring, summer, autumn, winter); `after ` and one of those (e.g. "
        "\"after 2025-12-13\") when the source says only that it was some day after that "
        "date."}
IDS = {"type": "array", "items": {"type": "string"}}
REPORTED = {**IDS, "description": "The fields of this record known only from secondary "
            "reporting, still to be checked (the site shows them as \"reportedly\"); "
            "`type` of an event: that it happened at all."}


def _schema(kind: str, item: dict) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind} of the political prisoners portal",
        "type": "object",
        "required": ["licence", "built", "site", "schema", kind],
        "properties": {
            "licence": {"type": "object", "required": ["name", "url"]},
            "built": {"type": "string", "format": "date"},
            "site": {"type": "string"},
            "schema": {"type": "string"},
            kind: {"type": "array", "items": item},
        },
    }


def _record(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}


SCHEMAS: dict[str, dict[str, Any]] = {
    "prisoners": _record({
        "slug": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "name": TEXTS,
        "aliases": IDS, "gender": {"enum": ["male", "female", "other"]}, "born": DATE,
        "status": {"enum": ["imprisoned", "re-arrested", "released", "exiled", "deceased"]},
        "verified": DATE, "roles": IDS, "facility": {"type": ["string", "null"]},
        "flags": IDS, "political_prisoner": {"type": "boolean"}, "summary": TEXTS,
        "events": {"type": "array", "items": _record({
            "type": {"type": "string"}, "date": DATE,
            "term": {"type": ["object", "null"]}, "articles": IDS,
            "wave": {"type": ["string", "null"]}, "destination": {"type": ["string", "null"]},
            "facility": {"type": ["string", "null"]}, "sources": IDS, "reported": REPORTED},
            ["type", "date", "sources"])},
        "sources": IDS, "reported": REPORTED, "url": {"type": "string"},
    }, ["slug", "name", "gender", "status", "verified", "sources", "url"]),
    "releases": _record({
        "id": {"type": "string"}, "date": DATE, "released": {"type": ["integer", "null"]},
        "political": {"type": ["integer", "null"]}, "mechanism": {"type": ["string", "null"]},
        "destinations": IDS, "people": IDS, "names_withheld": {"type": "boolean"},
        "summary": TEXTS, "sources": IDS, "reported": REPORTED,
    }, ["id", "date", "sources"]),
    "facilities": _record({
        "id": {"type": "string"}, "kind": {"type": "string"}, "name": TEXTS, "city": TEXTS,
        "region": TEXTS, "envelope": {"type": "object",
                                      "additionalProperties": IDS},
        "address_verified": DATE, "sources": IDS,
    }, ["id", "kind", "name", "envelope", "sources"]),
    "statistics": _record({
        "date": DATE, "count": {"type": "integer"},
        "qualifier": {"type": "string"}, "sources": IDS,
    }, ["date", "count", "sources"]),
    "sources": _record({
        "id": {"type": "string"}, "title": {"type": "string"},
        "publisher": {"type": "string"}, "date": DATE, "url": {"type": ["string", "null"]},
        "untitled": {"type": "boolean"}, "secondary": {"type": "boolean"},
    }, ["id", "title", "publisher"]),
}


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _indented(item: dict) -> str:
    """One record as `_json` indents it inside the list of records."""
    return json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")


def _records_json(envelope: dict, kind: str, kept: KeptRecords | None = None) -> bytes:
    """`_json(envelope)`, the same bytes, with the records under `kind` indented one at
    a time (each record's text is remembered, and with `kept` kept between builds:
    indenting thousands at once is slow)."""
    items = envelope[kind]
    if not items:
        return _json(envelope)
    texts = [_TEXTS.get(item, None, lambda item=item: kept.get("json", item, _indented) if kept
                        else _indented(item)) for item in items]
    head = json.dumps({**envelope, kind: []}, ensure_ascii=False, indent=1, sort_keys=True)
    empty = f'\n "{kind}": []'
    assert head.count(empty) == 1
    return (head.replace(empty, f'\n "{kind}": [\n  ' + ",\n  ".join(texts) + "\n ]")
            + "\n").encode()


class KeptRecords:
    """What is made of each profile's record (its indented JSON, its row of the CSV file),
    kept between builds in one entry under `folder` (store/kept.py) by the record's
    whole value, written canonically (compact, keys sorted: one C call), and the version
    of the code: a build after an edit makes only the records that changed."""

    def __init__(self, folder: Path) -> None:
        self.kept = Kept(folder)

    def get(self, what: str, item: dict, make: Callable[[dict], T]) -> T:
        """`make(item)`, or what it gave for an equal record before."""
        key = hashlib.blake2b(what.encode() + b"\0" + json.dumps(
            item, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"), digest_size=16).digest()
        found = self.kept.get(key)
        if found is None:
            found = make(item)
            self.kept.put(key, found)
        return found

    def save(self) -> None:
        self.kept.save()


def data_files(site: Site, today: dt.date, kept: KeptRecords | None = None
               ) -> Iterator[tuple[str, bytes]]:
    """/data/<kind>.json and .schema.json for each kind, and /data/prisoners.csv, made one
    at a time (`kept`: the profiles' records made by earlier builds)."""
    for kind, export in (("prisoners", prisoners), ("releases", releases),
                         ("facilities", facilities), ("statistics", statistics),
                         ("sources", sources)):
        items = export(site)
        mine = kept if kind == "prisoners" else None
        yield f"data/{kind}.json", _records_json(_envelope(site, kind, today, items), kind,
                                                 mine)
        yield f"data/{kind}.schema.json", _json(_schema(kind, SCHEMAS[kind]))
        if kind == "prisoners":
            yield "data/prisoners.csv", prisoners_csv(items, mine).encode("utf-8")
    if kept is not None:
        kept.save()
