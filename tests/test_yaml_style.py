"""The project's YAML style is the web editor's, byte for byte: content/yamlstyle against
the editor's own library (`yaml` 1.10.3 and gray-matter, run by tests/node/yaml_style.js),
over every file of the sample and a set of awkward values; and every text it writes reads
back as the same values."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest

from portal.checks.canonical import canonical, field_order, project_files
from portal.content.characters import bad_character
from portal.content.listfiles import WRAPPERS, wrapped
from portal.content.load import parse_markdown_file, read_text
from portal.content.yamlparse import parse_yaml
from portal.content.yamlstyle import dump, dump_front_matter
from portal.problems import ContentError

from conftest import FIXTURES, PROJECT

LIBRARY = PROJECT / "node_modules" / "decap-cms-core" / "node_modules" / "yaml"
SCRIPT = PROJECT / "tests" / "node" / "yaml_style.js"


@pytest.fixture(scope="module")
def editor():
    """Formats cases [(data, order, body or None)] with the editor's own library."""
    node = shutil.which("node")
    if node is None or not LIBRARY.is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and node_modules (npm ci) are needed in CI for this test")
        pytest.skip("needs node and `npm ci` (node_modules/decap-cms-core)")

    def run(cases: list[tuple]) -> list[str]:
        payload = json.dumps([{"data": d, "order": list(o), "body": b} for d, o, b in cases],
                             ensure_ascii=False, default=lambda v: v.isoformat())
        done = subprocess.run([node, str(SCRIPT)], input=payload.encode(), cwd=PROJECT,
                              capture_output=True, check=True)
        return json.loads(done.stdout)
    return run


def _sample_cases(root):
    for relative in project_files(root):
        text = read_text(root, relative)
        order = field_order(relative, root)
        if relative.endswith(".md"):
            document = parse_markdown_file(relative, text.encode())
            yield relative, (document.data, order, document.body)
        else:
            yield relative, (wrapped(relative, parse_yaml(text, relative).data), order, None)


def _mine(data, order, body):
    return dump(data, order) if body is None else dump_front_matter(data, body, order)


@pytest.mark.parametrize("root", [PROJECT, FIXTURES / "minimal"], ids=["sample", "minimal"])
def test_every_file_is_written_as_the_editor_writes_it(editor, root):
    named = list(_sample_cases(root))
    assert len(named) > 10
    expected = editor([case for _, case in named])
    for (relative, case), theirs in zip(named, expected, strict=True):
        assert _mine(*case) == theirs, relative


LONG_BE = ("Беларускія палітвязні пішуць лісты з калоній, і кожны ліст — гэта доказ таго, "
           "што пра іх памятаюць; ") * 6
AWKWARD_TEXTS = [
    LONG_BE, LONG_BE.replace(" ", ""), LONG_BE + "\n", LONG_BE + "\n\n", "\n" + LONG_BE,
    LONG_BE.replace("; ", ";\n"), LONG_BE.replace("; ", ";\n\n") + "\n",
    "a: b", "a #b", "a#b", "#a", " lead", "trail ", " both ", "'single'", '"double"',
    "it's \"both\"", "tab\there", "\ttab first", "", " ", "\n", "-", "- a", "?", "? a", ":",
    "a:", "[x]", "{x}", "x, y", "&a", "*a", "!a", "|a", ">a", "%a", "@a", "`a`",
    "123", "-1", "0.5", ".5", "1e3", "0x1F", "0o17", "true", "False", "NULL", "null", "~",
    ".inf", "-.Inf", ".NaN", "2025-12", "2024-autumn", "+1",
    "x" * 80, "x" * 79, "x" * 81, ("word " * 16).strip(), ("word " * 16)[:80],
    ("слова " * 14).strip(), "a" * 120 + " " + "b" * 5,
    "emoji 🙂 " * 12, "🙂" * 50, "---", "--- x", "...", "line\n---\nafter", "%YAML",
    "line one\nline two", "line one\nline two\n", "line one\nline two\n\n\n",
    "  indented\nnext", "text\n  more-indented\nback", "trailing space \nnext",
    "x\n\n\ny", "ends in space\n  ", "\\back\\slash", "control \x07 bell",
    "quote' and \"double\" " * 5, "long with \\n escape " * 6, "a\u00a0b",
    "Сказаў: «Вызваліце ўсіх!» — і сеў", "#hashtag at start " * 6,
]
YAML_11_ONLY = ["yes", "No", "on", "OFF", "2025-01-02", "1_000", "12:30", "12:30:45", "<<", "="]
"""Texts our reader (YAML 1.1) would read as other values if written plainly, as the
editor's library (YAML 1.2) writes them: the style quotes them."""


def _awkward_records():
    records = []
    for i, text in enumerate(AWKWARD_TEXTS):
        records.append({"id": f"case-{i}", "summary": {"en": text, "be": text},
                        "list": [text, {"k": text}], "note": text})
    records.append({"id": "types", "n": 3, "neg": -7, "f": 2.5, "flag": True, "unset": False,
                    "none": None, "empty": [], "blank": {}, "date": dt.date(2025, 9, 11),
                    "nested": [[1, 2], [], [{}]], "allnull": {"a": None, "b": None},
                    "2024": "year key", "10": "ten", "1": "one", "a key": "spaced",
                    "key: colon": 1, "-": 2, "true": 3, "": 4})
    return records


def test_awkward_values_are_written_as_the_editor_writes_them(editor):
    records = _awkward_records()
    cases = [(r, ("note", "id", "summary"), None) for r in records]
    cases += [({"title": t, "date": "2025-12"}, ("title", "date"), t) for t in AWKWARD_TEXTS
              if not (t.startswith("---") and t[3:4] != "-")]
    cases.append(({"waves": records}, ("waves",), None))
    expected = editor(cases)
    for case, theirs in zip(cases, expected, strict=True):
        assert _mine(*case) == theirs, json.dumps(case[0], ensure_ascii=False, default=str)


def _texts(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def test_what_the_style_writes_reads_back_as_the_same_values():
    records = _awkward_records()
    records.append({"waves": records[:]})
    for record in records:
        if any(bad_character(t) is not None for t in _texts(record)):
            continue  # a control character: the reader refuses it, wherever it is
        text = dump(record, ("id",))
        assert parse_yaml(text, "x.yaml").data == record, text
        for text_ in AWKWARD_TEXTS:
            if bad_character(text_) is None and not text_.startswith("---") \
                    and text_ == text_.rstrip():  # the editor trims its front matter
                written = dump_front_matter({"title": text_}, text_)
                back = parse_markdown_file("x.md", written.encode())
                assert (back.data, back.body) == ({"title": text_}, text_), written


def test_texts_yaml_11_reads_otherwise_are_quoted(editor):
    record = {"values": YAML_11_ONLY, "on": {"yes": "no"}}
    text = dump(record)
    assert parse_yaml(text, "x.yaml").data == record
    theirs = editor([(record, (), None)])[0]
    assert text != theirs  # the one place the style differs from the editor's
    assert text.replace('"', "") == theirs


def test_a_body_starting_with_a_rule_is_refused():
    with pytest.raises(ValueError):
        dump_front_matter({"title": "x"}, "---\nmore: fields\n---\ntext")


def test_a_value_the_editor_would_change_is_refused():
    """gray-matter trims the front matter, so a last field's text ending in a line break
    would lose it: the style refuses to write such a file, rather than change it."""
    text = "---\ntitle: Title\nsummary: \"two\\nlines\\n\\n\"\n---\nBody\n"
    with pytest.raises(ContentError) as error:
        canonical("content/pages/x.en.md", text)
    assert "without changing" in error.value.problems[0].message


def test_the_sample_is_in_style():
    for relative in project_files(PROJECT):
        text = read_text(PROJECT, relative)
        assert canonical(relative, text, root=PROJECT) == text, relative


def test_the_field_order_is_the_one_the_editors_configuration_lists():
    """The editor puts a file's top-level fields in the order of its configured fields:
    the style's order is that one, for every collection the configuration has."""
    from portal.editor.collections import LISTS
    from portal.editor.config import editor_config

    assert {file: name for name, _, file, _ in LISTS} == WRAPPERS
    seen = 0
    for collection in editor_config(PROJECT)["collections"]:
        if "folder" in collection:
            entries = [(f"{collection['folder']}/x.{collection.get('extension', 'md')}",
                        collection["fields"])]
        else:
            entries = [(f["file"], f["fields"]) for f in collection["files"]]
        for relative, fields in entries:
            names = [f["name"] for f in fields if f["name"] != "body"]
            assert list(field_order(relative, PROJECT)) == names, relative
            seen += 1
    assert seen >= 12
