"""The web editor in the built site (portal/editor/shell.py): what is copied to admin/ and
what is not, that /admin/ is in no public list of the site, that its own files are
checked like any page while Decap's are only copied, the one line when it is left out,
and its headers beside those of a public page (netlify.toml)."""

from __future__ import annotations

import contextlib
import io
import os
import tomllib

import pytest
from bs4 import BeautifulSoup

from portal.cli import main
from portal.editor import config, shell, widget
from portal.problems import ContentError

from conftest import PROJECT, build, zip_entries

DECAP = {"decap-cms.js": b"/* decap */", "1193.decap-cms.js": b"/* a piece */",
         "dd5d52671a5763720504.wasm": b"\0asm", "decap-cms.js.LICENSE.txt": b"MIT",
         "decap-cms.js.map": b"{}", "1193.decap-cms.js.map": b"{}", "cms.js": b"/* old */",
         "cms.js.LICENSE.txt": b"MIT", "cms.css": b""}
"""A stand-in for node_modules/decap-cms/dist/ as npm installs it (names as in 3.16)."""
COPIED = {"decap-cms.js", "1193.decap-cms.js", "dd5d52671a5763720504.wasm",
          "decap-cms.js.LICENSE.txt"}


def with_decap(root, files=DECAP):
    dist = root / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    for name, content in files.items():
        (dist / name).write_bytes(content)
    return root


def test_a_link_among_decaps_files_is_not_published(project, monkeypatch, tmp_path):
    """A file of Decap's dist/ that is a link (to anything outside) is left out: the site
    would otherwise carry the link, and a deploy what it points at."""
    root = with_decap(project("minimal"))
    monkeypatch.setattr(config, "missing", named)
    outside = tmp_path / "outside.txt"
    outside.write_text("not Decap's", encoding="utf-8")
    (root / "node_modules/decap-cms/dist/1.decap-cms.js").symlink_to(outside)
    build(root)
    assert (root / "site/admin/decap-cms.js").is_file()
    assert not os.path.lexists(root / "site/admin/1.decap-cms.js")


def named(root) -> None:
    """`config.missing` for a project whose data/site.yaml names its repository (the
    fixture's does not: what the configuration makes of that is test_editor_config's)."""
    return None


@pytest.fixture
def no_decap_elsewhere(monkeypatch, tmp_path):
    """No Decap beside this program either (as on a laptop without `npm ci`)."""
    monkeypatch.setattr(shell, "REPOSITORY", tmp_path / "elsewhere")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The minimal fixture with Decap beside it (its script holding a withheld name: no
    text of ours), built as `build.py` does; with what it printed."""
    from conftest import make_project
    root = make_project(tmp_path_factory.mktemp("editor"), "minimal")
    with_decap(root, {**DECAP, "decap-cms.js": DECAP["decap-cms.js"] + b"Secret Person"})
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "missing", named)
        assert main(["build", "--root", str(root), "--today", "2025-12-20"]) == 0
    return root, root / "site", out.getvalue()


def test_the_build_copies_decap_without_its_source_maps(built):
    """Decap's own files are copied, not read: 5 MB of someone else's code, in which a
    withheld name is no text of ours."""
    root, site, out = built
    assert {p.name for p in (site / "admin").iterdir()} == COPIED | {"index.html", "config.yml",
                                                                  "translations.js", "order.js",
                                                                  "order.json"}
    assert (site / "admin/decap-cms.js").read_bytes().endswith(b"Secret Person")
    assert "web editor" not in out


def test_the_admin_page_is_noindex_and_loads_only_decap_and_ours_from_here(built):
    _, site, _ = built
    page = BeautifulSoup((site / "admin/index.html").read_text(), "html.parser")
    assert page.html["lang"] == "en"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.title.get_text(strip=True)
    assert [s.get("src") for s in page.find_all("script")] == ["decap-cms.js", "translations.js",
                                                               "order.js"]
    assert (site / "admin/translations.js").read_bytes() == widget.script()
    assert "http" not in (site / "admin/index.html").read_text()


def test_the_published_configuration_has_no_local_back_end(built):
    root, site, _ = built
    assert (site / "admin/config.yml").read_text() == config.config_text(root)
    assert "local_backend" not in (site / "admin/config.yml").read_text()


def test_admin_is_in_no_public_list_of_the_site(built):
    """Not in the sitemap, the search index, the feeds, the open data, a page, nor the
    offline copy: no published file but the editor's own names it."""
    _, site, _ = built
    for path in site.rglob("*"):
        if path.is_file() and not path.relative_to(site).as_posix().startswith("admin/") \
                and path.suffix != ".zip":
            assert b"admin" not in path.read_bytes(), path
    entries = zip_entries(next(site.glob("download/*.zip")))
    assert entries and not [name for name, _, _ in entries if "admin" in name]
    assert not [name for name, _, content in entries if b"admin/" in content]


def test_a_mirror_build_has_no_editor_and_says_nothing_of_it(project, monkeypatch):
    root = with_decap(project("minimal"))
    monkeypatch.setattr(config, "missing", named)
    result = build(root, portable=True)
    assert (root / "site/en/index.html").is_file()
    assert not (root / "site/admin").exists()
    assert result.editor_absent is None


def test_without_decap_there_is_no_admin_and_one_line_says_why(project, capsys,
                                                               no_decap_elsewhere):
    root = project("minimal")
    assert main(["build", "--root", str(root), "--today", "2025-12-20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    said = [line for line in lines if "web editor" in line]
    assert said == ["The web editor is left out: node_modules/decap-cms is missing "
                    "(run npm ci)."]
    assert not (root / "site/admin").exists()


def test_the_configurations_reason_leaves_the_editor_out(project, monkeypatch):
    root = with_decap(project("minimal"))
    monkeypatch.setattr(config, "missing", lambda root: "no repository is named")
    assert shell.editor_of(root) == (None, "no repository is named")
    assert shell.absent_line("no repository is named") == \
        "The web editor is left out: no repository is named."


def test_the_editors_own_files_are_checked_like_any_page(project, monkeypatch):
    """A withheld name in its configuration, a broken link on its page: nothing is
    published, and the problems name them."""
    root = with_decap(project("minimal"))
    monkeypatch.setattr(config, "missing", named)
    monkeypatch.setattr(config, "dump", lambda made: "collections: []\n# Secret Person\n")
    page = root / "templates/admin.html"
    page.write_text(page.read_text().replace('src="decap-cms.js"', 'src="gone.js"'))
    with pytest.raises(ContentError) as raised:
        build(root)
    messages = [p.message for p in raised.value.problems]
    assert any("admin/config.yml" in m and "Secret Person" in m for m in messages), messages
    assert any("gone.js" in m for m in messages), messages
    assert not (root / "site").exists()


PUBLIC = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
    "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
}
"""A public page's headers before the web editor came (netlify.toml at 664a00a)."""


def headers_at(path: str) -> dict[str, str]:
    """The headers Netlify sends for `path`: every matching rule, a later rule's value
    for a header replacing an earlier one's (as `netlify dev` shows, test_netlify_dev)."""
    rules = tomllib.loads((PROJECT / "netlify.toml").read_text(encoding="utf-8"))["headers"]
    found: dict[str, str] = {}
    for rule in rules:
        if path.startswith(rule["for"].rstrip("*")):
            found.update(rule["values"])
    return found


@pytest.mark.parametrize("path", ["/en/", "/be/prisoners/ihar-losik/", "/index.html",
                                  "/data/prisoners.json", "/en/feeds/statements.xml"])
def test_a_public_page_keeps_its_headers_exactly(path):
    assert headers_at(path) == PUBLIC


def test_admin_has_its_own_policy_and_is_noindex():
    headers = headers_at("/admin/")
    policy = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";")
                  if " " in d.strip())
    assert policy["script-src"] == "'self' 'unsafe-eval'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["connect-src"] == "'self' blob: https://api.github.com"
    assert policy["img-src"] == "'self' blob: https://avatars.githubusercontent.com"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert headers["X-Robots-Tag"] == "noindex"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
    assert headers_at("/admin/decap-cms.js")["Content-Security-Policy"] == \
        headers["Content-Security-Policy"]
    assert {k: v for k, v in headers.items() if k not in (
        "Content-Security-Policy", "Cross-Origin-Opener-Policy", "X-Robots-Tag")} == \
        {k: v for k, v in PUBLIC.items() if k not in (
            "Content-Security-Policy", "Cross-Origin-Opener-Policy")}
