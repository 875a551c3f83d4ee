"""What one name search costs a visitor: a person's name typed into the search page of a
built site in headless Chromium, as a person types it, served gzip-compressed as Netlify
serves it; the bytes of every response after the page is open, and the time from the
last keystroke to the person shown. Needs Playwright and Chromium (the browser tests'
tools); without them it says so and measures nothing. Playwright runs in a process of
its own (its synchronous API refuses to run where an event loop already does, as in a
test session that drives a browser)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Gzipped(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def name_search(site: Path, lang: str, name: str, expected: str) -> dict:
    """Type `name` on /<lang>/search/ and wait until `expected` is the only result."""
    run = subprocess.run([sys.executable, __file__, str(site), lang, name, expected],
                         capture_output=True, text=True, timeout=600)
    if run.returncode:
        return {"search": "not measured: " + (run.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(run.stdout)


def _measure(site: Path, lang: str, name: str, expected: str) -> dict:
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        return {"search": "not measured: Playwright is not installed"}
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"search": "not measured: Chromium is not installed"}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Gzipped, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{lang}/search/")
            page.wait_for_load_state("networkidle")
            responses = []
            page.on("requestfinished", lambda request: responses.append(request))
            page.locator("#search-query").press_sequentially(name[:-1], delay=120)
            typed = time.perf_counter()
            page.keyboard.type(name[-1])
            expect(page.locator(".search-results a")).to_have_text([expected])
            shown = time.perf_counter()
            page.wait_for_load_state("networkidle")
            sizes = [r.sizes() for r in responses]
            browser.close()
    finally:
        httpd.shutdown()
    fetched = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    return {"search_query": f"{name!r} on /{lang}/search/",
            "search_files_fetched": len(sizes),
            "search_kb_fetched_gzip": round(fetched / 1024, 1),
            "search_ms_last_key_to_result": round(1000 * (shown - typed))}


if __name__ == "__main__":
    print(json.dumps(_measure(Path(sys.argv[1]), *sys.argv[2:5]), ensure_ascii=False))
