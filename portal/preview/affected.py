"""What a change affects in the live preview: which pages must be rendered again (new, made
from other files or another shape than before, from a changed file or a changed
template), and the changed templates dropped from Jinja's cache."""

from __future__ import annotations

from ..build.rendering import Renderer
from ..pages.pageplan import PagePlan


def must_render(plan: PagePlan, before: PagePlan | None, changed: set[str],
              templates: frozenset[str]) -> bool:
    """Whether a page must be rendered again: new, made from other files than before, made
    from a changed file, or from a changed template."""
    return (before is None or before.inputs != plan.inputs or before.shape != plan.shape
            or not changed.isdisjoint(plan.inputs) or not changed.isdisjoint(templates))


def forget_templates(renderer: Renderer, names: set[str]) -> None:
    """Drop changed templates from Jinja's cache, keeping the others compiled (templates
    find each other by name when they render, so nothing else holds the old ones)."""
    cache = renderer.env.cache
    if cache is None:
        return
    for key in list(cache.keys()):
        if key[1] in names:
            del cache[key]
