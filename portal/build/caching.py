"""What the build keeps under .cache/: whether it can be used (else a warning, and the
build goes on without it), the page cache, and the texts the leak guard found clean."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..checks.withheld import Verdicts
from ..faults import NO_SPACE, warning_for_cache
from ..model.model import Site
from ..names.guard import Guard
from ..options import Options
from ..pages.pagecache import PageCache, hashed_files
from ..pages.render import make_environment
from ..pages.templategraph import template_closure
from ..problems import Problem
from ..store.cachefile import cache_key, cache_writable, key_file, take_failure, writes_allowed
from ..store.trees import remove_tree
from .scope import is_narrow


def usable_cache(options: Options) -> tuple[Options, tuple[Problem, ...]]:
    """The options to build with: without the cache if it cannot be written."""
    take_failure()
    if not options.cache:
        return options, ()
    try:
        cache_key()
    except OSError as error:
        note = Problem(str(key_file()), None, "", f"the cache key cannot be read or made "
                       f"({error.strerror or error}); building without the cache, which is "
                       "slower", "delete that file (a new key is made), or set "
                       "PORTAL_CACHE_KEY to a file of your own", warning=True)
        return dataclasses.replace(options, cache=False), (note,)
    error = cache_writable(options.root / ".cache")
    if error is None:
        return options, ()
    note = Problem(".cache", None, "", warning_for_cache(error), "make .cache/ writable, or "
                   "delete it", warning=True)
    return dataclasses.replace(options, cache=False), (note,)


def cache_notes() -> tuple[Problem, ...]:
    """A warning if writing a cache entry failed during the build (a full disk)."""
    error = take_failure()
    if error is None:
        return ()
    fix = "free some space" if error.errno in NO_SPACE else "make .cache/ writable"
    return (Problem(".cache", None, "", warning_for_cache(error), fix, warning=True),)


def page_cache(options: Options, site: Site, today: dt.date) -> PageCache:
    """The rendered pages of earlier builds, under .cache/pages/."""
    templates = options.root / "templates"
    files = hashed_files(options.root)
    closure = template_closure(make_environment(templates), templates,
                               options.root / ".cache" / "graph")
    setting = f"{site.config.base_url}\0{options.portable}\0{today.isoformat()}"
    return PageCache(options.root / ".cache" / "pages", files, closure,
                     [path for path in files if not is_narrow(path)], setting)


RETIRED = ("site-files",)
"""Kinds of cache entry no build reads any more (the site's feeds, data and search index
were kept whole under site-files/ until the parts they are made from were kept instead)."""


def retire_caches(cache: Path) -> None:
    """Delete the folders of kinds of cache entry no build reads any more."""
    if not writes_allowed():
        return
    for kind in RETIRED:
        if (cache / kind).is_dir() and not (cache / kind).is_symlink():
            remove_tree(cache / kind)


def verdicts_of(options: Options, guard: Guard, kind: str = "output") -> Verdicts | None:
    """The texts found clean before, when caching and when anybody's name is withheld
    (for the output, the strings of data files found clean too)."""
    if not options.cache or not guard:
        return None
    return Verdicts(options.root / ".cache" / "guard", guard, kind, strings=kind == "output")
