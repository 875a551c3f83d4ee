"""The live preview's first answer to a saved profile: the site model of the last good
build with only that profile replaced, so that its own pages can be shown before the whole
site is loaded and checked again (which takes about a second at 5,000 people).

Only an edit that leaves everything other pages read of the person alone qualifies: the
same file, address, names, aliases, photo and withheld flag, and a file that passes its
own checks and the leak guard's search of its text (checks/withheld.py: the search of
what editors write finds forms of a name that the search of pages does not, such as a
name spelled loosely; a page is never written before its source has passed it). The
full update that follows renders the same pages from the whole site and checks
everything; what it finds wrong undoes these pages as well."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path, PurePosixPath

from ..build.builder import Published, digest
from ..build.linkcheck import LinkCheck
from ..build.rendering import Renderer, page_sources, render_pages
from ..checks.profiles import profile_problems
from ..checks.withheld import Verdicts, document_leaks
from ..content.load import PARSERS, read_bytes
from ..memo import Latest
from ..model.assemble import profile_record
from ..model.model import Site
from ..model.values import freeze
from ..names.guard import Guard
from ..options import Options
from ..outputs.leaks import OutputGuard
from ..pages.plan import plan_own_pages
from ..pages.urls import output_file
from ..problems import ContentError
from .writing import restore, write_changed

UNCHANGED = ("slug", "name", "aliases", "name_withheld", "distinct_from", "public_names",
             "photo")
"""What a profile's edit must leave as it was for the quick answer: what the leak guard,
the lists and the photos read of a person."""


def patched_site(root: Path, site: Site, changed: set[str], today: dt.date,
                 guard: Guard) -> Site | None:
    """`site` with the one changed profile read again, or None when the change is not
    a single profile's edit that qualifies (see the module's text); `guard`: the leak
    guard of the last good site, whose withheld names a qualifying edit leaves alone."""
    if len(changed) != 1:
        return None
    path = next(iter(changed))
    if not (path.startswith("data/prisoners/") and path.endswith(".yaml")):
        return None
    old = next((p for p in site.prisoners if p.origin.file == path), None)
    if old is None or old.name_withheld:
        return None
    try:
        doc = PARSERS["yaml"](path, read_bytes(root, path))
    except (ContentError, OSError):
        return None
    if not isinstance(doc.data, dict) or any(
            not p.warning for p in profile_problems(doc, _ids(site), site.config.codes,
                                                    root, today)):
        return None
    if guard and document_leaks(doc, guard):
        return None
    person = profile_record(doc)
    if any(getattr(person, name) != getattr(old, name) for name in UNCHANGED):
        return None
    return dataclasses.replace(
        site, prisoners=tuple(person if p is old else p for p in site.prisoners),
        by_slug=freeze({**site.by_slug, person.slug: person}))


def _ids(site: Site) -> dict[str, set[str]]:
    """What references may point at, as validate.py gathers them from the files (kept for
    the last good site: 15 ms at 5,000 people)."""
    return _SITE.get("ids", site, None, lambda: {
        "sources": set(site.sources), "facilities": set(site.facilities),
        "waves": set(site.waves_by_id),
        "prisoners": {PurePosixPath(p.origin.file).stem for p in site.prisoners}})


_SITE = Latest()


def first_pages(options: Options, old: Published, today: dt.date, renderer: Renderer,
                guard: Guard, clean: Verdicts | None, changed: set[str]
                ) -> tuple[dict[str, bytes], dict[str, bytes | None], bool]:
    """A saved profile's own pages written at once, from the last good model `old` with
    that profile replaced: (the pages, what their files held before, whether a page lost
    an id). Nothing is written when the edit does not qualify or a page would not pass
    the checks: the full update then says what is wrong."""
    site = patched_site(options.root, old.site, changed, today, guard)
    if site is None:
        return {}, {}, False
    plans = plan_own_pages(site, changed, today)
    if not plans or any(output_file(p.path) not in old.digests for p in plans):
        return {}, {}, False
    try:
        pages = dict(render_pages(site, plans, options.root, options.portable, 1,
                                  options.cache, renderer))
    except ContentError:
        return {}, {}, False
    leaks = OutputGuard(guard, clean)
    for path, content in pages.items():
        leaks.check(path, content)
    if leaks.problems:
        return {}, {}, False
    links = old.links
    kept = {path: (links.ids.get(path), links.links.get(path)) for path in pages}
    lost = observe(links, pages)
    if links.problems(page_sources(plans), options.root, list(pages)):
        for path, (ids, targets) in kept.items():
            links.ids[path], links.links[path] = ids or (), targets or ()
        return {}, {}, False
    return pages, write_changed(options.output, pages, old.digests), lost


def undo(out: Path, backups: dict[str, bytes | None], published: Published) -> None:
    """Put back the pages the quick answer wrote, with their hashes and links, so that
    the last good build stands as it was."""
    restore(out, backups)
    for path, content in backups.items():
        if content is not None:
            published.digests[path] = digest(content)
            published.links.observe(path, content)


def observe(links: LinkCheck, files: dict[str, bytes]) -> bool:
    """Note the links and ids of new files; say whether a page lost an id it had (a link
    elsewhere to it may now be broken, so every page is checked)."""
    lost = False
    for path, content in files.items():
        before = links.ids.get(path)
        links.observe(path, content)
        if before and not set(before) <= set(links.ids.get(path, ())):
            lost = True
    return lost
