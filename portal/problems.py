"""Problems found in content: file, line, field, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in the content, located precisely enough for an editor to fix it."""

    file: str
    line: int | None
    field: str
    message: str
    fix: str = ""
    column: int | None = None
    warning: bool = False

    def location(self) -> str:
        """Return `file:line:column`, as far as known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        field = f" {self.field}:" if self.field else ""
        fix = f"; {self.fix}" if self.fix else ""
        return f"{where}{field} {self.message}{fix}"

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.field, self.message)


class ContentError(Exception):
    """The content has problems; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(f"{len(self.problems)} problem(s) in the content")


def format_problems(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """Number the problems, one per line, for the terminal."""
    lines = [f"{i}. {p}" for i, p in enumerate(problems, 1)]
    return "\n".join(lines)
