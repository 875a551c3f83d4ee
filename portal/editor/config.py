"""The web editor's configuration (Decap CMS `config.yml`), made from the schema: the
records of checks/shapes.py, the types of content/schema.py and content/records.py, the
limits of limits.py, the languages of data/site.yaml and the hints of the editors' guide.
Nothing in it is written by hand, so the editor cannot drift from what `check` accepts."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..content.listfiles import WRAPPERS  # noqa: F401 (the table, kept where the loader reads it)
from ..content.onceread import yaml_data
from ..problems import ContentError
from .collections import collections
from .fields import Languages
from .hints import guide_hints

NETLIFY_OAUTH = "https://api.netlify.com"
"""Where editors sign in with GitHub: Netlify's OAuth provider."""


def editor_config(root: Path, local_url: str | None = None) -> dict[str, Any]:
    """The configuration for the project at root; `local_url`: the local back end's
    absolute address (the preview's), or None for the published site. Raises
    ContentError (file, line, what is wrong) when data/site.yaml cannot be read."""
    site = _site(root)
    languages = site_languages(site)
    editor = site.get("editor") if isinstance(site.get("editor"), dict) else {}
    backend: dict[str, Any] = {"name": "github", "branch": str(editor.get("branch") or "main"),
                               "base_url": NETLIFY_OAUTH}
    if repo := repository(editor):
        backend = {"name": "github", "repo": repo, **backend}
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": "content/photos", "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "i18n": {"structure": "multiple_files", "locales": list(languages.codes),
                 "default_locale": languages.default},
        "collections": collections(root, languages, guide_hints()),
    }
    if local_url:
        config["local_backend"] = {"url": local_url}
    return config


def config_text(root: Path, local_url: str | None = None) -> str:
    """The configuration as the YAML text of `config.yml`."""
    return dump(editor_config(root, local_url))


def dump(config: dict[str, Any]) -> str:
    """A configuration made by `editor_config` as the YAML text of `config.yml`."""
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def missing(root: Path) -> str | None:
    """Why the published site has no editor (one line, e.g. no git repository is named in
    data/site.yaml), or None when it has one. The preview offers the editor regardless,
    with its local back end."""
    try:
        editor = _site(root).get("editor")
    except ContentError as error:
        return f"data/site.yaml cannot be read: {error.problems[0].message}"
    if repository(editor if isinstance(editor, dict) else {}) is None:
        return ("no git repository for the web editor: add `editor: {repo: owner/name}` "
                "to data/site.yaml (on Netlify, the repository it builds is taken)")
    return None


GITHUB = re.compile(r"^(?:https://(?:[^@/\s]+@)?github\.com/|git@github\.com:)"
                    r"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")
"""A GitHub repository's address as Netlify gives it in REPOSITORY_URL, sometimes with
a build's access token before the host (`https://x-access-token:…@github.com/o/n`): only
`owner/name` is taken, never the token."""


def repository(editor: dict) -> str | None:
    """The GitHub repository the editor saves to, `owner/name`: data/site.yaml's
    `editor.repo`, else, in a Netlify build, the repository Netlify builds from (its
    REPOSITORY_URL), as base_url takes Netlify's URL."""
    if isinstance(editor.get("repo"), str):
        return editor["repo"]
    if os.environ.get("NETLIFY") == "true":
        found = GITHUB.match(os.environ.get("REPOSITORY_URL", ""))
        return found.group(1) if found else None
    return None


def site_languages(site: dict) -> Languages:
    """The languages of data/site.yaml, in order, and the default one."""
    entries = site.get("languages") if isinstance(site.get("languages"), list) else []
    pairs = [(x["code"], str(x.get("locale") or x["code"])) for x in entries
             if isinstance(x, dict) and isinstance(x.get("code"), str)]
    codes = tuple(code for code, _ in pairs) or ("en",)
    default = site.get("default_language")
    return Languages(codes, tuple(locale for _, locale in pairs) or codes,
                     default if default in codes else codes[0])


def _site(root: Path) -> dict:
    data = yaml_data(root, "data/site.yaml")
    return data if isinstance(data, dict) else {}
