"""`.venv/bin/python build.py check`: everything a build would find, without writing anything.

The check loads and validates every file, then renders the whole site in memory (from
the caches where they hold a page, writing none) and runs the same checks a build runs
before it publishes: every internal link leads to a file, and no withheld name is in any
page, feed, data file, index or file name. So `check` and the build never disagree.
Share images and photos are not drawn or encoded: their words and addresses are checked."""

from __future__ import annotations

from ..checks.advice import untranslated_into
from ..checks.canonical import style_warnings
from ..languages.report import below_gate, gate_problems, stale_warnings
from ..model.model import Site
from ..names.guard import Guard
from ..options import Options, build_date
from ..outputs.leaks import OutputGuard
from ..outputs.offline import OFFLINE_ZIP
from ..pages.pageplan import PagePlan
from ..pages.urls import path_prefix
from ..problems import ContentError, Problem
from ..store.cachefile import read_only
from .builder import load_and_plan
from .caching import page_cache, verdicts_of
from .linkcheck import LinkCheck
from .rendering import page_origins, page_sources, render_files


def check(options: Options, gate: dict[str, float] | None = None) -> tuple[Problem, ...]:
    """Every problem (errors and warnings) in a project, writing nothing; with a
    translation gate (`{"be": 100}`, else `checks.translations` in data/site.yaml), an
    error for each language with too few current translations."""
    with read_only():
        try:
            site, warnings, plans = load_and_plan(options)
        except ContentError as error:
            return error.problems
        warnings = warnings + tuple(style_warnings(options.root))
        try:
            rehearse(options, site, plans)
        except ContentError as error:
            return tuple(sorted(warnings + error.problems, key=Problem.sort_key))
    origin = "--translations" if gate else "data/site.yaml"
    gate = gate or site.config.translation_gate
    items = list(site.translation_items)
    below = set(below_gate(items, gate))
    # a text the gate lists as an error is not also warned about
    warnings = tuple(w for w in warnings if not below or not untranslated_into(w)
                     or not set(untranslated_into(w)) <= below)
    return warnings + tuple(stale_warnings(items, gate)) + tuple(gate_problems(items, gate,
                                                                              origin))


def rehearse(options: Options, site: Site, plans: list[PagePlan]) -> None:
    """Render every file in memory and check it as a build would before publishing;
    raise ContentError with every broken link and every withheld name found."""
    today = build_date(options.today)
    links = LinkCheck(path_prefix(site.config.base_url))
    guard = Guard.of_site(site)
    leaks = OutputGuard(guard, verdicts_of(options, guard), page_origins(plans))
    pages = page_cache(options, site, today) if options.cache else None
    for path, content in render_files(site, plans, options.root, today, options.portable,
                                      options.jobs, options.cache, None, pages,
                                      leaks.check_words, images=False):
        links.observe(path, content)
        leaks.check(path, content)
    if site.config.offline_copy and not options.portable:
        links.observe(OFFLINE_ZIP, b"")
    problems = links.problems(page_sources(plans), options.root) + leaks.problems
    if problems:
        raise ContentError(problems)
