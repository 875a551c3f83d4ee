"""The build, stage by stage: load, validate, model, plan, render, write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .assemble import assemble
from .assets import collect_assets
from .load import load_tree
from .markup import MarkdownRenderer
from .model import Site
from .plan import PagePlan, plan_pages
from .problems import ContentError, Problem
from .render import make_environment, render_page
from .urls import output_file
from .validate import validate
from .write import write_site


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Problem, ...]


def check(root: Path) -> tuple[Problem, ...]:
    """Every problem (errors and warnings) in a project, without building anything."""
    try:
        tree = load_tree(root)
    except ContentError as error:
        return error.problems
    problems = tuple(validate(tree))
    if any(not p.warning for p in problems):
        return problems
    try:
        plan_pages(assemble(tree))
    except ContentError as error:
        return problems + error.problems
    return problems


def load_site(root: Path, base_url: str | None = None) -> tuple[Site, tuple[Problem, ...]]:
    """Load, validate and assemble; raise ContentError listing every error."""
    tree = load_tree(root)
    problems = validate(tree)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    return assemble(tree, base_url), tuple(p for p in problems if p.warning)


def render_files(site: Site, plans: list[PagePlan], root: Path,
                 portable: bool = False) -> Iterator[tuple[str, bytes]]:
    """Yield every output file: the pages, the assets, the photos."""
    templates = root / "templates"
    env = make_environment(templates)
    assets = collect_assets(templates / "assets")
    names = {name: hashed for name, (hashed, _) in assets.items()}
    markdown = MarkdownRenderer()
    for plan in plans:
        html = render_page(env, site, plan, markdown, names, portable)
        yield output_file(plan.path), html.encode("utf-8")
    for hashed, content in assets.values():
        yield f"assets/{hashed}", content
    yield from photo_files(site, root)


def photo_files(site: Site, root: Path) -> Iterator[tuple[str, bytes]]:
    """Only the photos a shown profile uses: nothing else in content/photos/ is published."""
    for person in site.prisoners:
        if person.photo and not person.name_withheld:
            name = person.photo.file
            yield f"photos/{name}", (root / "content" / "photos" / name).read_bytes()


def build(root: Path, out: Path | None = None, base_url: str | None = None,
          portable: bool = False) -> BuildResult:
    """Build the site of the project at `root` into `out` (default `root/site`)."""
    site, warnings = load_site(root, base_url)
    plans = plan_pages(site)
    files = render_files(site, plans, root, portable)
    count = write_site(out or root / "site", files)
    return BuildResult(len(plans), count, warnings)
