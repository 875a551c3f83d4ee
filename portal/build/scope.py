"""Which source files only some pages are made from, and which every page shows."""

from __future__ import annotations

NARROW = ("data/prisoners/", "content/statements/", "data/facilities.yaml",
          "data/releases.yaml", "data/statistics.yaml", "data/actions.yaml",
          "data/letters.yaml")
"""Files whose pages the plan names (`PagePlan.inputs`). Any other file (site settings,
strings, sources, menu pages, assets, photos, a file we do not know) counts for every
page: a change to it rebuilds everything, and it is part of every cached page's key."""


def is_narrow(path: str) -> bool:
    """A file only some pages are made from; templates other than assets count too (their
    pages are found through the templates they use)."""
    if path.startswith("templates/"):
        return path.endswith(".html") and not path.startswith("templates/assets/")
    return any(path == x or (x.endswith("/") and path.startswith(x)) for x in NARROW)
