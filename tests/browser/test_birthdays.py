"""The birthdays page on a phone: the rows too late for a card fit, and the page is no
wider than the screen (the table scrolls in its own box)."""

from __future__ import annotations

import pytest
from test_birthdays import BUILT, add_people

from .conftest import LANGS, _serve
from conftest import build, make_project


@pytest.fixture(scope="module")
def birthdays_server(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("birthdays-browser"), "minimal")
    add_people(root)
    build(root, today=BUILT)
    httpd = _serve(root / "site")
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("lang", LANGS)
def test_too_late_rows_fit_a_phone(browser, birthdays_server, lang):
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.goto(f"{birthdays_server}/{lang}/birthdays/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    late = page.locator("td.too-late")
    assert late.count() == 2 and late.first.is_visible()
    box = late.first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    context.close()
