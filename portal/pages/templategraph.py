"""Which templates each template is made of, through extends, include, import and from."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.meta

from ..problems import ContentError
from ..store.files import read_project_file


def template_names(templates: Path) -> list[str]:
    """Every template (not the assets), by its name as Jinja knows it."""
    return sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html")
                  if "assets" not in p.relative_to(templates).parts)


_REFERENCED: dict[str, frozenset[str | None]] = {}


def _referenced(env: jinja2.Environment, source: str) -> frozenset[str | None]:
    """The templates a template's text names (None: one named only at run time), kept for
    the process: the same text in the same environment settings names the same ones."""
    if source not in _REFERENCED:
        if len(_REFERENCED) >= 512:
            _REFERENCED.clear()
        _REFERENCED[source] = frozenset(jinja2.meta.find_referenced_templates(
            env.parse(source)))
    return _REFERENCED[source]


def template_closure(env: jinja2.Environment, templates: Path) -> dict[str, frozenset[str]]:
    """For each template, itself and every template it uses directly or indirectly. A
    template that names another only at run time is taken to use them all."""
    names = template_names(templates)
    direct: dict[str, set[str]] = {}
    for name in names:
        try:
            source = read_project_file(templates.parent, f"{templates.name}/{name}").decode(
                "utf-8", "replace")
            used = _referenced(env, source)
        except (jinja2.TemplateSyntaxError, ContentError):
            used = {None}  # the render reports the error; until then, assume everything
        direct[name] = set(names) if None in used else {u for u in used if u}
    closure = {}
    for name in names:
        seen, todo = {name}, [name]
        while todo:
            for used in direct.get(todo.pop(), ()):
                if used not in seen:
                    seen.add(used)
                    todo.append(used)
        closure[name] = frozenset(f"templates/{x}" for x in seen)
    return closure
