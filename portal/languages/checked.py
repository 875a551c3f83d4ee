"""Whether a stale translation was checked: a translation is recorded as current only when
someone looked at it after its original changed. Its own text changed since then (the
translator updated it), or the editor says so with `--yes` after reading what changed."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.freshness import document_text, fingerprint
from ..content.load import Tree
from ..problems import Problem
from .history import translation_when_translated
from .report import source_change
from .translations import Item, listed, withheld_files


@dataclass(frozen=True, slots=True)
class Unchecked:
    """A stale translation and what is known of it."""

    item: Item
    edited: bool | None
    """Whether its text changed since its original did (None: the history cannot tell)."""


def unchecked(tree: Tree, items: list[Item]) -> list[Unchecked]:
    """The stale translations among `items`, each with whether it was edited since."""
    return [Unchecked(item, edited(tree, item)) for item in items if item.status == "stale"]


def edited(tree: Tree, item: Item) -> bool | None:
    """Whether a stale translation's text differs from the text it had when it was last
    marked current (found in the git history), compared as fingerprints are (a change of
    spaces alone is no edit); None when that is not known."""
    now = translation_text(tree, item)
    if now is None or item.recorded is None or item.source_lang is None:
        return None
    then = translation_when_translated(tree.root, item.source_file, item.file, item.path,
                                       item.source_lang, item.lang, item.recorded)
    return None if then is None else fingerprint(then) != fingerprint(now)


def translation_text(tree: Tree, item: Item) -> str | None:
    """A translation's text as it is now."""
    if not item.path:
        doc = next((d for d in (*tree.statements, *tree.pages) if d.path == item.file), None)
        return document_text(doc.data, doc.body) if doc is not None else None
    doc = next((d for d in tree.documents() if d.path == item.file), None)
    value = doc.data if doc is not None else None
    try:
        for part in item.path:
            value = value[part]
        return str(value[item.lang])
    except (KeyError, IndexError, TypeError):
        return None


def changes_shown(tree: Tree, found: list[Unchecked]) -> str:
    """What changed in the original of each stale translation, as the translators' report
    shows it; a person whose name is withheld is named by file alone, with no text."""
    out, withheld = [], withheld_files(tree)
    for entry in listed([u.item for u in found], withheld):
        if entry.withheld:
            out.append(f"{entry.label}: an original changed since it was translated (not "
                       "shown: the texts may hold the name; compare them in the file)")
            continue
        out.append(f"{entry.label}: the {entry.source_lang} original changed since the "
                   f"{entry.lang} text was translated:")
        out.append("\n".join("    " + line
                             for line in source_change(tree, entry).splitlines()))
    return "\n".join(out) + ("\n" if out else "")


def refusals(tree: Tree, found: list[Unchecked]) -> list[Problem]:
    """One problem for each stale translation not edited since its original changed (or
    not known to be): it is marked current only with `--yes`."""
    waiting = [u for u in found if not u.edited]
    withheld = withheld_files(tree)
    problems = []
    for item in listed([u.item for u in waiting], withheld):
        if item.withheld:  # several texts in one line: which, and how, is not said
            why = "the text was not updated since (or the history does not show it)"
            where = f"a {item.lang} text"
        else:
            known = next(u.edited for u in waiting if u.item == item)
            why = ("the history does not show whether it was updated since" if known is None
                   else "its text has not changed since")
            where = f"this {item.lang} translation"
        problems.append(Problem(item.file, item.line, item.field,
                                f"{where} is not marked current: its {item.source_lang} "
                                f"original changed, and {why}",
                                "update it to match the original (the changes are shown "
                                "above), or if it is right as it is, run the command again "
                                "with --yes"))
    return problems
