"""Start-up: a command imports only what it uses, so `--help` answers at once and `check`
loads no image code (the import times are in README, "Speed"). Each case runs in a fresh
interpreter, as `build.py` does, and looks at what it imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.generate import generate

from conftest import PROJECT

NEVER = ("PIL", "playwright")
"""Never imported by a command that draws and encodes no image (playwright: by no command
at all; it drives the browser tests)."""
HELP_NEEDS_NONE_OF = (*NEVER, "jinja2", "markdown", "babel", "icu", "yaml", "regex",
                      "portal.build", "portal.checks", "portal.content.load",
                      "portal.pages", "portal.outputs", "portal.editor", "portal.preview",
                      "portal.commands.runners", "portal.commands.bulkrecords")
CHECK_NEEDS_NONE_OF = (*NEVER, "portal.outputs.shareimage", "portal.outputs.photoencode",
                       "portal.editor.config", "portal.preview", "portal.commands.bulk",
                       "portal.commands.scaffold", "tornado", "livereload", "watchdog")


def imported(argv: list[str], tmp_path: Path) -> set[str]:
    """The modules a command of build.py imported, run in a new interpreter."""
    listing = tmp_path / "modules.json"
    program = ("import json, sys\n"
               "from portal.cli import main\n"
               "try:\n"
               f"    main({argv!r})\n"
               "except SystemExit:\n"
               "    pass\n"
               f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n")
    subprocess.run([sys.executable, "-c", program], cwd=PROJECT, check=True,
                   capture_output=True, text=True)
    return set(json.loads(listing.read_text()))


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for n in names if m == n or m.startswith(n + "."))


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["build", "--help"],
                                  ["status", "--help"]])
def test_help_imports_none_of_the_stages(argv, tmp_path):
    modules = imported(argv, tmp_path)
    assert "portal.cli" in modules
    assert loaded(modules, HELP_NEEDS_NONE_OF) == []


def test_check_imports_no_image_code(tmp_path):
    """A project without photos (the benchmark's, small): `check` checks the words of
    share images and never draws one, so it needs no Pillow."""
    root = generate(tmp_path / "project", 5, 1)
    modules = imported(["check", "--root", str(root)], tmp_path)
    assert "portal.build.checking" in modules and "jinja2" in modules  # it did check
    assert loaded(modules, CHECK_NEEDS_NONE_OF) == []


def test_playwright_is_imported_nowhere_in_the_package():
    found = [p for p in (PROJECT / "portal").rglob("*.py") if "playwright" in p.read_text()]
    assert found == []
