"""Our script on the editor's page that saves every map in the canonical order
(order.js, published as admin/order.js), and the order it reads (admin/order.json, made
here from checks/order, the same source `build.py format` writes from).

The editor keeps an entry in Immutable.js maps, and one of more than 8 keys goes in the
order of its keys' hashes; order.js listens for the editor's `preSave` event and puts
each map back in the canonical order, so that a save changes only the edited lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checks.order import file_order
from .config import editor_config

SCRIPT = "order.js"
"""Our script, beside Decap's in admin/, loaded after it (templates/admin.html)."""
TABLE = "order.json"
"""The order the script reads, beside config.yml in admin/."""


def script() -> bytes:
    """The text of order.js."""
    return (Path(__file__).parent / SCRIPT).read_bytes()


def order_table(root: Path, config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The order of each collection's files, as order.js reads it: `files` by path (a
    collection of files), `collections` by name (a folder of entries). `config`: the
    editor's configuration when it is already made (else it is made here)."""
    files, folders = {}, {}
    for collection in (config or editor_config(root))["collections"]:
        if "folder" in collection:
            sample = f"{collection['folder']}/x.{collection.get('extension', 'md')}"
            folders[collection["name"]] = file_order(sample, root)
        for entry in collection.get("files", ()):
            files[entry["file"]] = file_order(entry["file"], root)
    return {"files": files, "collections": folders}


def table_text(root: Path, config: dict[str, Any] | None = None) -> str:
    """order.json's text (`config`: as for order_table)."""
    return json.dumps(order_table(root, config), ensure_ascii=False,
                      separators=(",", ":")) + "\n"
