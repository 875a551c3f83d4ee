"""Static assets: copied with a content hash in the name, so they can be cached for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..problems import ContentError
from ..store.files import project_files, read_project_file


def collect_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Map each asset name to (fingerprinted name, content): style.css → style.1a2b3c4d5e.css.

    `folder` is the project's templates/assets/; only ordinary files (not links, not even
    to other files of the project: an asset is published as it is) are read; anything
    else is a ContentError naming every such file."""
    result = {}
    if not folder.is_dir():
        return result
    root = folder.parent.parent
    base = folder.relative_to(root).as_posix()
    problems = []
    for relative in project_files(root, base):
        name = relative[len(base) + 1:]
        try:
            content = publishable(relative, read_project_file(root, relative, links=False))
        except ContentError as error:
            problems += error.problems
            continue
        digest = hashlib.sha256(content).hexdigest()[:10]
        stem, dot, suffix = name.rpartition(".")
        result[name] = (f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}", content)
    if problems:
        raise ContentError(problems)
    return result


TEXTS = (".css", ".js", ".svg")
"""Assets published as text: UTF-8, read whole by the leak guard."""
IMAGES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".ico": "ICO"}
"""Assets published as images: decoded and encoded again, pixels only (no EXIF, no text
chunks, no colour profile), like photos."""


def publishable(relative: str, content: bytes) -> bytes:
    """An asset as it is published; ContentError for a kind of file the site does not
    publish, text that is not UTF-8, or an image that cannot be decoded."""
    suffix = Path(relative).suffix.lower()
    if suffix in TEXTS:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise _refused(relative, "the file is not UTF-8 text",
                           "save it as UTF-8") from None
        return content
    if suffix in IMAGES:
        return _pixels_only(relative, content, IMAGES[suffix])
    raise _refused(relative, f"the site publishes no {suffix or 'extensionless'} files "
                   "from templates/assets/", "keep only stylesheets (.css), scripts (.js), "
                   "SVG, PNG, JPEG, WebP and ICO files there")


def _pixels_only(relative: str, content: bytes, kind: str) -> bytes:
    import io
    import warnings

    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[kind])
            image.load()
            image = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - whatever a damaged or wrong file makes Pillow raise
        raise _refused(relative, f"the file is not a {kind} image that can be decoded",
                       "export it again") from None
    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
    clean = Image.new(mode, image.size)
    clean.paste(image.convert(mode))
    if mode == "P" and image.mode == "P":
        clean.putpalette(image.getpalette() or [])
    out = io.BytesIO()
    if kind == "JPEG":
        clean.convert("RGB").save(out, "JPEG", quality=90)
    elif kind == "ICO":
        clean.save(out, "ICO", sizes=[image.size])
    else:
        clean.save(out, kind, **({"lossless": True} if kind == "WEBP" else {}))
    return out.getvalue()


def _refused(relative: str, message: str, fix: str) -> ContentError:
    from ..problems import Problem

    return ContentError([Problem(relative, None, "", message, fix)])
