"""The build, stage by stage (`build`): read the sources, check them, assemble the model,
plan the pages, then publish: render every file, check links and withheld names, write
the new site beside the old one and swap it in."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..checks.validate import validate
from ..checks.withheld import Verdicts, guard_of, source_leaks
from ..content.docstore import DocumentStore
from ..content.load import DocumentCache, Tree, load_tree
from ..content.photos import shown_pictures
from ..editor.shell import Editor, copier, editor_of
from ..languages.translations import Item
from ..memo import Memo
from ..model.assemble import assemble, assemble_config
from ..model.model import Config, Site
from ..names.formstore import KeptForms
from ..names.guard import Guard
from ..options import Options, build_date
from ..outputs.leaks import OutputGuard
from ..outputs.offline import OFFLINE_ZIP, OfflineZip
from ..pages.pageplan import PagePlan
from ..pages.plan import plan_pages
from ..pages.urls import path_prefix
from ..problems import ContentError, Problem
from ..store.cachefile import prune
from ..store.results import KeptResults
from ..store.version import code_version
from ..store.write import Content, Linked, write_site
from . import manifest
from .caching import cache_notes, page_cache, retire_caches, usable_cache, verdicts_of
from .linkcheck import LinkCheck
from .manifest import BuildResult
from .noop import Prior, build_unless_unchanged, output_problem
from .progress import SILENT, Stages
from .rendering import Renderer, page_origins, page_sources, render_files
from .reuse import Reuse

__all__ = ["BuildResult", "build", "output_problem"]


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
                  signatures: dict[str, tuple] | None = None, memo: Memo | None = None,
                  progress: Stages = SILENT
                  ) -> tuple[Site, tuple[Problem, ...], list[PagePlan]]:
    """`load_site`, and the pages planned from it (each stage told to `progress`)."""
    site, warnings = load_unplanned(options, cache, signatures, memo, progress)
    plans = plan_pages(site, build_date(options.today))  # raises on two pages at one address
    return site, warnings, plans


def load_unplanned(options: Options, cache: DocumentCache | None = None,
                   signatures: dict[str, tuple] | None = None, memo: Memo | None = None,
                   progress: Stages = SILENT) -> tuple[Site, tuple[Problem, ...]]:
    """Read, check and assemble, but do not plan (so two pages at one address are not
    yet found: plan the pages before publishing anything). The live preview passes what
    it keeps between builds: parsed documents, their signatures, results per document."""
    progress.stage("reading the sources")
    tree = read_sources(options, cache, signatures)
    progress.stage("checking the sources")
    warnings = check_sources(options, tree, memo)
    progress.stage("assembling the site")
    return model_of(options, tree, memo), warnings


def read_sources(options: Options, cache: DocumentCache | None = None,
                 signatures: dict[str, tuple] | None = None) -> Tree:
    """Every source file of the project parsed into a document (content stage); parsed
    documents are kept under .cache/documents/ for the next build."""
    store = DocumentStore(options.root / ".cache" / "documents", code_version()) \
        if options.cache else None
    tree = load_tree(options.root, cache, signatures, store, strict=False)
    if store is not None:
        store.save()
    return tree


def check_sources(options: Options, tree: Tree, memo: Memo | None = None
                  ) -> tuple[Problem, ...]:
    """Every check of the documents (checks stage) and the leak guard's first pass over
    them: the warnings, sorted; or ContentError with every problem when one is an error
    (with `strict`, every warning is one). Without a `memo` (the live preview's), what
    the checks found in each unchanged document is kept under .cache/checks/, and the
    forms of every name (for the guard) under .cache/names/."""
    kept = KeptResults(options.root / ".cache" / "checks", known=tree.read_as) \
        if memo is None and options.cache else None
    problems = validate(tree, build_date(options.today), memo or kept)
    if kept is not None:
        kept.save()
    forms = KeptForms(options.root / ".cache" / "names" if options.cache else None)
    guard = guard_of(tree, forms)  # the guard's first pass, whatever else is wrong
    forms.save()
    verdicts = verdicts_of(options, guard, "source")
    problems += source_leaks(tree, guard, verdicts)
    if verdicts is not None:
        verdicts.save()
    if options.strict:
        problems = [p.as_error() for p in problems]
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return tuple(sorted((p for p in problems if p.warning), key=Problem.sort_key))


def model_of(options: Options, tree: Tree, memo: Memo | None = None) -> Site:
    """The checked documents assembled into the site model (model stage), with the photos
    the shown profiles use."""
    site = assemble(tree, options.base_url, memo, build_date(options.today))
    return dataclasses.replace(site, pictures=shown_pictures(options.root, site.prisoners))


def build(options: Options, progress: Stages = SILENT) -> BuildResult:
    """Build the project at `options.root` into its output folder, or change nothing when
    nothing changed since the last build (noop.py). One build at a time per output folder:
    a second one waits (lock.py). A cache that cannot be written is a warning: the build
    goes on without it. Each stage is told to `progress` (progress.py)."""
    return build_unless_unchanged(options, lambda options, prior: build_anew(options, prior,
                                                                              progress))


def build_anew(options: Options, prior: Prior, progress: Stages = SILENT) -> BuildResult:
    """Every stage, with the output folder's lock held: files unchanged since the last
    build (`prior`) are linked from the current site, not written again; the manifest of
    this build is kept for the next one. Each stage is told to `progress`."""
    options, notes = usable_cache(options)
    progress.stage("reading the sources")
    tree = read_sources(options)
    progress.stage("checking the sources")
    warnings = check_sources(options, tree)
    progress.stage("assembling the site")
    site = model_of(options, tree)
    plans = plan_pages(site, build_date(options.today))  # two pages at one address?
    reuse = Reuse(options.output, prior.manifest) \
        if options.cache and prior.inputs is not None else None
    result = publish(options, site, warnings, plans=plans, reuse=reuse,
                     progress=progress).result
    kept = reuse.manifest(prior.inputs, result) if reuse is not None else None
    if kept is not None:
        manifest.save(options, kept)
    return dataclasses.replace(result, warnings=result.warnings + notes + cache_notes())


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
            plans: list[PagePlan] | None = None, keep_zip: bool = False,
            progress: Stages = SILENT, reuse: Reuse | None = None) -> Published:
    """Render every file of a loaded site, check the links, and swap the result in
    (`keep_zip`: hold the offline copy's compressed entries in memory, for a live preview;
    `progress`: told each stage, and each file as it is made; `reuse`: link what is
    unchanged from the current site, and note what each file is)."""
    today = build_date(options.today)
    plans = plans if plans is not None else plan_pages(site, today)
    links = LinkCheck(path_prefix(site.config.base_url),
                      options.root / ".cache" / "links" if options.cache else None)
    offline = site.config.offline_copy and not options.portable
    archive = OfflineZip(options.root / ".cache" / "zip", keep_zip, options.output /
                         OFFLINE_ZIP) if offline and options.cache else \
        OfflineZip(None, keep_zip) if offline else None
    digests: dict[str, bytes] = {}
    pages = page_cache(options, site, today) if options.cache else None

    guard = Guard.of_site(site)
    verdicts = verdicts_of(options, guard)
    leaks = OutputGuard(guard, verdicts, page_origins(plans))
    editor, absent = editor_of(options.root, options.portable)

    def files() -> Iterator[tuple[str, Content]]:
        for path, content in render_files(site, plans, options.root, today, options.portable,
                                          options.jobs, options.cache, renderer, pages,
                                          leaks.check_words, progress=progress,
                                          reuse=reuse):
            if isinstance(content, Linked):
                hashed, data = content.digest, content.read  # read only if a check must
            else:
                hashed, data = digest(content), content
                content = (reuse.same(path, hashed) if reuse else None) or content
            digests[path] = hashed
            links.observe(path, data, hashed)
            leaks.check(path, data, hashed)
            if archive is not None:
                archive.add(path, data, hashed)
            yield path, content
        if archive is not None:
            links.observe(OFFLINE_ZIP, b"")
            progress.stage("packing the offline copy")
            yield OFFLINE_ZIP, write_zip
        if editor is not None:
            for path, content in editor_files(editor, links, leaks):
                if reuse is not None and isinstance(content, bytes):
                    reuse.digests[path] = digest(content)
                    content = reuse.same(path, reuse.digests[path]) or content
                yield path, content
        if reuse is not None:
            reuse.digests.update(digests)

    def noted(files: Iterator[tuple[str, Content]]) -> Iterator[tuple[str, Content]]:
        for path, content in files:
            if reuse is not None:
                reuse.wrote(path, content)
            yield path, content

    def write_zip(target: Path) -> None:
        staging = target.parents[1]  # download/portal-offline.zip in the new site
        digests[OFFLINE_ZIP] = archive.write_file(
            target, lambda path: (staging / path).read_bytes())
        if not leaks.problems:  # else the build stops anyway: its pages say where
            unpacked = archive.facts.unpacked()
            leaks.check_zip_file(OFFLINE_ZIP, target, unpacked)  # every entry, as published
            archive.facts.learn(unpacked)

    def before_swap() -> None:
        progress.stage("checking the links")
        problems = links.problems(page_sources(plans), options.root) + leaks.problems
        if problems:
            raise ContentError(problems)
        progress.stage(f"swapping in {options.output.name}/")

    count = write_site(options.output, noted(files()), before_swap=before_swap,
                       copied=reuse.copied if reuse is not None else None,
                       spare=reuse.spare if reuse is not None else None)
    progress.stage("saving the caches")
    if verdicts is not None:
        verdicts.save()
    links.save()
    if pages is not None:
        prune(pages.folder, pages.used)
        retire_caches(options.root / ".cache")
    if archive is not None and archive.cache is not None:
        archive.save_facts(options.output / OFFLINE_ZIP)
        prune(archive.cache, archive.used)
    return Published(BuildResult(len(plans), count, warnings, absent), site, plans, links,
                     archive, digests, verdicts)


def editor_files(editor: Editor, links: LinkCheck, leaks: OutputGuard
                 ) -> Iterator[tuple[str, Content]]:
    """The web editor's files under admin/: its page and configuration checked as every
    published file is (links, withheld names), Decap's own scripts only copied (5 MB that
    no text of ours is in). None of them is in the offline copy (they come after it is
    written), nor in `digests`: the live preview leaves them as the full build wrote them."""
    for path, content in editor.own:
        links.observe(path, content)
        leaks.check(path, content)
        yield path, content
    for path, source in editor.copied:
        links.observe(path, b"")
        yield path, copier(source)


def digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def verify(links: LinkCheck, sources: dict[str, tuple[str, ...]], root: Path,
           pages: list[str] | None = None) -> None:
    """Raise ContentError naming every broken link (on `pages`, else on every page)."""
    problems = links.problems(sources, root, pages)
    if problems:
        raise ContentError(problems)
