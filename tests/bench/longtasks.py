"""How list pages render on a phone: Lighthouse (npm `lighthouse`, from `npm ci`; a phone
on a slow connection, simulated) on a built site served gzip-compressed, reporting each
page's performance score, its longest main-thread task and its number of elements.
Without Lighthouse or Chromium it says so and measures nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from tests.bench.generate import PROJECT
from tests.bench.search import ARGS, Gzipped

LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"


def long_tasks(site: Path, addresses: list[str]) -> dict:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not LIGHTHOUSE.is_file() or chromium is None:
        return {"lists_on_a_phone": "not measured: needs `npm ci` and Chromium"}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Gzipped, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    found = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for address in addresses:
                report = Path(folder) / "report.json"
                flags = " ".join(["--headless=new", *ARGS, f"--user-data-dir={folder}/p"])
                run = subprocess.run(
                    [str(LIGHTHOUSE), f"http://127.0.0.1:{httpd.server_address[1]}/{address}",
                     "--quiet", "--output=json", f"--output-path={report}",
                     f"--chrome-flags={flags}", "--only-categories=performance"],
                    env={**os.environ, "CHROME_PATH": chromium}, capture_output=True,
                    text=True, timeout=300)
                if run.returncode:
                    found[address] = "Lighthouse failed: " + run.stderr[-200:]
                    continue
                result = json.loads(report.read_text(encoding="utf-8"))
                audits = result["audits"]
                tasks = audits.get("long-tasks", {}).get("details", {}).get("items", [])
                score = result["categories"]["performance"]["score"]
                longest = max((t["duration"] for t in tasks), default=0)
                found[address] = (f"performance {score:.2f}, longest task {longest:.0f} ms, "
                                  f"{audits['dom-size']['numericValue']:.0f} elements")
    finally:
        httpd.shutdown()
    return {f"phone {address}": value for address, value in found.items()}
