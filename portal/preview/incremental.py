"""The live preview's builds: after the first full build, a change re-renders only the pages
made from the changed files, and the result is the same, byte for byte, as a full build.

Each planned page records the source files it was made from (`PagePlan.inputs`); its
template and every template that one extends, includes or imports are its templates. A
change to a file every page shows (the site settings, the interface strings, the source
list, the pages in the menu, the stylesheet) rebuilds everything."""

from __future__ import annotations

import datetime as dt
import gc
import time
from dataclasses import dataclass, field

from ..build.builder import Published, load_and_plan, load_unplanned, publish, verify
from ..build.progress import SILENT, Stages
from ..build.rendering import Renderer, page_sources, render_pages
from ..build.scope import is_narrow
from ..build.sitefiles import other_files
from ..checks.withheld import Verdicts
from ..content.load import DocumentCache
from ..content.snapshot import Snapshot, changes, scan
from ..memo import ByObject, Memo
from ..names.guard import Guard
from ..options import Options, build_date
from ..outputs.fulltext import index_files
from ..outputs.leaks import OutputGuard
from ..outputs.offline import OFFLINE_ZIP
from ..outputs.sharefiles import share_files
from ..outputs.sharewords import share_path
from ..pages.pageplan import PagePlan
from ..pages.plan import plan_own_pages, plan_pages
from ..pages.templategraph import template_closure
from ..pages.urls import output_file
from ..problems import ContentError, Problem
from .affected import forget_templates, must_render
from .quick import first_pages, observe, undo
from .writing import (
    file_identity,
    folder_identity,
    remove,
    restore,
    stage_offline_copy,
    write_changed,
    write_offline_copy,
)


@dataclass
class Update:
    """What one rebuild did."""

    full: bool
    rendered: int
    """Pages rendered."""
    written: tuple[str, ...] = ()
    """Output files written (or, for a full build, all of them)."""
    removed: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    changed: tuple[str, ...] = ()
    """Source files that changed."""
    seconds: float = 0.0
    """From the start of the rebuild to the last file written."""
    own_seconds: float | None = None
    """To the last page of the changed files themselves (a profile's own pages)."""
    started: float = 0.0
    """When the rebuild started (time.perf_counter)."""
    quick: tuple[str, ...] = ()
    """Pages written before the site was loaded again, from the last model with the saved
    profile replaced (quick.py)."""


@dataclass
class _State:
    """The last good build: what it was made from and what it made."""

    snapshot: Snapshot
    published: Published
    today: dt.date
    closure: dict[str, frozenset[str]]
    renderer: Renderer
    output: tuple[int, int] | None = None
    """The output folder's device and inode when this build made it: another build that
    swapped in a site of its own since (another terminal) makes the next one full."""
    names: bytes = b""
    """The key of the leak guard this site passed (names/guard.py): when the names it
    looks for change, the offline copy is written whole (writing.py)."""


@dataclass
class Preview:
    """A site kept in memory between rebuilds of the live preview."""

    options: Options
    documents: DocumentCache = field(default_factory=dict)
    memo: Memo = field(default_factory=Memo)
    plain: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The words of texts, for the search index, by text."""
    state: _State | None = None
    problems: tuple[Problem, ...] = ()
    """The errors of the last attempt, if it failed (the last good site stays)."""
    shown: tuple[tuple[Problem, ...], bool] = ((), True)
    """What the preview's server answers with: the problems of the last failed attempt,
    and whether the last good site may be shown with them above its pages
    (preview/shown.py; else only the error page is). One value, replaced at once by
    serve.rebuild: a request never pairs an attempt's problems with a verdict on the
    last good site made before them (the error page flashed up before the banner)."""
    reported: tuple[Problem, ...] = ()
    """The warnings last shown to the editor (shown again only when they change)."""
    clean: Verdicts | None = None
    """Output texts the guard found clean, for the withheld names of `clean_for` (the
    guard's key): a file that comes out as it was (most of the search index, feeds and
    data) is not searched again."""
    clean_for: bytes = b""
    guard: Guard | None = None
    """The leak guard of the last update's site (for the quick answer: quick.py)."""
    show_progress: bool = True
    """Whether a long rebuild shows its stages in the terminal (not with --quiet)."""

    def __post_init__(self) -> None:
        ByObject.kept = True  # this process builds again and again: keep what is unchanged

    def _output_guard(self, site) -> OutputGuard:
        guard = self.guard = Guard.of_site(site)
        if self.clean is None or self.clean_for != guard.key or len(self.clean.clean) > 500_000 \
                or len(self.clean.texts or ()) > 2_000_000:
            self.clean, self.clean_for = Verdicts(None, guard, "output"), guard.key
        if self.clean.texts is None:
            self.clean.texts = set()
        return OutputGuard(guard, self.clean)

    def build(self, progress: Stages = SILENT) -> Update:
        """A full build (atomic, like `.venv/bin/python build.py`), remembered for later
        updates; each stage told to `progress`."""
        started = time.perf_counter()
        snapshot = scan(self.options.root, self.state.snapshot if self.state else None)
        try:
            site, warnings, plans = load_and_plan(self.options, self.documents, snapshot,
                                                  self.memo, progress)
            renderer = self._renderer()
            published = publish(self.options, site, warnings, renderer, plans, keep_zip=True,
                                progress=progress)
        except ContentError as error:
            self.problems = tuple(error.problems)
            raise
        templates = self.options.root / "templates"
        closure = template_closure(renderer.env, templates)
        progress.stage("getting the preview ready")
        self._warm_up(renderer, site, published.plans)
        self.guard = Guard.of_site(site)
        if published.archive is not None:
            published.archive.changed = False  # as written
            published.archive.on_disk = file_identity(self.options.output / OFFLINE_ZIP)
        if published.clean is not None:
            self.clean, self.clean_for = published.clean, self.guard.key
        _settle(full=True)
        self.state = _State(snapshot, published, build_date(self.options.today), closure,
                            renderer, folder_identity(self.options.output), self.guard.key)
        self.problems = ()
        return Update(True, len(published.plans), tuple(published.digests), (), warnings,
                      seconds=time.perf_counter() - started, started=started)

    def _warm_up(self, renderer: Renderer, site, plans: list[PagePlan]) -> None:
        """Render one profile, letter and statement page per language here, so that the
        first edit does not pay for compiling templates and loading locale data (worker
        processes rendered the full build)."""
        seen: set[tuple[str, str | None]] = set()
        for plan in plans:
            if plan.kind in ("prisoner", "letter", "statement") and \
                    (plan.kind, plan.lang) not in seen:
                seen.add((plan.kind, plan.lang))
                renderer.render(site, plan)
        for _ in index_files(site, self.plain):  # the words of every text, read once
            pass

    def _renderer(self) -> Renderer:
        """A new Jinja environment (templates may have changed) that keeps the Markdown
        already rendered."""
        renderer = Renderer(self.options.root, self.options.portable, self.options.cache)
        if self.state is not None:
            renderer.markdown = self.state.renderer.markdown
        return renderer

    def update(self, snapshot: Snapshot | None = None,
               progress: Stages = SILENT) -> Update | None:
        """Rebuild what changed since the last good build (`snapshot`: the source files
        now, if just scanned); None when nothing did. Raise ContentError (and keep every
        published file as it was) for a broken edit. A full build tells `progress` its
        stages."""
        state = self.state
        if state is None:
            return self.build(progress)
        if snapshot is None:
            snapshot = scan(self.options.root, state.snapshot)
        changed = changes(state.snapshot, snapshot)
        if not changed:
            if not self.problems:
                return None
            self.problems = ()  # the files are as in the last good build again
            return Update(False, 0, started=time.perf_counter())
        if not all(is_narrow(path) for path in changed) or \
                build_date(self.options.today) != state.today or \
                folder_identity(self.options.output) != state.output:
            update = self.build(progress)
            update.changed = tuple(sorted(changed))
            return update
        gc.disable()  # little of what an update makes is garbage in cycles: look once, after
        try:
            return self._update(state, snapshot, changed)
        except ContentError as error:
            self.problems = tuple(error.problems)
            raise
        finally:
            _settle()

    def _update(self, state: _State, snapshot: Snapshot, changed: set[str]) -> Update:
        started = time.perf_counter()
        options, old = self.options, state.published
        quick, backups, lost = self._quick(state, changed)
        own_seconds = time.perf_counter() - started if quick else None
        try:
            site, warnings = load_unplanned(options, self.documents, snapshot, self.memo)
            templates = {path for path in changed if path.startswith("templates/")}
            renderer, closure = state.renderer, state.closure
            if templates:
                forget_templates(renderer, {path.removeprefix("templates/") for path in templates})
                closure = template_closure(renderer.env, options.root / "templates")
            before = {p.path: p for p in old.plans}
            # The changed files' own pages first (what the editor is looking at), when
            # they are pages the site had already, so their links can be checked at once.
            own = [] if templates else plan_own_pages(site, changed, state.today)
            if any(p.path not in before for p in own):
                own = []
            leaks = self._output_guard(site)
        except BaseException:
            # the pages written first go: the last good site stands
            undo(options.output, backups, old)
            raise
        links = old.links
        rendered: dict[str, bytes] = dict(quick)
        try:
            if own:
                first = dict(render_pages(site, own, options.root, options.portable, 1,
                                          options.cache, renderer))
                lost |= observe(links, first)
                verify(links, page_sources(own), options.root, list(first))
                _guard(leaks, first)
                backups = {**write_changed(self.options.output, first, old.digests), **backups}
                rendered.update(first)
                if own_seconds is None:
                    own_seconds = time.perf_counter() - started
            plans = plan_pages(site, state.today)
            done = {p.path for p in own}
            affected = [p for p in plans if p.path in done or must_render(
                p, before.get(p.path), changed, closure.get(p.template, frozenset()))]
            rest = [p for p in affected if p.path not in done]
            current = {output_file(p.path) for p in plans}
            gone = [output_file(p.path) for p in old.plans
                    if output_file(p.path) not in current]
            for path in gone:
                links.forget(path)
            lost |= bool(gone)
            later = dict(render_pages(site, rest, options.root, options.portable,
                                      options.jobs, options.cache, renderer))
            lost |= observe(links, later)
            rendered.update(later)
            others = self._other_files(site, plans, affected, leaks.check_words)
            observe(links, others)
            _guard(leaks, {**later, **others})
            # the sources of the pages checked, to name where a broken link is written
            verify(links, page_sources(plans if lost else affected), options.root,
                   None if lost else list(rendered))
            expected = self._expected(site, plans, others, old)
            removed = [path for path in old.digests if path not in expected]
            if old.archive is not None:
                stage_offline_copy(old.archive, {**rendered, **others}, removed, leaks,
                                   names_changed=state.names != leaks.guard.key)
        except BaseException:
            restore(self.options.output, backups)
            self.state = None  # the kept links are half updated: next time, build it all
            raise
        written = [*backups, *write_changed(self.options.output, later, old.digests),
                   *write_changed(self.options.output, others, old.digests)]
        if old.archive is not None and old.archive.changed:
            written += write_offline_copy(options.output, old.archive, old.digests)
        for path in removed:
            remove(options.output, path)
            old.digests.pop(path, None)
            links.forget(path)
        state.snapshot = snapshot
        state.renderer, state.closure, state.names = renderer, closure, leaks.guard.key
        state.published = Published(old.result, site, plans, links, old.archive, old.digests)
        self.problems = ()
        return Update(False, len(rendered), tuple(written), tuple(removed), warnings,
                      tuple(sorted(changed)), time.perf_counter() - started, own_seconds,
                      started, tuple(quick))

    def _quick(self, state: _State, changed: set[str]
               ) -> tuple[dict[str, bytes], dict[str, bytes | None], bool]:
        """A saved profile's own pages, written before the site is loaded again (quick.py)."""
        if self.guard is None:
            return {}, {}, False
        clean = self.clean if self.clean_for == self.guard.key else None
        return first_pages(self.options, state.published, state.today, state.renderer,
                           self.guard, clean, changed)

    def _other_files(self, site, plans: list[PagePlan], affected: list[PagePlan],
                     check_words=None) -> dict[str, bytes]:
        """Feeds, data, index and the other non-page files, and the share images of the
        pages that changed."""
        options = self.options
        if len(self.plain) > 4 * len(site.prisoners) + 4 * len(site.statements) + 100:
            self.plain.clear()  # old versions of edited texts: start afresh now and then
        files = dict(other_files(site, plans, options.root, build_date(options.today),
                                 self.plain, cache=options.cache))
        if site.config.share_images:
            cache = options.root / ".cache" / "share" if options.cache else None
            files.update(share_files(site, affected, cache, options.jobs, check_words))
        return files

    def _expected(self, site, plans: list[PagePlan], others: dict[str, bytes],
                  old: Published) -> set[str]:
        """Every file the site has now."""
        expected = {output_file(p.path) for p in plans} | set(others)
        if site.config.share_images:
            expected |= {share_path(p) for p in plans} - {None}
        if old.archive is not None:
            expected.add(OFFLINE_ZIP)
        return expected


_SETTLED = [0]


def _settle(full: bool = False) -> None:
    """After a build or an update, what survives lives on (the model, the plans, what is
    kept per object): freeze it, so that the collector does not walk a million objects
    again at each edit (it took 0.2 s an edit at 5,000 people). Young garbage is
    collected first, and every hundredth time everything is collected."""
    gc.enable()
    _SETTLED[0] += 1
    if full or _SETTLED[0] % 100 == 0:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


def _guard(leaks: OutputGuard, files: dict[str, bytes]) -> None:
    """Stop before writing anything that names a withheld person (outputs/leaks.py)."""
    for path, content in files.items():
        leaks.check(path, content)
    leaks.raise_found()


