"""A stand-in for the editor `build.py serve` will offer, so that the browser test of the
editor could be written before it: the sample project copied and made a git repository,
a hand-written Decap configuration resembling the generated one, the admin page and
Decap's files served on 127.0.0.1, and `decap-server` (fs mode) as the local back end.

Only the editor test uses it, through `standin_editor`; once `build.py serve` offers
/admin/ with its own back end, the test switches to that and this module goes."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from portal.editor import widget

from .editor_site import answers, free_port, sample_repository, wait_until
from conftest import PROJECT

DIST = PROJECT / "node_modules" / "decap-cms" / "dist"
SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"
LANGS = ["en", "be", "ru"]
LANGUAGE_LABELS = {"en": "English (en)", "be": "беларуская (be)", "ru": "русский (ru)"}
"""The labels of the per-language subfields, as the generated configuration has them."""

ADMIN_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>Editor</title>
</head>
<body>
<script src="decap-cms.js"></script>
<script src="translations.js"></script>
</body>
</html>
"""


def local(name: str, label: str, widget: str = "string", **more) -> dict:
    """A per-language field: an object with one subfield per language."""
    return {"name": name, "label": label, "widget": "object", **more,
            "fields": [{"name": lang, "label": LANGUAGE_LABELS[lang], "widget": widget,
                        "required": False}
                       for lang in LANGS]}


def source_ids(root: Path) -> list[str]:
    """The ids of the sources (a relation to the wrapped list in the generated
    configuration; a choice among the ids here). The list is read in either form."""
    sources = yaml.safe_load((root / "data" / "sources.yaml").read_text(encoding="utf-8"))
    sources = sources["sources"] if isinstance(sources, dict) else sources
    return [source["id"] for source in sources]


def translations(*tracked: str) -> dict:
    """The record of translations, kept by our own widget (editor/translations.js)."""
    made = {"name": "translated", "label": "Translations", "widget": "translations",
            "required": False, "languages": LANGS, "default_language": "en"}
    return {**made, "tracked": list(tracked)} if tracked else made


def profile_fields(withheld: bool, sources: list[str]) -> list[dict]:
    """The fields of a profile, in the order of checks/shapes.py PRISONER."""
    return [
        local("name", "Name"),
        {"name": "aliases", "label": "Aliases", "widget": "list", "required": False},
        {"name": "gender", "label": "Gender", "widget": "select",
         "options": [{"label": "Male", "value": "male"},
                     {"label": "Female", "value": "female"},
                     {"label": "Other", "value": "other"}]},
        {"name": "born", "label": "Born", "widget": "string", "required": False},
        {"name": "status", "label": "Status", "widget": "select",
         "options": [{"label": "Imprisoned", "value": "imprisoned"},
                     {"label": "Released", "value": "released"},
                     {"label": "Exiled", "value": "exiled"},
                     {"label": "Re-arrested", "value": "re-arrested"},
                     {"label": "Deceased", "value": "deceased"}]},
        {"name": "verified", "label": "Verified", "widget": "string"},
        {"name": "roles", "label": "Roles", "widget": "select", "multiple": True,
         "required": False, "options": ["journalist", "blogger", "human-rights-defender",
                                        "rights-group-member", "politician", "activist",
                                        "lawyer", "trade-unionist", "foreign-national"]},
        {"name": "name_withheld", "label": "Name withheld", "widget": "hidden",
         "default": withheld, "required": False},
        local("summary", "Summary", widget="text"),
        local("biography", "Biography", widget="markdown", required=False),
        {"name": "photo", "label": "Photo", "widget": "object", "required": False,
         "collapsed": True, "fields": [
             # Not `required`: Decap would then refuse every profile without a photo
             # (it checks the required fields of an optional object left empty).
             {"name": "file", "label": "File", "widget": "image", "choose_url": False,
              "required": False},
             {"name": "credit", "label": "Credit", "widget": "string", "required": False},
             local("alt", "Alt", widget="text"), translations("alt")]},
        {"name": "sources", "label": "Sources", "widget": "select", "multiple": True,
         "options": sources},
        translations("name", "summary", "biography"),
    ]


def statement_fields(sources: list[str]) -> list[dict]:
    """The fields of a statement (front matter, then the Markdown body)."""
    return [
        {"name": "title", "label": "Title", "widget": "string", "i18n": True},
        {"name": "date", "label": "Date", "widget": "string", "i18n": "duplicate"},
        {"name": "author", "label": "Author", "widget": "string", "i18n": True},
        {"name": "sources", "label": "Sources", "widget": "select", "multiple": True,
         "options": sources, "i18n": "duplicate"},
        {"name": "summary", "label": "Summary", "widget": "string", "i18n": True},
        {"name": "people", "label": "People", "widget": "relation", "i18n": "duplicate",
         "collection": "prisoners", "value_field": "{{slug}}",
         "search_fields": ["name.en", "name.be", "name.ru"],
         "display_fields": ["{{slug}}"], "multiple": True, "required": False},
        {**translations(), "name": "translated_from", "i18n": True},
        {"name": "body", "label": "Body", "widget": "markdown", "i18n": True},
    ]


def config(api_url: str, next_withheld: int, sources: list[str]) -> dict:
    """A configuration like the one the editor stage will make from the schema."""
    return {
        "backend": {"name": "proxy", "proxy_url": api_url, "branch": "main"},
        "local_backend": {"url": api_url},
        "media_folder": "content/photos", "public_folder": "",
        "i18n": {"structure": "multiple_files", "locales": LANGS, "default_locale": "en"},
        "collections": [
            {"name": "prisoners", "label": "People", "folder": "data/prisoners",
             "extension": "yaml", "format": "yaml", "create": True, "slug": "{{slug}}",
             "identifier_field": "name.en", "summary": "{{name.en}} · {{status}}",
             "filter": {"field": "name_withheld", "value": False},
             "fields": profile_fields(False, sources)},
            {"name": "withheld", "label": "People whose names are withheld",
             "label_singular": "person whose name is withheld",
             "folder": "data/prisoners", "extension": "yaml", "format": "yaml",
             "create": True, "slug": f"withheld-{next_withheld}",
             "identifier_field": "name.en",
             "summary": "{{filename}}.{{extension}}: name withheld: never published",
             "filter": {"field": "name_withheld", "value": True},
             "fields": profile_fields(True, sources)},
            {"name": "statements", "label": "Statements", "folder": "content/statements",
             "extension": "md", "format": "frontmatter", "create": True,
             "slug": "{{fields.date}}-{{slug}}", "identifier_field": "title",
             "i18n": {"structure": "multiple_files", "locales": LANGS},
             "fields": statement_fields(sources)},
        ],
    }


class AdminHandler(SimpleHTTPRequestHandler):
    """Serves /admin/: the page and the config from one folder, Decap's files from
    node_modules (never the source maps)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml",
                      ".js": "text/javascript", ".wasm": "application/wasm"}

    def translate_path(self, path: str) -> str:
        name = path.split("?")[0].removeprefix("/admin/")
        if name in ("", "index.html", "config.yml", widget.SCRIPT):
            return str(Path(self.directory) / (name or "index.html"))
        if "/" in name or name.endswith(".map"):
            return str(Path(self.directory) / "missing")
        return str(DIST / name)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def decap_server(root: Path, port: int) -> Iterator[subprocess.Popen]:
    """decap-server in fs mode over the project, on 127.0.0.1:port, until it answers."""
    env = {**os.environ, "MODE": "fs", "BIND_HOST": "127.0.0.1", "PORT": str(port),
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(SERVER)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/api/v1", b'{"action":"info"}'),
                   process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def standin_editor(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The sample project and the address of its /admin/ page, for as long as the
    context lasts."""
    root = sample_repository(tmp_path / "project")
    admin = tmp_path / "admin"
    admin.mkdir()
    port = free_port()
    taken = [int(p.stem.removeprefix("withheld-")) for p in
             (root / "data" / "prisoners").glob("withheld-*.yaml")
             if p.stem.removeprefix("withheld-").isdigit()]
    (admin / "index.html").write_text(ADMIN_PAGE, encoding="utf-8")
    (admin / widget.SCRIPT).write_bytes(widget.script())
    (admin / "config.yml").write_text(yaml.safe_dump(
        config(f"http://127.0.0.1:{port}/api/v1", max(taken, default=0) + 1, source_ids(root)),
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(AdminHandler, directory=str(admin)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with decap_server(root, port):
            yield root, f"http://127.0.0.1:{httpd.server_address[1]}/admin/"
    finally:
        httpd.shutdown()
        httpd.server_close()
