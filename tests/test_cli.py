"""The command line as an editor uses it: build, check, serve, --help."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import PROJECT

BUILD = [sys.executable, str(PROJECT / "build.py")]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [[], ["build"], ["serve"], ["check"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: build.py" in result.stdout


def test_build_writes_the_site(project):
    root = project("minimal")
    result = run("--root", str(root))
    assert result.returncode == 0, result.stderr
    assert (root / "site/en/index.html").is_file()
    assert "Built" in result.stdout


def test_check_writes_nothing_and_fails_on_problems(project):
    root = project("minimal")
    assert run("check", "--root", str(root)).returncode == 0
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("gender: female", "gender: f"))
    result = run("check", "--root", str(root))
    assert result.returncode == 1
    assert "1. data/prisoners/anna-test.yaml:6:1 gender:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_build_reports_problems_without_a_traceback(project):
    root = project("minimal")
    path = root / "data/releases.yaml"
    path.write_text(path.read_text() + "\n- id: [broken\n")
    result = run("build", "--root", str(root))
    assert result.returncode == 1
    assert "data/releases.yaml:" in result.stderr and "YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    return predicate()


def test_serve_rebuilds_on_change_and_survives_a_broken_edit(project):
    root = project("minimal")
    port = _free_port()
    server = subprocess.Popen([*BUILD, "serve", "--root", str(root), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    statement = root / "content/statements/2025-09-11-release.en.md"
    person = root / "data/prisoners/anna-test.yaml"
    try:
        assert _wait_for(lambda: "Fifty-two released" in _get(f"{base}/en/statements/"))
        statement.write_text(statement.read_text().replace("Fifty-two", "Fifty-three"))
        assert _wait_for(lambda: "Fifty-three released" in _get(f"{base}/en/statements/"))
        person.write_text(person.read_text().replace("status: released", "status: freed"))
        assert _wait_for(lambda: _banner(_get(f"{base}/en/statements/")))  # the problem shown
        shown = _get(f"{base}/en/statements/")  # above the last good page
        assert "freed" in _banner(shown) and "Fifty-three released" in shown
        built = root / "site/en/statements/index.html"
        assert "Fifty-three released" in built.read_text()  # the last good page stays
        statement.write_text(statement.read_text().replace("Fifty-three", "Fifty-four"))
        person.write_text(person.read_text().replace("status: freed", "status: released"))
        assert _wait_for(lambda: "Fifty-four released" in _get(f"{base}/en/statements/"))
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert 'status: "freed" is not one of' in output
    assert "Traceback" not in output


def _banner(page: str) -> str:
    """The text of the live preview's problem banner on a page ("" when it has none)."""
    from bs4 import BeautifulSoup

    banner = BeautifulSoup(page, "html.parser").find(id="preview-problems")
    return banner.get_text(" ", strip=True) if banner else ""


def test_serve_help_names_the_address():
    assert "127.0.0.1:8000" in run("serve", "--help").stdout



@pytest.mark.parametrize("args, env, message", [
    (["--today", "9999-12-31"], {}, "the build date must be between 1900 and 9000"),
    ([], {"SOURCE_DATE_EPOCH": "abc"}, "SOURCE_DATE_EPOCH='abc' is not a time"),
    ([], {"SOURCE_DATE_EPOCH": "99999999999999999"}, "is not a time in seconds"),
])
def test_a_build_date_out_of_range_is_one_line(tmp_path, args, env, message):
    import os
    import subprocess
    import sys

    from conftest import PROJECT, make_project

    root = make_project(tmp_path / "project", "minimal")
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **env})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_a_root_that_is_not_a_folder_is_one_line(tmp_path, capsys):
    from portal.cli import main

    (tmp_path / "file").write_text("x")
    assert main(["--root", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err.startswith("Error: ")


def test_a_python_without_the_packages_gets_one_line_not_a_traceback(tmp_path):
    """`.venv/bin/python build.py` with a Python that has none of the packages (here: site-packages
    switched off) says what to run instead."""
    result = subprocess.run([sys.executable, "-S", str(PROJECT / "build.py"), "check"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "has no package" in lines[0], result.stderr
    assert ("build.py …" in lines[0] and ".venv/bin/python" in lines[0]) or \
        "README.md" in lines[0]
