"""Adding a language is one entry in data/site.yaml and one strings file: no code change.

The fourth language here is real: Polish, with its own interface strings
(tests/fixtures/languages/pl.yaml), its own plural forms (one, few, many, other), its
dates and language names from Babel, and a Polish statement and profile text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from portal.checks.stringcheck import flatten

from conftest import FIXTURES, build, check, html_files, make_project, parse

POLISH = FIXTURES / "languages" / "pl.yaml"
LANGUAGES = ("en", "be", "ru", "pl")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PLACEHOLDER = re.compile(r"\{\w+(?::\w+)?\}")
"""A placeholder, which a translation keeps as it is (`{day}`)."""


def polish_strings(english: dict, polish: dict) -> tuple[dict, list[str]]:
    """The Polish strings in the shape of the English file: each key of en.yaml with its
    Polish text. A key added to en.yaml after pl.yaml was written keeps its English text
    (returned, so that the test can say which), so that adding a string to the site does
    not break this test; a key en.yaml no longer has is left out."""
    texts = flatten(polish)
    added: list[str] = []

    def adapt(value, prefix: str):
        if isinstance(value, dict) and prefix.rstrip(".") not in texts:
            return {k: adapt(v, f"{prefix}{k}.") for k, v in value.items()}
        key = prefix.rstrip(".")
        if key in texts:
            return texts[key]
        added.append(key)
        if isinstance(value, dict):  # a plural map: Polish needs one, few, many, other
            return {c: value.get(c, value["other"]) for c in ("one", "few", "many", "other")}
        return value

    return adapt(english, ""), added


def add_polish(root: Path) -> list[str]:
    """Configure Polish as the fourth language of a fixture site, with a Polish
    statement and a Polish summary for one profile; return the strings still in English."""
    site = root / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "menu:", "  - code: pl\n    locale: pl\n    fallback: [en]\nmenu:", 1), encoding="utf-8")
    english = yaml.safe_load((root / "data/strings/en.yaml").read_text(encoding="utf-8"))
    strings, added = polish_strings(english, yaml.safe_load(POLISH.read_text(encoding="utf-8")))
    (root / "data/strings/pl.yaml").write_text(
        yaml.safe_dump(strings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    source = root / "content/statements/2025-09-11-release.en.md"
    text = source.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    (root / "content/statements/2025-09-11-release.pl.md").write_text(
        front.replace("title: Fifty-two released", "title: Uwolniono pięćdziesiąt dwie osoby")
        .replace("summary: A short summary.", "summary: Krótkie streszczenie.")
        + "\n---\n11 września 2025 roku uwolniono 52 osoby, wśród nich "
        "[Annę Test](prisoner:anna-test).\n", encoding="utf-8")
    anna = root / "data/prisoners/anna-test.yaml"
    anna.write_text(anna.read_text(encoding="utf-8").replace(
        "  ru: Журналистка, освобождённая в сентябре 2025 года.\n",
        "  ru: Журналистка, освобождённая в сентябре 2025 года.\n"
        "  pl: Dziennikarka uwolniona we wrześniu 2025 roku.\n", 1), encoding="utf-8")
    return added


@pytest.fixture(scope="module")
def polish_root(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("polish") / "site", "minimal")
    add_polish(root)
    return root


@pytest.fixture(scope="module")
def polish_site(polish_root) -> Path:
    build(polish_root)
    return polish_root / "site"


def test_the_polish_strings_are_a_full_translation():
    english = flatten(yaml.safe_load((FIXTURES.parent.parent / "data/strings/en.yaml")
                                     .read_text(encoding="utf-8")))
    polish = flatten(yaml.safe_load(POLISH.read_text(encoding="utf-8")))
    same = [k for k in polish if k in english and polish[k] == english[k]
            and isinstance(polish[k], str)
            and any(c.isalpha() for c in PLACEHOLDER.sub("", polish[k]))
            and polish[k] not in ("Status",)]  # the same word in Polish
    assert not same, f"still English in pl.yaml: {same}"
    assert len(polish) >= 0.9 * len(english), "pl.yaml lacks many strings of en.yaml"


def test_a_fourth_language_checks_clean(polish_root):
    problems = check(polish_root)
    assert not [str(p) for p in problems if not p.warning]
    # Polish is one more language texts are not yet translated into: a warning, not an error
    assert any("pl" in p.message for p in problems if p.warning)


def test_every_page_exists_in_the_new_language(polish_site):
    english = {p.relative_to(polish_site / "en") for p in html_files(polish_site / "en")}
    polish = {p.relative_to(polish_site / "pl") for p in html_files(polish_site / "pl")}
    assert english == polish and english


def test_polish_pages_speak_polish(polish_site):
    home = parse(polish_site / "pl/index.html")
    assert home.html["lang"] == "pl"
    assert home.find("a", class_="skip").get_text(strip=True) == "Przejdź do treści"
    statement = parse(polish_site / "pl/statements/2025-09-11-release/index.html")
    assert statement.h1.get_text(strip=True) == "Uwolniono pięćdziesiąt dwie osoby"
    assert statement.find(class_="fallback-notice") is None
    dates = [dd.get_text(strip=True) for dd in statement.find_all("dd")]
    assert "11 września 2025" in dates  # the Polish genitive month, from Babel
    profile = parse(polish_site / "pl/prisoners/anna-test/index.html")
    assert profile.find("p", class_="lead").get_text(strip=True) == \
        "Dziennikarka uwolniona we wrześniu 2025 roku."


def test_polish_plural_forms_are_used(polish_site):
    """Polish has four plural categories: 1 osoba, 2–4 osoby, 5–21 osób."""
    text = parse(polish_site / "pl/prisoners/index.html").get_text(" ", strip=True)
    assert any(f"{n} {word}" in text for n, word in ((1, "osoba"), (2, "osoby"), (3, "osoby"),
                                                     (4, "osoby"), (5, "osób")))
    assert "people" not in text and "person" not in text


def test_new_language_pages_fall_back_visibly(polish_site):
    soup = parse(polish_site / "pl/statements/2024-10-01-english-only/index.html")
    assert soup.html["lang"] == "pl"
    notice = soup.find(class_="fallback-notice")
    assert notice.get_text(" ", strip=True).startswith(
        "Ten tekst nie został jeszcze przetłumaczony na język polski")
    assert "angielski" in notice.get_text()  # the language's name, in Polish
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
        assert switcher.find("a", hreflang="pl").get_text(strip=True) == "Polski"


def test_the_new_language_is_redirected_and_has_its_404(polish_site):
    """site/_redirects is made from data/site.yaml: the new language needs no hand edit."""
    rules = [line.split() for line in (polish_site / "_redirects").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert [r for r in rules if r[0] == "/"] == [
        ["/", f"/{code}/", "302!", f"Language={code}"] for code in LANGUAGES]
    assert [r for r in rules if r[0] != "/"] == [
        [f"/{code}/*", f"/{code}/404.html", "404"] for code in LANGUAGES]
    missing = parse(polish_site / "pl/404.html")
    assert missing.html["lang"] == "pl" and missing.h1.get_text(strip=True) == \
        "Nie znaleziono strony"


def test_the_sitemap_lists_the_new_language(polish_site):
    root = ET.parse(polish_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert any("/pl/statements/2025-09-11-release/" in loc for loc in locations)


def test_a_new_language_without_strings_is_an_error(project):
    root = project("minimal")
    site = root / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "menu:", "  - code: lt\n    locale: lt\n    fallback: [en]\nmenu:", 1), encoding="utf-8")
    messages = [str(p) for p in check(root)]
    assert any('no interface strings for "lt"; add data/strings/lt.yaml' in m for m in messages)
