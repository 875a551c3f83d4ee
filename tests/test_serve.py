"""`.venv/bin/python build.py serve`: the live preview as an editor uses it, over HTTP."""

from __future__ import annotations

import http.client
import re
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

from conftest import free_port, serving

PROJECT = Path(__file__).resolve().parent.parent


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
    with serving(root, port) as process:
        # the first build is a cold one: on a busy machine it took over 20 s
        wait_for(f"http://127.0.0.1:{port}/en/", lambda status, _: status == 200, 120.0)
        yield root, f"http://127.0.0.1:{port}", process


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


def raw(base: str, path: str, headers: dict[str, str] | None = None,
        host: str | None = None) -> tuple[int, bytes]:
    """One request as written, with the Host header given (http.client sends its own
    unless told not to)."""
    address = base.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else address)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def raw_bytes(base: str, request: bytes) -> bytes:
    """A request line that http.client refuses to send (a NUL byte in it)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def output_of(process) -> str:
    process.terminate()
    return process.communicate(timeout=10)[0]


def test_only_requests_to_the_previews_own_address_are_answered(served):
    """A page elsewhere that points a name of its own at this computer (DNS rebinding)
    gets a short refusal, never a page of the site."""
    _, base, process = served
    port = base.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "127.0.0.1",
                 "localhost", f"LOCALHOST:{port}"):
        status, body = raw(base, "/en/", host=host)
        assert status == 200 and b"<html lang=\"en\">" in body, host
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
                 f"localhost.evil.example:{port}", "10.0.0.1", f"127.0.0.2:{port}"):
        for path in ("/en/", "/data/prisoners.json", "/livereload", "/livereload.js"):
            status, body = raw(base, path, host=host)
            assert status == 403, (host, path)
            assert b"<html" not in body and len(body) < 400, body
            assert b"own address" in body
    assert "Traceback" not in output_of(process)


def websocket(base: str, origin: str | None, fetch_site: str | None = None) -> int:
    headers = {"Upgrade": "websocket", "Connection": "Upgrade",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"}
    if origin is not None:
        headers["Origin"] = origin
    if fetch_site is not None:
        headers["Sec-Fetch-Site"] = fetch_site
    address = base.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.request("GET", "/livereload", headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_reload_socket_is_only_for_the_previews_own_pages(served):
    _, base, process = served
    assert websocket(base, base) == 101
    assert websocket(base, base.replace("127.0.0.1", "localhost")) == 101
    for origin, site in (("http://evil.example", None), ("http://evil.example", "cross-site"),
                         ("null", None), ("http://127.0.0.1.evil.example", None),
                         ("http://127.0.0.1:1", "same-site")):
        assert websocket(base, origin, site) == 403, origin
    status, body = raw(base, "/forcereload?path=*")  # livereload's: any page could call it
    assert status == 404
    assert "Traceback" not in output_of(process)


def test_a_malformed_address_is_a_400_never_a_traceback(served):
    _, base, process = served
    for path in ("/%00", "/en/%00/", "/en/prisoners/anna-test/index.html%00.css", "/%zz",
                 "/en/%e0%80/", "/%", "/" + "a" * 5000, "/en/" + "a" * 300 + "/",
                 "/%0a", "/en/%C0%AF../"):
        status, body = raw(base, path)
        assert status == 400, path
        assert body.startswith(b"Bad request: ") and len(body) < 200, body
    answer = raw_bytes(base, b"GET /en/\x00 HTTP/1.1\r\nHost: " +
                       base.removeprefix("http://").encode() + b"\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:100]
    assert raw(base, "/en/")[0] == 200  # and it goes on serving
    output = output_of(process)
    assert "Traceback" not in output and "ERROR" not in output, output[-2000:]


def test_a_page_replaced_while_it_is_sent_goes_out_whole(served):
    """The preview writes a page by moving a new file into place; a request at that
    moment gets the old page or the new one, whole, and the terminal no traceback."""
    root, base, process = served
    page = root / "site/en/about/index.html"
    versions = [b"<!doctype html><title>a</title><body>" + b"a" * 100 + b"</body>",
                b"<!doctype html><title>b</title><body>" + b"b" * 400_000 + b"</body>"]
    whole = {*versions, page.read_bytes()}
    stop = threading.Event()

    def replace() -> None:
        for i in range(2000):  # bounded, whatever happens to the requests
            if stop.is_set():
                return
            temporary = page.with_name(f".tmp{i}")
            temporary.write_bytes(versions[i % 2])
            temporary.replace(page)

    writer = threading.Thread(target=replace)
    writer.start()
    try:
        for _ in range(150):
            status, body = raw(base, "/en/about/")
            assert status == 200
            # livereload adds its script to the head; the page itself is whole
            assert re.sub(rb'<script type="text/javascript">\(function\(\).*?</script>', b"",
                          body) in whole, body[-80:]
    finally:
        stop.set()
        writer.join()
    output = output_of(process)
    assert "Traceback" not in output and "Tried to write" not in output, output[-2000:]


def visible(body: str) -> str:
    """A served page's text without the preview's banner of problems."""
    page = BeautifulSoup(body, "html.parser")
    banner = page.find(id="preview-problems")
    if banner is not None:
        banner.decompose()
    return str(page)


def test_a_name_only_the_source_guard_finds_is_never_served(served):
    """A withheld name spelled loosely (the search of pages does not find it, the search of
    what editors write does) is never in site/ nor in what the preview serves, not even
    for a moment after the save; the problem is shown."""
    root, base, process = served
    profile = root / "data/prisoners/anna-test.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "  en: A journalist", "  en: Secrit Persun, a journalist"), encoding="utf-8")
    site = root / "site"
    for _ in range(400):  # bounded: until the problem shows
        files = [p for p in site.rglob("*") if p.is_file() and p.suffix != ".zip"]
        assert not [p for p in files if b"Persun" in p.read_bytes()]
        status, body = fetch(f"{base}/en/prisoners/anna-test/")
        assert "Persun" not in visible(body)
        if "preview-problems" in body or "build-error" in body:
            break
        time.sleep(0.02)
    page = BeautifulSoup(body, "html.parser")
    shown = page.find(id="preview-problems") or page.find("main")
    assert "whose name is withheld" in shown.get_text(" ", strip=True)
    assert "data/prisoners/anna-test.yaml" in shown.get_text(" ", strip=True)
    assert "Traceback" not in output_of(process)


def test_an_edit_that_withholds_a_name_the_last_site_shows_hides_all_of_it(served):
    """Boris is newly withheld in a save that does not build: the last good site names
    him, so every address, pages and files alike, is the error page until a good save."""
    root, base, process = served
    profile = root / "data/prisoners/boris-test.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("status: imprisoned", "status: imprisond")
                       + "name_withheld: true\n", encoding="utf-8")
    wait_for(f"{base}/en/", lambda status, body: "build-error" in body)
    for path in ("/en/", "/en/prisoners/", "/data/prisoners.json", "/en/search/d/0.json",
                 "/download/portal-offline.zip"):
        status, body = raw(base, path)
        assert status == 500 and b'id="build-error"' in body, path
        assert b"Boris" not in body and b"preview-problems" not in body
    profile.write_text(good, encoding="utf-8")
    wait_for(f"{base}/en/prisoners/", lambda status, body: status == 200 and "Boris" in body)
    assert "Traceback" not in output_of(process)


@pytest.mark.parametrize("kind, title", [("statement", "A new statement"),
                                         ("prisoner", "Ivan Stub")])
def test_a_new_stub_keeps_the_last_good_site_with_its_problems_above(served, kind, title):
    """`new statement` or `new prisoner` while the preview runs: the stub does not pass the
    checks yet, and every page stays readable with the stub's problems above it."""
    root, base, process = served
    made = subprocess.run([sys.executable, str(PROJECT / "build.py"), "new", kind, title,
                           "--root", str(root)], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stdout + made.stderr
    for page in ("/en/", "/en/prisoners/anna-test/", "/be/statements/"):
        status, body = wait_for(base + page, lambda status, body: "preview-problems" in body)
        html = BeautifulSoup(body, "html.parser")
        assert status == 200 and html.find(id="build-error") is None
        banner = html.find(id="preview-problems")
        assert html.find("main") is not None and html.find("main").get_text(strip=True)
        assert "sources" in banner.get_text(" ", strip=True)  # the stub's empty field
        assert banner.find("script") is None
    assert "Traceback" not in output_of(process)


def test_the_hosts_answered_are_the_previews_own_names_and_the_one_given():
    from portal.preview.server import address_problem, own_hosts

    assert own_hosts("127.0.0.1", 8000) >= {"127.0.0.1", "127.0.0.1:8000", "localhost",
                                            "localhost:8000", "[::1]", "[::1]:8000"}
    assert {"192.168.1.5:8001", "192.168.1.5"} <= own_hosts("192.168.1.5", 8001)
    assert "[::1]:8000" in own_hosts("::1", 8000)
    assert not {"localhost:8001", "evil.example", "127.0.0.1:80"} & own_hosts("127.0.0.1", 8000)
    assert address_problem("/en/prisoners/anna-test/") is None
    assert address_problem("/be/%D0%B2%D1%8F%D0%B7%D0%BD%D1%96/") is None  # Cyrillic, escaped
    for path in ("/%00", "/%G0", "/%", "/%ff", "/" + "a" * 3000, "/" + "a" * 256 + "/"):
        assert address_problem(path), path
