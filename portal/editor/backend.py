"""The local back end of the web editor: what Decap CMS asks of `decap-server` in its
file-system mode, answered from the project's own files, for the live preview to serve at
/admin/api/v1 (the HTTP side, with its Host and Origin checks, is preview/admin.py).

Safer than decap-server (files.py says how): only files under data/ and content/, never
through a link or into a special file, within the size limits, each write atomic; and
whatever is wrong is answered as one clear message in JSON (`{"error": …}`, a 4xx
status), never a traceback. The actions, their parameters and answers are decap-server's
(node_modules/decap-server/dist/index.js, `localFsMiddleware`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from ..limits import MB, human_size
from .files import Refused, checked, delete, listed, move, read, write, write_all

BODY_LIMIT = 32 * MB
"""Bytes a request may have: the largest photo (20 MB) in base64, with room to spare."""


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
    except RecursionError:  # Decap's requests are a few levels deep
        raise Refused(400, "the request is nested too deeply") from None
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


def entry(root: Path, relative: str, label: Any = None) -> dict[str, Any]:
    """An entry as Decap reads it: its text and its file's path, label (when asked with
    one, as decap-server gives it) and hash (None when there is no such file)."""
    content = read(root, relative)
    _seen(root, relative, content)
    file = {"path": relative, **({"label": label} if isinstance(label, str) else {}),
            "id": hashlib.sha256(content).hexdigest() if content is not None else None}
    if content is None:
        return {"data": None, "file": file}
    return {"data": content.decode("utf-8", "replace"), "file": file}


def media(root: Path, relative: str) -> dict[str, Any]:
    """A photo as Decap reads it: base64 content, hash, path and name."""
    content = read(root, relative, media=True)
    if content is None:
        raise Refused(404, f"{relative[:200]!r} does not exist")
    return {"id": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode(), "encoding": "base64",
            "path": relative, "name": relative.rsplit("/", 1)[-1]}


def persist_entry(root: Path, params: dict[str, Any]) -> dict[str, str]:
    """Write an entry's files (one per language for a Markdown text) and its photos;
    move a file whose name changed. Every path (and that no file is where one is moved
    to) is checked before anything is written, and the files are written together
    (files.write_all): a save that fails leaves every file as it was."""
    files = params.get("dataFiles", [params.get("entry")])
    assets = params.get("assets", [])
    if not isinstance(files, list) or not files or not all(
            isinstance(f, dict) and isinstance(f.get("raw"), str) for f in files):
        raise Refused(400, "dataFiles (or entry) is not a list of {path, raw}")
    if not isinstance(assets, list) or not all(isinstance(a, dict) for a in assets):
        raise Refused(400, "assets is not a list")
    moved = files and all(file.get("newPath") for file in files)
    for file in files:
        checked(root, _text(file, "path"))
        if file.get("newPath") is not None:
            target = checked(root, _text(file, "newPath"))
            if moved and file["newPath"] != file["path"] and target.exists():
                raise Refused(409, f"{file['newPath'][:200]!r} exists already")
    for file in files:
        _unchanged(root, file["path"])
    decoded = [(_text(a, "path"), _decoded(a)) for a in assets]
    write_all(root, [(file["path"], file["raw"].encode(), False) for file in files]
              + [(path, content, True) for path, content in decoded])
    for file in files:
        _seen(root, file["path"], file["raw"].encode())
    if moved:
        for file in files:
            move(root, file["path"], file["newPath"])
            _seen(root, file["newPath"], file["raw"].encode())
    return {"message": "entry persisted"}


SEEN: dict[tuple[str, str], str] = {}
"""The hash of each entry's file as the editor last read or wrote it, by (project, path)."""


def _seen(root: Path, relative: str, content: bytes | None) -> None:
    key = (str(root), relative)
    if content is None:
        SEEN.pop(key, None)
    else:
        SEEN[key] = hashlib.sha256(content).hexdigest()


def _unchanged(root: Path, relative: str) -> None:
    """Refuse to save over a file changed on disk since the editor read it (by `release`,
    `format`, a hand edit or `git pull`): Decap would write back its old copy and undo
    that change without a word. Decap sends no version with a save, so the back end
    compares with what it last gave or wrote; a file it never gave is saved as sent."""
    known = SEEN.get((str(root), relative))
    if known is None:
        return
    content = read(root, relative)
    if content is not None and hashlib.sha256(content).hexdigest() != known:
        raise Refused(409, f"{relative[:200]!r} was changed on disk since the editor read "
                      "it; nothing is saved: copy what you typed, reload the page and "
                      "type it again")


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
