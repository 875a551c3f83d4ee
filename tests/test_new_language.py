"""Adding a language is one entry in data/site.yaml and one strings file: no code change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portal.stringcheck import PLURAL_CATEGORIES

from conftest import build, check, html_files, make_project, parse

POLISH_NOTICE = ("Ten tekst nie został jeszcze przetłumaczony na język polski. "
                 "Wyświetlamy go w języku: {language}.")


def polish_strings(english: dict) -> dict:
    """Polish interface strings for the test: the English texts, with Polish plural
    categories (one, few, many, other) and a Polish fallback notice."""
    def convert(value):
        if isinstance(value, dict) and set(value) <= set(PLURAL_CATEGORIES):
            return {c: value.get(c, value["other"]) for c in ("one", "few", "many", "other")}
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value
    strings = convert(english)
    strings["fallback"]["notice"] = POLISH_NOTICE
    return strings


@pytest.fixture(scope="module")
def polish_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("polish") / "site", "minimal")
    site = root / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "menu:", "  - code: pl\n    locale: pl\n    fallback: [en]\nmenu:", 1), encoding="utf-8")
    english = yaml.safe_load((root / "data/strings/en.yaml").read_text(encoding="utf-8"))
    (root / "data/strings/pl.yaml").write_text(
        yaml.safe_dump(polish_strings(english), allow_unicode=True), encoding="utf-8")
    assert not [p for p in check(root) if not p.warning]
    build(root)
    return root / "site"


def test_every_page_exists_in_the_new_language(polish_site):
    english = {p.relative_to(polish_site / "en") for p in html_files(polish_site / "en")}
    polish = {p.relative_to(polish_site / "pl") for p in html_files(polish_site / "pl")}
    assert english == polish and english


def test_new_language_pages_fall_back_visibly(polish_site):
    soup = parse(polish_site / "pl/statements/2025-09-11-release/index.html")
    assert soup.html["lang"] == "pl"
    notice = soup.find(class_="fallback-notice")
    assert notice.get_text().startswith("Ten tekst nie został jeszcze przetłumaczony")
    assert soup.h1["lang"] == "en"
    profile = parse(polish_site / "pl/prisoners/anna-test/index.html")
    assert profile.h1["lang"] == "en" and profile.h1.get_text() == "Anna Test"


def test_every_page_links_the_new_language(polish_site):
    for page in html_files(polish_site / "be"):
        soup = parse(page)
        if page.name == "404.html":
            continue
        hreflangs = {x["hreflang"] for x in soup.find_all("link", rel="alternate", hreflang=True)}
        assert "pl" in hreflangs
        switcher = soup.find("nav", class_="languages")
        assert switcher.find("a", hreflang="pl") is not None


def test_a_new_language_without_strings_is_an_error(project):
    root = project("minimal")
    site = root / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "menu:", "  - code: lt\n    locale: lt\n    fallback: [en]\nmenu:", 1), encoding="utf-8")
    messages = [str(p) for p in check(root)]
    assert any('no interface strings for "lt"; add data/strings/lt.yaml' in m for m in messages)
