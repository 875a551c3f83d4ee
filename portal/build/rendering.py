"""Rendering every output file of a planned site: the pages, in this process or in forked
workers, through the page cache; then the other files (assets, photos, calendars, feeds,
data, the search index, lists, share images). Also which source files each page is made
from, to name them in messages."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import jinja2

from ..content.markup import MarkdownRenderer
from ..languages.i18n import StringError
from ..model.model import Site
from ..outputs.assets import collect_assets
from ..outputs.sharewords import share_words
from ..pages.fragments import Fragments, keep_fragments
from ..pages.pagecache import PageCache
from ..pages.pageplan import PagePlan
from ..pages.render import make_environment, render_page, template_problem
from ..pages.urls import output_file
from ..problems import ContentError, Problem
from ..store.write import Linked
from .progress import SILENT, Stages
from .reuse import Reuse
from .sitefiles import file_groups, site_files

_FORKED: dict = {}
"""What forked rendering processes inherit from the parent (set just before the fork)."""


PARALLEL_FROM = 200
"""Fewer pages than this render in one process: starting workers would cost more."""


SPAN = 64
"""Pages a worker renders per task."""


def _render_range(span: tuple[int, int]) -> list[tuple[str, bytes]]:
    site, plans, root, portable, cache = (_FORKED[k] for k in ("site", "plans", "root",
                                                                "portable", "cache"))
    renderer = _FORKED.get("renderer")
    if renderer is None:
        renderer = _FORKED["renderer"] = Renderer(root, portable, cache)
    return [renderer.render(site, plan) for plan in plans[span[0]:span[1]]]


class Renderer:
    """Jinja, Markdown and the asset names: made once per process (or per live preview)."""

    def __init__(self, root: Path, portable: bool, cache: bool):
        templates = root / "templates"
        self.env = make_environment(templates, root / ".cache" / "templates" if cache else None)
        self.names = {name: hashed for name, (hashed, _)
                      in collect_assets(templates / "assets").items()}
        self.markdown = MarkdownRenderer(root / ".cache" / "markdown" if cache else None)
        self.portable = portable
        self.templates = templates
        self.fragments: Fragments | None = None
        """The cards kept between builds (fragments.py), when pages are cached."""
        keep_fragments(self.env, None)

    def use_fragments(self, fragments: Fragments | None) -> None:
        """Render the cards of lists from `fragments` (None: render every one)."""
        self.fragments = fragments
        keep_fragments(self.env, fragments)

    def compile(self) -> None:
        """Compile every template of templates/ now (before forking: the workers then share the code
        instead of each compiling it again). One that does not compile is left for the
        page that uses it to report, as before."""
        for path in sorted(self.templates.glob("*.html")):
            with contextlib.suppress(jinja2.TemplateError, ContentError, OSError):
                self.env.get_template(path.name)

    def render(self, site: Site, plan: PagePlan) -> tuple[str, bytes]:
        if self.fragments is not None:
            self.fragments.begin(site, plan)
        try:
            html = render_page(self.env, site, plan, self.markdown, self.names, self.portable)
            if self.fragments is not None:
                self.fragments.end()
        except (jinja2.TemplateError, StringError, LookupError, TypeError) as error:
            raise ContentError([template_problem(error)]) from None
        except (ContentError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - named, with the page's own file
            raise ContentError([render_failure(plan, error)]) from None
        return output_file(plan.path), html.encode("utf-8")


def render_failure(plan: PagePlan, error: Exception) -> Problem:
    """A page that could not be rendered, named by the file it is made from."""
    own = sources_of(plan)[0]
    return Problem(own, None, "", f"the page {output_file(plan.path)} could not be made "
                   f"({type(error).__name__}: {error})", "check the values in this file; if "
                   "they look right, this is a mistake in the generator: please report it "
                   "with this message")


def render_pages(site: Site, plans: list[PagePlan], root: Path, portable: bool,
                 jobs: int, cache: bool = True, renderer: Renderer | None = None,
                 pages: PageCache | None = None, reuse: Reuse | None = None
                 ) -> Iterator[tuple[str, bytes | Linked]]:
    """Every page: those the current site has made under the same key (`reuse`: linked,
    not read) and those in the page cache (`pages`) first, then the others in plan
    order, rendered across `jobs` processes when that pays (the output is the same as
    rendering in one process) and added to the cache. A `renderer` kept from an earlier
    call saves setting up Jinja and keeps Markdown already rendered."""
    if pages is None:
        if renderer is not None:
            renderer.use_fragments(None)
        yield from _rendered(site, plans, root, portable, jobs, cache, renderer)
        return
    keys, missing = {}, []
    for plan in plans:
        key = pages.key(plan)
        if reuse is not None:
            linked = reuse.page(output_file(plan.path), key)
            if linked is not None:
                yield output_file(plan.path), linked
                continue
        content = pages.get(key)
        if content is None:
            keys[output_file(plan.path)] = key
            missing.append(plan)
        else:
            yield output_file(plan.path), content
    if missing and cache:
        renderer = renderer or Renderer(root, portable, cache)
        renderer.use_fragments(Fragments.of(pages))
    for path, content in _rendered(site, missing, root, portable, jobs, cache, renderer):
        pages.put(keys[path], content)
        yield path, content


def _rendered(site: Site, plans: list[PagePlan], root: Path, portable: bool, jobs: int,
              cache: bool, renderer: Renderer | None) -> Iterator[tuple[str, bytes]]:
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(plans) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        renderer = renderer or Renderer(root, portable, cache)
        for plan in plans:
            yield renderer.render(site, plan)
        return
    renderer = renderer or Renderer(root, portable, cache)
    renderer.compile()
    _FORKED.clear()
    _FORKED.update(site=site, plans=plans, root=root, portable=portable, cache=cache,
                   renderer=renderer)
    size = min(SPAN, max(16, len(plans) // (jobs * 8)))
    spans = iter([(start, min(start + size, len(plans)))
                  for start in range(0, len(plans), size)])
    gc.freeze()  # the workers' collections leave the inherited objects unread (uncopied)
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            # A few spans in flight at a time, so finished pages never pile up in memory
            # while this process writes them out.
            pending = deque(pool.apply_async(_render_range, (span,))
                            for span in itertools.islice(spans, jobs * 3))
            while pending:
                chunk = pending.popleft().get()
                following = next(spans, None)
                if following is not None:
                    pending.append(pool.apply_async(_render_range, (following,)))
                yield from chunk
    finally:
        gc.unfreeze()
        _FORKED.clear()


def render_files(site: Site, plans: list[PagePlan], root: Path, today: dt.date,
                 portable: bool = False, jobs: int = 1, cache: bool = True,
                 renderer: Renderer | None = None, pages: PageCache | None = None,
                 check_words=None, images: bool = True, progress: Stages = SILENT,
                 reuse: Reuse | None = None) -> Iterator[tuple[str, bytes | Linked]]:
    """Yield every output file: the pages, the assets, the photos, the calendars.
    `images=False` (for `check`): share images and photos by their paths alone, empty.
    `progress` is told each part, and the pages and share images as they are made.
    `reuse`: what the current site holds unchanged is linked (see reuse.py)."""
    yield from progress.track(render_pages(site, plans, root, portable, jobs, cache,
                                           renderer, pages, reuse),
                              f"rendering {len(plans):,} pages", len(plans))

    groups = file_groups(site, plans, root, today, cache=cache, images=images, pages=pages)
    others = (file for group in groups for file in group.make()) if pages is None \
        else site_files(pages, groups, reuse)
    yield from progress.track(others, "making the other files")
    if site.config.share_images and images:
        progress.stage("making the share images")  # and drawing those not yet in the cache
        from ..outputs.sharefiles import share_files  # Pillow, only to draw them

        yield from share_files(site, plans, root / ".cache" / "share" if cache else None,
                               jobs, check_words, progress, reuse)
    elif site.config.share_images:
        yield from ((path, b"") for path, _ in share_words(site, plans, check_words))


def page_origins(plans: list[PagePlan]) -> dict[str, str]:
    """Each page's file → its template and the files it is made from (for messages)."""
    origins = {}
    for plan in plans:
        inputs = ", ".join(plan.inputs[:3]) + (", …" if len(plan.inputs) > 3 else "")
        origins[output_file(plan.path)] = f"templates/{plan.template}" + \
            (f" with {inputs}" if inputs else "")
    return origins


def page_sources(plans: list[PagePlan]) -> dict[str, tuple[str, ...]]:
    """The output file of each page → the files to look in for a broken link on it: the
    page's own file first (a statement's or page's version in its language), then the
    other files it is made from, then its template."""
    return {output_file(p.path): sources_of(p) for p in plans}


def sources_of(plan: PagePlan) -> tuple[str, ...]:
    item = plan.context.get("statement") or plan.context.get("page")
    own: list[str] = []
    if item is not None and hasattr(item, "translations"):
        versions = item.translations
        first = versions.get(plan.lang) if plan.lang else None
        own = [first.origin.file] if first is not None else []
        own += [v.origin.file for v in versions.values()]
    person = plan.context.get("person")
    if person is not None:
        own.insert(0, person.origin.file)
    return tuple(dict.fromkeys([*own, *plan.inputs, f"templates/{plan.template}"]))
