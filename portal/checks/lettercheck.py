"""A letter page that always leads somewhere: a held person with no known address, or cut
off from the world, needs a service to write through."""

from __future__ import annotations

from dataclasses import replace

from ..content.load import Tree
from ..problems import Problem

HELD = ("imprisoned", "re-arrested")


def letter_warnings(tree: Tree) -> list[Problem]:
    """Warnings: profiles whose letter page would offer no address and no service."""
    letters = tree.letters.data if isinstance(tree.letters.data, dict) else {}
    if letters.get("services"):
        return []
    problems = []
    for doc in tree.prisoners:
        data = doc.data if isinstance(doc.data, dict) else {}
        if data.get("status") not in HELD or data.get("name_withheld") is True:
            continue
        cut_off = "incommunicado" in (data.get("flags") or ())
        if data.get("facility") and not cut_off:
            continue
        why = "is held incommunicado" if cut_off else "has no known address (`facility`)"
        problem = doc.problem(("facility",) if "facility" in data else (), f"this person {why} "
                              "and data/letters.yaml lists no `services:`, so the letter page "
                              "leaves supporters nothing to do",
                              "add a service that forwards or keeps letters to `services:` in "
                              "data/letters.yaml (see docs/editors-guide.md), or the facility")
        problems.append(replace(problem, warning=True))
    return problems
