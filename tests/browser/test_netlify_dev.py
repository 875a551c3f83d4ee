"""The built site on Netlify's own local server (`netlify dev --offline`, from the npm
package `netlify-cli` pinned in package.json): the language redirects at `/`, the "not
found" page of each language, and the headers from netlify.toml, as Netlify applies them,
not as we believe it does."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup

from .conftest import require
from conftest import PROJECT

NETLIFY = PROJECT / "node_modules" / ".bin" / "netlify"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(base: str, path: str, language: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(base + path)
    if language is not None:
        request.add_header("Accept-Language", language)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def netlify(built_sample, tmp_path_factory):
    """`netlify dev` serving the built sample, with the project's netlify.toml."""
    require("netlify-cli", NETLIFY.is_file() and shutil.which("node") is not None,
            "npm ci, in the project folder")
    folder = tmp_path_factory.mktemp("netlify")
    for name in ("netlify.toml", "package.json"):  # the build plugin it names, too
        shutil.copy(PROJECT / name, folder / name)
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NETLIFY_SITE_ID": "", "NO_UPDATE_NOTIFIER": "1",
           "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / ".config")}
    process = subprocess.Popen(
        [str(NETLIFY), "dev", "--offline", "--dir", str(built_sample), "--port", str(port),
         "--no-open", "--internal-disable-edge-functions"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get(base, "/en/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") \
                        if process.poll() is not None else "(still running)"
                    pytest.fail(f"netlify dev did not start: {output[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.parametrize("language, target", [
    ("be", "/be/"), ("be-BY", "/be/"), ("BE-by,ru;q=0.8", "/be/"), ("ru", "/ru/"),
    ("ru-RU", "/ru/"), ("en", "/en/"), ("en-GB,en;q=0.9", "/en/"),
    ("ru,en;q=0.8", "/ru/"),  # the first language the browser names decides
    (None, "/en/"),  # no Accept-Language: Netlify takes the browser for an English one
])
def test_the_root_sends_a_browser_to_its_language(netlify, language, target):
    status, headers, _ = get(netlify, "/", language)
    assert status == 302
    assert headers["Location"].removeprefix(netlify) == target


@pytest.mark.parametrize("language", ["de", "pl-PL,pl;q=0.9", "fr", "de,be;q=0.8", "*"])
def test_a_browser_in_another_language_keeps_the_chooser(netlify, language):
    status, _, body = get(netlify, "/", language)
    page = BeautifulSoup(body, "html.parser")
    assert status == 200
    assert {a["hreflang"] for a in page.find_all("a", hreflang=True)} >= {"en", "be", "ru"}


@pytest.mark.parametrize("path, lang", [
    ("/be/nowhere/", "be"), ("/ru/prisoners/nobody/", "ru"), ("/en/x.html", "en"),
    ("/nowhere/", None),
])
def test_a_missing_page_gets_not_found_in_its_language(netlify, built_sample, path, lang):
    status, headers, body = get(netlify, path)
    assert status == 404
    expected = built_sample / (f"{lang}/404.html" if lang else "404.html")
    assert body == expected.read_bytes()
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_every_header_from_netlify_toml_on_each_kind_of_file(netlify, built_sample):
    import tomllib

    config = tomllib.loads((PROJECT / "netlify.toml").read_text(encoding="utf-8"))
    everywhere = next(h["values"] for h in config["headers"] if h["for"] == "/*")
    asset = next((built_sample / "assets").glob("style.*.css")).name
    for path in ("/en/", f"/assets/{asset}", "/en/feeds/statements.xml",
                 "/calendar/birthdays.ics", "/be/calendar/birthdays.ics"):
        status, headers, _ = get(netlify, path)
        assert status == 200, path
        for name, value in everywhere.items():
            assert headers.get(name) == value, (path, name)


def test_the_web_editor_gets_its_own_headers(netlify, built_sample):
    """/admin/ gets the values of its own rule in place of those of "/*" (one policy, not
    both: two policies would each have to allow a request), the rest of "/*" as it is."""
    import tomllib

    if not (built_sample / "admin" / "index.html").is_file():
        pytest.skip("no web editor in this build (node_modules/decap-cms is missing)")
    config = tomllib.loads((PROJECT / "netlify.toml").read_text(encoding="utf-8"))
    rules = {h["for"]: h["values"] for h in config["headers"]}
    with OPENER.open(urllib.request.Request(netlify + "/admin/"), timeout=10) as response:
        assert response.status == 200
        headers = response.headers
        for name, value in {**rules["/*"], **rules["/admin/*"]}.items():
            assert headers.get_all(name) == [value], name
    assert "api.github.com" in headers["Content-Security-Policy"]
    assert headers["X-Robots-Tag"] == "noindex"
