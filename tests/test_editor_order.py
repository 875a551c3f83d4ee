"""The web editor saves every file as `build.py format` writes it, maps at every depth in
the canonical order (checks/order): each file of the sample, held as Decap holds it
(Immutable.js maps, which lose the order of more than 8 keys), put in order by our preSave
listener (editor/order.js, with the published admin/order.json) and written by Decap's
own library (tests/node/editor_order.js), is the file on disk byte for byte. And the
order is published beside the editor and served by the preview."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from portal.checks.canonical import canonical, field_order, project_files
from portal.checks.order import arrange, file_order
from portal.content.listfiles import wrapped
from portal.content.load import parse_markdown_file, read_text
from portal.content.yamlparse import parse_yaml
from portal.editor import order, shell
from portal.editor.config import editor_config

from conftest import PROJECT

IMMUTABLE = PROJECT / "node_modules" / "immutable"
SCRIPT = PROJECT / "tests" / "node" / "editor_order.js"


@pytest.fixture(scope="module")
def editor_saves():
    """Writes each case as the editor saves it, after order.js."""
    node = shutil.which("node")
    if node is None or not IMMUTABLE.is_dir() or not (PROJECT / "node_modules" /
                                                      "decap-cms-core").is_dir():
        if os.environ.get("CI"):
            pytest.fail("node and node_modules (npm ci) are needed in CI for this test")
        pytest.skip("needs node and `npm ci` (node_modules/immutable, decap-cms-core)")

    def run(cases: list[dict]) -> list[str]:
        payload = json.dumps({"table": order.order_table(PROJECT), "cases": cases},
                             ensure_ascii=False, default=lambda v: v.isoformat())
        done = subprocess.run([node, str(SCRIPT)], input=payload.encode(), cwd=PROJECT,
                              capture_output=True, check=True)
        return json.loads(done.stdout)
    return run


def _cases(reorder: bool = True) -> list[tuple[str, dict]]:
    config = editor_config(PROJECT)
    folders = {c["folder"]: c["name"] for c in reversed(config["collections"]) if "folder" in c}
    cases = []
    for relative in project_files(PROJECT):
        text = read_text(PROJECT, relative)
        case = {"path": relative, "collection": folders.get(relative.rpartition("/")[0]),
                "order": list(field_order(relative, PROJECT)), "body": None,
                "reorder": reorder}
        if relative.endswith(".md"):
            document = parse_markdown_file(relative, text.encode())
            case |= {"data": document.data, "body": document.body}
        else:
            case["data"] = wrapped(relative, parse_yaml(text, relative).data)
        cases.append((relative, case))
    return cases


def test_the_editor_saves_every_sample_file_as_it_is(editor_saves):
    cases = _cases()
    assert len(cases) > 30
    saved = editor_saves([case for _, case in cases])
    for (relative, _), texts in zip(cases, saved, strict=True):
        # a statement or page: as the entry's data, and as another language's (i18n)
        assert len(texts) == (2 if relative.endswith(".md") else 1)
        for text in texts:
            assert text == read_text(PROJECT, relative), relative


def test_each_language_of_a_statement_is_put_in_order(editor_saves):
    """A statement's languages other than the entry's own (entry.i18n) are ordered too:
    a `translated_from` written `hash` first is saved `lang` first, as in the file."""
    relative, case = next((r, c) for r, c in _cases() if r.startswith("content/statements/")
                          and "translated_from" in (c["data"] or {}))
    record = case["data"]["translated_from"]
    case["data"]["translated_from"] = dict(reversed(list(record.items())))
    assert list(case["data"]["translated_from"]) == ["hash", "lang"]
    assert editor_saves([case])[0] == [read_text(PROJECT, relative)] * 2


def test_without_the_listener_the_editor_would_reorder_nested_fields(editor_saves):
    """What the listener is for: Decap alone moves the fields of every release wave,
    facility, and group of interface strings of more than 8 keys."""
    cases = _cases(reorder=False)
    saved = editor_saves([case for _, case in cases])
    changed = {relative for (relative, _), texts in zip(cases, saved, strict=True)
               if texts[0] != read_text(PROJECT, relative)}
    assert {"data/releases.yaml", "data/facilities.yaml"} <= changed


def test_the_canonical_order_is_applied_at_every_depth():
    """A wave's fields and its translation records out of order are put back in order."""
    text = read_text(PROJECT, "data/releases.yaml")
    data = wrapped("data/releases.yaml", parse_yaml(text, "data/releases.yaml").data)
    wave = data["waves"][0]
    data["waves"][0] = dict(reversed(list(wave.items())))
    data["waves"][0]["summary"] = dict(reversed(list(wave["summary"].items())))
    node = file_order("data/releases.yaml", PROJECT)
    assert list(arrange(data, node)["waves"][0]) == list(wave)
    be, ru = "      summary.be: en 3884d1e7a250\n", "      summary.ru: en 3884d1e7a250\n"
    shuffled = text.replace(be + ru, ru + be)
    assert shuffled != text
    assert canonical("data/releases.yaml", shuffled, root=PROJECT) == text


def test_format_and_check_know_the_order_at_every_depth(tmp_path, capsys):
    """A facility's fields and a text's languages out of order: `check` warns (the
    editor's next save would move them) and `format` puts them back, as the editor
    writes them."""
    from portal.checks.canonical import out_of_style
    from portal.commands.formatting import run_format

    from conftest import make_project
    root = make_project(tmp_path)
    relative = "data/facilities.yaml"
    text = read_text(root, relative)
    data = parse_yaml(text, relative).data
    facility = data["facilities"][0]
    facility = dict(reversed(list(facility.items())))
    facility["name"] = dict(reversed(list(facility["name"].items())))
    data["facilities"][0] = facility
    from portal.content.yamlstyle import dump
    (root / relative).write_text(dump(data, ("facilities",)), encoding="utf-8")
    assert out_of_style(root, relative) is not None
    assert run_format(root, [relative]) == 0
    assert (root / relative).read_text(encoding="utf-8") == text
    assert out_of_style(root, relative) is None


def test_the_built_editor_loads_the_listener_after_decap(tmp_path, monkeypatch):
    from test_editor_shell import named, with_decap

    from conftest import build, make_project
    root = with_decap(make_project(tmp_path, "minimal"))
    monkeypatch.setattr("portal.editor.config.missing", named)
    build(root)
    admin = root / "site" / "admin"
    scripts = [s["src"] for s in BeautifulSoup((admin / "index.html").read_text(),
                                               "html.parser").find_all("script")]
    assert scripts[0] == "decap-cms.js" and scripts[-1] == order.SCRIPT  # its listener last
    assert (admin / order.SCRIPT).read_bytes() == order.script()
    table = json.loads((admin / order.TABLE).read_text())
    assert table == order.order_table(root)
    assert table["collections"]["prisoners"]["keys"][0] == "name"
    assert table["files"]["data/releases.yaml"]["keys"] == ["waves"]
    assert shell.FOLDER == "admin"
