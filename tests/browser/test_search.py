"""Full-text and name search in the browser, from the sharded index (portal/outputs/fulltext.py):
every spelling of a name finds the person in every language, a query fetches only the
files it needs, results come twenty at a time, and nothing is asked of another host."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.build.builder import build
from portal.options import Options
from portal.outputs import fulltext
from portal.outputs.shards import shards as shard_index
from tests.bench.generate import generate

from .conftest import _serve
from conftest import make_project

SPELLINGS = ("Kalesnikava", "Kolesnikova", "Калеснікава", "Колесникова", "maria kalesnikava")
TITLE = {"en": "Maryia Kalesnikava", "be": "Марыя Калеснікава", "ru": "Мария Колесникова"}


def results(page) -> list[str]:
    return page.locator(".search-results a").all_inner_texts()


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_every_spelling_of_a_name_finds_the_person(browser, server, lang):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server}/{lang}/search/")
    assert page.locator(".no-script-search").is_hidden()
    for spelling in SPELLINGS:
        page.fill("#search-query", spelling)
        expect(page.locator(".search-results a", has_text=TITLE[lang])).to_have_count(1)
    page.locator(".search-results a", has_text=TITLE[lang]).click()
    page.wait_for_url(f"{server}/{lang}/prisoners/maryia-kalesnikava/")
    assert all(r.startswith(server) for r in requests)
    assert not any(r.endswith("index.json") for r in requests)
    context.close()


def test_words_of_statements_in_the_readers_language(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/en/search/")
    page.fill("#search-query", "civil society platf")  # the last word still being typed
    expect(page.locator(".search-results li").first).to_be_visible()
    assert any("52" in t for t in results(page)), results(page)
    page.fill("#search-query", "zzqx")
    expect(page.locator(".search-count")).to_have_text("Nothing found.")
    expect(page.locator(".search-results li")).to_have_count(0)
    page.goto(f"{server}/ru/search/?q=%D0%B3%D1%80%D0%B0%D0%B6%D0%B4%D0%B0%D0%BD%D1%81%D0%BA%D0%BE%D0%B3%D0%BE")
    expect(page.locator(".search-results li").first).to_be_visible()  # «гражданского»
    assert all(re_cyrillic(t) for t in results(page)), results(page)
    context.close()


def re_cyrillic(text: str) -> bool:
    return any("а" <= c <= "я" or "А" <= c <= "Я" for c in text)


def test_a_broken_connection_says_so(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/en/search/")
    page.route("**/search/**/*.json", lambda route: route.abort())
    page.route("**/search/manifest.json", lambda route: route.abort())
    page.fill("#search-query", "Kalesnikava")
    expect(page.locator(".search-count")).to_contain_text("could not load")
    page.unroute("**/search/**/*.json")
    page.unroute("**/search/manifest.json")
    page.fill("#search-query", "Kalesnikav")
    expect(page.locator(".search-results a", has_text=TITLE["en"])).to_have_count(1)
    context.close()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    """A synthetic portal of 300 people and 60 statements (tests/bench/generate.py)."""
    folder = tmp_path_factory.mktemp("large")
    root = generate(folder / "project", 300, 60)
    settings = root / "data/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "share_images: false\n",
                        encoding="utf-8")
    build(Options(root=root, out=folder / "site", today=dt.date(2025, 12, 20), jobs=1))
    return folder / "site"


def test_a_query_fetches_a_few_small_files_and_results_come_twenty_at_a_time(
        browser, large_site):
    httpd = _serve(large_site)
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{server}/be/search/")
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.removeprefix(f"{server}/be/search/")))
        page.locator("#search-query").press_sequentially("Сінтэтычны Чалавек № 00123", delay=30)
        expect(page.locator(".search-results a")).to_have_text(["Сінтэтычны Чалавек № 00123"])
        index = large_site / "be/search"
        shards = [p for p in index.rglob("*.json") if p.parent != index]
        assert "manifest.json" in fetched and len(set(fetched)) < len(shards) / 2, fetched
        page.fill("#search-query", "Synthetic person")  # every person, in the Latin script
        expect(page.locator(".search-results li")).to_have_count(20)
        count = page.locator(".search-count").inner_text()
        manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
        assert count == "Знойдзена: 294", count  # six of 300 have their names withheld
        assert manifest["count"] == 294 + 60 + 3
        page.locator(".search-more").click()
        expect(page.locator(".search-results li")).to_have_count(40)
        fortieth = page.locator(".search-results li").nth(39).locator("a")
        assert fortieth.inner_text() == "Сінтэтычны Чалавек № 00040"
        fortieth.click()
        page.wait_for_url(f"{server}/be/prisoners/synthetic-person-00040/")
        context.close()
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def many_shards(tmp_path_factory) -> Path:
    """The minimal fixture site with its search index cut into shards of one word each, as
    a large site's index is cut (so that a one-letter word spans many)."""
    folder = tmp_path_factory.mktemp("shards")
    root = make_project(folder / "project", "minimal")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext, "shards", partial(shard_index, limit=1))
        build(Options(root=root, out=folder / "site", today=dt.date(2025, 12, 20), jobs=1))
    return folder / "site"


def test_a_long_query_fetches_a_bounded_number_of_files(browser, many_shards):
    """A shared link with thirty one-letter words fetches a few shards, not the whole
    index (each letter is in a shard of its own), and says which words it looked up."""
    httpd = _serve(many_shards)
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        context = browser.new_context()
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.removeprefix(f"{server}/en/search/")))
        letters = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d"
        page.goto(f"{server}/en/search/?q={letters.replace(' ', '+')}")
        expect(page.locator(".search-count")).to_contain_text(
            "Only these words were looked up: a b c d.")
        index = many_shards / "en/search"
        shards = [p for p in index.rglob("*.json") if p.parent.name in ("w", "n")]
        looked_up = [u for u in fetched if u.startswith(("w/", "n/"))]
        assert len(looked_up) <= 2 * 4 * 4 < len(shards), (looked_up, len(shards))
        page.fill("#search-query", "x released anna")  # one letter beside longer words
        expect(page.locator(".search-count")).to_have_text(
            re.compile(r"Found: \d+ Only these words were looked up: released anna\."))
        page.fill("#search-query", "ann anna")  # a word that begins another: nothing lost
        expect(page.locator(".search-results a", has_text="Anna Test")).to_have_count(1)
        expect(page.locator(".search-count")).not_to_contain_text("Only")
        context.close()
    finally:
        httpd.shutdown()


def test_filters_on_a_paged_list_find_everyone_from_one_file(browser, large_site):
    """300 people are two pages; the filters on the second find people of the first, from
    people.json, fetched once when a filter is first used; clearing them shows the page."""
    httpd = _serve(large_site)
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        context = browser.new_context()
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url.removeprefix(server)))
        page.goto(f"{server}/en/prisoners/page/2/")
        own = page.locator(".paged-list li.person")
        assert own.count() == 100 and not any(u.endswith(".json") for u in fetched)
        page.select_option("#filter-status", "released")
        found = page.locator(".filter-results li.person")
        expect(page.locator(".paged-list")).to_be_hidden()
        expect(page.locator(".filter-count")).to_have_text(re.compile(r"Shown: \d+"))
        total = int(page.locator(".filter-count").inner_text().split()[-1])
        data = json.loads((large_site / "en/prisoners/people.json").read_text())
        released = [r for r in data["people"] if r[3] == "released"]
        assert total == len(released) and found.count() == min(total, 100)
        page.fill("#filter-name", "zzzz")
        expect(page.locator(".filter-count")).to_have_text("Shown: 0")
        page.fill("#filter-name", "")
        page.select_option("#filter-status", "")
        expect(page.locator(".paged-list")).to_be_visible()
        expect(page.locator(".filter-results")).to_be_hidden()
        page.fill("#filter-name", "synthetic")
        expect(found).to_have_count(100)
        page.locator(".filter-more").click()
        expect(found).to_have_count(200)
        assert [u for u in fetched if u.endswith(".json")] == ["/en/prisoners/people.json"]
        found.nth(0).locator("a").click()
        page.wait_for_url(f"{server}/en/prisoners/synthetic-person-00001/")
        context.close()
    finally:
        httpd.shutdown()


@pytest.mark.parametrize("address", ["en/prisoners/page/2/", "be/prisoners/status/imprisoned/",
                                     "ru/search/"])
def test_paged_lists_and_search_results_have_no_axe_violations(browser, large_site, address):
    import axe_playwright_python

    axe = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    httpd = _serve(large_site)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{address}")
        if "search" in address:
            page.fill("#search-query", "Синтетический")
            expect(page.locator(".search-more")).to_be_visible()
        elif "page/2" in address:
            page.fill("#filter-name", "synth")
            expect(page.locator(".filter-more")).to_be_visible()
        page.evaluate(axe)  # through the debugging protocol, so the CSP does not apply
        result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
        assert [v["id"] for v in result["violations"]] == []
        context.close()
    finally:
        httpd.shutdown()


def test_paged_lists_are_valid_html_with_no_warnings(large_site):
    from .conftest import require
    from .test_validity import VNU

    require("The Nu Html Checker", VNU.is_file(), "npm ci, in the project folder")
    require("Java", shutil.which("java") is not None, "apt-get install default-jre-headless")
    pages = [str(large_site / p / "index.html") for p in (
        "en/prisoners", "be/prisoners/page/2", "ru/prisoners/status/imprisoned",
        "en/prisoners/page/2", "be/search")]
    assert all(Path(p).is_file() for p in pages)
    result = subprocess.run(["java", "-Xss4m", "-jar", str(VNU), "--format", "json", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages] == []
