"""Every built page passes the Nu Html Checker; feeds and calendars parse."""

from __future__ import annotations

import json
import shutil
import subprocess

from icalendar import Calendar

from .conftest import require
from conftest import PROJECT

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
"""The current Nu Html Checker, from npm (`vnu-jar`, fixed in package.json)."""


def test_every_page_is_valid_html_with_no_warnings(built_sample):
    require("The Nu Html Checker", VNU.is_file(), "npm ci, in the project folder")
    require("Java", shutil.which("java") is not None, "apt-get install default-jre-headless")
    pages = sorted(str(p) for p in built_sample.rglob("*.html"))
    result = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    found = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')} "
             f"{m.get('type')}/{m.get('subType', '')} {m['message']}" for m in messages]
    assert not found, "\n".join(found[:20])
    assert len(pages) > 80


def test_calendars_parse(built_sample):
    for path in [built_sample / "calendar/birthdays.ics",
                 *sorted(built_sample.glob("*/calendar/birthdays.ics"))]:
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar["VERSION"] == "2.0"
