"""WCAG 2.1 AA and best practices with axe-core on every kind of page in every language;
keyboard and outline."""

from __future__ import annotations

from pathlib import Path

import pytest

LANGS = ("en", "be", "ru")
TEMPLATES = ["", "prisoners/", "prisoners/ihar-losik/", "prisoners/marfa-rabkova/letter/",
             "statements/", "statements/2025-09-11-release-of-52/", "timeline/", "help/",
             "write/", "about/", "birthdays/", "facilities/ik-4-homiel/", "404.html"]
PAGES = [f"{lang}/{t}" for lang in LANGS for t in TEMPLATES] + ["", "404.html",
                                                                 "status/translations/"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("address", PAGES)
def test_no_axe_violations(page, server, axe_source, address):
    page.goto(f"{server}/{address}")
    page.evaluate(axe_source)  # through the debugging protocol, so the CSP does not apply
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                           'best-practice']}})""")
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                  for v in result["violations"]]
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("address", ["en/", "be/prisoners/ihar-losik/", "ru/timeline/"])
def test_headings_form_an_outline(page, server, address):
    page.goto(f"{server}/{address}")
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6",
                                       "hs => hs.map(h => Number(h.tagName[1]))")
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_keyboard_reaches_skip_link_languages_menu_and_main(page, server):
    page.goto(f"{server}/be/prisoners/")
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => {
            const e = document.activeElement;
            return [e.className, e.closest('nav') ? e.closest('nav').className : '',
                    e.getAttribute('href')];
        }"""))
    assert reached[0][0] == "skip"
    assert any(nav == "languages" for _, nav, _ in reached)
    assert any(nav == "menu" for _, nav, _ in reached)
    page.goto(f"{server}/be/prisoners/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_images_have_alt_text(page, server, site_pages):
    for address in site_pages[:: max(1, len(site_pages) // 30)]:
        page.goto(f"{server}/{address}")
        assert page.eval_on_selector_all("img:not([alt])", "e => e.length") == 0


def test_notices_are_announced_with_their_language(browser, fixture_server):
    page = browser.new_page()
    page.goto(f"{fixture_server}/be/statements/2024-10-01-english-only/")
    notice = page.locator(".fallback-notice")
    assert notice.get_attribute("role") == "note"
    assert page.locator("h1").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("lang") == "be"
    page.close()
