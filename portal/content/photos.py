"""Profile photos, decoded and encoded again: never published as they were written.

A photo is read only through `files.read_project_file` (no links out of the project, no
pipes, bounded size) and decoded only as JPEG, PNG or WebP, with a bound on its pixels.
It is turned upright (EXIF orientation), converted to sRGB (its ICC profile), and left
with nothing but its pixels: no EXIF (GPS, camera serial, author), XMP, IPTC, comments,
ICC profile, PNG text or DPI. Each photo is published at a few widths, as WebP and as
JPEG (PNG where it is transparent), the same bytes for the same photo every time."""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import limits
from ..problems import ContentError, Problem
from ..store.files import read_project_file

if TYPE_CHECKING:
    from PIL import Image

VERSION = "1"
"""Change when the encoding changes, so cached renditions are made again."""
WIDTHS = (240, 480, 960)
"""Rendition widths: the photo is 12rem (192 px) beside the text, up to the whole width
of a phone (about 450 px) below 30rem; at 1x, 2x and 3x the browser picks among these."""
WEBP_QUALITY = 80
JPEG_QUALITY = 82
FORMATS = ["JPEG", "PNG", "WEBP"]
"""The only decoders Pillow may use on a photo."""
FOLDER = "content/photos/"
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")
TURNS = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE",
         6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}
"""EXIF orientation → the turn that makes the photo upright (as ImageOps uses; the
names of `Image.Transpose`: Pillow is imported only where a photo is decoded)."""
OTHER_KINDS = ((b"GIF8", "a GIF image"), (b"BM", "a BMP image"), (b"II*\0", "a TIFF image"),
               (b"MM\0*", "a TIFF image"), (b"%PDF", "a PDF document"))


@dataclass(frozen=True, slots=True)
class Rendition:
    """One published file of a photo."""

    path: str
    """The output path: `photos/<stem>-<width>.<webp|jpg|png>`."""
    width: int
    height: int
    format: str
    """`webp`, `jpeg` or `png`."""


@dataclass(frozen=True, slots=True)
class Picture:
    """What a page needs to show a photo: its renditions and the largest one's size."""

    file: str
    """The source file's name in content/photos/."""
    width: int
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def webp(self) -> tuple[Rendition, ...]:
        return tuple(r for r in self.renditions if r.format == "webp")

    @property
    def fallback(self) -> tuple[Rendition, ...]:
        """The JPEG (or, for a transparent photo, PNG) renditions, narrowest first."""
        return tuple(r for r in self.renditions if r.format != "webp")


class PhotoError(Exception):
    """A photo that cannot be published: what is wrong, and how to fix it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message, self.fix = message, fix


@dataclass(frozen=True, slots=True)
class Facts:
    """What decoding a photo once tells: its upright size and whether it is transparent."""

    width: int
    height: int
    transparent: bool


_FACTS: dict[tuple[str, bytes, int], Facts | PhotoError] = {}
"""Facts (or the problem) by file name, content hash and pixel limit, for this process."""


def photo_problem(root: Path, name: str) -> tuple[str, str] | None:
    """(message, fix) when content/photos/`name` cannot be published, else None."""
    try:
        facts(name, read_photo(root, name))
    except PhotoError as error:
        return error.message, error.fix
    return None


def picture(root: Path, name: str) -> Picture:
    """The Picture of content/photos/`name`; raise PhotoError when it cannot be published."""
    return plan_picture(name, facts(name, read_photo(root, name)))


def shown_pictures(root: Path, prisoners: Iterable) -> dict[str, Picture]:
    """The Picture of each photo a shown profile uses; raise ContentError naming every
    photo that cannot be published, or two photos that would publish the same files."""
    pictures: dict[str, Picture] = {}
    problems, stems = [], {}
    for person in prisoners:
        if person.photo is None or person.name_withheld or person.photo.file in pictures:
            continue
        name = person.photo.file
        try:
            pictures[name] = picture(root, name)
        except PhotoError as error:
            problems.append(Problem(person.origin.file, person.origin.line, "photo.file",
                                    error.message, error.fix))
            continue
        other = stems.setdefault(PurePosixPath(name).stem, name)
        if other != name:
            problems.append(Problem(person.origin.file, person.origin.line, "photo.file",
                                    f"{FOLDER}{name} and {FOLDER}{other} would be published "
                                    "under the same names", "rename one of the two photos"))
    if problems:
        raise ContentError(problems)
    return pictures


def read_photo(root: Path, name: str) -> bytes:
    """The bytes of content/photos/`name`, read safely; raise PhotoError."""
    try:
        return read_project_file(root, FOLDER + name)
    except ContentError as error:
        problem = error.problems[0]
        raise PhotoError(f"{FOLDER}{name}: {problem.message}", problem.fix) from None


def facts(name: str, data: bytes) -> Facts:
    """Decode a photo once (remembered for this process); raise PhotoError."""
    key = (name, hashlib.blake2b(data, digest_size=16).digest(), limits.PHOTO_PIXELS)
    if key not in _FACTS:
        if len(_FACTS) > 10_000:
            _FACTS.clear()
        try:
            _FACTS[key] = _inspect(name, data)
        except PhotoError as error:
            _FACTS[key] = error
    found = _FACTS[key]
    if isinstance(found, PhotoError):
        raise PhotoError(found.message, found.fix)
    return found


ASPECT = 4
"""A photo may be at most this many times as tall as it is wide, or as wide as tall (no
portrait is narrower; image formats cannot hold a 960-pixel-wide strip much taller)."""


def _inspect(name: str, data: bytes) -> Facts:
    image, (width, height) = decode(name, data, least=1)
    if max(width, height) > ASPECT * min(width, height):
        raise PhotoError(f"{FOLDER}{name} is {width}×{height} pixels: a photo may be at most "
                         f"{ASPECT} times as tall as it is wide, or as wide as it is tall",
                         "crop it to the person")
    return Facts(width, height, alpha_of(eight_bit(image)) is not None)


def plan_picture(name: str, found: Facts) -> Picture:
    """The renditions of a photo of this size: WebP and a JPEG or PNG at each width."""
    stem = PurePosixPath(name).stem
    fallback = "png" if found.transparent else "jpeg"
    renditions = []
    for width in rendition_widths(found.width):
        height = max(1, round(found.height * width / found.width))
        for kind in ("webp", fallback):
            renditions.append(Rendition(f"photos/{stem}-{width}.{EXTENSIONS[kind]}",
                                        width, height, kind))
    largest = renditions[-1]
    return Picture(name, largest.width, largest.height, tuple(renditions))


def rendition_widths(width: int) -> tuple[int, ...]:
    """The widths to publish at: each of WIDTHS that is well below the photo's own width,
    then the largest that fits (the photo's own width when it is narrower: never wider)."""
    top = min(width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w <= top * 0.8), top)


def decode(name: str, data: bytes, least: int = 0) -> tuple[Image.Image, tuple[int, int]]:
    """Decode a JPEG, PNG or WebP photo, and tell its full size upright (a JPEG may be
    decoded smaller, at least `least` pixels across, for speed); raise PhotoError saying
    what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    file = FOLDER + name
    saved = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = limits.PHOTO_PIXELS
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            stored = image.size
            if least and image.format in ("JPEG", "MPO"):
                _reduce(image, least)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(f"{file} has more than the {limits.PHOTO_PIXELS:,} pixels a photo "
                         "may have", "scale it down (2,000 pixels across is plenty) and "
                         "save it again") from None
    except UnidentifiedImageError:
        kind = next((k for magic, k in OTHER_KINDS if data.startswith(magic)), None)
        kind = kind or ("an HEIC or AVIF image" if data[4:8] == b"ftyp" else None)
        raise PhotoError(f"{file} is not a JPEG, PNG or WebP image"
                         + (f" (it is {kind})" if kind else ""),
                         "export the photo as JPEG or PNG and save it again") from None
    except Exception:  # noqa: BLE001 - whatever a damaged file makes a decoder raise
        raise PhotoError(f"{file} is damaged or incomplete: it cannot be decoded",
                         "copy the photo again from the original, or export it again "
                         "as JPEG or PNG") from None
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    return image, upright_size(stored, orientation_of(image))


def _reduce(image: Image.Image, least: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale, keeping `least` pixels across."""
    ratio = least / upright_size(image.size, orientation_of(image))[0]
    if ratio < 1:
        image.draft(image.mode, (max(1, math.ceil(image.width * ratio)),
                                 max(1, math.ceil(image.height * ratio))))


def orientation_of(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, as `ImageOps.exif_transpose` reads it."""
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - an unreadable EXIF block: treated as upright
        return 1


def upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (as `orientation_of` reads it)."""
    from PIL import Image, ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - an EXIF block Pillow cannot write back: turn it here
        method = TURNS.get(orientation_of(image))
        return image.transpose(Image.Transpose[method]) if method else image


def upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and 1-bit grey as 8-bit grey (`convert` would clip 16-bit values)."""
    if image.mode.startswith(("I", "F")):
        return image.convert("I").point(lambda v: v / 257).convert("L")
    return image.convert("L") if image.mode == "1" else image


def alpha_of(image: Image.Image) -> Image.Image | None:
    """The alpha band, or None when every pixel is opaque."""
    if image.mode not in ALPHA_MODES:
        if image.info.get("transparency") is None:
            return None
        with warnings.catch_warnings():  # "palette images with transparency…": we are
            warnings.simplefilter("ignore", UserWarning)
            image = image.convert("RGBA")
    alpha = image.getchannel("A")
    return None if alpha.getextrema()[0] == 255 else alpha


