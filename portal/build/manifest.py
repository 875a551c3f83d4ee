"""The manifest of the last successful build of an output folder: what went in (a
fingerprint of every source file, the generator's code, the options and environment the
output depends on, the build date) and what came out (every file's path, content hash,
size, modification time, inode and permissions, with the cache key it was made under),
plus the build's warnings and figures.

It is kept under .cache/builds/, one entry per output folder, sealed like every cache
entry (store/cachefile.py): a damaged or forged manifest is no manifest. It is written
only after a build has swapped its site in, and it is never published. This module is
light on purpose: deciding that nothing changed must not import what renders."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..options import Options, build_date
from ..pages.pagecache import hashed_files
from ..problems import Problem
from ..store.cachefile import CacheFolder
from ..store.version import PACKAGE, code_version, library_version

FORMAT = 3
"""The manifest's own format: a manifest of another format is no manifest."""

ENVIRONMENT = ("PORTAL_BASE_URL", "NETLIFY", "CONTEXT", "DEPLOY_PRIME_URL", "URL",
               "REPOSITORY_URL")
"""The environment the output depends on: the base URL (options.environment_base_url)
and the repository the web editor saves to (editor/config.repository)."""

EDITOR_DIST = Path("node_modules") / "decap-cms" / "dist"
"""Where the web editor's scripts are copied from (editor/shell.DIST), under the project
and under the program's folder."""

Stat = tuple[int, int, int, int]
"""A file as found on disk without reading it: size, mtime_ns, inode, mode."""

Folder = tuple[int, int, int]
"""A folder as found on disk: mtime_ns, inode, ctime_ns (an entry added or removed
changes the times; a change of permissions, or the modification time set back by hand,
the change time)."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Problem, ...]
    editor_absent: str | None = None
    """Why the site has no web editor at /admin/ (one line), or None."""
    unchanged: bool = False
    """Nothing had changed since the last build: nothing was written."""


@dataclass(frozen=True, slots=True)
class Record:
    """One output file as the build left it."""

    digest: bytes | None
    found: Stat
    key: str | None = None
    """The cache key it was made under (a page's, or the key of what is made from the
    whole site), if any."""


@dataclass(frozen=True, slots=True)
class Spare:
    """The site this build replaced, kept beside the output (store/spare.py): each of its
    folders as the build before recorded them (Folder), and the files it holds that the
    output does not."""

    folders: dict[str, Folder]
    only: frozenset[str]


@dataclass(frozen=True, slots=True)
class Manifest:
    inputs: str
    files: dict[str, Record] = field(default_factory=dict)
    folders: dict[str, Folder] = field(default_factory=dict)
    """Every folder of the output, with its modification and change times and inode."""
    result: BuildResult = BuildResult(0, 0, ())
    spare: Spare | None = None


def entries(root: Path) -> CacheFolder:
    return CacheFolder(root / ".cache" / "builds")


def entry_key(out: Path) -> str:
    """The manifest's key: the output folder's absolute path."""
    return hashlib.blake2b(os.fsencode(os.path.abspath(out)), digest_size=16).hexdigest()


def fingerprint(options: Options) -> str:
    """Everything the output depends on, hashed: the source files' content, the code, the
    options, the environment, the build date and the web editor's scripts."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(code_version())
    for path, content in sorted(hashed_files(options.root).items()):
        digest.update(path.encode() + b"\0" + content)
    settings = {"base_url": options.base_url, "portable": options.portable,
                "strict": options.strict, "today": build_date(options.today).isoformat(),
                "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
                "pillow": library_version("pillow"), "format": FORMAT}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for folder in dict.fromkeys((options.root / EDITOR_DIST, PACKAGE.parent / EDITOR_DIST)):
        digest.update(repr(sorted(_listing(folder).items())).encode())
    digest.update(repr(sorted(_listing(PACKAGE, data_only=True).items())).encode())
    return digest.hexdigest()


def _listing(folder: Path, data_only: bool = False) -> dict[str, Stat]:
    """The files under `folder` by what their status says (the editor's scripts, 5 MB, are
    copied, never read; `data_only`: the program's files other than its code, such as the
    share images' fonts)."""
    found: dict[str, Stat] = {}
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
        for name in names:
            if data_only and name.endswith((".py", ".pyc")):
                continue
            path = os.path.join(directory, name)
            found[os.path.relpath(path, folder)] = file_status(path) or (-1, -1, -1, -1)
    return found


def file_status(path: str) -> Stat | None:
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_mode


def found_files(out: Path, paths: list[str]) -> dict[str, Stat] | None:
    """The status of each of `paths` (files just written under `out`); None if one is not
    an ordinary file any more."""
    found = {}
    for path in paths:
        status = file_status(os.path.join(out, path))
        if status is None:
            return None
        found[path] = status
    return found


def found_folders(out: Path, paths: list[str]) -> dict[str, Folder] | None:
    """Each folder holding one of `paths` (and `out` itself, as ""), with its times and
    inode: a file added to or removed from a folder changes them (Folder)."""
    names = {""}
    for path in paths:
        name = path.rpartition("/")[0]
        while name not in names:  # each folder up to the first one already named
            names.add(name)
            name = name.rpartition("/")[0]
    found = {}
    for name in names:
        status = _folder(os.path.join(out, name) if name else str(out))
        if status is None:
            return None
        found[name] = status
    return found


def _folder(path: str) -> Folder | None:
    try:
        status = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ino, status.st_ctime_ns) \
        if stat.S_ISDIR(status.st_mode) else None


def load(options: Options) -> Manifest | None:
    """The manifest of the last build of `options.output`, or None (none, damaged, of an
    older format, or sealed with another key)."""
    folder = entries(options.root)
    try:
        payload = folder.get(entry_key(options.output))
    except OSError:
        return None
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        if data.get("format") != FORMAT or data.get("output") != os.path.abspath(options.output):
            return None
        files = {path: Record(bytes.fromhex(digest) if digest else None,
                              _numbers(found, 4), key or None)
                 for path, (digest, found, key) in data["files"].items()}
        folders = {name: _numbers(status, 3) for name, status in data["folders"].items()}
        result = data["result"]
        warnings = tuple(Problem(**p) for p in result["warnings"])
        spare = data["spare"] and Spare(
            {name: _numbers(status, 3) for name, status in data["spare"]["folders"].items()},
            frozenset(data["spare"]["only"]))
        return Manifest(data["inputs"], files, folders,
                        BuildResult(result["pages"], result["files"], warnings,
                                    result["editor_absent"]), spare or None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _numbers(values, count: int) -> tuple:
    """A status as recorded: `count` whole numbers (else the manifest is no manifest)."""
    if not isinstance(values, list) or len(values) != count or \
            not all(type(value) is int for value in values):
        raise ValueError("not a status")
    return tuple(values)


def save(options: Options, manifest: Manifest) -> None:
    """Keep the manifest of the build just swapped in (a cache that cannot be written is
    no error: the next build does everything, as without a manifest)."""
    result = manifest.result
    data = {"format": FORMAT, "output": os.path.abspath(options.output),
            "inputs": manifest.inputs,
            "files": {path: [r.digest.hex() if r.digest else "", list(r.found), r.key or ""]
                      for path, r in sorted(manifest.files.items())},
            "folders": {name: list(status) for name, status in sorted(manifest.folders.items())},
            "result": {"pages": result.pages, "files": result.files,
                       "editor_absent": result.editor_absent,
                       "warnings": [dataclasses.asdict(p) for p in result.warnings]},
            "spare": manifest.spare and {
                "folders": {name: list(status)
                            for name, status in sorted(manifest.spare.folders.items())},
                "only": sorted(manifest.spare.only)}}
    entries(options.root).put(entry_key(options.output),
                              json.dumps(data, ensure_ascii=False).encode())


def unchanged(manifest: Manifest | None, inputs: str, out: Path) -> bool:
    """Whether the last build had the same inputs and the output folder is still exactly
    what it left: each file with the same size, time, inode and permissions, and each
    folder with the same times (so none was added or removed, nor its permissions
    changed, by hand)."""
    if manifest is None or manifest.inputs != inputs or not manifest.folders:
        return False
    for name, status in manifest.folders.items():
        if _folder(os.path.join(out, name) if name else str(out)) != status:
            return False
    return all(file_status(os.path.join(out, path)) == record.found
               for path, record in manifest.files.items())
