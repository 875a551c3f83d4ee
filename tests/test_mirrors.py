"""Mirrors and offline copies: relative links, a zip to open from disk, mirror addresses."""

from __future__ import annotations

import zipfile
from urllib.parse import urlsplit

from conftest import build, parse

ONION = "http://" + "a" * 56 + ".onion/"


def test_the_offline_zip_opens_from_disk_with_every_link_working(built_fixture, tmp_path):
    archive = zipfile.ZipFile(built_fixture / "download/portal-offline.zip")
    archive.extractall(tmp_path)
    root = tmp_path / "portal"
    pages = sorted(root.rglob("*.html"))
    assert (root / "index.html").is_file() and len(pages) > 40
    for page in pages:
        for a in parse(page).find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / parts.path).resolve()
            assert target.is_file(), (page.relative_to(root), a["href"])
    assert not (root / "download").exists()


def test_the_offline_zip_is_the_same_for_the_same_input(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert (tmp_path / "one/download/portal-offline.zip").read_bytes() == \
        (tmp_path / "two/download/portal-offline.zip").read_bytes()


def test_footer_offers_the_offline_copy(built_fixture):
    footer = parse(built_fixture / "en/index.html").find("footer")
    link = footer.find("a", href="../download/portal-offline.zip")
    assert link is not None and link.has_attr("download")


def test_mirrors_and_onion_from_site_config(project, tmp_path):
    root = project("minimal")
    site = root / "data/site.yaml"
    site.write_text(site.read_text() + f"mirrors: [https://mirror.example.net/]\nonion: {ONION}\n")
    build(root, tmp_path / "out")
    footer = parse(tmp_path / "out/be/index.html").find("footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "https://mirror.example.net/" in hrefs and ONION in hrefs
    assert (tmp_path / "out/_headers").read_text() == f"/*\n  Onion-Location: {ONION}\n"


def test_without_an_onion_address_no_headers_file(built_fixture):
    assert not (built_fixture / "_headers").exists()


def test_the_offline_zip_from_cached_entries_equals_a_fresh_one(project, tmp_path,
                                                                 monkeypatch):
    import portal.outputs.offline

    root = project("minimal")
    build(root, tmp_path / "first")
    compressed = []
    real = portal.outputs.offline.zlib.compressobj
    monkeypatch.setattr(portal.outputs.offline.zlib, "compressobj",
                        lambda *a: compressed.append(1) or real(*a))
    build(root, tmp_path / "cached")
    assert compressed == []  # every entry came from .cache/zip/
    build(root, tmp_path / "fresh", cache=False)
    archive = zipfile.ZipFile(tmp_path / "cached/download/portal-offline.zip")
    assert archive.testzip() is None
    assert not any(name.endswith("share.png") for name in archive.namelist())
    assert (tmp_path / "cached/download/portal-offline.zip").read_bytes() == \
        (tmp_path / "fresh/download/portal-offline.zip").read_bytes()
