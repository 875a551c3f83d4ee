"""The published renditions of photos: each decoded (photos.py), turned upright, reduced to
8-bit sRGB without any metadata (no GPS tag, no camera, no comment survives), resized
and encoded again as WebP and JPEG or PNG; kept under .cache/photos/ by the bytes of the
original."""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from PIL import Image, features

from ..content.photos import (
    JPEG_QUALITY,
    VERSION,
    WEBP_QUALITY,
    WIDTHS,
    Picture,
    Rendition,
    alpha_of,
    decode,
    eight_bit,
    read_photo,
    upright,
)
from ..store.cachefile import CacheFolder, prune

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without Little CMS: colours are converted plainly
    ImageCms = None


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


def clean(image: Image.Image, found: Picture) -> Image.Image:
    """The photo upright, in sRGB, RGB (or RGBA where transparent), with no metadata."""
    image = upright(image)
    profile = image.info.get("icc_profile")
    image = eight_bit(image)
    alpha = alpha_of(image)
    colour = _srgb(_colour(image), profile)
    if alpha is not None and found.fallback[0].format == "png":
        colour.putalpha(alpha)
    return Image.frombytes(colour.mode, colour.size, colour.tobytes())


def _colour(image: Image.Image) -> Image.Image:
    """The colour bands alone, as RGB, L or CMYK (what a colour profile describes)."""
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    with warnings.catch_warnings():  # as in `alpha_of`: the alpha band is kept there
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
