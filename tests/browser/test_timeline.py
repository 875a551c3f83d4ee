"""The timeline's chart in the browser: within the content column on a wide screen; on a
phone, scrolling sideways from its start with the axis in view and a note that says so,
without JavaScript, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import LANGS
from .test_screens import shoot
from conftest import PROJECT

COLUMN = """() => {
  const main = document.querySelector('main'), style = getComputedStyle(main);
  const box = main.getBoundingClientRect();
  return {left: box.left + parseFloat(style.paddingLeft),
          right: box.right - parseFloat(style.paddingRight),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""
"""The content column (the main element inside its padding), and how far the page is
wider than the window."""


def note_text(lang: str) -> str:
    strings = yaml.safe_load((PROJECT / f"data/strings/{lang}.yaml").read_text("utf-8"))
    return strings["timeline"]["chart_scrolls"]


@pytest.fixture
def page_at(browser):
    """A page of a given width, without JavaScript (the chart needs none)."""
    contexts = []

    def open_page(width: int):
        context = browser.new_context(java_script_enabled=False,
                                      viewport={"width": width, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_at_1000px_the_chart_sits_in_the_content_column(page_at, server, lang):
    page = page_at(1000)
    page.goto(f"{server}/{lang}/timeline/")
    column = page.evaluate(COLUMN)
    chart = page.locator("svg.chart").bounding_box()
    assert column["overflow"] <= 0
    assert abs(chart["x"] - column["left"]) <= 1, "the chart is pushed to the right"
    assert chart["x"] + chart["width"] <= column["right"] + 1
    assert page.locator(".scroll-note").is_hidden()  # nothing scrolls at this width


@pytest.mark.parametrize("lang", LANGS)
def test_at_360px_the_axis_is_in_view_and_a_note_says_the_chart_scrolls(page_at, server,
                                                                         lang):
    page = page_at(360)
    page.goto(f"{server}/{lang}/timeline/")
    assert page.evaluate(COLUMN)["overflow"] <= 0
    scroller = page.locator(".chart-scroll")
    assert scroller.evaluate("e => e.scrollWidth - e.clientWidth") > 0
    assert scroller.evaluate("e => e.scrollLeft") == 0  # at its start
    counts = page.locator("svg.chart text.axis[text-anchor=end]")  # 0, 500, 1,000…
    labels = [counts.nth(i).bounding_box() for i in range(counts.count())]
    assert labels and all(b["x"] >= 0 and b["x"] + b["width"] <= 360 for b in labels)
    note = page.locator(".scroll-note")
    assert note.is_visible() and note.inner_text().strip() == note_text(lang)
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_the_chart_scrolls_by_keyboard_and_has_a_name(page_at, server):
    page = page_at(360)
    page.goto(f"{server}/en/timeline/")
    region = page.get_by_role("region", name="How the number of political prisoners changed")
    assert region.get_attribute("class") == "chart-scroll"
    first = page.locator(".chart .dot").first.bounding_box()["x"]
    region.focus()
    page.wait_for_function("document.activeElement?.classList.contains('chart-scroll')")
    for _ in range(20):  # a busy machine may drop a key press; a reader presses again
        page.keyboard.press("ArrowRight")
        if page.evaluate("document.querySelector('.chart-scroll').scrollLeft") > 0:
            break
        page.wait_for_timeout(250)
    page.wait_for_function("document.querySelector('.chart-scroll').scrollLeft > 0")
    assert page.locator(".chart .dot").first.bounding_box()["x"] < first


def test_no_axe_violations_on_a_phone(browser, server):
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    for lang in LANGS:
        page.goto(f"{server}/{lang}/timeline/")
        page.evaluate(axe)
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
        assert [v["id"] for v in result["violations"]] == [], lang
    context.close()


@pytest.mark.parametrize("width", [360, 1000])
def test_screenshots_of_the_chart(page_at, server, artifacts, width):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    page = page_at(width)
    for lang in LANGS:
        page.goto(f"{server}/{lang}/timeline/")
        shoot(page, folder / f"timeline-chart-{lang}-{width}.png")
