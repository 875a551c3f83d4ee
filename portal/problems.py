"""Problems found in content: file, line, field, what is wrong and how to fix it."""

from __future__ import annotations

import re
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
    kind: str = ""
    """The check that found it, where its messages differ from file to file in more than
    quoted texts and numbers (see `alike`); "" for the others."""

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


SHOWN = 3
"""How many of a group of like warnings are listed; --verbose lists every one."""
_QUOTED = r'“[^”]*”|«[^»]*»|`[^`]*`|"[^"]*"|\d+'
_SPECIFIC = re.compile(rf"(?:{_QUOTED})(?:, (?:{_QUOTED}))*")
"""What a message says about its own file: quoted texts (one or a list), names, dates and
counts."""


def alike(problem: Problem) -> str:
    """What the same warning on another file has in common with this one: the check
    that found it (`kind`), or its message with quoted texts and numbers set aside."""
    return problem.kind or _SPECIFIC.sub("…", problem.message)


def grouped(problems: tuple[Problem, ...] | list[Problem],
            verbose: bool = False) -> list[tuple[Problem, ...]]:
    """The problems to print, errors first and each on its own, then the warnings, like
    ones together (in the order of the first of each); with `verbose`, every problem on
    its own as before."""
    errors = [(p,) for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if verbose:
        return errors + [(p,) for p in warnings]
    groups: dict[str, list[int]] = {}
    for i, problem in enumerate(warnings):
        groups.setdefault(alike(problem), []).append(i)
    entries: list[tuple[int, tuple[Problem, ...]]] = []
    for found in groups.values():
        if len(found) > SHOWN + 1:  # a group only where it saves lines
            entries.append((found[0], tuple(warnings[i] for i in found)))
        else:
            entries += [(i, (warnings[i],)) for i in found]
    return errors + [group for _, group in sorted(entries, key=lambda entry: entry[0])]


def _group_lines(number: int, group: tuple[Problem, ...]) -> list[str]:
    if len(group) == 1:
        return [f"{number}. {group[0]}"]
    files = len({p.file for p in group})
    where = f"in {files:,} files" if files > 1 else "in one file"
    return [f"{number}. The same warning {len(group):,} times, {where}:",
            *(f"   {p}" for p in group[:SHOWN]),
            f"   … and {len(group) - SHOWN:,} more (--verbose lists every one)"]


def counts(problems: tuple[Problem, ...] | list[Problem]) -> str:
    """How many errors and warnings, e.g. "2 error(s), 1,429 warning(s)"."""
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    return ", ".join(x for x in (f"{errors:,} error(s)" if errors else "",
                                 f"{warnings:,} warning(s)" if warnings else "") if x)


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


def print_problems(problems: tuple[Problem, ...] | list[Problem],
                   verbose: bool = False) -> None:
    """Print problems numbered, with how many errors and warnings, for an editor (on
    standard error): every error first, then the warnings, the same warning on many
    files once with its first few (`verbose`: every one)."""
    print(f"Found {counts(problems)}:", file=sys.stderr)
    lines = [line for number, group in enumerate(grouped(problems, verbose), 1)
             for line in _group_lines(number, group)]
    print("\n".join(lines), file=sys.stderr)
