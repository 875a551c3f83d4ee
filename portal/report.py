"""The translators' report: per language, what is missing and what is stale (with what
changed in the source), as text for people or JSON for tools; and the CI gate."""

from __future__ import annotations

import json

from .history import diff, text_when_translated
from .load import Tree
from .problems import Problem
from .translations import Item, current_source_text, summarise

KINDS = ("statement", "page", "prisoner", "release wave", "action", "facility",
         "letter guide", "statistics", "source", "site")


def report_text(tree: Tree, items: list[Item], languages: tuple[str, ...]) -> str:
    """A readable report, one section per language."""
    out = []
    for lang in languages:
        chosen = [i for i in items if i.lang == lang]
        if not chosen:
            continue
        summary = summarise(items, lang)
        counts = ", ".join(f"{summary.counts.get(s, 0)} {s}"
                           for s in ("stale", "missing", "untracked"))
        out.append(f"{lang}: {summary.counts.get('current', 0)} of {summary.total} current "
                   f"({summary.share_current:.0f}%); {counts}")
        for status in ("stale", "missing", "untracked"):
            group = [i for i in chosen if i.status == status]
            if group:
                out.append(f"  {status}:")
            for item in group:
                out.append(f"    {item.label}")
                if status == "stale":
                    out.append(_indent(_change(tree, item), 6))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _change(tree: Tree, item: Item) -> str:
    now = current_source_text(tree, item)
    before = None
    if item.recorded and now is not None:
        before = text_when_translated(tree.root, item.source_file, item.path,
                                      item.source_lang or "", item.recorded)
    if before is None or now is None:
        return (f"the {item.source_lang} source changed since it was translated; the earlier "
                f"text is not in the history, so compare by hand with {item.source_file}")
    return diff(before, now, item.source_lang or "")


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def report_json(tree: Tree, items: list[Item], languages: tuple[str, ...]) -> str:
    """The same report for tools."""
    result = {}
    for lang in languages:
        summary = summarise(items, lang)
        if not summary.total:
            continue
        result[lang] = {
            "total": summary.total,
            "current_percent": round(summary.share_current, 1),
            "counts": {s: summary.counts.get(s, 0)
                       for s in ("current", "stale", "untracked", "missing")},
            "by_kind": {kind: {s: summarise(items, lang, kind).counts.get(s, 0)
                               for s in ("current", "stale", "untracked", "missing")}
                        for kind in KINDS if summarise(items, lang, kind).total},
            "items": [
                {"kind": i.kind, "id": i.ident, "field": i.field, "status": i.status,
                 "file": i.file, "line": i.line, "source_language": i.source_lang,
                 "source_file": i.source_file,
                 **({"source_diff": _change(tree, i)} if i.status == "stale" else {})}
                for i in items if i.lang == lang and i.status != "current"
            ],
        }
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def parse_gate(text: str) -> dict[str, float]:
    """`be:100,ru:95` → {"be": 100.0, "ru": 95.0}; ValueError when malformed."""
    gate = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        lang, _, share = part.partition(":")
        value = float(share)
        if not lang or not 0 <= value <= 100:
            raise ValueError(part)
        gate[lang] = value
    return gate


def gate_problems(items: list[Item], gate: dict[str, float], origin: str) -> list[Problem]:
    """An error for each language below its required share of current translations, and
    one for each item that keeps it there."""
    problems = []
    for lang, required in sorted(gate.items()):
        summary = summarise(items, lang)
        if summary.share_current >= required:
            continue
        problems.append(Problem(origin, None, f"translations.{lang}",
                                f"{summary.share_current:.1f}% of {summary.total} "
                                f"translations are current, below the required {required:g}%",
                                "translate or update the items listed below, then run "
                                "`python build.py translations --mark-current FILE`"))
        for item in items:
            if item.lang == lang and item.status != "current":
                problems.append(Problem(item.file, item.line, item.field,
                                        f"{lang} translation {item.status} "
                                        f"({item.kind} {item.ident})",
                                        _advice(item)))
    return problems


def _advice(item: Item) -> str:
    if item.status == "missing":
        return f"translate it from {item.source_lang}"
    if item.status == "stale":
        return f"update it from {item.source_file}, then mark it current"
    return "check it against the source, then mark it current"
