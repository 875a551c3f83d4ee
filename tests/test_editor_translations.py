"""The web editor's record of translations (portal/editor/translations.js, published as
admin/translations.js): its fingerprints are Python's to the character, Python's own
whitespace included; Decap's validation knows its options; the admin page loads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from test_editor_config import node_or_skip, run_node

from portal.content.freshness import fingerprint, normalise
from portal.editor import widget
from portal.editor.config import editor_config

NODE = Path(__file__).resolve().parent / "node" / "translations.cjs"

TRICKY = ["", " ", "plain", "line one\r\nline two\r\n", "trailing spaces   \nnext\t\n",
          "\u00a0NBSP around\u00a0", "line\u2028separator\u2028", "\x1cfile separator\x1f",
          "\ufeffbyte order mark\ufeff", "next line\x85", "emoji 👩‍⚖️ ✊🏽\n",
          "Палітвязні\u3000", "\r\n\r\n", "a\rb\r", "mixed \t\u2003\n\n  indented\n",
          "\u200bzero width\u200b", "x\u180e", "tab\v\f"]
"""Texts where JavaScript's idea of white space (trim) or of characters differs from
Python's: \\x1c-\\x1f and \\x85 are Python's white space, \\ufeff and \\u200b are not."""


def js_fingerprints(texts: list[str], tmp_path: Path) -> list[str]:
    script = tmp_path / "translations.js"
    script.write_bytes(widget.script())
    done = subprocess.run([node_or_skip(), str(NODE), str(script)], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_editor_fingerprints_texts_as_python_does(tmp_path):
    assert js_fingerprints(TRICKY, tmp_path) == [fingerprint(t) for t in TRICKY]


def test_the_comparison_would_see_javascripts_own_white_space(tmp_path, monkeypatch):
    # with JavaScript's \s in place of Python's white space, the fingerprints differ
    monkeypatch.setattr(widget, "whitespace_class", lambda: "\\\\s")
    widget.script.cache_clear()
    try:
        found = js_fingerprints(TRICKY, tmp_path)
    finally:
        widget.script.cache_clear()
    assert found != [fingerprint(t) for t in TRICKY]


def test_the_white_space_written_in_is_pythons_own():
    ranges = widget.whitespace_ranges()
    spaces = {chr(c) for a, b in ranges for c in range(a, b + 1)}
    assert spaces == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert {"\x1c", "\x85", "\u2028", "\u3000"} <= spaces and "\ufeff" not in spaces
    assert normalise("\x1cx\x85") == "x"


def test_decap_validates_the_widgets_options(tmp_path):
    node_or_skip()
    ours = tmp_path / "translations.js"
    ours.write_bytes(widget.script())
    config = editor_config(Path(__file__).resolve().parents[1])
    fields = config["collections"][0]["fields"]
    tracked = next(f for f in fields if f["name"] == "translated")
    tracked["languages"] = "en"  # not a list
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    errors = "\n".join(json.loads(run_node(str(tmp_path / "config.yml"), str(ours)))["errors"])
    assert "languages' must be array" in errors


def test_the_admin_page_loads_the_script_after_decap():
    page = (Path(__file__).resolve().parents[1] / "templates" / "admin.html").read_text()
    assert page.index('src="decap-cms.js"') < page.index(f'src="{widget.SCRIPT}"')
