"""Follow and be found: Atom feeds, the sitemap with its alternates, robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser

from conftest import build, parse

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_statement_feeds_parse_and_fall_back(built_fixture):
    feed = feedparser.parse((built_fixture / "be/feeds/statements.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [e.title for e in feed.entries]
    assert titles == ["Вызвалены пяцьдзесят два чалавекі", "Only in English"]
    assert feed.entries[0].link == "https://fixture.example/be/statements/2025-09-11-release/"
    assert feed.entries[0].id == "tag:fixture.example,2025-09-11:statement/2025-09-11-release"


def test_changes_feed_lists_status_changes_and_never_withheld_names(built_fixture):
    feed = feedparser.parse((built_fixture / "en/feeds/changes.xml").read_bytes())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Anna Test: Released"
    assert "Clara Test: Detained" in titles
    text = (built_fixture / "en/feeds/changes.xml").read_text(encoding="utf-8")
    assert "Secret Person" not in text


def test_feed_ids_are_stable_across_builds(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one")
    page = root / "content/statements/2025-09-11-release.en.md"
    page.write_text(page.read_text().replace("Fifty-two released", "Fifty-two people released"))
    build(root, tmp_path / "two")
    ids = [[e.id for e in feedparser.parse((tmp_path / d / "en/feeds/statements.xml")
                                           .read_bytes()).entries] for d in ("one", "two")]
    assert ids[0] == ids[1]


def test_pages_link_their_feeds(built_fixture):
    links = parse(built_fixture / "ru/index.html").find_all(
        "link", rel="alternate", type="application/atom+xml")
    assert [x["href"] for x in links] == ["feeds/statements.xml", "feeds/changes.xml"]


def test_sitemap_alternates_are_complete_and_reciprocal(built_sample):
    root = ET.parse(built_sample / "sitemap.xml").getroot()
    alternates = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text
        links = {x.get("hreflang"): x.get("href") for x in url.findall(f"{XHTML}link")}
        assert set(links) == {"en", "be", "ru", "x-default"}, loc
        assert loc in links.values()
        alternates[loc] = links
    for links in alternates.values():
        for lang in ("en", "be", "ru"):
            assert alternates[links[lang]] == links
    pages = {p.relative_to(built_sample).as_posix() for p in built_sample.rglob("index.html")
             if p.relative_to(built_sample).parts[0] in ("en", "be", "ru")}
    assert len(alternates) == len(pages)


def test_robots_points_to_the_sitemap(built_sample):
    text = (built_sample / "robots.txt").read_text()
    assert "Sitemap: https://political-prisoners.example.org/sitemap.xml" in text
    assert "Disallow: /status/" in text
