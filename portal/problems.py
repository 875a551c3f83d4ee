"""Problems found in content: file, line, field, what is wrong and how to fix it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace


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
        kind = "warning: " if self.warning else ""
        return f"{where}{field} {kind}{self.message}{fix}"

    def as_error(self) -> Problem:
        """The same problem, counted as an error (for --strict)."""
        return replace(self, warning=False) if self.warning else self

    def moved(self, lines: int) -> Problem:
        """The same problem `lines` further down (text parsed out of a larger file)."""
        return replace(self, line=None if self.line is None else self.line + lines)

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, self.field, self.message)


class ContentError(Exception):
    """The content has problems; nothing was written."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(f"{len(self.problems)} problem(s) in the content")

    def __reduce__(self):
        return (ContentError, (self.problems,))  # raised in a rendering process


def format_problems(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """Number the problems, one per line, for the terminal."""
    lines = [f"{i}. {p}" for i, p in enumerate(problems, 1)]
    return "\n".join(lines)


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, shown on the changed line of a pull request."""
    level = "warning" if problem.warning else "error"
    place = f"file={problem.file}"
    if problem.line is not None:
        place += f",line={problem.line}"
        if problem.column is not None:
            place += f",col={problem.column}"
    field = f"{problem.field}: " if problem.field else ""
    fix = f"; {problem.fix}" if problem.fix else ""
    message = f"{field}{problem.message}{fix}"
    for char, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A")):
        message = message.replace(char, code)
    return f"::{level} {place}::{message}"


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    """Print problems numbered, with how many errors and warnings, for an editor (on
    standard error)."""
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    counts = ", ".join(x for x in (f"{errors} error(s)" if errors else "",
                                   f"{warnings} warning(s)" if warnings else "") if x)
    print(f"Found {counts}:", file=sys.stderr)
    print(format_problems(problems), file=sys.stderr)
