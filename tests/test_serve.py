"""`.venv/bin/python build.py serve`: the live preview as an editor uses it, over HTTP."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.preview.serve import error_page, is_page, template_problem
from portal.problems import Problem

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, condition, seconds: float = 20.0) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, body = fetch(url)
            if condition(status, body):
                return status, body
        except (OSError, http.client.HTTPException):  # the page was replaced mid-read
            status, body = None, ""
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never met the condition; last: {status} {body[:300]}")
        time.sleep(0.1)


@pytest.fixture
def served(project):
    root = project("minimal")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port",
         str(port), "--today", "2025-12-20"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=root)
    try:
        wait_for(f"http://127.0.0.1:{port}/en/", lambda status, _: status == 200)
        yield root, f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_broken_edit_shows_in_the_browser_and_the_next_good_save_recovers(served):
    """A typo leaves the last good site safe to show: its pages are served with the problem
    above them (plain HTML, no script needed), files as ever."""
    root, base, process = served
    page = f"{base}/en/prisoners/anna-test/"
    profile = root / "data/prisoners/anna-test.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("status: released", "status: relesed"), encoding="utf-8")

    status, body = wait_for(page, lambda status, body: "preview-problems" in body)
    html = BeautifulSoup(body, "html.parser")
    banner = html.find(id="preview-problems")
    assert status == 200 and banner is not None
    assert html.body.contents[0] is banner  # the first thing on the page
    assert "The last change could not be built" in banner.get_text(" ", strip=True)
    item = banner.find("li").get_text(" ", strip=True)
    assert item.startswith("data/prisoners/anna-test.yaml:7:1 status")
    assert "did you mean `released`?" in item
    assert banner.find("script") is None
    assert "A journalist" in html.find("main").get_text()  # the last good page
    scripts = [s.get_text() for s in html.find_all("script")]
    assert any("livereload.js" in s for s in scripts)  # reloads itself after the fix
    built = root / "site/en/prisoners/anna-test/index.html"
    assert "preview-problems" not in built.read_text(encoding="utf-8")  # only as served
    sheet = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser").find(
        "link", rel="stylesheet")["href"]
    assert fetch(f"{base}/en/prisoners/anna-test/{sheet}")[0] == 200  # files still served

    profile.write_text(good.replace("  en: A journalist", "  en: A reporter"),
                       encoding="utf-8")
    status, body = wait_for(page, lambda status, body: status == 200 and "A reporter" in body)
    assert "preview-problems" not in body
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "data/prisoners/anna-test.yaml:7:1 status:" in output
    assert "Rendered" in output and "data/prisoners/anna-test.yaml" in output


def test_the_error_page_names_file_line_field_message_and_fix():
    page = BeautifulSoup(error_page((Problem("data/x.yaml", 3, "name", "is <missing>",
                                             "add it", 5),)), "html.parser")
    assert page.find("li").get_text(" ", strip=True) == \
        "data/x.yaml:3:5 name is <missing> add it"
    assert page.find("script") is None  # livereload adds its own when serving
    assert page.html["lang"] == "en"


def test_pages_and_files_are_told_apart():
    assert is_page("") and is_page("en/") and is_page("en/prisoners") and \
        is_page("404.html")
    assert not is_page("assets/style.1234.css") and not is_page("en/feed.xml")


def test_a_template_syntax_error_is_located(tmp_path):
    import jinja2

    (tmp_path / "page.html").write_text("line one\n{% if %}\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        env.get_template("page.html")
    problem = template_problem(raised.value)
    assert (problem.file, problem.line) == ("templates/page.html", 2)


def test_a_missing_address_gets_the_sites_own_not_found_page_in_its_language(served):
    _, base, _ = served
    for address, lang in (("/be/nowhere/", "be"), ("/ru/prisoners/nobody/", "ru"),
                          ("/en/x", "en"), ("/nowhere", None)):
        status, body = fetch(base + address)
        page = BeautifulSoup(body, "html.parser")
        assert status == 404, address
        assert page.find("html") is not None and page.find("h1") is not None, body[:200]
        if lang:
            assert page.find("html")["lang"] == lang


def test_a_port_in_use_is_one_line_and_nothing_is_built(project):
    root = project("minimal")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root),
             "--port", str(port), "--today", "2025-12-20"],
            capture_output=True, text=True, timeout=60, cwd=root)
    printed = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in printed
    assert len(printed.strip().splitlines()) == 1, printed
    assert f"cannot listen at 127.0.0.1:{port} (the port is in use)" in printed
    assert f"--port {port + 1}" in printed
    assert not (root / "site").exists()


def test_the_preview_goes_on_after_a_build_in_another_terminal(served):
    root, base, process = served
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root),
                             "--today", "2025-12-20"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    profile = root / "data/prisoners/anna-test.yaml"
    for text in ("A reporter", "A writer"):
        profile.write_text(profile.read_text(encoding="utf-8").replace(
            "  en: A journalist", f"  en: {text}").replace("  en: A reporter", f"  en: {text}"),
            encoding="utf-8")
        wait_for(f"{base}/en/prisoners/anna-test/",
                 lambda status, body, text=text: status == 200 and text in body)
    process.terminate()
    output = process.communicate(timeout=10)[0]
    assert "went missing" not in output and "Traceback" not in output


def test_looking_again_at_the_files_the_system_named_agrees_with_looking_at_all(tmp_path):
    """The watcher looks again only at the files the system reported (at 5,000 people a
    look at every file took 80 ms of each edit): for a changed, a new and a deleted file
    that is what a look at everything finds; a folder, or a path outside the source
    folders, is a look at everything."""
    from portal.content.snapshot import rescan, scan

    root = tmp_path / "project"
    (root / "data/prisoners").mkdir(parents=True)
    (root / "content").mkdir()
    kept, changed, deleted = (root / f"data/prisoners/{n}.yaml" for n in ("a", "b", "c"))
    for path in (kept, changed, deleted):
        path.write_text("name: {en: A}\n", encoding="utf-8")
    before = scan(root)
    changed.write_text("name: {en: B, be: Б}\n", encoding="utf-8")
    deleted.unlink()
    new = root / "content/new.en.md"
    new.write_text("---\ntitle: New\n---\n", encoding="utf-8")
    hidden = root / "data/prisoners/.b.yaml.swp"
    hidden.write_text("x", encoding="utf-8")
    named = {str(changed), str(deleted), str(new), str(hidden)}
    assert rescan(root, before, named) == scan(root, before)
    assert rescan(root, before, {str(changed)}) != scan(root, before)  # only what is named
    (root / "data/prisoners/folder").mkdir()
    (root / "data/prisoners/folder/d.yaml").write_text("x: 1\n", encoding="utf-8")
    assert rescan(root, before, {str(root / "data/prisoners/folder")}) == scan(root, before)
    assert rescan(root, before, {str(tmp_path / "elsewhere.txt")}) == scan(root, before)


def test_a_save_is_over_when_the_file_is_closed_or_moved_into_place(tmp_path):
    """The watcher waits 20 ms for a burst of saves to settle, but only 2 ms once the last
    event of every file named ended a save: closed after writing, or renamed into place.
    A folder made, or a file still being written, waits the whole time."""
    from portal.preview import serve

    (tmp_path / "data").mkdir()
    woke, reported, latest = threading.Event(), set(), {}
    observer = serve._observe(tmp_path, woke, reported, latest)
    assert observer is not None, "watchdog is a dependency"

    def until(condition) -> None:
        deadline = time.monotonic() + 10
        while not condition():
            assert time.monotonic() < deadline, latest
            time.sleep(0.01)

    try:
        target = tmp_path / "data" / "a.yaml"
        target.write_text("a: 1\n", encoding="utf-8")
        until(lambda: latest.get(str(target)) == "closed")
        assert serve._saved(latest)
        latest[str(target)] = "modified"  # as while an editor is still writing
        assert not serve._saved(latest)
        serve._take(reported, latest)
        assert not serve._saved(latest)  # nothing named: wait as before
        swap = tmp_path / "data" / ".a.yaml.swp"
        swap.write_text("a: 2\n", encoding="utf-8")
        swap.rename(target)
        until(lambda: latest.get(str(target)) == "moved")
        assert serve._saved(latest)
        serve._take(reported, latest)
        (tmp_path / "data" / "folder").mkdir()
        until(lambda: None in latest)
        assert not serve._saved(latest)
    finally:
        observer.stop()
