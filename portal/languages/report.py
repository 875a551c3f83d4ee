"""The translators' report: per language, what is missing and what is stale (with what
changed in the source), as text for people or JSON for tools; and the CI gate."""

from __future__ import annotations

import json
from dataclasses import replace

from ..content.load import Tree
from ..problems import Problem
from .history import diff, last_committed, uncommitted, version_when_translated
from .translations import Item, current_source_text, listed, summarise, withheld_files

KINDS = ("statement", "page", "prisoner", "release wave", "action", "facility",
         "letter guide", "statistics", "source", "site")


def report_text(tree: Tree, items: list[Item], languages: tuple[str, ...]) -> str:
    """A readable report, one section per language (a person whose name is withheld
    named by file alone: `listed`)."""
    out, withheld = [], withheld_files(tree)
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
            group = listed([i for i in chosen if i.status == status], withheld)
            if group:
                out.append(f"  {status}:")
            for item in group:
                out.append(f"    {item.label}")
                if status == "stale" and not item.withheld:
                    out.append(_indent(source_change(tree, item), 6))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def source_change(tree: Tree, item: Item) -> str:
    """What changed in a stale text's source since it was translated: a diff from the
    version found in the git history by its fingerprint to the file as it is now. When
    the source has uncommitted changes, say so; when the version translated was never
    committed, compare with the source's last commit instead, and say that too."""
    now = current_source_text(tree, item)
    lang, file = item.source_lang or "", item.source_file
    found = None
    if item.recorded and now is not None:
        found = version_when_translated(tree.root, file, item.path, lang, item.recorded)
    dirty = now is not None and uncommitted(tree.root, file)
    if found is not None:
        note = (f"{file} has uncommitted changes: compared from the text translated (commit "
                f"{found[0]}) to the file as it is now, uncommitted changes included\n"
                if dirty else "")
        return note + diff(found[1], now, lang)
    last = last_committed(tree.root, file, item.path, lang) if dirty else None
    if last is not None and now is not None and last[1] != now:
        return (f"{file} has uncommitted changes, and the text it was translated from is in "
                f"no commit: compared with its last commit ({last[0]}), so the changes made "
                "before that commit are not shown; compare them by hand\n"
                + diff(last[1], now, lang, (f"last commit {last[0]}", "now, uncommitted")))
    uncommitted_note = f" ({file} has uncommitted changes)" if dirty else ""
    return (f"the {lang} source changed since it was translated; the earlier text is not "
            f"in the history, so compare by hand with {file}{uncommitted_note}")


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def report_json(tree: Tree, items: list[Item], languages: tuple[str, ...]) -> str:
    """The same report for tools (a person whose name is withheld: file alone, with
    `"withheld": true`, an empty field and no line or diff)."""
    result, withheld = {}, withheld_files(tree)
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
                 "source_file": i.source_file, "withheld": i.withheld,
                 **({"source_diff": source_change(tree, i)}
                    if i.status == "stale" and not i.withheld else {})}
                for i in listed([i for i in items if i.lang == lang and i.status != "current"],
                                withheld)
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


GATE_NOTE = ("this check is for review: the site is built and published all the same, "
             "with the fallback text and a notice wherever a translation is missing or out "
             "of date; `check` passes once the texts listed below are translated and current")
"""Said once, with the languages below their share: what the gate does and does not stop."""


def below_gate(items: list[Item], gate: dict[str, float]) -> dict[str, float]:
    """The languages with less than their required share of current translations."""
    return {lang: required for lang, required in sorted(gate.items())
            if summarise(items, lang).share_current < required}


def gate_problems(items: list[Item], gate: dict[str, float], origin: str) -> list[Problem]:
    """One error naming the languages below their required share of current translations
    (and saying once that the site is published all the same), then one for each text
    that keeps a language there."""
    below = below_gate(items, gate)
    if not below:
        return []
    shares = "; ".join(f"{lang}: {summarise(items, lang).share_current:.1f}% of "
                       f"{summarise(items, lang).total}, {required:g}% required"
                       for lang, required in below.items())
    problems = [Problem(origin, None, "translations",
                        f"too few current translations ({shares})", GATE_NOTE)]
    for lang in below:
        problems += [Problem(item.file, item.line, item.field,
                             f"{lang} translation {item.status} ({item.kind} {item.ident})",
                             _advice(item))
                     for item in items if item.lang == lang and item.status != "current"]
    return problems


def stale_warnings(items: list[Item], gate: dict[str, float]) -> list[Problem]:
    """A warning for each stale translation the gate does not list (a language it does
    not cover, or one above its share): readers see it with an out-of-date notice."""
    below = below_gate(items, gate)
    return [replace(Problem(item.file, item.line, item.field,
                            f"the {item.lang} translation is out of date: its "
                            f"{item.source_lang} original has changed since "
                            f"({item.kind} {item.ident})", _advice(item)), warning=True)
            for item in items if item.status == "stale" and item.lang not in below]


def _advice(item: Item) -> str:
    """What to do about one text that is not current, with the commands to run."""
    document = not item.path
    mark = f"`.venv/bin/python build.py translations --mark-current {item.file}" + \
        ("`" if document else f" --lang {item.lang}`")
    if item.status == "missing" and document:
        return (f"translate {item.source_file}: `.venv/bin/python build.py new translation "
                f"{item.source_file} --lang {item.lang}` makes the file")
    if item.status == "missing":
        return (f"add a `{item.lang}:` line, translated from the {item.source_lang} text, "
                f"then {mark}")
    if item.status == "stale":
        return (f"update it from {item.source_file} (`.venv/bin/python build.py translations "
                f"--lang {item.lang}` shows what changed), then {mark}")
    return f"check it against the {item.source_lang} text in {item.source_file}, then {mark}"
