"""A project file read to be edited and written back, as strictly as the build reads it.

Read: only a file that is itself in the project (no link on the way to it: an edit
written through a link would change another file, or replace the link), within the
build's limits and parsed by the build's parser. Checked: the edited text, read again by
that parser, holds exactly the intended data. Written: with the file's own byte order mark
and line ends, every file at once (temporary files, then renamed), so that an error or
Ctrl+C leaves every file as it was. A new file (`new`) is made by the same rules."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.document import Document, format_path
from ..content.listfiles import wrapped
from ..content.load import PARSERS, decode, read_bytes
from ..content.yamledit import EditError
from ..content.yamlparse import parse_yaml
from ..problems import ContentError, Problem
from ..store.atomic import write_file_atomic
from ..store.files import special_files


def refuse_links(root: Path, relative: str) -> None:
    """Raise ContentError when `relative`, or a folder on the way to it, is a link."""
    parts = PurePosixPath(relative).parts
    for end in range(1, len(parts) + 1):
        step = "/".join(parts[:end])
        if os.path.islink(root / step):
            what = "the file" if end == len(parts) else f"the folder {step}/"
            raise ContentError([Problem(relative, None, "", f"{what} is a link: the commands "
                                        "change only files that are themselves in the "
                                        "project, never what a link points to",
                                        "replace the link with the folder or file itself, or "
                                        "make this change by hand")])


def refuse_special_files(root: Path) -> None:
    """Raise ContentError naming every pipe, socket or device under data/ and content/."""
    found = special_files(root)
    if found:
        raise ContentError(found)


def read_for_editing(root: Path, relative: str) -> tuple[bytes, str, Document]:
    """(bytes, text with `\\n` line ends, document) of a YAML file to edit."""
    refuse_links(root, relative)
    raw = read_bytes(root, relative)
    text = decode(raw, relative)
    return raw, text, parse_yaml(text, relative)


# Checking an edit


def readback(value: Any) -> Any:
    """A value as the build reads it back once yamledit has written it."""
    from ..content.yamledit import flow_list, scalar

    written = flow_list(value) if isinstance(value, list | tuple) else scalar(value)
    return parse_yaml(f"x: {written}\n", "(value)").data["x"]


def confirm(relative: str, before: Document, after: str, expected: Any) -> None:
    """Raise EditError unless the edited text, read by the build's parser, holds exactly
    `expected`: nothing but the intended change."""
    try:
        found = wrapped(relative, parse_yaml(after, relative).data)
    except ContentError as error:
        first = error.problems[0]
        raise EditError(first.line or 0, "the file as edited could not be read "
                        f"({first.message})", "make this change by hand") from None
    expected = wrapped(relative, expected)
    if found == expected:
        return
    where = difference(found, expected)
    line = before.lines.get(where, (None, None))[0] if where else None
    shown = format_path(where) if where else "the file"
    raise EditError(line or 0, f"the edit would change {shown} beyond the intended change "
                    "(the file is written in a way the command cannot edit exactly)",
                    "make this change by hand")


def difference(a: Any, b: Any, path: tuple = ()) -> tuple:
    """The path of the first place where two values differ (within the larger one)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key, ...) != b.get(key, ...):
                return difference(a.get(key), b.get(key), (*path, key))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return difference(x, y, (*path, i))
    return path


# Writing


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def with_line_ends(raw: bytes, after: str) -> bytes:
    """The edited text (`\\n` line ends) as the file is written: its byte order mark kept,
    each line kept or changed with the line end it had, a new line with the file's usual
    one."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    original = raw.decode("utf-8-sig")
    lines = LINE.findall(original)
    texts = [line.rstrip("\r\n") for line in lines]
    ends = [line[len(text):] for line, text in zip(lines, texts, strict=True)]
    usual = Counter(e for e in ends if e).most_common(1)
    usual_end = usual[0][0] if usual else "\n"
    new = after.split("\n")
    final = new.pop()  # the text after the last line end (none: TextEdits ends it)
    last = (len(texts) - 1, len(new) - 1)
    out = []
    matcher = difflib.SequenceMatcher(None, texts, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            end = usual_end
            if tag in ("equal", "replace") and i1 + k < i2:  # the line it was, or replaces
                kept = ends[i1 + k]
                end = kept if kept or (tag, i1 + k, j1 + k) == ("equal", *last) else usual_end
            out.append(new[j1 + k] + end)
    out.append(final)
    data = "".join(out).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


@contextlib.contextmanager
def interrupts_held() -> Iterator[list[bool]]:
    """Hold Ctrl+C (SIGINT) back while files are moved into place; the list it gives says
    whether one came."""
    came: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return
    previous = signal.signal(signal.SIGINT, lambda *_: came.append(True))
    try:
        yield came
    finally:
        signal.signal(signal.SIGINT, previous)


def write_all(root: Path, files: list[tuple[str, bytes, bytes]]) -> None:
    """Write each (relative path, bytes as read, new bytes): first beside itself, then all
    moved into place. A file changed since it was read, an error or Ctrl+C leaves every
    file as it was (Ctrl+C: KeyboardInterrupt once they are)."""
    staged: list[tuple[Path, Path, Path | None]] = []
    with interrupts_held() as came:
        try:
            for relative, raw, _ in files:
                refuse_links(root, relative)
                if read_bytes(root, relative) != raw:
                    raise ContentError([Problem(relative, None, "", "has changed since the "
                                                "command read it", "run the command again")])
            for relative, _, new in files:
                target = root / relative
                staged.append((_stage(target, new), target, None))
                if came:
                    raise KeyboardInterrupt
            for i, (temporary, target, _) in enumerate(staged):
                backup = _stage(target, target.read_bytes())
                shutil.copystat(target, backup)  # put back, the file is as it was
                staged[i] = (temporary, target, backup)
            for temporary, target, _ in staged:
                os.replace(temporary, target)
            if came:
                raise KeyboardInterrupt
        except BaseException:
            _undo(staged)
            raise
        finally:
            for temporary, _, backup in staged:
                for path in (temporary, backup):
                    if path is not None:
                        path.unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> Path:
    """A temporary file beside `target` holding `data`, with target's permissions."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        shutil.copymode(target, name)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _undo(staged: list[tuple[Path, Path, Path | None]]) -> None:
    """Put back every file already replaced, from its backup."""
    for temporary, target, backup in staged:
        if backup is not None and not temporary.exists():
            os.replace(backup, target)


# A new file


def create_file(root: Path, relative: str, text: str,
                fix: str = "if it is the same, edit that file; else choose another slug "
                           "with --slug (a slug is never reused)") -> Path:
    """Create `relative` holding `text`: never through a link, never over a file, never a
    file the build could not read, whole or not at all (Ctrl+C included)."""
    path = root / relative
    refuse_links(root, relative)
    if os.path.lexists(path):
        raise ContentError([Problem(relative, None, "", "already exists", fix)])
    parse = PARSERS["yaml" if relative.endswith(".yaml") else "markdown"]
    try:
        parse(relative, text.encode("utf-8"))  # as the build will read it
    except ContentError as error:
        raise ContentError([dataclasses.replace(
            p, message=f"{p.message} (from the name or title given)",
            fix="give it again without that character") for p in error.problems]) from None
    with interrupts_held() as came:  # Ctrl+C: the file is made whole, or not at all
        write_file_atomic(path, text.encode("utf-8"))
        if came:
            path.unlink()
            raise KeyboardInterrupt
    return path
