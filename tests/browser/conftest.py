"""Browser tests: the real sample build, served on 127.0.0.1 with the headers Netlify sends,
driven in headless Chromium (the system package) through Playwright."""

from __future__ import annotations

import gzip
import os
import shutil
import threading
import tomllib
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import PROJECT

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LANGS = ("en", "be", "ru")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def require(what: str, present: bool, install: str) -> None:
    """Skip on a laptop without the tool; never in CI."""
    if present:
        return
    message = f"{what} is not installed ({install})"
    if os.environ.get("CI") == "true":
        pytest.fail(message + ": CI must run the browser tests")
    pytest.skip(message)


def netlify_headers() -> dict[str, dict[str, str]]:
    config = tomllib.loads((PROJECT / "netlify.toml").read_text(encoding="utf-8"))
    return {h["for"]: h["values"] for h in config.get("headers", [])}


def headers_at(rules: dict[str, dict[str, str]], path: str) -> dict[str, str]:
    """The headers of every rule matching `path`, a later rule's value replacing an
    earlier one's for the same header (as Netlify merges them)."""
    found: dict[str, str] = {}
    for pattern, values in rules.items():
        if path.startswith(pattern.rstrip("*")):
            found.update(values)
    return found


class NetlifyLikeHandler(SimpleHTTPRequestHandler):
    """Serves site/ with the headers from netlify.toml and the per-language 404 pages."""

    headers_for: dict[str, dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in headers_at(self.headers_for, self.path).items():
            self.send_header(name, value)
        super().end_headers()

    COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".csv")

    def do_GET(self) -> None:
        """Text files gzip-compressed for a client that accepts it, as Netlify sends them."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or \
                not path.name.endswith(self.COMPRESSED) or not self.path.split("?")[0] \
                .endswith(("/", *self.COMPRESSED)):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        if code == 404:
            lang = self.path.strip("/").split("/")[0]
            page = Path(self.directory) / (f"{lang}/404.html" if lang in LANGS else "404.html")
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path):
    handler = partial(NetlifyLikeHandler, directory=str(folder))
    NetlifyLikeHandler.headers_for = netlify_headers()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="session")
def server(built_sample: Path):
    """The sample site, as Netlify would serve it."""
    httpd = _serve(built_sample)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def fixture_server(built_fixture: Path):
    """The minimal fixture site (it has addresses, birthdays and fallbacks)."""
    httpd = _serve(built_fixture)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    require("Chromium", path is not None, "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require("Playwright", False, "pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_pages(built_sample: Path) -> list[str]:
    """The address of every HTML page of the sample site."""
    pages = []
    for path in sorted(built_sample.rglob("*.html")):
        relative = path.relative_to(built_sample).as_posix()
        if relative.startswith("admin/"):
            continue  # the web editor: not a public page
        pages.append(relative[: -len("index.html")] if relative.endswith("index.html")
                     else relative)
    return pages


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("PORTAL_ARTIFACTS", PROJECT / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
