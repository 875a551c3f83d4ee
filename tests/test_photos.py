"""Profile photos: decoded and encoded again, with nothing but their pixels, at a few
widths; refused with a clear error when they are not a photo we can read safely."""

from __future__ import annotations

import io
import os
import signal
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from portal import cli, limits
from portal.content import photos
from portal.outputs import photoencode
from portal.problems import ContentError

from conftest import TODAY, build, built_project, errors, parse, snapshot

PROFILE = "data/prisoners/anna-test.yaml"
MARKERS = (b"PLANTED", b"acsp", b"Exif", b"http://ns.adobe.com", b"Photoshop 3.0", b"8BIM",
           b"tEXt", b"iTXt", b"zTXt", b"pHYs", b"iCCP", b"ICCP", b"XMP ", b"EXIF")
"""Strings planted in the test photos, and the markers of every kind of metadata block."""


def use_photo(root: Path, name: str, data: bytes | None = None) -> Path:
    """Make Anna Test's profile use content/photos/`name` (with `data`, if given)."""
    profile = root / PROFILE
    profile.write_text(profile.read_text().replace("file: anna-test.png", f"file: {name}"))
    path = root / "content/photos" / name
    if data is not None:
        path.write_bytes(data)
    return path


def gradient(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with detail in it (a flat colour would hide resampling mistakes)."""
    width, height = size
    image = Image.new("RGB", size)
    image.putdata([((x * 255) // width, (y * 255) // height, ((x + y) * 7) % 256)
                   for y in range(height) for x in range(width)])
    return image.convert(mode)


def planted_jpeg(size: tuple[int, int] = (1000, 700), orientation: int = 1) -> bytes:
    """A JPEG with GPS, a camera serial, an artist, XMP, a comment, IPTC and an ICC profile."""
    exif = Image.Exif()
    exif[0x013B] = "PLANTED-ARTIST"
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0xA431] = "PLANTED-SERIAL-4242"
    exif.get_ifd(0x8825).update({1: "N", 2: (53.0, 54.0, 12.5), 3: "E", 4: (27.0, 33.0, 1.0),
                                 0x12: "PLANTED-GPS-DATUM"})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
           b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="PLANTED-XMP"/>'
           b"</rdf:RDF></x:xmpmeta>")
    out = io.BytesIO()
    gradient(size).save(out, "JPEG", quality=90, exif=exif, icc_profile=icc, xmp=xmp,
                        comment="PLANTED-COMMENT")
    data = out.getvalue()
    iptc = b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0" + struct.pack(">I", 20) \
        + b"\x1c\x02\x50\0\x0ePLANTED-IPTC\0\0"
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + app13 + data[2:]


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size (a decompression bomb, or a lie)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def saved(image: Image.Image, kind: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **params)
    return out.getvalue()


def published(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site / "photos").iterdir())}


def assert_only_pixels(name: str, data: bytes) -> None:
    """Nothing but pixels: Pillow finds no metadata, and no planted string is in the bytes."""
    for marker in MARKERS:
        assert marker not in data, f"{name} contains {marker!r}"
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), name
    kept = set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density",
                              "loop", "background", "duration", "timestamp"}
    assert not kept, f"{name} keeps {kept}"
    assert image.info.get("jfif_unit", 0) == 0  # no DPI: the JFIF header gives an aspect only


def test_every_rendition_and_the_offline_zip_carry_pixels_only(project):
    root = project("minimal")
    use_photo(root, "planted.jpg", planted_jpeg())
    original = Image.open(root / "content/photos/planted.jpg")
    assert original.getexif()[0x013B] == "PLANTED-ARTIST"  # the test photo has it all
    assert original.getexif().get_ifd(0x8825)[0x12] == "PLANTED-GPS-DATUM"
    assert {"icc_profile", "xmp", "comment", "photoshop"} <= set(original.info)
    build(root)
    files = published(root / "site")
    assert sorted(files) == [f"planted-{w}.{ext}" for w in (240, 480, 960)
                             for ext in ("jpg", "webp")]
    for name, data in files.items():
        assert_only_pixels(name, data)
        image = Image.open(io.BytesIO(data))
        assert image.format == ("WEBP" if name.endswith(".webp") else "JPEG")
        assert image.mode == "RGB"
    with zipfile.ZipFile(root / "site/download/portal-offline.zip") as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    photos_in_zip = {n: d for n, d in entries.items() if "/photos/" in f"/{n}"}
    assert sorted(Path(n).name for n in photos_in_zip) == sorted(files)
    for name, data in photos_in_zip.items():
        assert_only_pixels(name, data)
    assert not [n for n, d in entries.items() if b"PLANTED" in d]


def test_a_jpeg_is_not_progressive_and_a_wide_photo_is_never_made_wider(project):
    root = project("minimal")
    use_photo(root, "wide.jpg", saved(gradient((700, 350)), "JPEG"))
    build(root)
    files = published(root / "site")
    assert sorted(files) == ["wide-240.jpg", "wide-240.webp", "wide-480.jpg",
                             "wide-480.webp", "wide-700.jpg", "wide-700.webp"]
    largest = Image.open(io.BytesIO(files["wide-700.jpg"]))
    assert largest.size == (700, 350)
    assert not largest.info.get("progressive") and not largest.info.get("progression")


@pytest.mark.parametrize(("width", "widths"), [(100, (100,)), (240, (240,)), (250, (250,)),
                                                 (300, (240, 300)), (500, (240, 500)),
                                                 (700, (240, 480, 700)),
                                                 (960, (240, 480, 960)),
                                                 (4000, (240, 480, 960))])
def test_rendition_widths_never_upscale(width, widths):
    assert photos.rendition_widths(width) == widths


def test_the_exif_orientation_is_applied(project):
    root = project("minimal")
    stored = Image.new("RGB", (80, 40), (220, 0, 0))
    stored.paste((0, 0, 220), (40, 0, 80, 40))  # red left, blue right, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90° clockwise: red on top, blue below
    use_photo(root, "turned.jpg", saved(stored, "JPEG", quality=95, exif=exif))
    build(root)
    for name, data in published(root / "site").items():
        image = Image.open(io.BytesIO(data)).convert("RGB")
        assert image.size == (40, 80), name
        red, _, blue = image.getpixel((20, 10))
        assert red > 180 and blue < 60, name
        red, _, blue = image.getpixel((20, 70))
        assert blue > 180 and red < 60, name
        assert_only_pixels(name, data)
    img = parse(root / "site/en/prisoners/anna-test/index.html").find("figure").img
    assert (img["width"], img["height"]) == ("40", "80")


def test_the_page_has_a_picture_with_webp_srcset_and_the_real_size(project):
    root = project("minimal")
    use_photo(root, "planted.jpg", planted_jpeg((1000, 700)))
    build(root)
    page = root / "site/en/prisoners/anna-test/index.html"
    figure = parse(page).find("figure", class_="photo")
    picture = figure.find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"

    def candidates(srcset: str) -> list[tuple[str, str]]:
        return [tuple(part.strip().split(" ")) for part in srcset.split(",")]

    webp = candidates(source["srcset"])
    assert [w for _, w in webp] == ["240w", "480w", "960w"]
    assert all(url.endswith(".webp") and url.startswith("../../../") for url, _ in webp)
    fallback = candidates(img["srcset"])
    assert [w for _, w in fallback] == ["240w", "480w", "960w"]
    assert all(url.endswith(".jpg") for url, _ in fallback)
    for url, width in webp + fallback + [(img["src"], None)]:
        target = (page.parent / url).resolve()
        assert target.is_file(), url
        if width:
            assert Image.open(target).width == int(width[:-1])
    largest = Image.open((page.parent / img["src"]).resolve())
    assert (img["width"], img["height"]) == (str(largest.width), str(largest.height))
    assert largest.size == (960, 672)
    assert source["sizes"] == img["sizes"] == "(max-width: 30rem) calc(100vw - 2.5rem), 12rem"
    assert "loading" not in img.attrs and img["decoding"] == "async"  # at the top: eager
    assert img["alt"] == "Anna Test, a plain grey placeholder"


def test_a_cached_build_is_the_same_as_an_uncached_one_and_builds_repeat(project, tmp_path,
                                                                        monkeypatch):
    root = project("minimal")
    use_photo(root, "planted.jpg", planted_jpeg((900, 600)))
    build(root, out=tmp_path / "first")
    assert any((root / ".cache/photos").rglob("*"))
    # no pages kept, so that the photos come from .cache/photos/
    for path in sorted((root / ".cache" / "pages").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    def refuse(*_):
        raise AssertionError("encoded again: the cache was not used")

    with monkeypatch.context() as patch:
        patch.setattr(photoencode, "encode_picture", refuse)
        build(root, out=tmp_path / "cached")
    build(root, out=tmp_path / "uncached", cache=False)
    build(root, out=tmp_path / "again", cache=False)
    first = snapshot(tmp_path / "first")
    assert any(path.startswith("photos/") for path in first)
    assert snapshot(tmp_path / "cached") == first
    assert snapshot(tmp_path / "uncached") == first
    assert snapshot(tmp_path / "again") == first


def test_encoding_is_deterministic():
    data = planted_jpeg((600, 400))
    found = photos.plan_picture("x.jpg", photos.facts("x.jpg", data))
    assert photoencode.encode_picture(data, found) == photoencode.encode_picture(data, found)


def test_a_transparent_png_keeps_its_transparency_and_loses_its_text(project):
    root = project("minimal")
    image = gradient((300, 200), "RGBA")
    image.putalpha(Image.linear_gradient("L").resize((300, 200)))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "PLANTED-PNG-TEXT")
    info.add_itxt("Comment", "PLANTED-PNG-ITXT")
    use_photo(root, "clear.png", saved(image, "PNG", pnginfo=info, dpi=(300, 300)))
    build(root)
    files = published(root / "site")
    assert sorted(files) == ["clear-240.png", "clear-240.webp", "clear-300.png",
                             "clear-300.webp"]
    for name, data in files.items():
        assert_only_pixels(name, data)
        out = Image.open(io.BytesIO(data))
        assert out.mode == "RGBA", name
        low, high = out.getchannel("A").getextrema()
        assert low < 20 and high > 235, name
    img = parse(root / "site/en/prisoners/anna-test/index.html").find("figure").img
    assert img["src"].endswith("clear-300.png")


@pytest.mark.parametrize(("mode", "kind", "expected"), [
    ("P", "PNG", "RGBA"), ("P opaque", "PNG", "RGB"), ("LA", "PNG", "RGBA"), ("L", "PNG", "RGB"),
    ("I;16", "PNG", "RGB"), ("CMYK", "JPEG", "RGB"), ("RGBA", "PNG", "RGBA"),
    ("RGBA", "WEBP", "RGBA"), ("1", "PNG", "RGB"), ("L", "JPEG", "RGB"),
])
def test_every_kind_of_pixel_comes_out_as_rgb_or_rgba(mode, kind, expected, recwarn):
    image = gradient((64, 48)).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((64, 48)))
    if mode == "I;16":
        source = Image.new("I;16", (64, 48))
        source.putdata([x * 1000 for y in range(48) for x in range(64)])
    elif mode == "P opaque":
        source = image.convert("RGB").convert("P")
    else:
        source = image if mode == "RGBA" else image.convert(mode)
    data = saved(source, kind)
    found = photos.plan_picture("x.png", photos.facts("x.png", data))
    assert (found.width, found.height) == (64, 48)
    for path, output in photoencode.encode_picture(data, found).items():
        out = Image.open(io.BytesIO(output))
        assert out.mode == expected, path
        assert_only_pixels(path, output)
    if mode == "I;16":  # 16-bit values scaled to 8 bits, not clipped at 255
        out = Image.open(io.BytesIO(photoencode.encode_picture(data, found)["photos/x-64.jpg"]))
        assert 100 < out.convert("L").getpixel((32, 24)) < 150
    assert not [w for w in recwarn if "PIL" in w.filename]  # nothing printed in a build


def test_a_palette_with_alpha_band_comes_out_as_rgba():
    """PA cannot be saved in JPEG, PNG or WebP, but a decoder could make it."""
    source = gradient((64, 48)).convert("P").convert("PA")
    source.putalpha(Image.linear_gradient("L").resize((64, 48)))
    found = photos.plan_picture("x.png", photos.Facts(64, 48, True))
    clean = photoencode.clean(source, found)
    assert clean.mode == "RGBA" and clean.getchannel("A").getextrema()[0] < 10
    assert clean.info == {}


def swapped_profile() -> bytes:
    """An ICC colour profile whose red is sRGB's blue and whose blue is sRGB's red."""
    def fixed(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + fixed(x) + fixed(y) + fixed(z)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [(b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, content in tags:
        table += signature + struct.pack(">II", offset + len(body), len(content))
        body += content
    header = (struct.pack(">I", offset + len(body)) + b"\0" * 4
              + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ " + b"\0" * 12 + b"acsp"
              + b"\0" * 28 + fixed(0.9642) + fixed(1.0) + fixed(0.8249))
    return header.ljust(128, b"\0") + struct.pack(">I", len(tags)) + table + body


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_an_icc_profile_is_applied_before_it_is_dropped(kind):
    red = Image.new("RGB", (50, 50), (255, 0, 0))
    data = saved(red, kind, icc_profile=swapped_profile(), quality=95)
    assert Image.open(io.BytesIO(data)).info["icc_profile"]
    found = photos.plan_picture("x.png", photos.facts("x.png", data))
    for path, output in photoencode.encode_picture(data, found).items():
        assert_only_pixels(path, output)
        r, _, b = Image.open(io.BytesIO(output)).convert("RGB").getpixel((25, 25))
        assert b > 200 and r < 60, path  # shown as the profile says: blue


def test_a_profile_that_does_not_fit_the_pixels_is_left_out_not_fatal():
    lab = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    data = saved(Image.new("RGB", (50, 50), (200, 60, 60)), "PNG", icc_profile=lab)
    found = photos.plan_picture("x.png", photos.facts("x.png", data))
    for path, output in photoencode.encode_picture(data, found).items():
        assert_only_pixels(path, output)
        r, g, _ = Image.open(io.BytesIO(output)).convert("RGB").getpixel((25, 25))
        assert r > 180 and g < 90


def truncated_jpeg() -> bytes:
    data = saved(gradient((400, 300)), "JPEG", quality=90)
    return data[: len(data) // 2]


BAD = [
    ("notes.jpg", lambda: b"Anna Test, photo to follow\n" * 20,
     "content/photos/notes.jpg is not a JPEG, PNG or WebP image"),
    ("cut.jpg", truncated_jpeg, "content/photos/cut.jpg is damaged or incomplete"),
    ("moving.png", lambda: saved(gradient((40, 30)), "GIF"),
     "content/photos/moving.png is not a JPEG, PNG or WebP image (it is a GIF image)"),
    ("bomb.png", lambda: png_claiming(100_000, 100_000),
     "content/photos/bomb.png has more than the 40,000,000 pixels a photo may have"),
    ("strip.png", lambda: saved(gradient((20, 900)), "PNG"),
     "content/photos/strip.png is 20×900 pixels: a photo may be at most 4 times as tall"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_file_that_is_not_a_usable_photo_is_a_clear_error(tmp_path, name, make, message,
                                                           capsys):
    root = built_project(tmp_path / "project")
    before = snapshot(root / "site")
    use_photo(root, name, make())
    found = errors(root)
    assert len(found) == 1
    problem = found[0]
    assert (problem.file, problem.field) == (PROFILE, "photo.file")
    assert problem.message.startswith(message), problem.message
    assert problem.fix
    with pytest.raises(ContentError) as raised:
        build(root)
    assert [p.message for p in raised.value.problems] == [problem.message]
    assert snapshot(root / "site") == before  # nothing written: the previous site stays
    capsys.readouterr()
    for command in (["check"], ["build"]):
        assert cli.main([*command, "--root", str(root), "--today", TODAY.isoformat()]) == 1
        printed = capsys.readouterr()
        assert message in printed.out + printed.err
        assert "Traceback" not in printed.out + printed.err


@pytest.mark.parametrize("limit", [50_000, 20_000])  # above the limit; above twice the limit
def test_a_photo_with_more_pixels_than_the_limit_is_refused(project, monkeypatch, limit):
    root = project("minimal")
    use_photo(root, "big.jpg", saved(gradient((300, 200)), "JPEG"))  # 60,000 pixels
    assert not errors(root)
    monkeypatch.setattr(limits, "PHOTO_PIXELS", limit)
    found = errors(root)
    assert [p.message for p in found] == [
        f"content/photos/big.jpg has more than the {limit:,} pixels a photo may have"]
    with pytest.raises(ContentError):
        build(root)
    assert limit != Image.MAX_IMAGE_PIXELS  # the global limit was set back


def test_a_link_to_a_file_outside_the_project_is_refused(tmp_path):
    root = built_project(tmp_path / "project")
    before = snapshot(root / "site")
    outside = tmp_path / "elsewhere" / "private.jpg"
    outside.parent.mkdir()
    outside.write_bytes(planted_jpeg((300, 200)))
    os.symlink(outside, use_photo(root, "linked.jpg"))
    found = errors(root)
    assert [(p.file, p.field) for p in found] == [(PROFILE, "photo.file")]
    assert found[0].message == ("content/photos/linked.jpg: the file is a link to a place "
                                "outside the project")
    with pytest.raises(ContentError) as raised:
        build(root)
    assert "content/photos/linked.jpg" in str(raised.value.problems[0])
    assert snapshot(root / "site") == before
    assert not any(b"PLANTED" in data for data in snapshot(root / "site").values())


def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    root = built_project(tmp_path / "project")
    before = snapshot(root / "site")
    os.mkfifo(use_photo(root, "pipe.jpg"))

    def stuck(*_):
        raise AssertionError("reading the photo waited on a pipe")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(30)
    try:
        found = errors(root)
        with pytest.raises(ContentError):
            build(root)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sorted((p.file, p.message) for p in found) == [
        ("content/photos/pipe.jpg", "a named pipe (FIFO), not an ordinary file: nothing can "
         "be read from it"),  # the pipe itself, as any special file under content/
        ("data/prisoners/anna-test.yaml",
         "content/photos/pipe.jpg: not an ordinary file (a folder, pipe, device or socket)")]
    assert snapshot(root / "site") == before


def add_photo(root: Path, slug: str, name: str, data: bytes) -> None:
    """Give another profile a photo."""
    (root / "content/photos" / name).write_bytes(data)
    with open(root / f"data/prisoners/{slug}.yaml", "a", encoding="utf-8") as profile:
        profile.write(f"photo:\n  file: {name}\n  credit: Test\n  alt:\n    en: A photo\n")


def test_two_photos_with_one_stem_are_caught_before_anything_is_written(project):
    root = project("minimal")
    add_photo(root, "boris-test", "anna-test.jpg", saved(gradient((50, 50)), "JPEG"))
    found = errors(root)
    assert [(p.file, p.field) for p in found] == [("data/prisoners/boris-test.yaml",
                                                   "photo.file")]
    assert "would be published under the same names" in found[0].message
    with pytest.raises(ContentError):
        build(root)
    assert not (root / "site").exists()


def test_the_photo_of_a_person_whose_name_is_withheld_is_not_published(project):
    root = project("minimal")
    add_photo(root, "withheld-1", "secret.jpg", planted_jpeg((300, 200)))
    build(root)
    assert sorted(published(root / "site")) == ["anna-test-120.jpg", "anna-test-120.webp"]
    site = snapshot(root / "site")
    assert not [path for path, data in site.items() if (b"secret" in data or b"PLANTED" in data)
                and not path.startswith("admin/")]  # the web editor's code says "secret"
