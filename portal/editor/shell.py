"""The web editor's files in the built site, under admin/: its page (from
templates/admin.html), its configuration (config.py), our script that records
translations (widget.py), our script that saves in the canonical order and the order it
reads (order.py) and Decap CMS itself, copied from
node_modules as npm installed it (the scripts, their WebAssembly and the licence; never
the source maps).

The page and the configuration are ours and are checked like every published file (links,
withheld names); the copied scripts are 5 MB of someone else's code that no name of ours
can be in, so they are only copied. When Decap is not installed, or the configuration says
why the published site has no editor, there is no admin/ and one line says why."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

FOLDER = "admin"
"""Where the editor is published: /admin/."""
DIST = Path("node_modules") / "decap-cms" / "dist"
SCRIPT = "decap-cms.js"
TEMPLATE = "admin.html"
REPOSITORY = Path(__file__).resolve().parents[2]
"""The folder this program lives in: node_modules is looked for there too, so that a
project built with `--root` elsewhere (or a test's copy) uses the one `npm ci` filled."""

COPIED = re.compile(r"(?:\d+\.)?decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt")
"""The files of Decap's dist/ the editor needs: its script, the numbered pieces it loads
when needed, their WebAssembly, and the licence. Not `cms.js` (the same under an old name)
and not the `.map` files (20 MB, for debugging Decap itself)."""


def cms_folder(root: Path) -> Path | None:
    """Decap's dist/ folder under the project, else under this program's folder; or None."""
    for base in dict.fromkeys((root, REPOSITORY)):
        if (base / DIST / SCRIPT).is_file():
            return base / DIST
    return None


@dataclass(frozen=True, slots=True)
class Editor:
    """What the build publishes under admin/: our own files (checked like any page) and
    Decap's (copied as they are, by name and source)."""

    own: tuple[tuple[str, bytes], ...]
    copied: tuple[tuple[str, Path], ...]


def absence(root: Path) -> str | None:
    """Why the site built from root has no editor (one line), or None."""
    if cms_folder(root) is None:
        return "node_modules/decap-cms is missing (run npm ci)"
    if not (root / "templates" / TEMPLATE).is_file():
        return f"templates/{TEMPLATE} is missing"
    return None


def editor_of(root: Path, portable: bool = False) -> tuple[Editor | None, str | None]:
    """The editor's files for the site built from root, or None and why there are none
    (None and no reason for a mirror: a `--portable` build never has an editor). Its
    code is imported here, where it is used, so `check` never loads it."""
    from . import config, order, widget

    if portable:
        return None, None
    reason = absence(root) or config.missing(root)
    dist = cms_folder(root)
    if reason is not None or dist is None:
        return None, reason
    made = config.editor_config(root)  # once: config.yml and order.json both read it
    own = ((f"{FOLDER}/index.html", page(root)),
           (f"{FOLDER}/config.yml", config.dump(made).encode()),
           (f"{FOLDER}/{widget.SCRIPT}", widget.script()),
           (f"{FOLDER}/{order.SCRIPT}", order.script()),
           (f"{FOLDER}/{order.TABLE}", order.table_text(root, made).encode()))
    copied = tuple((f"{FOLDER}/{entry.name}", entry) for entry in sorted(dist.iterdir())
                   if COPIED.fullmatch(entry.name) and entry.is_file()
                   and not entry.is_symlink())  # a link would publish what it points at
    return Editor(own, copied), None


def page(root: Path) -> bytes:
    """The editor's page, admin/index.html."""
    from ..pages.render import make_environment

    return make_environment(root / "templates").get_template(TEMPLATE) \
        .render(title="Web editor").encode()


def absent_line(reason: str) -> str:
    """The one line a build or the preview prints when the editor is left out."""
    return f"The web editor is left out: {reason.rstrip('.')}."


def copier(source: Path):
    """A function that puts `source` at the target it is given (store.write.Content): a
    second name for the same file where both are on one file system (nothing is written,
    and no build ever writes into a published file: a new site is a new folder), else a
    copy. 6 MB in each of hundreds of test builds would otherwise be gigabytes."""
    def write(target: Path) -> None:
        try:
            os.link(source, target)
        except OSError:  # another file system, or one without links
            shutil.copyfile(source, target)
    return write
