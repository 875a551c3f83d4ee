"""What the cited sources support: facts from secondary reporting marked `reported`, and a
status verified no later and no more precisely than a source says.

A source marked `secondary: true` in data/sources.yaml is reporting still to be checked
against the original. A record citing one must say which of its facts rest on it
(`reported: [date, destination]`, or `reported: []` when none do); those facts are shown
as "reportedly" in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..content.dates import PartialDate, date_or_none
from ..content.load import Document, FieldPath, Tree
from ..content.records import Record
from ..content.schema import Context
from ..memo import Memo, remembered
from ..problems import Problem


def check_sourcing(tree: Tree, ctx: Context, specs: dict[str, Record]) -> None:
    """Errors: a `reported` field the record lacks; a record citing secondary reporting
    that does not say which of its facts rest on it. `specs`: the schema of a profile, an
    event and a wave (by those names)."""
    secondary = _secondary(tree)
    for doc, path, record in _records(tree):
        kind = _kind(path, doc, tree)
        if not set(record) - set(specs[kind].fields):  # a misspelt field is reported already
            _check_reported(doc, path, record, specs[kind], ctx)
        cited = [s for s in _ids(record.get("sources")) if s in secondary]
        if cited and "reported" not in record:
            example = _example(kind, record)
            ctx.report(doc, path + ("sources",), f"cites {', '.join(cited)}: secondary "
                       "reporting, still to be checked",
                       f"list the facts that rest on it in `reported:` (e.g. `reported: "
                       f"[{example}]`), shown as “reportedly”; or write `reported: []` if "
                       "none do")


def verified_warnings(tree: Tree, memo: Memo | None = None) -> list[Problem]:
    """Warnings: a profile's `verified` date that none of its sources' dates supports
    (later than them, or more precise). A profile citing an undated source is left alone:
    its date cannot be checked against it. With a `memo`, an unchanged profile is not
    checked again while the sources' dates are the same."""
    dates = _source_dates(tree)
    key = tuple(sorted(dates.items()))
    found = (remembered(memo, "verified", doc, key, lambda doc=doc: _verified(doc, dates))
             for doc in tree.prisoners)
    return [problem for problem in found if problem is not None]


def _verified(doc: Document, dates: dict[str, PartialDate]) -> Problem | None:
    data = doc.data if isinstance(doc.data, dict) else {}
    verified = date_or_none(data.get("verified"))
    if verified is None:
        return None
    cited = _ids(data.get("sources")) + [s for e in _list(data.get("events"))
                                         if isinstance(e, dict)
                                         for s in _ids(e.get("sources"))]
    known = [dates[s] for s in dict.fromkeys(cited) if s in dates]
    if any(supports(d, verified) for d in known) or any(s not in dates for s in cited):
        return None  # supported, or resting on an undated source nobody can check it against
    best = _best(known, verified)
    fix = (f"write `verified: {best.iso()}`, as precise as the source" if best else
           "cite a source whose date shows when the status was checked, e.g. a "
           "database read on that day (`date:` in data/sources.yaml)")
    problem = doc.problem(("verified",), f"{verified.iso()} is not supported by a date of "
                          "the cited sources", fix)
    return replace(problem, warning=True)


def supports(source: PartialDate, verified: PartialDate) -> bool:
    """A source dated `source` shows a status as of `verified`: the same date, or the
    source's date written less precisely (2025-12 from 2025-12-13); for a verified date
    known only to be after another, a source certainly after that (`after 2025-12-13` from
    `after 2025-12-13`, or from 2025-12-20). A source known only to be after a date
    supports no date but an after-date: it may be later than any."""
    if verified.after:
        return source.first_day() >= verified.first_day()
    if source.after:
        return False
    if source.year != verified.year:
        return False
    if verified.precision == "year":
        return True
    if verified.precision == "season":
        return source.season == verified.season
    if verified.precision == "month":
        return source.month == verified.month
    return source.month == verified.month and source.day == verified.day


def _best(known: list[PartialDate], verified: PartialDate) -> PartialDate | None:
    """The newest source date not after the verified date, to suggest instead."""
    earlier = [d for d in known if d.sort_key()[:2] <= verified.sort_key()[:2]]
    return max(earlier, key=PartialDate.sort_key) if earlier else None


def _example(kind: str, record: dict) -> str:
    """Facts of this record that a source might only report, for the error's example."""
    if kind == "prisoner":
        return "status"
    fields = ("type", "date", "term", "destination") if kind == "event" else (
        "date", "released", "destinations")
    present = [f for f in fields if record.get(f) not in (None, "", []) and f != "type"]
    return ", ".join(present or fields[:1])


def _kind(path: FieldPath, doc: Document, tree: Tree) -> str:
    if doc is tree.releases:
        return "wave"
    return "event" if "events" in path else "prisoner"


def _check_reported(doc: Document, path: FieldPath, record: dict, spec: Record,
                    ctx: Context) -> None:
    reported = record.get("reported")
    allowed = spec.fields["reported"].item.values
    for i, field in enumerate(reported if isinstance(reported, list) else ()):
        if field in allowed and record.get(field) in (None, "", []):
            ctx.report(doc, path + ("reported", i), f"names `{field}`, which this record "
                       "does not have", f"remove `{field}` from `reported`, or add the field")


def _records(tree: Tree) -> Iterator[tuple[Document, FieldPath, dict]]:
    """Every record with facts that a source may only report: profiles, their events,
    release waves."""
    for doc in tree.prisoners:
        if isinstance(doc.data, dict):
            yield doc, (), doc.data
            for i, event in enumerate(_list(doc.data.get("events"))):
                if isinstance(event, dict):
                    yield doc, ("events", i), event
    for i, wave in enumerate(_list(tree.releases.data)):
        if isinstance(wave, dict):
            yield tree.releases, (i,), wave


def _secondary(tree: Tree) -> set[str]:
    return {str(s["id"]) for s in _list(tree.sources.data)
            if isinstance(s, dict) and s.get("secondary") is True and "id" in s}


def _source_dates(tree: Tree) -> dict[str, PartialDate]:
    found = {}
    for s in _list(tree.sources.data):
        if isinstance(s, dict) and "id" in s and (date := date_or_none(s.get("date"))):
            found[str(s["id"])] = date
    return found


def _ids(value: Any) -> list[str]:
    return [str(x) for x in _list(value)]


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []
