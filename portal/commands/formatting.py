"""`build.py format`: rewrite files in the web editor's style (checks/canonical), so that
the editor's next save changes only what is edited there."""

from __future__ import annotations

import sys
from pathlib import Path

from ..checks.canonical import canonical, project_files
from ..content.load import decode, read_bytes
from ..problems import ContentError
from ..store.atomic import write_file_atomic
from .editing import refuse_links


def run_format(root: Path, files: list[str], check_only: bool = False) -> int:
    """Rewrite each file (all of data/ and content/ when none is given) in the style;
    with `check_only`, list those out of style instead and write nothing. A file that
    does not parse is a one-line error and is left as it is. Exit 1 on an error, or with
    `check_only` when a file is out of style."""
    chosen = [_relative(root, f) for f in files] if files else project_files(root)
    failed = changed = 0
    for relative in chosen:
        try:
            refuse_links(root, relative)
            raw = read_bytes(root, relative)
            text = decode(raw, relative)
            after = canonical(relative, text, root=root)
        except ContentError as error:
            first = error.problems[0]
            line = f":{first.line}" if first.line else ""
            print(f"{relative}{line}: {first.message}; left as it is. Fix: {first.fix}",
                  file=sys.stderr)
            failed += 1
            continue
        if after.encode("utf-8") == raw:
            continue
        changed += 1
        if check_only:
            print(f"{relative}: not in the editor's style")
            continue
        try:
            write_file_atomic(root / relative, after.encode("utf-8"))
        except OSError as error:
            print(f"{relative}: could not be written ({error.strerror or error}); left as "
                  "it is", file=sys.stderr)
            failed += 1
            changed -= 1
            continue
        print(f"{relative}: rewritten")
    if not check_only:
        print(f"{changed} file(s) rewritten, {len(chosen) - changed - failed} already in style.")
    elif changed:
        print(f"{changed} file(s) out of style. Fix: .venv/bin/python build.py format")
    return 1 if failed or (check_only and changed) else 0


def _relative(root: Path, name: str) -> str:
    path = Path(name)
    if path.is_absolute() or (Path.cwd() / path).exists():
        try:
            return (Path.cwd() / path).resolve().relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
