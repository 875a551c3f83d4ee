"""Facts written once: a statement's translations share its date, people, sources and
schedule with the original, which the build takes them from. A translation that writes
them differently would be ignored in silence, so check warns about it (the original
counts; the build goes on)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..content.load import Document
from ..content.schema import Context, ident

SHARED = ("date", "people", "sources", "scheduled")


def check_shared_facts(docs: tuple[Document, ...], default: str | None, ctx: Context) -> None:
    """Each translation's shared facts, where it writes them, match its original's."""
    groups: dict[str, dict[str, Document]] = {}
    for doc in docs:
        parts = doc.name.split(".")
        if len(parts) == 3 and isinstance(doc.data, dict):
            groups.setdefault(parts[0], {})[parts[1]] = doc
    order = {code: i for i, code in enumerate(ctx.languages or ())}
    for group in groups.values():
        group = dict(sorted(group.items(), key=lambda kv: order.get(kv[0], len(order))))
        original = original_version(group, default)
        for doc in group.values():
            if doc is original:
                continue
            for field in SHARED:
                mine, theirs = doc.data.get(field), original.data.get(field)
                if _reported(ctx, (doc.path, original.path), field):
                    continue  # a mistake in the field itself is said already
                if field in doc.data and _same(mine) != _same(theirs):
                    problem = doc.problem((field,), f"differs from the original, "
                                          f"{original.path} ({_show(theirs)}): the site takes "
                                          f"{field} from the original",
                                          f"write {_show(theirs)} as there")
                    ctx.problems.append(replace(problem, warning=True))


def _reported(ctx: Context, files: tuple[str, ...], field: str) -> bool:
    return any(p.file in files and not p.warning and
               p.field.split("[")[0].split(".")[0] == field for p in ctx.problems)


def original_version(group: dict[str, Document], default: str | None) -> Document:
    """The version of a statement or page whose facts count: the one not translated from
    another, preferring the default language's; `group` in the languages' order."""
    originals = [d for d in group.values() if not d.data.get("translated_from")]
    chosen = group.get(default) if default else None
    if chosen is not None and (chosen in originals or not originals):
        return chosen
    return (originals or list(group.values()))[0]


def _same(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(ident(x)) for x in value)
    return None if value is None else str(ident(value))


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "[" + ", ".join(str(ident(x)) for x in value) + "]"
    return str(ident(value))
