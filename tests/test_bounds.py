"""Bounded input: no file, however written, makes a build run out of memory or time, or
fail with a traceback; each bound is an error naming the file, line and field, and what to
do. Only the project's own ordinary files are read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.content.markup import MarkdownRenderer

from conftest import PROJECT, TODAY, append_to, build, check, errors, make_project, replace_in

PROFILE = "data/prisoners/anna-test.yaml"
STATEMENT = "content/statements/2025-09-11-release.en.md"


def messages(root: Path) -> list[str]:
    return [str(p) for p in errors(root)]




def append_body(root: Path, text: str) -> int:
    return append_to(root, STATEMENT, text)


BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize("text, expected", [
    (BOMB, "1:16 the file holds more than 200,000 values (an alias `*name` that repeats a list "
           "many times?); write the values out instead of repeating aliases"),
    ("x: " + "[" * 600 + "]" * 600 + "\n", "1:20 the values are nested more than 16 levels "
     "deep; check the indentation and brackets: no field is that deep"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "1:1003 the values are nested too deeply; check "
     "the brackets: no field is that deep"),
])
def test_yaml_that_would_eat_memory_or_recurse_is_refused(project, text, expected):
    root = project("minimal")
    (root / PROFILE).write_text(text)
    assert messages(root) == [f"{PROFILE}:{expected}"]


@pytest.mark.parametrize("value, tag", [
    ("!foo female", "!foo"), ("!!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
    ("!!python/object:os.system x", "tag:yaml.org,2002:python/object:os.system"),
    ("!!set {a, b}", "tag:yaml.org,2002:set"),
])
def test_unknown_yaml_tags_are_errors(project, value, tag):
    root = project("minimal")
    replace_in(root, PROFILE, "gender: female", f"gender: {value}")
    assert messages(root) == [f'{PROFILE}:6:9 the YAML tag "{tag}" is not allowed; remove '
                              "it: write plain text, numbers, dates, lists and fields"]


@pytest.mark.parametrize("field, old, new, message", [
    ("verified", "verified: 2025-09-12", "verified: 0000-01", '"0000-01" is before 1900'),
    ("verified", "verified: 2025-09-12", "verified: 2026-01", '"2026-01" is after the build '
     "date (2025-12-20)"),
    ("events[0].date", "date: 2021-05", "date: 2026-02-01", '"2026-02-01" is after the build'),
    ("events[2].date", "date: 2025-09-11", "date: 2027", '"2027" is after the build date'),
])
def test_dates_outside_1900_to_the_build_date_are_errors(project, field, old, new, message):
    root = project("minimal")
    line = replace_in(root, PROFILE, old, new)
    found = [p for p in errors(root) if p.field == field]
    assert found and found[0].line == line and found[0].message.startswith(message), \
        messages(root)


def test_born_after_detained_is_an_error(project):
    root = project("minimal")
    replace_in(root, PROFILE, "gender: female", "gender: female\nborn: 2022-01")
    assert messages(root) == [f"{PROFILE}:7:1 born: 2022-01 is after the detained event of "
                              "2021-05 (events[0]); check both dates against the sources"]


def test_a_statement_dated_ahead_needs_to_be_scheduled(project):
    root = project("minimal")
    replace_in(root, STATEMENT, "date: 2025-09-11", "date: 2026-03-01")
    assert messages(root) == [f'{STATEMENT}:3:1 date: "2026-03-01" is after the build date '
                              "(2025-12-20); correct the date; or, to publish the statement on "
                              "that day, add `scheduled: true`"]


def test_a_scheduled_statement_appears_on_its_day(project, tmp_path):
    root = project("minimal")
    for lang in ("en", "be"):
        replace_in(root, STATEMENT.replace(".en.", f".{lang}."), "date: 2025-09-11",
                "date: 2026-01-05\nscheduled: true")
    replace_in(root, "data/prisoners/anna-test.yaml", "biography:\n  en: \"",
            "biography:\n  en: \"[Soon](statement:2025-09-11-release). ")
    assert messages(root) == [
        f"{PROFILE}:28 biography.en: the link \"statement:2025-09-11-release\" is to a "
        "statement scheduled for later, which is not published yet; remove the link until it "
        "is published"]
    replace_in(root, "data/prisoners/anna-test.yaml", "[Soon](statement:2025-09-11-release). ",
            "")
    build(root)
    assert not (root / "site/en/statements/2025-09-11-release").exists()
    published = {path: path.read_bytes() for path in (root / "site").rglob("*")
                 if path.is_file() and not path.name.endswith(".zip")}
    for secret in (b"2025-09-11-release", b"Fifty-two released", "пяцьдзесят два".encode()):
        assert [str(p) for p, data in published.items() if secret in data] == []
    build(root, tmp_path / "later", today=__import__("datetime").date(2026, 1, 5))
    assert (tmp_path / "later/en/statements/2025-09-11-release/index.html").is_file()


@pytest.mark.parametrize("name, message", [
    ('"Anna \\u202eTest"', "the text holds an invisible character (U+202E RIGHT-TO-LEFT "
     "OVERRIDE); delete it (it cannot be seen: retype the text around it)"),
    ('"Anna\\u200bTest"', "the text holds an invisible character (U+200B ZERO WIDTH SPACE)"),
    ('"Anna\\u00adTest"', "the text holds an invisible character (U+00AD SOFT HYPHEN)"),
    ('"Anna\\u0007Test"', "the text holds a control character (U+0007)"),
    ('"Anna\\uffffTest"', "the text holds a control character (U+FFFF)"),
    ("A" * 2000, "is 2,000 characters long, more than the 120 allowed; shorten it"),
])
def test_names_hold_only_visible_characters_and_are_not_endless(project, name, message):
    root = project("minimal")
    replace_in(root, PROFILE, "en: Anna Test", f"en: {name}")
    found = [str(p) for p in errors(root) if p.field == "name.en"]
    assert len(found) == 1 and message in found[0], messages(root)


def test_half_a_surrogate_pair_is_refused(project):
    root = project("minimal")
    replace_in(root, PROFILE, "en: Anna Test", 'en: "Anna \\ud800Test"')
    assert messages(root) == [f"{PROFILE}:2:15 YAML syntax error: found invalid Unicode "
                              "character escape code; check quotes, colons and indentation "
                              "near this line"]


@pytest.mark.parametrize("where, old, new, field", [
    (STATEMENT, "title: Fifty-two released", 'title: "Fifty-two\\nreleased"', "title"),
    (PROFILE, "  en: Anna Test", '  en: "Anna\\nTest"', "name.en"),
    ("data/sources.yaml", "title: ", 'title: "Line one\\nline two" #', "[0].title"),
    (PROFILE, "aliases: [", 'aliases: ["Anna\\nTest", ', "aliases[0]"),
])
def test_a_title_or_name_on_two_lines_is_an_error(project, where, old, new, field):
    """A line break in a title ends up in feed titles, the page's <title> and calendar
    summaries, where it breaks the line a reader sees."""
    root = project("minimal")
    replace_in(root, where, old, new)
    found = [p for p in errors(root) if p.file == where]
    assert [(p.field, p.message, p.fix) for p in found] == [
        (field, "is more than one line", "write it on one line")], [str(p) for p in found]


def test_a_form_feed_in_a_title_is_an_error_and_feeds_stay_well_formed(project):
    root = project("minimal")
    replace_in(root, STATEMENT, "title: Fifty-two released", 'title: "Fifty\\ftwo"')
    assert messages(root) == [f"{STATEMENT}:2:8 title: the text holds a control character "
                              "(U+000C); delete it (it cannot be seen: retype the text around "
                              "it)"]


def test_control_characters_in_a_markdown_body_are_errors(project):
    root = project("minimal")
    line = append_body(root, "Text with a \x1b escape.")
    assert messages(root) == [f"{STATEMENT}:{line}:13 body: the text holds a control character "
                              "(U+001B); delete it (it cannot be seen: retype the text around "
                              "it)"]


@pytest.mark.parametrize("text, message", [
    ("[" * 400, "a paragraph with more than 300 `[`; put blank lines between its parts"),
    ("\n".join(["line"] * 250), "a paragraph or list of more than 200 lines; put blank lines "
     "between its parts"),
    (" " * 70 + "- deep", "the line is indented by 70 spaces, more than 64; indent it less "
     "(lists cannot nest that deep)"),
    ("word " * 2500, "a paragraph or list of more than 10,000 characters; put blank lines "
     "between its parts"),
    ("> " * 20 + "quote", "quotes nested 20 deep, more than 16; nest quotes less deeply"),
    ("<a " * 1100, "the text has 1100 `<`, more than 1000; write fewer HTML tags and <…> links "
     "(or write &lt; for a plain <)"),
])
def test_markdown_that_would_render_in_quadratic_time_is_refused(project, text, message):
    root = project("minimal")
    line = append_body(root, text)
    assert messages(root) == [f"{STATEMENT}:{line} body: {message}"]


def test_markdown_at_the_bounds_renders(tmp_path):
    """The worst texts the bounds allow still render (their times are in the README)."""
    renderer = MarkdownRenderer()
    block = "\n".join(["[a](b c"] * 40)  # 40 unclosed links a block, blocks of 200 lines
    text = "\n\n".join([block] * 7)
    assert text.count("[") <= 300 and renderer.render(text)


@pytest.mark.parametrize("value, message", [
    ('"{count"', "the braces do not balance"),
    ('"{count:>30000000}"', "{count:>30000000} is not a plain placeholder"),
    ('"{count!r}"', "{count!r} is not a plain placeholder"),
    ('"{0}"', "{0} is not a plain placeholder"),
    ('"{count.real}"', "{count.real} is not a plain placeholder"),
    ("[a, b]", "is not text (nor a group of plural or gender forms)"),
])
def test_interface_strings_accept_only_plain_placeholders(project, value, message):
    root = make_project(project("minimal").parent / "strings")
    line = replace_in(root, "data/strings/en.yaml", 'one: "{count} political prisoner"',
                   f"one: {value}")
    found = [str(p) for p in errors(root) if p.file == "data/strings/en.yaml"]
    assert found[:1] == [f"data/strings/en.yaml:{line}:5 count.exact.one: {message}; write "
                         "values as {name} (letters, digits and _), a date in a form as "
                         "{date:genitive} (a form under `date:`), and a brace as {{ or }}; "
                         "nothing else may stand between the braces"] or (
        "not text" in message and found[:1] == [f"data/strings/en.yaml:{line}:5 "
                                                f"count.exact.one: {message}; write the "
                                                "text in quotes"]), messages(root)


def test_a_placeholder_no_page_fills_is_an_error_not_a_traceback(project):
    root = project("minimal")
    replace_in(root, "data/strings/en.yaml", 'home: Go to the home page',
            'home: "Go to the home page {nowhere}"')
    for lang in ("be", "ru"):
        path = root / f"data/strings/{lang}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(i for i, x in enumerate(lines) if x.startswith("notfound:"))
        home = next(i for i in range(at, len(lines)) if lines[i].startswith("  home:"))
        lines[home] = lines[home].rstrip('"') + ' {nowhere}' + ('"' if lines[home].endswith(
            '"') else "")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(root)
    assert found and all(p.startswith("data/strings/") and "notfound.home" in p
                         for p in found), found


@pytest.mark.parametrize("name", ["..anna-copy.yaml", ".hidden.yaml"])
def test_hidden_files_in_content_folders_are_warnings(project, name):
    root = project("minimal")
    (root / "data/prisoners" / name).write_text((root / PROFILE).read_text())
    warnings = [str(p) for p in check(root) if p.warning and name in p.file]
    assert warnings == [f"data/prisoners/{name} warning: a hidden file (its name starts with a "
                        "dot), so it is not read; rename it without the leading dot, or "
                        "delete it"]


@pytest.mark.parametrize("where", ["data/prisoners/evil.yaml", "templates/assets/evil.css",
                                   "templates/evil.html", "content/photos/evil.png"])
@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_links_to_files_outside_the_project_are_refused(project, where, target):
    root = project("minimal")
    (root / where).symlink_to(target)
    if where.endswith(".html"):  # a template is read when a page uses it
        replace_in(root, "templates/base.html", "</body>", "{% include 'evil.html' %}</body>")
    if where.endswith(".png"):  # a photo is read when a profile shows it
        replace_in(root, PROFILE, "file: anna-test.png", "file: evil.png")
    found = messages(root)
    refusal = "the file is a link" if "assets" in where else \
        "a link to a place outside the project"
    assert any(where in p.split(" ")[0 if not where.endswith(".png") else 2]
               and refusal in p for p in found), found


@pytest.mark.parametrize("where", ["data/prisoners/pipe.yaml", "data/actions.yaml",
                                   "content/statements/pipe.en.md", "templates/assets/pipe.css",
                                   "content/photos/stray-pipe"])
def test_a_named_pipe_is_refused_and_never_waited_on(tmp_path, where):
    root = make_project(tmp_path / "project", "minimal")
    (root / where).unlink(missing_ok=True)
    os.mkfifo(root / where)
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), command, "--root",
                                 str(root), "--today", TODAY.isoformat()], capture_output=True,
                                text=True, timeout=120)
        assert "Traceback" not in result.stderr
        assert result.returncode == 1 and "not an ordinary file" in result.stderr


def test_a_device_through_a_link_is_refused(project):
    root = project("minimal")
    (root / "data/prisoners/zero.yaml").symlink_to("/dev/zero")
    assert ("data/prisoners/zero.yaml the file is a link to a place outside the project; "
            "replace the link with the file itself") in messages(root)
