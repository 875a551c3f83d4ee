"""Assets (templates/assets/): only stylesheets, scripts and images are published, text as
UTF-8 and images with their pixels only, so no other file and no metadata leaves the
project through them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from portal.problems import ContentError

from conftest import build, errors, snapshot

ASSETS = "templates/assets"


def published_asset(site: Path, name: str) -> bytes:
    """The one file in site/assets/ published for templates/assets/`name`."""
    stem, _, suffix = name.rpartition(".")
    found = [p for p in (site / "assets").iterdir()
             if p.name.startswith(stem + ".") and p.name.endswith("." + suffix)]
    assert len(found) == 1, sorted(p.name for p in (site / "assets").iterdir())
    return found[0].read_bytes()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PLANTED-AUTHOR")
    info.add_itxt("Location", "PLANTED-PLACE")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_an_image_asset_is_published_with_its_pixels_only(project):
    root = project()
    (root / ASSETS / "badge.png").write_bytes(png_with_text())
    build(root)
    published = published_asset(root / "site", "badge.png")
    assert b"PLANTED" not in published and b"tEXt" not in published
    with Image.open(io.BytesIO(published)) as image:
        assert image.size == (16, 16) and image.getpixel((3, 3))[:3] == (200, 30, 30)


def test_a_jpeg_asset_loses_its_exif(project):
    exif = Image.Exif()
    exif[0x013B] = "PLANTED-ARTIST"
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (10, 120, 10)).save(out, "JPEG", exif=exif.tobytes())
    root = project()
    (root / ASSETS / "banner.jpg").write_bytes(out.getvalue())
    build(root)
    published = published_asset(root / "site", "banner.jpg")
    assert b"PLANTED" not in published and b"Exif" not in published
    with Image.open(io.BytesIO(published)) as image:
        assert image.size == (20, 10)


@pytest.mark.parametrize("name, data, message", [
    ("leaflet.pdf", b"%PDF-1.4\n% a document\n", "publishes no .pdf files"),
    ("notes", b"anything", "publishes no extensionless files"),
    ("logo.gif", b"GIF89a", "publishes no .gif files"),
    ("print.css", "body{}".encode("utf-16"), "not UTF-8 text"),
    ("fake.png", b"GIF89a not a png", "not a PNG image that can be decoded"),
])
def test_a_file_the_site_does_not_publish_is_refused_and_the_site_kept(project, name, data,
                                                                        message):
    root = project()
    build(root)
    before = snapshot(root / "site")
    (root / ASSETS / name).write_bytes(data)
    found = [p for p in errors(root) if p.file == f"{ASSETS}/{name}"]
    assert [message in p.message for p in found] == [True], [str(p) for p in found]
    assert found[0].fix
    with pytest.raises(ContentError):
        build(root)
    assert snapshot(root / "site") == before


def test_every_refused_asset_is_named_at_once(project):
    root = project()
    for name in ("a.pdf", "b.docx", "c.txt"):
        (root / ASSETS / name).write_bytes(b"x")
    assert sorted(p.file for p in errors(root) if p.file.startswith(ASSETS)) == [
        f"{ASSETS}/a.pdf", f"{ASSETS}/b.docx", f"{ASSETS}/c.txt"]


def test_editor_backups_and_hidden_files_are_never_published(project):
    root = project()
    build(root)
    before = snapshot(root / "site")
    (root / ASSETS / "style.css~").write_text("body{} /* PLANTED */")
    (root / ASSETS / ".style.css.swp").write_bytes(b"PLANTED")
    assert [str(p) for p in errors(root)] == []
    build(root)
    assert snapshot(root / "site") == before
