"""The Jinja environment pages are rendered in: templates read from the project's own
files, autoescaped, strict about undefined names."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.filters import do_urlencode

from ..store.files import read_project_file


class ProjectLoader(jinja2.BaseLoader):
    """Templates from the project's templates/ folder: only ordinary files inside the
    project (a link to /etc/passwd is refused, a pipe never read)."""

    def __init__(self, templates: Path) -> None:
        self.templates = templates
        self.root = templates.parent

    def get_source(self, environment, template: str):
        relative = f"{self.templates.name}/{template}"
        path = self.templates / template
        if ".." in Path(template).parts or not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        source = read_project_file(self.root, relative).decode("utf-8", "replace")
        mtime = _mtime(path)
        return source, str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled earlier in this process, by name and the checksum of their
    source: a later build (the live preview's next update, a test's next project) compiles
    only a template whose text changed. Jinja compiles again whenever the source differs,
    so what is rendered is always the current text."""

    def __init__(self) -> None:
        self.compiled: dict[tuple[str, str], object] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self.compiled) >= 512:  # a long preview session's many template edits
            self.compiled.clear()
        self.compiled[(bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()


def make_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names. A template is
    read once: Jinja does not look at its file again each time a page uses it (a build
    reads each template once; the live preview drops a changed one, preview/affected.py)."""
    env = jinja2.Environment(
        loader=ProjectLoader(templates), bytecode_cache=COMPILED,
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.do"], auto_reload=False,
    )
    env.filters["urlencode"] = urlencode
    return env


@lru_cache(maxsize=256)
def _quoted(text: str) -> str:
    return do_urlencode(text)


def urlencode(value: Any) -> str:
    """Jinja's `urlencode`, remembering the last texts it quoted (a page quotes its own
    address four times and its title three, for the sharing links)."""
    return _quoted(value) if isinstance(value, str) else do_urlencode(value)
