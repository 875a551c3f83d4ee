"""The Jinja environment pages are rendered in: templates read from the project's own
files, autoescaped, strict about undefined names."""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.filters import do_urlencode

from ..store.cachefile import CacheFolder
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


SETTINGS = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
            "keep_trailing_newline": True, "extensions": ["jinja2.ext.do"]}
"""What a template compiles differently under (with Jinja's and Python's versions)."""

_COMPILED: dict[tuple[str, str], object] = {}
"""Templates compiled earlier in this process, by name and the checksum of their source."""


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled before: in this process (a later build, the live preview's next
    update, a test's next project), else under `kept` (`.cache/templates/`, one sealed
    entry per template: the last text of it compiled, for the next process). Jinja
    checks an entry's checksum against the template's source and compiles again whenever
    they differ, so what is rendered is always the current text; an entry of another
    Python or Jinja is not even looked at (its key differs), and a damaged or forged one
    fails its seal (store/cachefile.py)."""

    def __init__(self, kept: Path | None = None) -> None:
        self.kept = CacheFolder(kept) if kept is not None else None

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = _COMPILED.get((bucket.key, bucket.checksum))
        if code is not None and self.kept is not None and \
                not os.path.lexists(self.kept.path(_entry(bucket.key))):
            bucket.code = code  # compiled for another project: kept for this one too
            self.kept.put(_entry(bucket.key), bucket.bytecode_to_string())
        elif code is None and self.kept is not None:
            payload = self.kept.get(_entry(bucket.key))
            if payload is not None:
                try:
                    bucket.bytecode_from_string(payload)  # checks the source's checksum
                except (ValueError, EOFError, TypeError):
                    bucket.reset()
                code = bucket.code
                if code is not None:
                    _remember(bucket.key, bucket.checksum, code)
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        _remember(bucket.key, bucket.checksum, bucket.code)
        if self.kept is not None:
            self.kept.put(_entry(bucket.key), bucket.bytecode_to_string())


def _remember(name: str, checksum: str, code) -> None:
    if len(_COMPILED) >= 512:  # a long preview session's many template edits
        _COMPILED.clear()
    _COMPILED[(name, checksum)] = code


def _entry(name: str) -> str:
    """A template's entry under templates/: by its name, Python's and Jinja's versions
    and the settings."""
    tag = repr((name, sys.version_info[:2], jinja2.__version__, sorted(SETTINGS.items())))
    return hashlib.blake2b(tag.encode(), digest_size=16).hexdigest()


def make_environment(templates: Path, kept: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: autoescaped, strict about undefined names. A template is
    read once: Jinja does not look at its file again each time a page uses it (a build
    reads each template once; the live preview drops a changed one, preview/affected.py).
    `kept`: where compiled templates are kept for the next process (None: only in this
    one)."""
    env = jinja2.Environment(
        loader=ProjectLoader(templates), bytecode_cache=CompiledTemplates(kept),
        undefined=jinja2.StrictUndefined, auto_reload=False, **SETTINGS)
    env.filters["urlencode"] = urlencode
    return env


@lru_cache(maxsize=256)
def _quoted(text: str) -> str:
    return do_urlencode(text)


def urlencode(value: Any) -> str:
    """Jinja's `urlencode`, remembering the last texts it quoted (a page quotes its own
    address four times and its title three, for the sharing links)."""
    return _quoted(value) if isinstance(value, str) else do_urlencode(value)
