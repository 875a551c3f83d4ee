"""Profile photos, decoded and encoded again: never published as they were written.

A photo is read only through `files.read_project_file` (no links out of the project, no
pipes, bounded size) and decoded only as JPEG, PNG or WebP, with a bound on its pixels.
It is turned upright (EXIF orientation), converted to sRGB (its ICC profile), and left
with nothing but its pixels: no EXIF (GPS, camera serial, author), XMP, IPTC, comments,
ICC profile, PNG text or DPI. Each photo is published at a few widths, as WebP and as
JPEG (PNG where it is transparent), the same bytes for the same photo every time."""

from __future__ import annotations

import functools
import hashlib
import io
import math
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError, features

from . import limits
from .cachefile import CacheFolder
from .files import read_project_file
from .pagecache import prune
from .problems import ContentError, Problem

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without Little CMS: colours are converted plainly
    ImageCms = None

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
TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
         4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
         6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
         8: Image.Transpose.ROTATE_90}
"""EXIF orientation → the turn that makes the photo upright (as ImageOps uses)."""
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
    return Facts(width, height, _alpha(_eight_bit(image)) is not None)


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


def rendition_files(root: Path, pictures: Iterable[Picture],
                    cache: Path | None) -> Iterator[tuple[str, bytes]]:
    """Every rendition of `pictures`, as (output path, bytes): encoded, or read from the
    cache folder (`None`: encode every time; the bytes are the same either way)."""
    store = CacheFolder(cache) if cache is not None else None
    used: set[str] = set()
    for found in pictures:
        data = read_photo(root, found.file)
        keys = {r.path: entry_key(data, r) for r in found.renditions}
        used |= set(keys.values())
        files = {path: store.get(key) for path, key in keys.items()} if store else {}
        if store is None or None in files.values():
            files = encode_picture(data, found)
            for path, key in keys.items():
                if store is not None:
                    store.put(key, files[path])
        yield from files.items()
    if store is not None:
        prune(cache, used)


def entry_key(data: bytes, rendition: Rendition) -> str:
    """A rendition's cache key: the source bytes, its size and format, and the encoders."""
    digest = hashlib.blake2b(_encoders(), digest_size=20)
    digest.update(f"{rendition.width}x{rendition.height}.{rendition.format}\0".encode())
    digest.update(data)
    return digest.hexdigest()


@functools.cache
def _encoders() -> bytes:
    versions = [VERSION, Image.__version__, str(WIDTHS), str(WEBP_QUALITY), str(JPEG_QUALITY)]
    versions += [str(features.version(x)) for x in ("webp", "jpg", "zlib", "littlecms2")]
    return "\0".join(versions).encode()


def encode_picture(data: bytes, found: Picture) -> dict[str, bytes]:
    """Each rendition's bytes, by output path, made from the photo's bytes."""
    image, _ = decode(found.file, data, least=2 * found.width)
    image = clean(image, found)
    sized: dict[tuple[int, int], Image.Image] = {}
    files = {}
    for rendition in found.renditions:
        size = (rendition.width, rendition.height)
        if size not in sized:
            sized[size] = image if image.size == size else image.resize(
                size, Image.Resampling.LANCZOS)
        files[rendition.path] = encode(sized[size], rendition.format)
    return files


def decode(name: str, data: bytes, least: int = 0) -> tuple[Image.Image, tuple[int, int]]:
    """Decode a JPEG, PNG or WebP photo, and tell its full size upright (a JPEG may be
    decoded smaller, at least `least` pixels across, for speed); raise PhotoError saying
    what is wrong with it."""
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
    return image, _upright_size(stored, _orientation(image))


def _reduce(image: Image.Image, least: int) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale, keeping `least` pixels across."""
    ratio = least / _upright_size(image.size, _orientation(image))[0]
    if ratio < 1:
        image.draft(image.mode, (max(1, math.ceil(image.width * ratio)),
                                 max(1, math.ceil(image.height * ratio))))


def _orientation(image: Image.Image) -> int:
    """The EXIF (or XMP) orientation, as `ImageOps.exif_transpose` reads it."""
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # noqa: BLE001 - an unreadable EXIF block: treated as upright
        return 1


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (as `_orientation` reads it)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - an EXIF block Pillow cannot write back: turn it here
        method = TURNS.get(_orientation(image))
        return image.transpose(method) if method else image


def _upright_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def clean(image: Image.Image, found: Picture) -> Image.Image:
    """The photo upright, in sRGB, RGB (or RGBA where transparent), with no metadata."""
    image = _upright(image)
    profile = image.info.get("icc_profile")
    image = _eight_bit(image)
    alpha = _alpha(image)
    colour = _srgb(_colour(image), profile)
    if alpha is not None and found.fallback[0].format == "png":
        colour.putalpha(alpha)
    return Image.frombytes(colour.mode, colour.size, colour.tobytes())


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and 1-bit grey as 8-bit grey (`convert` would clip 16-bit values)."""
    if image.mode.startswith(("I", "F")):
        return image.convert("I").point(lambda v: v / 257).convert("L")
    return image.convert("L") if image.mode == "1" else image


def _alpha(image: Image.Image) -> Image.Image | None:
    """The alpha band, or None when every pixel is opaque."""
    if image.mode not in ALPHA_MODES:
        if image.info.get("transparency") is None:
            return None
        with warnings.catch_warnings():  # "palette images with transparency…": we are
            warnings.simplefilter("ignore", UserWarning)
            image = image.convert("RGBA")
    alpha = image.getchannel("A")
    return None if alpha.getextrema()[0] == 255 else alpha


def _colour(image: Image.Image) -> Image.Image:
    """The colour bands alone, as RGB, L or CMYK (what a colour profile describes)."""
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    with warnings.catch_warnings():  # as in `_alpha`: the alpha band is kept there
        warnings.simplefilter("ignore", UserWarning)
        return image.convert("L" if image.mode in ("LA", "La") else "RGB")


@functools.cache
def _srgb_profile():
    return ImageCms.createProfile("sRGB")


def _srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """RGB in sRGB, through the photo's own ICC profile when it has a usable one."""
    if profile and ImageCms is not None:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, _srgb_profile(), outputMode="RGB")
        except Exception:  # noqa: BLE001 - a broken or mismatched profile: convert plainly
            pass
    return image.convert("RGB")


def encode(image: Image.Image, kind: str) -> bytes:
    """One rendition's bytes: WebP, JPEG or PNG, with nothing but the pixels."""
    out = io.BytesIO()
    if kind == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif kind == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, progressive=False,
                                  optimize=True, subsampling="4:2:0")
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()

