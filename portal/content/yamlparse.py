"""YAML text → a Document that remembers where each value came from, within bounds.

PyYAML's safe loader already refuses to run code; on top of it: no nesting deeper than
limits.YAML_DEPTH, no more than limits.YAML_VALUES values (an alias bomb, where `*a`
repeats a list that repeats a list…, is stopped long before it fills the memory), no tag
beyond plain text, numbers, booleans, dates, lists and maps, no text longer than
limits.TEXT_CHARS, and no control or invisible characters in any text."""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

from ..limits import TEXT_CHARS, YAML_DEPTH, YAML_VALUES
from ..problems import ContentError, Problem
from .characters import CHARACTER_FIX, bad_character
from .document import Document, FieldPath, format_path

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: same results, slower
    _Loader = yaml.SafeLoader
LOADER = _Loader
"""The YAML loader the build reads with (and the commands, to edit what it reads)."""

ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


class _Stop(Exception):
    """A bound was crossed: stop reading this file."""

    def __init__(self, node: yaml.Node, message: str, fix: str):
        super().__init__(message)
        self.node, self.message, self.fix = node, message, fix


class _Reader:
    """Constructs one file's values, recording lines and columns, within the bounds."""

    def __init__(self, loader: Any, path: str) -> None:
        self.loader, self.path = loader, path
        self.lines: dict[FieldPath, tuple[int, int]] = {}
        self.budget = YAML_VALUES
        self.problems: list[Problem] = []

    def value(self, node: yaml.Node, path: FieldPath, depth: int = 0, key: bool = False) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Stop(node, f"the file holds more than {YAML_VALUES:,} values (an alias "
                        "`*name` that repeats a list many times?)",
                        "write the values out instead of repeating aliases")
        if depth > YAML_DEPTH:
            raise _Stop(node, f"the values are nested more than {YAML_DEPTH} levels deep",
                        "check the indentation and brackets: no field is that deep")
        if node.tag not in ALLOWED_TAGS:
            raise _Stop(node, f'the YAML tag "{node.tag}" is not allowed',
                        "remove it: write plain text, numbers, dates, lists and fields")
        if not key:
            self.lines.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, path, depth + 1, key=True)
            key = key if isinstance(key, str | int) else str(key)
            if key in result:
                raise yaml.MarkedYAMLError(problem=f'the field "{key}" appears twice',
                                           problem_mark=key_node.start_mark)
            # A field is located at its key: that is where an editor looks.
            self.lines[path + (key,)] = (key_node.start_mark.line + 1,
                                         key_node.start_mark.column + 1)
            result[key] = self.value(value_node, path + (key,), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            value = node.value  # e.g. 2025-13-01: keep the text, validation explains
        if isinstance(value, str):
            self.check_text(value, node, path)
        return value

    def check_text(self, text: str, node: yaml.Node, path: FieldPath) -> None:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if len(text) > TEXT_CHARS:
            self.problems.append(Problem(self.path, line, format_path(path),
                                         f"the text is {len(text):,} characters long, more "
                                         f"than the {TEXT_CHARS:,} allowed",
                                         "shorten it, or split it into several texts", column))
        found = bad_character(text)
        if found is not None:
            self.problems.append(Problem(self.path, line, format_path(path),
                                         f"the text holds {found[1]}", CHARACTER_FIX, column))


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Document:
    """Parse YAML text; raise ContentError with the file and line of each problem."""
    loader = _Loader(text)
    reader = _Reader(loader, path)
    try:
        node = loader.get_single_node()
        data = reader.value(node, ()) if node is not None else None
    except _Stop as stop:
        mark = stop.node.start_mark
        raise ContentError([Problem(path, mark.line + 1 + line_offset, "", stop.message,
                                    stop.fix, mark.column + 1)]) from None
    except yaml.MarkedYAMLError as error:
        raise ContentError([_syntax_problem(error, text, path, line_offset)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1 + line_offset
        char = chr(error.character) if isinstance(error.character, int) else \
            str(error.character)
        label = f"U+{ord(char):04X}" if len(char) == 1 else repr(char)
        name = unicodedata.name(char, "") if len(char) == 1 else ""
        message = f"the character {label}{' ' + name if name else ''} is not allowed in YAML"
        raise ContentError([Problem(path, line, "", message, "delete it (it is often "
                                    "invisible: retype the line)")]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(path, None, "", f"YAML error: {error}",
                                    "check quotes, colons and indentation")]) from None
    except RecursionError:
        raise ContentError([Problem(path, None, "", "the values are nested too deeply",
                                    "check the indentation and brackets")]) from None
    finally:
        loader.dispose()
    lines = reader.lines
    problems = reader.problems
    if line_offset:
        lines = {k: (ln + line_offset, col) for k, (ln, col) in lines.items()}
        problems = [p.moved(line_offset) for p in problems]
    if problems:
        raise ContentError(problems)
    return Document(path, data, lines)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str,
                    line_offset: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 + line_offset if mark else None
    column = mark.column + 1 if mark else None
    lines = text.splitlines()
    source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in source_line[:len(source_line) - len(source_line.lstrip())]:
        return Problem(path, line, "", "YAML syntax error: a tab in the indentation",
                       "indent with spaces, not tabs", column)
    if "maximum nesting depth" in str(error.problem or ""):
        return Problem(path, line, "", "the values are nested too deeply",
                       "check the brackets: no field is that deep", column)
    return Problem(path, line, "", f"YAML syntax error: {error.problem or error}",
                   _yaml_fix(error), column)


def _yaml_fix(error: yaml.MarkedYAMLError) -> str:
    problem = str(error.problem or "")
    if "appears twice" in problem:
        return "keep one of them"
    if "mapping values" in problem:
        return 'put text containing ": " in quotes'
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation of this line and the one above"
    return "check quotes, colons and indentation near this line"
