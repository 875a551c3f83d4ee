"""The editors' commands (`release`, `status`, `new`) read files as the build does and change
only what they say: whatever way a file is written that `check` accepts (tabs, BOM, any
line ends), the edit is exactly the intended one; anchors and links are refused; a dry run
or Ctrl+C leaves every file as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import cli
from portal.checks.canonical import canonical
from portal.commands import bulk, bulkchange, bulkrecords, editing
from portal.content.dates import parse_date
from portal.content.load import decode
from portal.content.yamlparse import parse_yaml

from conftest import PROJECT, TODAY, errors

WAVE = "2025-09-11"
BORIS = "data/prisoners/boris-test.yaml"
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=300)


def main(root: Path, *args: str) -> int:
    return cli.main([*args, "--root", str(root), "--today", TODAY.isoformat()])


def state(root: Path, folders: tuple[str, ...] = ("data",)) -> dict:
    """Every entry under the folders, links included and not followed: its kind, size,
    modification time and bytes (or where the link points)."""
    found = {}
    for folder in folders:
        for directory, subfolders, names in os.walk(root / folder):
            for name in sorted([*subfolders, *names]):
                path = Path(directory) / name
                info = path.lstat()
                key = path.relative_to(root).as_posix()
                if path.is_symlink():
                    found[key] = ("link", os.readlink(path), info.st_mtime_ns)
                elif path.is_file():
                    found[key] = ("file", path.read_bytes(), info.st_mtime_ns, info.st_mode)
                else:
                    found[key] = ("folder",)  # its time changes as files are replaced
    return found


def data_of(raw: bytes, relative: str = BORIS):
    return parse_yaml(decode(raw, relative), relative).data


def one_line(stderr: str) -> bool:
    """The command said what is wrong without a traceback."""
    return "Traceback" not in stderr and bool(stderr.strip())


@pytest.fixture
def site(project) -> Path:
    root = project("minimal")
    sources = root / "data/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + (
        "- id: report-c\n  title: Report C\n  publisher: Fixture Org\n  date: 2025-12-02\n"
        "  url: https://fixture.example/report-c\n"), encoding="utf-8")
    return root


# Files as editors save them: every way `check` accepts is edited exactly


SEPARATORS = st.sampled_from([" ", "\t", " \t", "\t "])
ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def written(draw) -> bytes:
    """Boris's profile as some editor saved it: tabs after colons and before comments,
    any line ends line by line, with or without a byte order mark and a final line end."""
    lines = (PROJECT / "tests/fixtures/minimal" / BORIS).read_text(encoding="utf-8") \
        .splitlines()
    out = []
    for line in lines:
        key, colon, rest = line.partition(": ")
        if colon and not line.startswith(" ") and rest:
            line = f"{key}:{draw(SEPARATORS)}{rest}"
            if draw(st.booleans()):
                line += f"{draw(SEPARATORS)}# note"
        out.append(line + draw(ENDS))
    text = "".join(out)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


def changed_lines(before: bytes, after: bytes) -> list[bytes]:
    """The lines of `before` in the web editor's style (the commands write that style)
    that `after` does not keep as they were."""
    before = canonical(BORIS, decode(before, BORIS)).encode("utf-8")
    a = before.splitlines(keepends=True)
    b = after.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [line for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
            for line in a[i1:i2]]


@SETTINGS
@given(raw=written())
def test_a_release_changes_exactly_the_status_and_adds_the_event(site, raw):
    (site / BORIS).write_bytes(raw)
    before = data_of(raw)
    plan = bulk.plan_release(bulkrecords.read_project(site), WAVE, ["boris-test"])
    assert not plan.problems
    change = next(f for f in plan.files if f.path == BORIS)
    after_raw = bulk.encoded(change)
    day = dt.date(2025, 9, 11)
    assert data_of(after_raw) == {**before, "status": "exiled", "events": [
        *before["events"], {"type": "released", "date": day, "wave": day,
                            "destination": "LT", "sources": ["report-a"]}]}
    assert b"\r" not in after_raw and not after_raw.startswith(b"\xef\xbb\xbf")
    assert [line.split(b":")[0] for line in changed_lines(raw, after_raw)] == [b"status"]


@SETTINGS
@given(raw=written())
def test_a_death_changes_the_status_verified_sources_and_adds_the_event(site, raw):
    (site / BORIS).write_bytes(raw)
    before = data_of(raw)
    plan = bulk.plan_status(bulkrecords.read_project(site), "died", ["boris-test"],
                            parse_date("2025-12-01"), ["report-c"])
    assert not plan.problems
    after_raw = bulk.encoded(plan.files[0])
    assert data_of(after_raw) == {
        **before, "status": "deceased", "verified": dt.date(2025, 12, 2),
        "events": [*before["events"], {"type": "died", "date": dt.date(2025, 12, 1),
                                       "sources": ["report-c"]}],
        "sources": [*before["sources"], "report-c"]}
    assert sorted(line.split(b":")[0] for line in changed_lines(raw, after_raw)) == \
        [b"status", b"verified"]  # a source is a line added to the list


@SETTINGS
@given(raw=written())
def test_a_transfer_on_secondary_reports_changes_exactly_what_it_says(site, raw):
    (site / BORIS).write_bytes(raw)
    sources = site / "data/sources.yaml"
    text = sources.read_text(encoding="utf-8")
    if "secondary" not in text:  # once for every example
        sources.write_text(text.replace("  date: 2025-12-02\n",
                                        "  date: 2025-12-02\n  secondary: true\n"),
                           encoding="utf-8")
    before = data_of(raw)
    plan = bulk.plan_status(bulkrecords.read_project(site), "transferred", ["boris-test"],
                            parse_date("2025-12-01"), ["report-c"], "colony-test")
    assert not plan.problems
    after_raw = bulk.encoded(plan.files[0])
    assert data_of(after_raw) == {
        **before, "facility": "colony-test", "reported": [], "verified": dt.date(2025, 12, 2),
        "events": [*before["events"], {"type": "transferred", "date": dt.date(2025, 12, 1),
                                       "facility": "colony-test", "sources": ["report-c"],
                                       "reported": ["type", "date", "facility"]}],
        "sources": [*before["sources"], "report-c"]}
    assert sorted(line.split(b":")[0] for line in changed_lines(raw, after_raw)) == \
        [b"facility", b"verified"]  # a source is a line added to the list


def test_a_tab_check_accepts_is_written_back_through_the_command(site):
    """Tabs, a comment and Windows line ends, which check accepts: the command reads them
    and writes both files in the web editor's style."""
    path = site / BORIS
    path.write_bytes(path.read_bytes().replace(b"status: imprisoned\n",
                                               b"status:\timprisoned\t# per the list\r\n"))
    releases = site / "data/releases.yaml"
    releases.write_bytes(releases.read_bytes().replace(b"\n", b"\r\n"))
    assert errors(site) == []
    result = run(site, "release", WAVE, "boris-test", "--write")
    assert result.returncode == 0, result.stderr
    assert b"\nstatus: exiled\n" in path.read_bytes()
    assert b"      - anna-test\n      - boris-test\n" in releases.read_bytes()
    assert b"\r" not in releases.read_bytes() + path.read_bytes()
    assert run(site, "format", "--check", BORIS, "data/releases.yaml").returncode == 0
    assert errors(site) == []


def test_an_edit_that_would_change_more_than_it_says_is_refused(site, capsys, monkeypatch):
    real = bulkchange.edit_profile
    monkeypatch.setattr(bulkchange, "edit_profile", lambda *args: real(*args).replace(
        "gender: male", "gender: female"))
    before = state(site)
    assert main(site, "release", WAVE, "boris-test", "--write") == 1
    assert f"{BORIS}:5 the edit would change gender beyond the intended change" in \
        capsys.readouterr().err
    assert state(site) == before


# Anchors and aliases


@pytest.mark.parametrize(("old", "new", "line"), [
    ("sources: [report-b, report-a]", "sources: &cited [report-b, report-a]", 18),
    ("status: imprisoned", "status: &held imprisoned", 7),
    ("events:\n", "events: &all\n", 11),
])
def test_a_value_with_an_anchor_is_not_edited(site, capsys, old, new, line):
    path = site / BORIS
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    before = state(site)
    assert main(site, "status", "died", "boris-test", "--date", "2025-12-01", "--source",
                "report-c", "--write") == 1
    err = capsys.readouterr().err
    assert f"{BORIS}:{line} the value here has an anchor (`&name`) or is an alias" in err
    assert state(site) == before


def test_an_alias_is_not_edited_and_what_it_repeats_is_not_changed(site, capsys):
    path = site / BORIS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    sources: [report-b]", "    sources: &cited [report-b]")
                    .replace("sources: [report-b, report-a]", "sources: *cited"),
                    encoding="utf-8")
    assert errors(site) == []
    before = state(site)
    assert main(site, "status", "died", "boris-test", "--date", "2025-12-01", "--source",
                "report-c", "--write") == 1
    assert "anchor (`&name`) or is an alias (`*name`)" in capsys.readouterr().err
    assert state(site) == before


# A dry run, whatever it is asked, writes nothing


DRY_RUNS = [
    ("release", WAVE),
    ("release", WAVE, "boris-test", "clara-test", "withheld-1"),
    ("release", WAVE, "boris-test", "--status", "released"),
    ("release", "2024-summer", "clara-test"),
    ("status", "re-arrested", "anna-test", "--date", "2025-12", "--source", "report-c"),
    ("status", "transferred", "boris-test", "--date", "2025-12", "--source", "report-c",
     "--facility", "colony-test"),
    ("status", "died", "boris-test", "--date", "2025-12", "--source", "report-c"),
    ("status", "released", "boris-test", "--date", "2021", "--source", "report-c"),
    ("status", "exiled", "boris-test", "--date", "2025-12", "--source", "report-c",
     "--destination", "LT"),
    ("release", WAVE, "nobody"),
]


def test_no_dry_run_writes_anything_links_included(site):
    os.symlink("sources.yaml", site / "data/sources-link")
    os.symlink("/nonexistent/elsewhere", site / "data/dangling")
    for args in DRY_RUNS:
        before = state(site)
        result = run(site, *args)
        assert "Traceback" not in result.stderr, args
        assert state(site) == before, args


# Links


@pytest.mark.parametrize("folder", ["data", "data/prisoners"])
def test_a_linked_data_or_profiles_folder_is_refused_in_one_line(site, folder):
    (site / folder).rename(site / "people")
    os.symlink("../people" if "/" in folder else "people", site / folder)
    assert errors(site) == []  # a link inside the project: the build reads through it
    before = state(site, ("data", "people"))
    for args in (("release", WAVE, "boris-test", "--write"),
                 ("status", "died", "boris-test", "--date", "2025-12", "--source",
                  "report-c", "--write"),
                 ("new", "prisoner", "Nova Test")):
        result = run(site, *args)
        assert result.returncode == 1 and one_line(result.stderr), args
        assert f"the folder {folder}/ is a link" in result.stderr, args
        assert state(site, ("data", "people")) == before


def test_a_linked_profile_or_releases_file_is_refused(site):
    for relative in (BORIS, "data/releases.yaml"):
        path = site / relative
        path.rename(site / "data" / f"real-{path.name}")
        os.symlink(f"{'../' if '/prisoners/' in relative else ''}real-{path.name}", path)
    before = state(site)
    result = run(site, "release", WAVE, "boris-test", "--write")
    assert result.returncode == 1 and one_line(result.stderr)
    assert f"{BORIS} the file is a link" in result.stderr
    assert state(site) == before


def test_a_data_folder_linked_outside_is_refused_as_the_build_refuses_it(site, tmp_path):
    (site / "data").rename(tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", site / "data")
    before = state(tmp_path / "elsewhere", (".",))
    result = run(site, "release", WAVE, "boris-test", "--write")
    assert result.returncode == 1 and one_line(result.stderr)
    assert "a link to a place outside the project" in result.stderr
    assert state(tmp_path / "elsewhere", (".",)) == before


# Special files


def test_pipes_and_sockets_anywhere_are_one_line_errors_never_a_wait(site, tmp_path):
    os.mkfifo(site / "data/notes")
    os.mkfifo(site / "data/prisoners/piped.yaml")
    listener = socket.socket(socket.AF_UNIX)
    here = os.getcwd()
    os.chdir(site / "content/statements")  # a socket's path must be short
    try:
        listener.bind(".sock")
    finally:
        os.chdir(here)
    try:
        found = [str(p) for p in errors(site)]
        assert "data/notes a named pipe (FIFO), not an ordinary file: nothing can be read " \
            "from it; delete it, or move it out of the project's data/ folder" in found
        assert any(p.startswith("content/statements/.sock a socket") for p in found)
        assert any(p.startswith("data/prisoners/piped.yaml") for p in found)
        for args in (("release", WAVE, "boris-test", "--write"), ("release", WAVE),
                     ("status", "died", "boris-test", "--date", "2025-12", "--source",
                      "report-c"),
                     ("new", "prisoner", "Nova Test"), ("build",), ("check",)):
            result = run(site, *args)
            assert result.returncode == 1 and one_line(result.stderr), args
            assert "data/notes a named pipe (FIFO)" in result.stderr, args
    finally:
        listener.close()
    assert not (site / "data/prisoners/nova-test.yaml").exists()


# --from


@pytest.mark.parametrize(("kind", "says"), [
    ("fifo", "not an ordinary file (a folder, pipe or device)"),
    ("folder", "not an ordinary file (a folder, pipe or device)"),
    ("large", "longer than the 1 MB a list of slugs may be"),
    ("empty", "lists no one"), ("comments", "lists no one"), ("binary", "not UTF-8 text")])
def test_from_reads_only_an_ordinary_file_of_slugs_within_its_size(site, tmp_path, kind,
                                                                   says):
    listing = tmp_path / "list.txt"
    if kind == "fifo":
        os.mkfifo(listing)
    elif kind == "folder":
        listing.mkdir()
    elif kind == "large":
        listing.write_text("boris-test\n" * 200_000)
    elif kind == "empty":
        listing.write_text("")
    elif kind == "comments":
        listing.write_text("# nobody yet\n\n   \n")
    else:
        listing.write_bytes(b"\xff\xfe\x00boris")
    before = state(site)
    result = run(site, "release", WAVE, "--from", str(listing), "--write")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"Error: --from {listing}: {says}")
    assert "Checked" not in result.stdout and state(site) == before


@pytest.mark.parametrize("slug", ["", " ", "/", "data/prisoners/.yaml"])
def test_an_empty_slug_is_an_error_not_the_whole_wave(site, slug):
    before = state(site)
    result = run(site, "release", WAVE, slug, "--write")
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: an empty slug was given; name each person by " \
        "the name of their file (ihar-losik)"
    assert state(site) == before


# Ctrl+C and failures


def interrupt(*_args, **_kwargs):
    """Ctrl+C, here and now: raise() delivers SIGINT to this thread before it returns
    (os.kill may hand it to another thread of the process, and Python then runs the
    handler later, where it may land in a finaliser that swallows it)."""
    signal.raise_signal(signal.SIGINT)


@pytest.fixture
def python_sigint():
    """Ctrl+C handled as Python handles it in a fresh process (KeyboardInterrupt): the
    test runner's worker process may hold another handler, left by something an earlier
    test ran, and the `check` step is the one step the command does not hold Ctrl+C in."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize("where", ["read", "check", "stage", "commit", "last commit"])
def test_ctrl_c_at_any_point_leaves_every_file_as_it_was(site, capsys, monkeypatch, where,
                                                          python_sigint):
    before = state(site)
    if where == "read":
        real = editing.read_bytes
        monkeypatch.setattr(editing, "read_bytes", lambda *a: (interrupt(), real(*a))[1])
    elif where == "check":
        real_check = bulk.check
        monkeypatch.setattr(bulk, "check", lambda *a: (interrupt(), real_check(*a))[1])
    elif where == "stage":
        real_stage = editing._stage
        monkeypatch.setattr(editing, "_stage", lambda *a: (interrupt(), real_stage(*a))[1])
    else:
        calls = []
        real_replace = os.replace

        def replace(source, target):
            calls.append(target)
            real_replace(source, target)
            if len(calls) == (2 if where == "last commit" else 1):
                interrupt()
        monkeypatch.setattr(editing.os, "replace", replace)
    code = main(site, "release", WAVE, "boris-test", "clara-test", "--write")
    err = capsys.readouterr().err
    assert code == 130
    assert err == "Interrupted: nothing was written; every file is as it was.\n"
    assert state(site) == before


def test_a_sigint_to_the_process_leaves_every_file_whole(site):
    """Sent from outside while the command runs: the files are all as they were, or
    (when it came too late) all written."""
    before = state(site)
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "release", WAVE,
                                "boris-test", "clara-test", "--write", "--root", str(site),
                                "--today", TODAY.isoformat()],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    process.stdout.readline()  # the first line of the diff: the command is running
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=300)
    assert "Traceback" not in err
    after = {k: v[:2] for k, v in state(site).items()}
    if process.returncode == 130:
        assert err.strip().endswith("every file is as it was.")
        assert after == {k: v[:2] for k, v in before.items()}
    else:
        assert process.returncode == 0 and "Checked and wrote 3 file(s)." in out


def test_a_failure_in_the_generator_never_shows_a_withheld_persons_text(site, capsys,
                                                                        monkeypatch):
    def broken(project, profile, change):
        raise ValueError(f"cannot edit {profile.text}")
    monkeypatch.setattr(bulk, "apply_change", lambda project, profile, change:
                        broken(project, profile, change))
    before = state(site)
    assert main(site, "release", WAVE, "withheld-1", "--write") == 1
    out, err = capsys.readouterr()
    assert "Secret" not in out + err and "Traceback" not in err
    assert err.startswith("Error: release failed (ValueError at ")
    assert len(err.strip().splitlines()) == 1
    assert state(site) == before
