"""Hostile cases against the editors' tools and the live preview (issue 23): what an
attacker or a careless editor found, one test for each defect."""

from __future__ import annotations

import pytest
from test_incremental import edit, preview, profile  # noqa: F401 - the fixture

# The live preview


@pytest.mark.parametrize("value", ['"true"', "1", "[true]", "True", "yes"])
def test_a_profile_marked_withheld_with_a_value_the_build_refuses_hides_the_last_good_site(
        preview, value):  # noqa: F811
    """`name_withheld: "true"` (or 1, or [true]) is an error the build refuses, but the
    editor meant to withhold the name: the last good site, which shows it, is not shown."""
    from portal.preview.shown import last_good_safe

    edit(profile(preview, "anna-test"), "gender: female",
         f"gender: female\nname_withheld: {value}")
    assert last_good_safe(preview) is False


def test_the_reload_socket_takes_only_origins_at_the_previews_own_port():
    """An origin without a port is a page of another server (port 80) on this computer:
    the reload socket refuses it, as it refuses any other port."""
    from portal.preview.server import own_origin

    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                   "http://LOCALHOST:8000"):
        assert own_origin(origin, "127.0.0.1", 8000), origin
    for origin in ("http://localhost", "http://127.0.0.1", "http://localhost:8001",
                   "https://localhost:8000", "null", "http://evil.example:8000",
                   "http://localhost:99999", "http://localhost:x", ""):
        assert not own_origin(origin, "127.0.0.1", 8000), origin
    assert own_origin("http://localhost", "127.0.0.1", 80)
    assert own_origin("http://192.168.1.5:8001", "192.168.1.5", 8001)
    assert own_origin("http://[::1]:8000", "::1", 8000)


# Links an editor writes


@pytest.mark.parametrize("text", [
    "[x](java&#115;cript:alert(1))",  # a character reference: the renderer decodes it
    "[x](javascript&colon;alert(1))",
    '<a href="java&#x73;cript:alert(1)">x</a>',
    "[x](tel&#58;123)",
])
def test_a_link_scheme_written_with_character_references_is_an_error(tmp_path, text):
    """The renderer and the browser decode `&#115;` and `&colon;`; so the check does, and
    a script link so written is an error, not an anchor silently left without address."""
    from conftest import append_to, errors, make_project

    root = make_project(tmp_path / "project", "minimal")
    statement = "content/statements/2025-09-11-release.en.md"
    line = append_to(root, statement, f"See {text}.")
    found = [str(p) for p in errors(root)]
    assert len(found) == 1, found
    assert found[0].startswith(f"{statement}:{line} body: "), found
    assert "a page of the site (prisoner:slug" in found[0], found


@pytest.mark.parametrize("text", ["<https:/example.org>", "<http:example.org>", "<mailto:x>"])
def test_an_address_in_angle_brackets_the_renderer_drops_is_an_error(tmp_path, text):
    """`<https:/example.org>` (one slash) is not an autolink to the renderer but an HTML
    tag, dropped with its text: an error, not a sentence silently missing a word."""
    from conftest import append_to, errors, make_project

    root = make_project(tmp_path / "project", "minimal")
    statement = "content/statements/2025-09-11-release.en.md"
    line = append_to(root, statement, f"See {text} now.")
    found = [str(p) for p in errors(root)]
    assert len(found) == 1, found
    assert found[0].startswith(f"{statement}:{line} body: "), found
    assert "not read as a link" in found[0], found


def test_addresses_in_angle_brackets_the_renderer_reads_are_published(tmp_path):
    from conftest import append_to, build, errors, make_project, parse

    root = make_project(tmp_path / "project", "minimal")
    append_to(root, "content/statements/2025-09-11-release.en.md",
              "See <https://example.org/a> and <HTTPS://example.org/b> and <a@example.org>.")
    assert errors(root) == []
    build(root)
    hrefs = {a.get("href") for a in parse(root / "site/en/statements/2025-09-11-release/"
                                               "index.html").find_all("a")}
    assert {"https://example.org/a", "HTTPS://example.org/b"} <= hrefs


# The editors' commands


def run_build(root, *args: str):
    import subprocess
    import sys

    from conftest import PROJECT

    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [
    ("new", "statement", "Secret Person released"),
    ("new", "prisoner", "Someone Else", "--slug", "secret-person"),
    ("new", "prisoner", "Someone Else", "--slug", "secretperson-2"),
])
def test_new_refuses_a_file_name_that_holds_a_withheld_name(tmp_path, args):
    """`check` refuses a file whose name holds a withheld person's name (the name is part
    of the page's address): `new` does not create one, and says which slug to change."""
    from conftest import make_project, snapshot

    root = make_project(tmp_path / "project", "minimal")
    before = snapshot(root)
    result = run_build(root, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "--slug" in result.stdout + result.stderr
    assert snapshot(root) == before


def test_new_creates_a_statement_whose_title_names_no_one_withheld(tmp_path):
    from conftest import make_project

    root = make_project(tmp_path / "project", "minimal")
    result = run_build(root, "new", "statement", "Good news", "--today", "2025-10-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "content/statements/2025-10-01-good-news.en.md").is_file()


@pytest.mark.parametrize("args", [
    ("release", "2025-09-11", "--root", "{root}", "boris-test"),
    ("status", "released", "--date", "2025-10", "--source", "report-a", "boris-test",
     "--root", "{root}", "clara-test"),
])
def test_the_people_may_come_after_the_options(tmp_path, args):
    """`release WAVE --write a b` names a and b, as `release WAVE a b --write` does (argparse
    alone calls them unrecognised)."""
    import subprocess
    import sys

    from conftest import PROJECT, make_project, snapshot

    root = make_project(tmp_path / "project", "minimal")
    before = snapshot(root)
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"),
                             *(a.format(root=root) for a in args)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/prisoners/boris-test.yaml: status imprisoned → " in result.stdout
    assert snapshot(root) == before  # a dry run
