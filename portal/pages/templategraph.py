"""Which templates each template is made of, through extends, include, import and from."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

import jinja2
import jinja2.meta

from ..problems import ContentError
from ..store.files import read_project_file
from ..store.kept import Kept


def template_names(templates: Path) -> list[str]:
    """Every template (not the assets), by its name as Jinja knows it."""
    return sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html")
                  if "assets" not in p.relative_to(templates).parts)


_REFERENCED: dict[str, frozenset[str | None]] = {}


def _referenced(env: jinja2.Environment, source: str, kept: Kept | None
                ) -> frozenset[str | None]:
    """The templates a template's text names (None: one named only at run time), kept for
    the process and, by the text's hash, in `kept` for the next: the same text in the
    same environment settings names the same ones."""
    key = hashlib.blake2b(source.encode(), digest_size=16).digest() \
        if kept is not None else b""
    found = _REFERENCED.get(source)
    if found is None and kept is not None:
        found = kept.get(key)
    if found is None:
        found = frozenset(jinja2.meta.find_referenced_templates(env.parse(source)))
    if source not in _REFERENCED:
        if len(_REFERENCED) >= 512:
            _REFERENCED.clear()
        _REFERENCED[source] = found
    if kept is not None:
        kept.put(key, found)
    return found


def _normal(templates: Path, name: str | None) -> str | None:
    """A template's name as written in another (`./card.html`, `a/../b.html`) as the
    file it loads; None, as for a name known only at run time, if there is no such file
    (so the page takes every template into its key, not a name no file hashes under)."""
    if name is None:
        return None
    name = posixpath.normpath(name)
    return name if (templates / name).is_file() and not name.startswith("../") else None


def template_closure(env: jinja2.Environment, templates: Path, kept: Path | None = None
                     ) -> dict[str, frozenset[str]]:
    """For each template, itself and every template it uses directly or indirectly. A
    template that names another only at run time is taken to use them all. `kept`: where
    the names each template's text uses are kept for the next process (Jinja parses
    every template to tell: a fifth of a second at each build)."""
    names = template_names(templates)
    known = Kept(kept) if kept is not None else None
    direct: dict[str, set[str]] = {}
    for name in names:
        try:
            source = read_project_file(templates.parent, f"{templates.name}/{name}").decode(
                "utf-8", "replace")
            used = _referenced(env, source, known)
        except (jinja2.TemplateSyntaxError, ContentError):
            used = {None}  # the render reports the error; until then, assume everything
        named = {_normal(templates, u) for u in used}
        direct[name] = set(names) if None in named else named
    if known is not None:
        known.save()
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
