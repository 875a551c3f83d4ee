"""The local back end of the web editor: what Decap CMS asks of `decap-server` in its
file-system mode, answered from the project's own files, for the live preview to serve at
/admin/api/v1 (the HTTP side, with its Host and Origin checks, is preview/server.py).

Safer than decap-server: only files under data/ and content/ are read or written (photos
only in content/photos/), never through a link, never a pipe, device or socket, never a
hidden file; each within the size limits of limits.py; every write replaces the file in
one step (a write killed half way leaves the old file or the new one); and whatever is
wrong is answered as one clear message in JSON (`{"error": …}`, a 4xx status), never a
traceback. The actions, their parameters and answers are decap-server's
(node_modules/decap-server/dist/index.js, `localFsMiddleware`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from ..limits import MB, file_size_limit, human_size
from ..store.files import special_kind
from ..store.write import write_file_atomic

FOLDERS = ("data", "content")
"""The folders the editor may read and write in."""
MEDIA = "content/photos"
"""The only folder of photos (media)."""
BODY_LIMIT = 32 * MB
"""Bytes a request may have: the largest photo (20 MB) in base64, with room to spare."""
LISTED = 10_000
"""Files one listing may give (the sample has a hundred; a large portal a few thousand)."""


class Refused(Exception):
    """A request the back end does not do: its HTTP status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def answer(root: Path, body: bytes) -> tuple[int, Any]:
    """The status and JSON value that answer one request's body."""
    try:
        return 200, _act(root, _request(body))
    except Refused as refused:
        return refused.status, {"error": refused.message}
    except OSError as error:  # the disk, not the request: said in one line all the same
        return 409, {"error": f"the files could not be read or written ({error.strerror})"}


def _request(body: bytes) -> dict[str, Any]:
    if len(body) > BODY_LIMIT:
        raise Refused(413, f"the request is larger than {human_size(BODY_LIMIT)}")
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "the request is not JSON") from None
    if not isinstance(request, dict) or not isinstance(request.get("action"), str):
        raise Refused(400, "the request names no action")
    params = request.get("params", {})
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise Refused(400, "the request's params are not an object")
    return {"action": request["action"], "params": params}


def _act(root: Path, request: dict[str, Any]) -> Any:
    action, params = request["action"], request["params"]
    if action == "info":
        return {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        depth = params.get("depth", 1)
        if not isinstance(depth, int) or isinstance(depth, bool):
            raise Refused(400, "depth is not a number")
        files = listed(root, _text(params, "folder"), _text(params, "extension", ""), depth)
        return [entry(root, path) for path in files]
    if action == "entriesByFiles":
        files = params.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
            raise Refused(400, "files is not a list of {path, label}")
        return [entry(root, _text(f, "path"), f.get("label")) for f in files]
    if action == "getEntry":
        return entry(root, _text(params, "path"))
    if action == "persistEntry":
        return persist_entry(root, params)
    if action == "getMedia":
        folder = _text(params, "mediaFolder")
        return [media(root, path) for path in listed(root, folder, "", 1, media=True)]
    if action == "getMediaFile":
        return media(root, _text(params, "path"))
    if action == "persistMedia":
        asset = params.get("asset")
        if not isinstance(asset, dict):
            raise Refused(400, "asset is missing")
        path = _write_asset(root, asset)
        return media(root, path)
    if action == "deleteFile":
        path = _text(params, "path")
        delete(root, path)
        return {"message": f"deleted file {path}"}
    if action == "deleteFiles":
        paths = params.get("paths")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise Refused(400, "paths is not a list of paths")
        for path in paths:
            checked(root, path)  # every one refused before any is deleted
        for path in paths:
            delete(root, path)
        return {"message": f"deleted files {', '.join(paths)}"}
    if action == "getDeployPreview":
        return None
    raise Refused(422, f"unknown action {action[:60]!r}")


def _text(params: dict[str, Any], key: str, default: str | None = None) -> str:
    value = params.get(key, default)
    if not isinstance(value, str):
        raise Refused(400, f"{key} is missing or not a string")
    return value


def checked(root: Path, relative: str, media: bool = False) -> Path:
    """`root/relative` when the editor may use it; else Refused naming why. The path must
    be relative, written with `/`, under data/ or content/ (content/photos/ for `media`),
    without `.`, `..` or hidden parts, and nothing on the way may be a link, and nothing
    at its end a link or anything but an ordinary file (or a folder, for a listing)."""
    if "\x00" in relative or any(ord(c) < 32 for c in relative):
        raise Refused(400, "the path holds a control character")
    if relative.startswith(("/", "\\")) or "\\" in relative or ":" in relative:
        raise Refused(403, f"{relative[:200]!r} is not a path inside the project")
    parts = relative.rstrip("/").split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise Refused(403, f"{relative[:200]!r}: no empty, '.', '..' or hidden parts")
    top = MEDIA.split("/") if media else None
    if (parts[:2] != top) if media else (parts[0] not in FOLDERS):
        where = f"{MEDIA}/" if media else "data/ or content/"
        raise Refused(403, f"{relative[:200]!r} is not under {where}")
    path = root
    for depth, part in enumerate(parts, 1):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            break  # what follows is new
        except OSError as error:
            raise Refused(403, f"{relative[:200]!r} cannot be looked at ({error.strerror})") \
                from None
        if stat.S_ISLNK(mode):
            raise Refused(403, f"{'/'.join(parts[:depth])} is a link: the editor does not "
                          "follow links")
        if depth < len(parts) and not stat.S_ISDIR(mode):
            raise Refused(403, f"{'/'.join(parts[:depth])} is not a folder")
        if depth == len(parts) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = special_kind(path) or "not an ordinary file"
            raise Refused(403, f"{relative[:200]!r} is {kind}")
    return path


def _read(root: Path, relative: str, media: bool = False) -> bytes | None:
    """The bytes of a file the editor may read, or None when there is none."""
    path = checked(root, relative, media)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise Refused(403, f"{relative[:200]!r} cannot be read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise Refused(403, f"{relative[:200]!r} is not an ordinary file")
        limit = file_size_limit(relative)
        content = handle.read(limit + 1)
    if len(content) > limit:
        raise Refused(413, f"{relative[:200]!r} is larger than the {human_size(limit)} "
                      "allowed for its kind")
    return content


def entry(root: Path, relative: str, label: Any = None) -> dict[str, Any]:
    """An entry as Decap reads it: its text and its file's path, label and hash (both
    None when there is no such file)."""
    content = _read(root, relative)
    file = {"path": relative, "label": label if isinstance(label, str) else None,
            "id": hashlib.sha256(content).hexdigest() if content is not None else None}
    if content is None:
        return {"data": None, "file": file}
    return {"data": content.decode("utf-8", "replace"), "file": file}


def media(root: Path, relative: str) -> dict[str, Any]:
    """A photo as Decap reads it: base64 content, hash, path and name."""
    content = _read(root, relative, media=True)
    if content is None:
        raise Refused(404, f"{relative[:200]!r} does not exist")
    return {"id": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode(), "encoding": "base64",
            "path": relative, "name": relative.rsplit("/", 1)[-1]}


def listed(root: Path, folder: str, extension: str, depth: int,
           media: bool = False) -> list[str]:
    """The ordinary files under `folder`, `depth` levels down, whose names end with
    `extension` (as decap-server lists them); links, hidden and special files left out."""
    base = checked(root, folder, media)
    found: list[str] = []
    todo = [(base, folder.rstrip("/"), 1)] if base.is_dir() else []
    while todo:
        directory, shown, level = todo.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for item in entries:
            if item.name.startswith(".") or item.is_symlink():
                continue
            if item.is_dir(follow_symlinks=False):
                if level < depth:
                    todo.append((Path(item.path), f"{shown}/{item.name}", level + 1))
            elif item.is_file(follow_symlinks=False) and item.name.endswith(extension):
                found.append(f"{shown}/{item.name}")
                if len(found) > LISTED:
                    raise Refused(413, f"{folder[:200]!r} holds more than {LISTED:,} files")
    return sorted(found)


def write(root: Path, relative: str, content: bytes, media: bool = False) -> None:
    """Replace (or create) one file in one step, within its size limit."""
    path = checked(root, relative, media)
    if path.is_dir():
        raise Refused(403, f"{relative[:200]!r} is a folder")
    limit = file_size_limit(relative)
    if len(content) > limit:
        raise Refused(413, f"{relative[:200]!r} would be {human_size(len(content))}, more "
                      f"than the {human_size(limit)} allowed for its kind")
    try:
        write_file_atomic(path, content)
    except OSError as error:
        raise Refused(409, f"{relative[:200]!r} could not be written ({error.strerror}); "
                      "it is as it was") from None


def delete(root: Path, relative: str) -> None:
    """Delete one ordinary file (none there is not an error, as in decap-server)."""
    path = checked(root, relative)
    if path.is_dir():
        raise Refused(403, f"{relative[:200]!r} is a folder")
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        raise Refused(409, f"{relative[:200]!r} could not be deleted ({error.strerror})") \
            from None


def persist_entry(root: Path, params: dict[str, Any]) -> dict[str, str]:
    """Write an entry's files (one per language for a Markdown text) and its photos;
    move a file whose name changed. Every path is checked before anything is written."""
    files = params.get("dataFiles", [params.get("entry")])
    assets = params.get("assets", [])
    if not isinstance(files, list) or not files or not all(
            isinstance(f, dict) and isinstance(f.get("raw"), str) for f in files):
        raise Refused(400, "dataFiles (or entry) is not a list of {path, raw}")
    if not isinstance(assets, list) or not all(isinstance(a, dict) for a in assets):
        raise Refused(400, "assets is not a list")
    for file in files:
        checked(root, _text(file, "path"))
        if file.get("newPath") is not None:
            checked(root, _text(file, "newPath"))
    decoded = [(_text(a, "path"), _decoded(a)) for a in assets]
    for path, _ in decoded:
        checked(root, path, media=True)
    for file in files:
        write(root, file["path"], file["raw"].encode())
    for path, content in decoded:
        write(root, path, content, media=True)
    if files and all(file.get("newPath") for file in files):
        for file in files:
            move(root, file["path"], file["newPath"])
    return {"message": "entry persisted"}


def _decoded(asset: dict[str, Any]) -> bytes:
    if asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
        raise Refused(400, "an asset's content must be base64")
    try:
        return base64.b64decode(asset["content"], validate=True)
    except (binascii.Error, ValueError):
        raise Refused(400, "an asset's content is not valid base64") from None


def _write_asset(root: Path, asset: dict[str, Any]) -> str:
    path = _text(asset, "path")
    write(root, path, _decoded(asset), media=True)
    return path


def move(root: Path, old: str, new: str) -> None:
    """Rename one file (an entry whose slug changed); never over another file."""
    source, target = checked(root, old), checked(root, new)
    if source == target:
        return
    if target.exists():
        raise Refused(409, f"{new[:200]!r} exists already")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(source, target)
