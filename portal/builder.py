"""The build, stage by stage: load, validate, model, plan, render, write."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .assemble import assemble, assemble_config
from .assets import collect_assets
from .cachefile import cache_key, cache_writable, key_file, take_failure
from .calendar import calendar_files
from .docstore import DocumentStore
from .faults import NO_SPACE, warning_for_cache
from .feeds import machine_files
from .fulltext import index_files
from .guard import Guard
from .i18n import StringError
from .leaks import OutputGuard, Verdicts, guard_of, source_leaks
from .linkcheck import LinkCheck
from .load import DocumentCache, Tree, load_tree
from .lock import output_lock
from .markup import MarkdownRenderer
from .memo import Memo
from .model import Config, Site
from .offline import OFFLINE_ZIP, OfflineZip
from .opendata import data_files
from .options import Options, build_date
from .pagecache import PageCache, code_version, hashed_files, kept_files, prune
from .paging import list_files
from .photos import PhotoError, rendition_files, shown_pictures
from .plan import PagePlan, plan_pages
from .problems import ContentError, Problem
from .render import make_environment, render_page, template_problem
from .scope import is_narrow
from .shareimage import share_files, share_words
from .templategraph import template_closure
from .translations import Item
from .urls import output_file, path_prefix
from .validate import validate
from .write import Content, unsafe_output, write_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Problem, ...]


def load_config(root: Path) -> Config:
    """Only the site configuration (for commands that need no more)."""
    tree = load_tree(root)
    return assemble_config(tree.site)


def translation_items(options: Options) -> tuple[Tree, list[Item], Config]:
    """The tree, its translation items and the site config, for the translators' tools."""
    site, _ = load_site(options)
    return load_tree(options.root), list(site.translation_items), site.config


def load_site(options: Options,
              cache: DocumentCache | None = None) -> tuple[Site, tuple[Problem, ...]]:
    """Load, validate, assemble and plan; raise ContentError listing every error.

    Warnings are returned; with any error they are raised along with it. With `strict`
    every warning counts as an error. A `cache` of documents saves parsing unchanged files.
    """
    site, warnings, _ = load_and_plan(options, cache)
    return site, warnings


def load_and_plan(options: Options, cache: DocumentCache | None = None,
                  signatures: dict[str, tuple] | None = None, memo: Memo | None = None
                  ) -> tuple[Site, tuple[Problem, ...], list[PagePlan]]:
    """`load_site`, and the pages planned from it."""
    site, warnings = load_unplanned(options, cache, signatures, memo)
    plans = plan_pages(site, build_date(options.today))  # raises on two pages at one address
    return site, warnings, plans


def load_unplanned(options: Options, cache: DocumentCache | None = None,
                   signatures: dict[str, tuple] | None = None, memo: Memo | None = None
                   ) -> tuple[Site, tuple[Problem, ...]]:
    """Load, validate and assemble, but do not plan (so two pages at one address are not
    yet found: plan the pages before publishing anything). The live preview passes what
    it keeps between builds: parsed documents, their signatures, results per document."""
    store = DocumentStore(options.root / ".cache" / "documents", code_version()) \
        if options.cache else None
    tree = load_tree(options.root, cache, signatures, store, strict=False)
    if store is not None:
        prune(store.folder, store.used)
    problems = validate(tree, build_date(options.today), memo)
    guard = guard_of(tree)  # the guard's first pass, whatever else is wrong
    verdicts = _verdicts(options, guard, "source")
    problems += source_leaks(tree, guard, verdicts)
    if verdicts is not None:
        verdicts.save()
    if options.strict:
        problems = [p.as_error() for p in problems]
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    site = assemble(tree, options.base_url, memo, build_date(options.today))
    site = dataclasses.replace(site, pictures=shown_pictures(options.root, site.prisoners))
    return site, tuple(sorted((p for p in problems if p.warning), key=Problem.sort_key))


_FORKED: dict = {}
"""What forked rendering processes inherit from the parent (set just before the fork)."""

PARALLEL_FROM = 200
"""Fewer pages than this render in one process: starting workers would cost more."""
SPAN = 64
"""Pages a worker renders per task."""


def _render_range(span: tuple[int, int]) -> list[tuple[str, bytes]]:
    site, plans, root, portable, cache = (_FORKED[k] for k in ("site", "plans", "root",
                                                                "portable", "cache"))
    renderer = _FORKED.setdefault("renderer", Renderer(root, portable, cache))
    return [renderer.render(site, plan) for plan in plans[span[0]:span[1]]]


class Renderer:
    """Jinja, Markdown and the asset names: made once per process (or per live preview)."""

    def __init__(self, root: Path, portable: bool, cache: bool):
        templates = root / "templates"
        self.env = make_environment(templates)
        self.names = {name: hashed for name, (hashed, _)
                      in collect_assets(templates / "assets").items()}
        self.markdown = MarkdownRenderer(root / ".cache" / "markdown" if cache else None)
        self.portable = portable

    def render(self, site: Site, plan: PagePlan) -> tuple[str, bytes]:
        try:
            html = render_page(self.env, site, plan, self.markdown, self.names, self.portable)
        except (jinja2.TemplateError, StringError, LookupError, TypeError) as error:
            raise ContentError([template_problem(error)]) from None
        except (ContentError, MemoryError, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - named, with the page's own file
            raise ContentError([render_failure(plan, error)]) from None
        return output_file(plan.path), html.encode("utf-8")


def render_failure(plan: PagePlan, error: Exception) -> Problem:
    """A page that could not be rendered, named by the file it is made from."""
    own = _sources_of(plan)[0]
    return Problem(own, None, "", f"the page {output_file(plan.path)} could not be made "
                   f"({type(error).__name__}: {error})", "check the values in this file; if "
                   "they look right, this is a mistake in the generator: please report it "
                   "with this message")


def render_pages(site: Site, plans: list[PagePlan], root: Path, portable: bool,
                 jobs: int, cache: bool = True, renderer: Renderer | None = None,
                 pages: PageCache | None = None) -> Iterator[tuple[str, bytes]]:
    """Every page: those in the page cache (`pages`) first, then the others in plan
    order, rendered across `jobs` processes when that pays (the output is the same as
    rendering in one process) and added to the cache. A `renderer` kept from an earlier
    call saves setting up Jinja and keeps Markdown already rendered."""
    if pages is None:
        yield from _rendered(site, plans, root, portable, jobs, cache, renderer)
        return
    keys, missing = {}, []
    for plan in plans:
        key = pages.key(plan)
        content = pages.get(key)
        if content is None:
            keys[output_file(plan.path)] = key
            missing.append(plan)
        else:
            yield output_file(plan.path), content
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
    _FORKED.clear()
    _FORKED.update(site=site, plans=plans, root=root, portable=portable, cache=cache)
    if renderer is not None:
        _FORKED["renderer"] = renderer
    size = min(SPAN, max(16, len(plans) // (jobs * 8)))
    spans = iter([(start, min(start + size, len(plans)))
                  for start in range(0, len(plans), size)])
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
        _FORKED.clear()


def render_files(site: Site, plans: list[PagePlan], root: Path, today: dt.date,
                 portable: bool = False, jobs: int = 1, cache: bool = True,
                 renderer: Renderer | None = None, pages: PageCache | None = None,
                 check_words=None, images: bool = True) -> Iterator[tuple[str, bytes]]:
    """Yield every output file: the pages, the assets, the photos, the calendars.
    `images=False` (for `check`): share images and photos by their paths alone, empty."""
    yield from render_pages(site, plans, root, portable, jobs, cache, renderer, pages)
    if pages is None:
        yield from other_files(site, plans, root, today, cache=cache, images=images)
    else:
        yield from kept_files(root / ".cache" / "site-files", pages.site_key(),
                              lambda: other_files(site, plans, root, today, cache=cache,
                                                  images=images))
    if site.config.share_images and images:
        yield from share_files(site, plans, root / ".cache" / "share" if cache else None,
                               jobs, check_words)
    elif site.config.share_images:
        yield from ((path, b"") for path, _ in share_words(site, plans, check_words))


def other_files(site: Site, plans: list[PagePlan], root: Path, today: dt.date,
                plain: dict[str, tuple[str, ...]] | None = None, cache: bool = True,
                images: bool = True) -> Iterator[tuple[str, bytes]]:
    """Everything but the pages and their share images: assets, photos, calendars, feeds,
    open data, the search index (`plain`: the words of texts read before, see fulltext; `cache`:
    keep encoded photos under .cache/photos/)."""
    assets = collect_assets(root / "templates" / "assets")
    for hashed, content in assets.values():
        yield f"assets/{hashed}", content
    if images:
        yield from photo_files(site, root, cache)
    else:
        yield from ((r.path, b"") for picture in site.pictures.values()
                    for r in picture.renditions)
    yield from calendar_files(site, today)
    yield from machine_files(site, plans)
    yield from data_files(site, today)
    yield from index_files(site, plain)
    yield from list_files(site)
    yield from netlify_files(site)


def netlify_files(site: Site) -> Iterator[tuple[str, bytes]]:
    """`_headers` for what netlify.toml cannot know: the onion address of this site."""
    if site.config.onion:
        yield "_headers", f"/*\n  Onion-Location: {site.config.onion}\n".encode()


def photo_files(site: Site, root: Path, cache: bool = True) -> Iterator[tuple[str, bytes]]:
    """The renditions of each photo a shown profile uses, decoded and encoded again (see
    photos.py): nothing else in content/photos/ is published, nothing as it was written."""
    shown = sorted({p.photo.file for p in site.prisoners if p.photo and not p.name_withheld})
    folder = root / ".cache" / "photos" if cache else None
    try:
        yield from rendition_files(root, [site.pictures[name] for name in shown], folder)
    except PhotoError as error:  # the photo changed since it was checked
        raise ContentError([Problem(error.message.split(" ")[0].rstrip(":"), None, "",
                                    f"{error.message} (it changed during the build)",
                                    error.fix)]) from None
    except ValueError as error:  # what an encoder may raise about an odd image
        raise ContentError([Problem("content/photos", None, "", f"a photo could not be "
                                    f"encoded ({error})", "export it again as JPEG or "
                                    "PNG")]) from None


def build(options: Options) -> BuildResult:
    """Build the project at `options.root` into its output folder, or change nothing.
    One build at a time per output folder: a second one waits (lock.py). A cache that
    cannot be written is a warning: the build goes on without it."""
    problem = output_problem(options)
    if problem is not None:
        raise ContentError([problem])
    with output_lock(options.output):
        options, notes = usable_cache(options)
        site, warnings, plans = load_and_plan(options)
        result = publish(options, site, warnings, plans=plans).result
        return dataclasses.replace(result, warnings=result.warnings + notes + cache_notes())


def output_problem(options: Options) -> Problem | None:
    """Why the output folder may not be built into (it is replaced whole), or None."""
    reason = unsafe_output(options.root, options.output)
    if reason is None:
        return None
    return Problem(str(options.output), None, "", f"the output folder: {reason}, and a build "
                   "replaces it whole", "build into site/, a new folder or an empty one (--out)")


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


@dataclass
class Published:
    """A full build, with what a live preview keeps to update it later."""

    result: BuildResult
    site: Site
    plans: list[PagePlan]
    links: LinkCheck
    archive: OfflineZip | None
    digests: dict[str, bytes]
    """Every output file's content hash, by path."""
    clean: Verdicts | None = None
    """The output texts the leak guard found clean (kept only when caching)."""


def publish(options: Options, site: Site, warnings: tuple[Problem, ...] = (),
            renderer: Renderer | None = None,
            plans: list[PagePlan] | None = None, keep_zip: bool = False) -> Published:
    """Render every file of a loaded site, check the links, and swap the result in
    (`keep_zip`: hold the offline copy's compressed entries in memory, for a live preview)."""
    today = build_date(options.today)
    plans = plans if plans is not None else plan_pages(site, today)
    links = LinkCheck(path_prefix(site.config.base_url))
    offline = site.config.offline_copy and not options.portable
    archive = OfflineZip(options.root / ".cache" / "zip" if options.cache else None,
                         keep_zip) if offline else None
    digests: dict[str, bytes] = {}
    pages = page_cache(options, site, today) if options.cache else None

    guard = Guard.of_site(site)
    verdicts = _verdicts(options, guard)
    leaks = OutputGuard(guard, verdicts, page_origins(plans))

    def files() -> Iterator[tuple[str, Content]]:
        for path, content in render_files(site, plans, options.root, today, options.portable,
                                          options.jobs, options.cache, renderer, pages,
                                          leaks.check_words):
            links.observe(path, content)
            digests[path] = digest(content)
            leaks.check(path, content, digests[path])
            if archive is not None:
                archive.add(path, content, digests[path])
            yield path, content
        if archive is not None:
            links.observe(OFFLINE_ZIP, b"")
            yield OFFLINE_ZIP, write_zip

    def write_zip(target: Path) -> None:
        staging = target.parents[1]  # download/portal-offline.zip in the new site
        digests[OFFLINE_ZIP] = archive.write_file(
            target, lambda path: (staging / path).read_bytes())

    def before_swap() -> None:
        problems = links.problems(page_sources(plans), options.root) + leaks.problems
        if problems:
            raise ContentError(problems)

    count = write_site(options.output, files(), before_swap=before_swap)
    if verdicts is not None:
        verdicts.save()
    if pages is not None:
        prune(pages.folder, pages.used)
    if archive is not None and archive.cache is not None:
        prune(archive.cache, archive.used)
    return Published(BuildResult(len(plans), count, warnings), site, plans, links, archive,
                     digests, verdicts)


def page_cache(options: Options, site: Site, today: dt.date) -> PageCache:
    """The rendered pages of earlier builds, under .cache/pages/."""
    templates = options.root / "templates"
    files = hashed_files(options.root)
    closure = template_closure(make_environment(templates), templates)
    setting = f"{site.config.base_url}\0{options.portable}\0{today.isoformat()}"
    return PageCache(options.root / ".cache" / "pages", files, closure,
                     [path for path in files if not is_narrow(path)], setting)


def _verdicts(options: Options, guard: Guard, kind: str = "output") -> Verdicts | None:
    """The texts found clean before, when caching and when anybody's name is withheld."""
    if not options.cache or not guard:
        return None
    return Verdicts(options.root / ".cache" / "guard", guard, kind)


def page_origins(plans: list[PagePlan]) -> dict[str, str]:
    """Each page's file → its template and the files it is made from (for messages)."""
    origins = {}
    for plan in plans:
        inputs = ", ".join(plan.inputs[:3]) + (", …" if len(plan.inputs) > 3 else "")
        origins[output_file(plan.path)] = f"templates/{plan.template}" + \
            (f" with {inputs}" if inputs else "")
    return origins


def digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def page_sources(plans: list[PagePlan]) -> dict[str, tuple[str, ...]]:
    """The output file of each page → the files to look in for a broken link on it: the
    page's own file first (a statement's or page's version in its language), then the
    other files it is made from, then its template."""
    return {output_file(p.path): _sources_of(p) for p in plans}


def _sources_of(plan: PagePlan) -> tuple[str, ...]:
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


def verify(links: LinkCheck, sources: dict[str, tuple[str, ...]], root: Path,
           pages: list[str] | None = None) -> None:
    """Raise ContentError naming every broken link (on `pages`, else on every page)."""
    problems = links.problems(sources, root, pages)
    if problems:
        raise ContentError(problems)
