"""A build with nothing to do does nothing: the manifest of the last build (kept sealed
under .cache/builds/) says what went in and what came out; when the inputs are the same
and the output folder is still what that build left, nothing is written and one line
says so."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.build import manifest
from portal.commands.runners import run_build
from portal.options import Options
from portal.problems import ContentError

from conftest import PROJECT, TODAY, assert_same_sites, build, built_project, snapshot


@pytest.fixture
def built(tmp_path) -> Path:
    """The minimal fixture, built with its caches; returns the project folder (a copy of
    one built once per test process, see conftest.built_project; the first build from
    nothing is test_the_no_op_reports_the_figures_and_warnings_of_the_build's)."""
    return built_project(tmp_path / "project")


def files_as_found(site: Path) -> dict[str, tuple[int, int, int]]:
    """Each file of a site by path: its inode, modification time and size."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns,
                                             p.stat().st_size)
            for p in site.rglob("*") if p.is_file()}


def manifest_file(root: Path, out: Path | None = None) -> Path:
    return manifest.entries(root).path(manifest.entry_key(out or root / "site"))


def reference(root: Path, tmp_path: Path) -> Path:
    """The same sources built with no cache at all, into another folder."""
    out = tmp_path / "reference"
    build(root, out, jobs=1, cache=False)
    return out


def test_a_build_with_nothing_changed_writes_nothing_and_says_so(built, capsys, monkeypatch):
    site = built / "site"
    before, folder = files_as_found(site), os.stat(site)
    beside = sorted(p.name for p in built.iterdir())
    monkeypatch.setattr("portal.store.write.write_site", _refuse)
    monkeypatch.setattr("portal.build.builder.write_site", _refuse)
    assert run_build(Options(root=built, today=TODAY, jobs=1)) == 0
    out = capsys.readouterr().out.strip().splitlines()
    said = [line for line in out if line.startswith(("Built", "Nothing changed"))]
    assert len(said) == 1 and said[0].startswith("Nothing changed since the last build: "
                                                 "site/ is as it was (78 pages")
    assert files_as_found(site) == before
    assert (os.stat(site).st_ino, os.stat(site).st_mtime_ns) == \
        (folder.st_ino, folder.st_mtime_ns)
    assert sorted(p.name for p in built.iterdir()) == beside  # no staging folder made


def _refuse(*args, **kwargs):
    raise AssertionError("a build with nothing changed wrote the site")


def test_the_no_op_reports_the_figures_and_warnings_of_the_build(project):
    root = project("minimal")
    first = build(root, jobs=1)
    again = build(root, jobs=1)
    assert first.warnings, "the fixture should have a warning for this test to mean much"
    assert again.unchanged
    assert (again.pages, again.files, again.warnings, again.editor_absent) == \
        (first.pages, first.files, first.warnings, first.editor_absent)


def test_deciding_that_nothing_changed_imports_nothing_that_renders(built):
    code = (f"import sys, datetime, pathlib; sys.path.insert(0, {str(PROJECT)!r})\n"
            "from portal.build.noop import build_unless_unchanged\n"
            "from portal.options import Options\n"
            f"result = build_unless_unchanged(Options(root=pathlib.Path({str(built)!r}), "
            "today=datetime.date(2025, 12, 20), jobs=1), None)\n"
            "heavy = [m for m in ('jinja2', 'markdown', 'PIL', 'yaml', 'portal.pages.render',"
            " 'portal.build.rendering', 'importlib.metadata') if m in sys.modules]\n"
            "print(result.unchanged, heavy)\n")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=built, check=True)
    assert shown.stdout.strip() == "True []", shown.stdout + shown.stderr


@pytest.mark.parametrize("how", ["edited", "added", "removed", "emptied folder"])
def test_a_site_changed_by_hand_is_rebuilt_and_restored(built, tmp_path, how):
    site = built / "site"
    page = site / "en" / "prisoners" / "anna-test" / "index.html"
    if how == "edited":
        with open(page, "a", encoding="utf-8") as handle:  # in place: the same inode
            handle.write("<!-- changed by hand -->")
    elif how == "added":
        (site / "en" / "extra.html").write_text("<p>by hand</p>", encoding="utf-8")
    elif how == "removed":
        page.unlink()
    else:
        for child in (site / "en" / "prisoners" / "anna-test").iterdir():
            child.unlink()
    result = build(built, jobs=1)
    assert not result.unchanged
    assert_same_sites(site, reference(built, tmp_path))


def test_a_file_replaced_by_hand_with_one_of_the_same_size_is_noticed(built, tmp_path):
    """An editor program that saves a new file in the old one's place, of the same size:
    the time it was written differs."""
    site = built / "site"
    page = site / "en" / "index.html"
    text = page.read_bytes()
    page.unlink()
    page.write_bytes(text[:-1] + (b"!" if text[-1:] != b"!" else b"?"))
    assert not build(built, jobs=1).unchanged
    assert_same_sites(site, reference(built, tmp_path))


@pytest.mark.parametrize("change", ["today", "base_url", "portable", "strict"])
def test_a_changed_option_defeats_the_no_op(built, change):
    options = {"today": dt.date(2025, 12, 21), "base_url": "https://elsewhere.example/",
               "portable": True, "strict": True}
    try:
        result = build(built, jobs=1, **{change: options[change]})
    except ContentError:
        assert change == "strict"  # the fixture's warnings are errors now: not a no-op
        return
    assert not result.unchanged


@pytest.mark.parametrize("name, value", [("PORTAL_BASE_URL", "https://env.example/"),
                                         ("NETLIFY", "true"),
                                         ("REPOSITORY_URL", "https://github.com/o/n")])
def test_the_environment_the_output_depends_on_defeats_the_no_op(built, monkeypatch, name,
                                                                  value):
    monkeypatch.setenv(name, value)
    assert not build(built, jobs=1).unchanged
    assert build(built, jobs=1).unchanged


def test_an_edited_source_defeats_the_no_op(built):
    profile = built / "data" / "prisoners" / "eva-test.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert not build(built, jobs=1).unchanged


def test_a_damaged_manifest_is_ignored(built, tmp_path):
    entry = manifest_file(built)
    data = bytearray(entry.read_bytes())
    data[-5] ^= 1
    entry.write_bytes(bytes(data))
    assert not build(built, jobs=1).unchanged
    assert build(built, jobs=1).unchanged  # a sound one was written again


def test_a_forged_manifest_is_not_trusted(built, tmp_path):
    """A manifest whose seal does not match (written by someone without this user's key:
    a restored CI cache, a planted file) is no manifest, even if its content says
    nothing changed."""
    entry = manifest_file(built)
    sealed = entry.read_bytes()
    payload = json.loads(sealed[manifest_header():])
    payload["result"]["pages"] = 1
    entry.write_bytes(sealed[:manifest_header()] + json.dumps(payload).encode())
    result = build(built, jobs=1)
    assert not result.unchanged and result.pages > 1


def manifest_header() -> int:
    from portal.store.cachefile import HEADER
    return HEADER


def test_a_manifest_of_another_output_folder_is_not_used(built, tmp_path):
    other = tmp_path / "other"
    build(built, other, jobs=1)
    manifest_file(built, other).write_bytes(manifest_file(built).read_bytes())
    assert not build(built, other, jobs=1).unchanged


def test_no_cache_neither_uses_nor_writes_the_manifest(built, tmp_path):
    entry = manifest_file(built)
    sealed, when = entry.read_bytes(), entry.stat().st_mtime_ns
    result = build(built, jobs=1, cache=False)
    assert not result.unchanged
    assert (entry.read_bytes(), entry.stat().st_mtime_ns) == (sealed, when)
    other = tmp_path / "fresh"
    build(built, other, jobs=1, cache=False)
    assert not manifest_file(built, other).exists()
    assert not build(built, jobs=1).unchanged  # the site is not the one the manifest knows


def test_a_failed_build_leaves_the_site_and_its_manifest_as_they_were(built):
    site = built / "site"
    before, files = files_as_found(site), snapshot(site)
    profile = built / "data" / "prisoners" / "eva-test.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("status: imprisoned", "status: [not, a, status"),
                       encoding="utf-8")
    with pytest.raises(ContentError):
        build(built, jobs=1)
    assert files_as_found(site) == before and snapshot(site) == files
    profile.write_text(good, encoding="utf-8")
    assert build(built, jobs=1).unchanged


def test_the_manifest_is_kept_under_the_cache_and_never_published(built):
    site = built / "site"
    kept = manifest.load(Options(root=built, today=TODAY))
    assert kept is not None and manifest_file(built).is_relative_to(built / ".cache")
    assert not [p for p in site.rglob("*") if p.is_file() and
                kept.inputs.encode() in p.read_bytes()]
