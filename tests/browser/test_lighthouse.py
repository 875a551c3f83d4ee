"""Lighthouse (npm `lighthouse`, fixed in package.json, driving the system Chromium) on
every kind of page in every language, served as Netlify serves them (compressed, with the
headers from netlify.toml): accessibility, best practices and SEO 100. Of performance
(a phone on a slow connection, simulated), what does not depend on how busy the machine
running the test is: no layout shift to speak of (CLS at most 0.1; test_weight.py checks
that no script blocks rendering). The performance score itself (its blocking time is
the test machine's CPU time, scaled) is written to test-artifacts/lighthouse.json for
people to read, not asserted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from .conftest import CHROMIUM_ARGS, LANGS, chromium_path, require
from conftest import PROJECT

LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
KINDS = {
    "home": "{lang}/",
    "prisoners": "{lang}/prisoners/",
    "status": "{lang}/prisoners/status/imprisoned/",
    "profile": "{lang}/prisoners/ihar-losik/",
    "letter": "{lang}/prisoners/mikalai-statkevich/letter/",
    "letter guide": "{lang}/write/",
    "help": "{lang}/help/",
    "timeline": "{lang}/timeline/",
    "statements": "{lang}/statements/",
    "statement": "{lang}/statements/2025-09-11-release-of-52/",
    "search": "{lang}/search/",
    "birthdays": "{lang}/birthdays/",
    "facility": "{lang}/facilities/sizo-1-minsk/",
}
LEAST = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
STEADY = {"cumulative-layout-shift": 0.1}
"""Performance metrics that do not depend on the test machine's speed: the most allowed."""


@pytest.fixture(scope="module")
def lighthouse(tmp_path_factory):
    require("Lighthouse", LIGHTHOUSE.is_file() and shutil.which("node") is not None,
            "npm ci, in the project folder")
    chromium = chromium_path()
    require("Chromium", chromium is not None, "apt-get install chromium")
    folder = tmp_path_factory.mktemp("lighthouse")

    def run(url: str) -> dict:
        report = folder / "report.json"
        # Chromium now and then records no trace (NO_NAVSTART), twice running on a busy
        # machine: try again, each time with a fresh browser profile
        for attempt in range(5):
            flags = " ".join(["--headless=new", *CHROMIUM_ARGS,
                              f"--user-data-dir={folder / f'profile-{attempt}'}"])
            result = subprocess.run(
                [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                 f"--chrome-flags={flags}",
                 "--only-categories=performance,accessibility,best-practices,seo"],
                env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True,
                timeout=180)
            if result.returncode == 0 or "Please run Lighthouse again" not in result.stderr:
                break
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(report.read_text(encoding="utf-8"))

    return run


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_lighthouse_scores(lighthouse, server, built_sample, artifacts, kind, lang):
    address = KINDS[kind].format(lang=lang)
    assert (built_sample / address / "index.html").is_file(), address
    report = lighthouse(f"{server}/{address}")
    scores = {name: report["categories"][name]["score"] for name in (*LEAST, "performance")}
    _record(artifacts / "lighthouse.json", address, scores)
    failing = [f"{audit['id']}: {audit.get('displayValue', '')} {audit['title']}"
               for audit in report["audits"].values()
               if audit.get("score") is not None and audit["score"] < 0.9
               and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    assert all(scores[name] >= least for name, least in LEAST.items()), (scores, failing)
    steady = {name: report["audits"][name]["numericValue"] for name in STEADY}
    assert all(steady[name] <= most for name, most in STEADY.items()), (steady, failing)


def _record(path, address: str, scores: dict) -> None:
    found = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    found[address] = scores
    path.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
