"""The web editor's configuration (Decap CMS `config.yml`), made from the schema.

Interface (filled in by the schema work): `editor_config(root, local_url=None)` gives the
configuration as a dict; `config_text(...)` gives it as YAML text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WRAPPERS = {"data/sources.yaml": "sources", "data/facilities.yaml": "facilities",
            "data/releases.yaml": "waves", "data/statistics.yaml": "statistics",
            "data/actions.yaml": "actions"}
"""The list files, each kept under one key so that the editor (which edits maps only) can
open it: `waves:` then the list."""


def editor_config(root: Path, local_url: str | None = None) -> dict[str, Any]:
    """The configuration for the project at root; `local_url`: the local back end's
    absolute address (the preview's), or None for the published site."""
    config: dict[str, Any] = {
        "backend": {"name": "github", "repo": "OWNER/REPO", "branch": "main",
                    "base_url": "https://api.netlify.com"},
        "publish_mode": "editorial_workflow",
        "media_folder": "content/photos", "public_folder": "",
        "collections": [{
            "name": "prisoners", "label": "People", "folder": "data/prisoners",
            "extension": "yaml", "format": "yaml", "create": True, "slug": "{{slug}}",
            "identifier_field": "name.en",
            "fields": [{"name": "name", "label": "Name", "widget": "object", "fields": [
                {"name": "en", "label": "English", "widget": "string"}]}],
        }],
    }
    if local_url:
        config["local_backend"] = {"url": local_url}
    return config


def config_text(root: Path, local_url: str | None = None) -> str:
    """The configuration as the YAML text of `config.yml`."""
    return yaml.safe_dump(editor_config(root, local_url), allow_unicode=True, sort_keys=False)


def missing(root: Path) -> str | None:
    """Why the published site has no editor (one line, e.g. no git repository is named in
    data/site.yaml), or None when it has one. The preview offers the editor regardless,
    with its local back end."""
    return None
