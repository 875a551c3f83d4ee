"""Shared fixtures: fixture sites copied into tmp_path, built once per test run."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.build import builder, checking
from portal.options import Options
from portal.outputs.offline import OFFLINE_ZIP

PROJECT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 12, 20)
"""The build date of every test build, so that results never depend on the clock."""

os.environ["PORTAL_PROGRESS_AFTER"] = "3600"
"""No build here shows its progress (build/progress.py), however slow the machine: what
a build prints must not depend on the clock. tests/test_progress.py asks for it."""


def build(root: Path, out: Path | None = None, **options):
    """Build a project as `.venv/bin/python build.py` would, on the fixed test date."""
    return builder.build(Options(root=root, out=out, **{"today": TODAY, **options}))


def outcome(root: Path, **options) -> tuple[str, list[str]]:
    """What a build says: ("built", its warnings) or ("stopped", its problems)."""
    from portal.problems import ContentError

    try:
        result = build(root, **options)
    except ContentError as error:
        return "stopped", [str(p) for p in error.problems]
    return "built", [str(p) for p in result.warnings]


def check(root: Path, **options):
    """Every problem (errors and warnings) `.venv/bin/python build.py check` would print."""
    return checking.check(Options(root=root, **{"today": TODAY, **options}))


def errors(root: Path, **options):
    """Only the errors."""
    return [p for p in check(root, **options) if not p.warning]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(target: Path, fixture: str | None = None) -> Path:
    """Copy a fixture site (or the real project content) into `target`.

    Fixture sites hold content and data; the templates and interface strings are the
    project's own unless the fixture brings its own.
    """
    source = FIXTURES / fixture if fixture else PROJECT
    for folder in ("content", "data", "templates"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    if not (target / "templates").is_dir():
        shutil.copytree(PROJECT / "templates", target / "templates")
    if not (target / "data" / "strings").is_dir():
        shutil.copytree(PROJECT / "data" / "strings", target / "data" / "strings")
    return target


@pytest.fixture
def project(tmp_path: Path):
    """A factory: `project("minimal")` copies that fixture into a fresh folder."""
    def factory(fixture: str | None = "minimal") -> Path:
        return make_project(tmp_path / "project", fixture)
    return factory


_BUILT: dict[str, Path] = {}
_BUILT_IN: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _built_projects_folder(tmp_path_factory) -> None:
    """The projects of copy_of_built are made in this process's temporary folder (which
    pytest deletes with the others)."""
    _BUILT_IN[:] = [tmp_path_factory.getbasetemp()]


def copy_of_built(target: Path, name: str, make: Callable[[Path], None]) -> Path:
    """`target`, a copy of the project that `make(folder)` writes into an empty folder and
    builds: made once per test process under `name`, then copied (`cp -a`: its site/ and
    .cache/ with their times, hard links and permissions) for each test that asks, so that
    tests starting from the same built project do not each build it from nothing. A copy
    is what a build of its own leaves, but in new files: its first build sees a site/
    that is not the one the manifest recorded, and rebuilds it from the caches (a test of
    the first, cold build builds a project of its own)."""
    original = _BUILT.get(name)
    if original is None or not original.is_dir():
        within = _BUILT_IN[0] if _BUILT_IN else None
        original = Path(tempfile.mkdtemp(prefix=f"built-{name}-", dir=within)) / "project"
        make(original)
        _BUILT[name] = original
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(original), str(target)], check=True)
    return target


def built_project(target: Path, fixture: str = "minimal") -> Path:
    """`target`: a fixture site as a build of its own (`jobs=1`, with its caches) leaves
    it, its manifest knowing this very site/. A copy of one built once per test process
    (copy_of_built), built again: that build notices that the site's files are not the
    ones its manifest lists, and makes them again from the caches (a tenth of a build
    from nothing). The old files are deleted before it returns."""
    from portal.store.write import wait_for_cleanup

    def make(root: Path) -> None:
        make_project(root, fixture)
        build(root, jobs=1)
    root = copy_of_built(target, f"built-{fixture}", make)
    assert not build(root, jobs=1).unchanged
    wait_for_cleanup()
    return root


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory) -> Iterator[Path]:
    """The minimal fixture site, built once per test run (shared by every file and every
    xdist worker: read it, never change it; copy it first); returns its site/ folder."""
    def make(folder: Path) -> None:
        build(make_project(folder, "minimal"))
    yield from shared_site(tmp_path_factory, "fixture", make)


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Iterator[Path]:
    """The real sample content, built once per test run as Netlify builds it (shared by
    every file and every xdist worker: read it, never change it; copy it first); returns
    its site/ folder."""
    def make(folder: Path) -> None:
        root = make_project(folder)
        with netlify_build():
            build(root)
    yield from shared_site(tmp_path_factory, "sample", make)


def shared_site(tmp_path_factory, name: str, make) -> Iterator[Path]:
    """A project that `make(folder)` builds, once per test run: the first xdist worker to
    ask builds it (the others wait on a lock, then use it) in the run's temporary folder,
    which every worker shares. Gives its site/ folder and, at the end of the session,
    fails if any test changed a file in it (a test that changes a site copies it first)."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # pytest-N/, above each worker's own popen-gwN/
    folder, done = run / f"shared-{name}", run / f"shared-{name}.done"
    with open(run / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker failed half way
            folder.mkdir()
            make(folder)
            done.write_text(json.dumps(fingerprint(folder / "site")), encoding="utf-8")
    yield folder / "site"
    changed = _differences(json.loads(done.read_text(encoding="utf-8")),
                           fingerprint(folder / "site"))
    assert not changed, f"a test changed the shared {name} site (copy it first): " \
        + ", ".join(changed[:10])


def fingerprint(site: Path) -> dict[str, list[int]]:
    """Every file of a site by relative path, with its size and modification time."""
    return {p.relative_to(site).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
            for p in sorted(site.rglob("*")) if p.is_file()}


def _differences(before: dict, after: dict) -> list[str]:
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


@contextlib.contextmanager
def netlify_build():
    """The environment of a Netlify build from a GitHub repository (REPOSITORY_URL), so
    that the sample is built with its web editor, as Netlify builds it."""
    saved = {name: os.environ.get(name) for name in ("NETLIFY", "REPOSITORY_URL")}
    os.environ.update(NETLIFY="true", REPOSITORY_URL="https://github.com/example/portal")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def fixture_model(tmp_path_factory):
    """The minimal fixture's site model, loaded without writing anything."""
    root = make_project(tmp_path_factory.mktemp("model"), "minimal")
    site, _ = builder.load_site(Options(root=root, today=TODAY))
    return site


def parse(path: Path) -> BeautifulSoup:
    """Parse a built page with a real HTML parser."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_sites(mine: Path, full: Path) -> None:
    """A site the live preview updated is what a full build makes: every file byte for
    byte, and the offline copy (which the preview updates by appending: OfflineZip.append)
    entry for entry as unzip reads it."""
    ours, theirs = snapshot(mine), snapshot(full)
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path] and path != OFFLINE_ZIP] == []
    if OFFLINE_ZIP in ours:
        assert zip_entries(mine / OFFLINE_ZIP) == zip_entries(full / OFFLINE_ZIP)


def zip_entries(path: Path) -> list[tuple[str, int, bytes]]:
    """An archive as readers see it, after `unzip -t` found every entry sound: by name in
    the order of its directory, the permissions and the content."""
    if shutil.which("unzip") is not None or os.environ.get("CI") == "true":
        tested = subprocess.run(["unzip", "-tq", str(path)], capture_output=True, text=True)
        assert tested.returncode == 0, tested.stdout + tested.stderr
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return [(i.filename, i.external_attr, archive.read(i)) for i in archive.infolist()]


def html_files(site: Path) -> list[Path]:
    """The public pages: every HTML file but the web editor's page (admin/, tested in
    test_editor_shell.py), which is no public page."""
    return sorted(p for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] != "admin")


def run_as_read_only(root: Path, *command: str) -> subprocess.CompletedProcess:
    """Run build.py with `root` mounted read-only (in a mount namespace of its own, so
    that even root may not write; a plain chmod where that is not possible)."""
    args = [sys.executable, str(PROJECT / "build.py"), *command, "--root", str(root),
            "--today", TODAY.isoformat()]
    if can_unshare():
        script = f"mount --bind {root} {root} && mount -o remount,bind,ro {root} && " \
            + " ".join(f"'{a}'" for a in args)
        return subprocess.run([*in_namespace(), "sh", "-c", script], capture_output=True,
                              text=True, timeout=300)
    for path in [root, *root.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=300)
    finally:
        for path in [root, *root.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)


def in_namespace() -> list[str]:
    """The command that runs the rest in a mount namespace of its own (as root, or as a
    user mapped to root in a user namespace), so tests can mount a small or read-only
    file system without touching the machine's."""
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return ["unshare", *user, "--mount", "--propagation", "private"]


def can_unshare() -> bool:
    try:
        return subprocess.run([*in_namespace(), "sh", "-c", "mount -t tmpfs tmpfs /mnt "
                               "2>/dev/null || mount -t tmpfs tmpfs /tmp"],
                              capture_output=True, timeout=30).returncode == 0
    except OSError:
        return False


def replace_in(root: Path, relative: str, old: str, new: str) -> int:
    """Replace the first `old` in a project file; return the line where it stood."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def append_to(root: Path, relative: str, text: str) -> int:
    """Add a paragraph at the end of a project file; return the line where it starts."""
    path = root / relative
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


def free_port() -> int:
    """A port on 127.0.0.1 no one listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(root: Path, port: int, *options: str, today: str = "2025-12-20"):
    """`build.py serve` over the project at root, on 127.0.0.1:port, until the block
    ends (then stopped, killed if it does not stop); gives the process."""
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root),
         "--port", str(port), "--today", today, *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


LONGEST_FIRST = tuple(f"tests/{name}.py" for name in (
    "browser/test_lighthouse", "test_incremental", "test_empty_settings", "test_leaks",
    "test_caches", "test_leak_blocks", "test_bulk_files", "browser/test_search",
    "test_hardlinks", "test_pagecache", "test_photos", "browser/test_editor",
    "browser/test_accessibility", "browser/test_behaviour", "test_parallel",
    "test_translations", "test_noop", "test_warnings", "browser/test_weight", "test_bounds",
    "browser/test_privacy", "test_progress", "test_serve", "test_check_agrees", "test_fuzz",
))
"""Test files that take longest, longest first (measured with PORTAL_TEST_SCHEDULE, see
below): the parallel run (`-n auto --dist loadfile`) gives each worker a whole file, in
collection order, so these are handed out first and no worker is left with a long file at
the end while the others wait. Lighthouse (5.5 minutes, mostly waiting for pages to go
quiet) goes first of all, beside the other workers' work."""


def pytest_collection_modifyitems(config, items) -> None:
    """The files of LONGEST_FIRST first, in that order; then the others by their number of
    tests, most first (what pytest-xdist does by itself: its reordering is off in
    pyproject.toml, `--no-loadscope-reorder`, so that this order holds). The tests of a
    file keep their order."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.nodeid.split("::")[0]] = counts.get(item.nodeid.split("::")[0], 0) + 1

    def rank(item) -> tuple[int, int, str]:
        file = item.nodeid.split("::")[0]
        first = LONGEST_FIRST.index(file) if file in LONGEST_FIRST else len(LONGEST_FIRST)
        return first, -counts[file], file
    items.sort(key=rank)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: one worker more than there are processors. Lighthouse, the browser tests
    and the commands run as processes spend much of their time waiting (Lighthouse's batch:
    about 2 s of processor time for each page's 7 s), so a worker more keeps the processors
    busy meanwhile."""
    try:
        processors = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        processors = os.cpu_count() or 1
    return processors + 1


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """With PORTAL_TEST_SCHEDULE=FOLDER, each worker appends a line per test to
    FOLDER/<worker>.tsv: its id, start and end (seconds since the epoch) and the CPU
    seconds it cost the worker and the processes it waited for, so a run's schedule
    (and any idle tail of a worker) can be read afterwards."""
    folder = os.environ.get("PORTAL_TEST_SCHEDULE")
    if not folder:
        yield
        return
    import resource
    import time

    def cpu() -> float:
        return sum(u.ru_utime + u.ru_stime for u in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN)))
    start, spent = time.time(), cpu()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path(folder).mkdir(parents=True, exist_ok=True)
    with open(Path(folder) / f"{worker}.tsv", "a", encoding="utf-8") as log:
        log.write(f"{item.nodeid}\t{start:.3f}\t{time.time():.3f}\t{cpu() - spent:.3f}\n")
