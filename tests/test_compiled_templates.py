"""Compiled templates are kept for the next process (`.cache/templates/`, Jinja's
bytecode cache, sealed): a build after an edit compiles no template whose text is
unchanged, compiles again the one that changed, and renders from its new text. The
templates each template uses (for the page keys) are kept too (`.cache/graph/`): only a
changed template is parsed again to tell."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, TODAY, make_project

COUNTING = """
import sys
sys.path.insert(0, {project!r})
import jinja2
compiled = []
real = jinja2.Environment.compile
def compile(self, source, name=None, *args, **kwargs):
    compiled.append(name)
    return real(self, source, name, *args, **kwargs)
jinja2.Environment.compile = compile
parsed = []
real_parse = jinja2.Environment.parse
def parse(self, source, name=None, *args, **kwargs):
    parsed.append(source)
    return real_parse(self, source, name, *args, **kwargs)
jinja2.Environment.parse = parse
from portal.cli import main
code = main(["build", "--root", {root!r}, "--today", {today!r}, "--jobs", "1", "--quiet"])
print("COMPILED", sorted(set(n for n in compiled if n)))
print("PARSED", len(parsed))
sys.exit(code)
"""


def compiled_in_a_build(root: Path) -> list[str]:
    """The templates a new build process compiled."""
    return in_a_build(root)[0]


def in_a_build(root: Path) -> tuple[list[str], int]:
    """The templates a new build process compiled, and how many texts it parsed to tell
    which templates each uses."""
    result = subprocess.run(
        [sys.executable, "-c", COUNTING.format(project=str(PROJECT), root=str(root),
                                               today=TODAY.isoformat())],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = dict(x.split(" ", 1) for x in result.stdout.splitlines()
                 if x.startswith(("COMPILED ", "PARSED ")))
    return ast.literal_eval(lines["COMPILED"]), int(lines["PARSED"])


def edit_statement(root: Path, old: str, new: str) -> None:
    path = root / "content/statements/2025-09-11-release.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_new_process_compiles_only_the_template_that_changed(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    first = compiled_in_a_build(root)
    assert "statement.html" in first and "base.html" in first
    assert any((root / ".cache" / "templates").rglob("*"))
    edit_statement(root, "Fifty-two released", "Fifty-two were released")
    assert in_a_build(root) == ([], 0)
    template = root / "templates" / "statement.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "</article>", "</article><!-- kept? -->"), encoding="utf-8")
    assert in_a_build(root) == (["statement.html"], 1)
    page = root / "site/en/statements/2025-09-11-release/index.html"
    assert "<!-- kept? -->" in page.read_text(encoding="utf-8")


def test_without_the_cache_nothing_is_kept(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root),
                    "--today", TODAY.isoformat(), "--no-cache", "--quiet"], check=True,
                   capture_output=True, timeout=300)
    assert not (root / ".cache" / "templates").exists()


def test_a_template_included_by_another_spelling_of_its_name_is_followed(tmp_path):
    """`{% include "./card.html" %}` loads templates/card.html: an edit of it reaches
    every page that includes it (the page keys named `templates/./card.html`, which no
    file hashes under, and the pages stayed as they were: found by a hostile review)."""
    root = make_project(tmp_path / "project", "minimal")
    (root / "templates" / "card.html").write_text("CARD-ONE\n", encoding="utf-8")
    template = root / "templates" / "statement.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "</article>", '</article>{% include "./card.html" %}'), encoding="utf-8")
    page = root / "site/en/statements/2025-09-11-release/index.html"
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root),
                    "--today", TODAY.isoformat(), "--quiet"], check=True, capture_output=True,
                   timeout=300)
    assert "CARD-ONE" in page.read_text(encoding="utf-8")
    (root / "templates" / "card.html").write_text("CARD-TWO\n", encoding="utf-8")
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root),
                    "--today", TODAY.isoformat(), "--quiet"], check=True, capture_output=True,
                   timeout=300)
    assert "CARD-TWO" in page.read_text(encoding="utf-8")
