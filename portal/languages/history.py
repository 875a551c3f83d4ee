"""What a source text said when it was translated, found in the git history by its
fingerprint, so translators see what changed since."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import yaml

from ..content.freshness import document_text, fingerprint
from ..content.load import FieldPath

MAX_COMMITS = 200


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def _text_in(content: str, path: FieldPath, lang: str) -> str | None:
    """The source text inside one version of a file: a YAML field, or a whole page."""
    try:
        if not path:
            if not content.startswith("---\n"):
                return None
            end = content.find("\n---\n", 3)
            data = yaml.safe_load(content[4:end + 1]) or {}
            return document_text(data, content[end + 5:])
        value = yaml.safe_load(content)
        for part in path:
            value = value[part]
        return str(value[lang])
    except (yaml.YAMLError, KeyError, IndexError, TypeError, ValueError):
        return None


def text_when_translated(root: Path, file: str, path: FieldPath, lang: str,
                         recorded: str) -> str | None:
    """The newest committed version of a source text whose fingerprint is `recorded`."""
    found = version_when_translated(root, file, path, lang, recorded)
    return found[1] if found else None


def version_when_translated(root: Path, file: str, path: FieldPath, lang: str,
                            recorded: str) -> tuple[str, str] | None:
    """(short commit, text): the newest committed version of a source text whose
    fingerprint is `recorded`."""
    log = _git(root, "log", f"-{MAX_COMMITS}", "--format=%H", "--", file)
    for commit in (log or "").split():
        content = _git(root, "show", f"{commit}:{file}")
        text = _text_in(content, path, lang) if content is not None else None
        if text is not None and fingerprint(text) == recorded:
            return commit[:7], text
    return None


def uncommitted(root: Path, file: str) -> bool:
    """Whether a file has changes not committed (or has never been committed); False
    outside a git repository."""
    status = _git(root, "status", "--porcelain", "--", file)
    return bool(status and status.strip())


def last_committed(root: Path, file: str, path: FieldPath, lang: str) -> tuple[str, str] | None:
    """(short commit, text): a source text as the last commit of its file has it."""
    commit = (_git(root, "log", "-1", "--format=%h", "--", file) or "").strip()
    content = _git(root, "show", f"{commit}:{file}") if commit else None
    text = _text_in(content, path, lang) if content is not None else None
    return (commit, text) if text is not None else None


def diff(old: str, new: str, lang: str,
         labels: tuple[str, str] = ("when translated", "now")) -> str:
    """A unified diff of a source text, from when it was translated to now."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(),
                                 f"{lang}, {labels[0]}", f"{lang}, {labels[1]}", lineterm="")
    return "\n".join(lines)


def translation_when_translated(root: Path, source_file: str, file: str, path: FieldPath,
                                source_lang: str, lang: str, recorded: str) -> str | None:
    """A translation's text as it was in the newest commit whose source text still has the
    fingerprint `recorded` (the text it was last marked current from); None when that
    commit is not found or holds no such translation."""
    found = version_when_translated(root, source_file, path, source_lang, recorded)
    if found is None:
        return None
    content = _git(root, "show", f"{found[0]}:{file}")
    return _text_in(content, path, lang) if content is not None else None
