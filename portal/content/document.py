"""A parsed file: its data, the line and column of every value, and a Markdown body if any."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed file: its data, the line of every value, and a Markdown body if any."""

    path: str
    """Path relative to the project root, with forward slashes."""
    data: Any
    lines: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    @property
    def name(self) -> str:
        """The file name, e.g. `ihar-losik.yaml`."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        """The file name without its last suffix, e.g. `ihar-losik`."""
        name = self.name
        dot = name.rfind(".")
        return name[:dot] if dot > 0 else name

    def line_of(self, path: FieldPath) -> tuple[int | None, int | None]:
        """Return (line, column) of a value, or of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def problem(self, path: FieldPath, message: str, fix: str = "", warning: bool = False,
                kind: str = ""):
        """Make a Problem located at a field of this document."""
        line, column = self.line_of(path)
        return Problem(self.path, line, format_path(path), message, fix, column, warning, kind)


def format_path(path: FieldPath) -> str:
    """`("events", 2, "date")` → `events[2].date`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
