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


def test_robots_rules_read_alike_by_first_match_and_longest_match_readers(built_sample):
    """Python's robotparser takes the first rule that matches, Google the longest: both
    keep out of the editors' pages and crawl the rest."""
    from urllib.robotparser import RobotFileParser

    rules = (built_sample / "robots.txt").read_text().splitlines()
    first_match = RobotFileParser()
    first_match.parse(rules)
    for address, allowed in (("/status/translations/", False), ("/en/", True),
                             ("/be/prisoners/ihar-losik/", True), ("/", True)):
        assert first_match.can_fetch("AnyBot", address) is allowed, address
        matching = [(len(path), kind == "Allow") for kind, _, path in
                    (line.partition(": ") for line in rules)
                    if kind in ("Allow", "Disallow") and address.startswith(path)]
        assert (max(matching)[1] if matching else True) is allowed, address


def test_pages_carry_open_graph_meta_in_their_language(built_sample):
    soup = parse(built_sample / "be/prisoners/ihar-losik/index.html")
    meta = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)
            if not m["property"].endswith("alternate")}
    assert meta["og:title"] == "Ігар Лосік"
    assert meta["og:locale"] == "be_BY"
    assert meta["og:url"] == "https://political-prisoners.example.org/be/prisoners/ihar-losik/"
    assert meta["og:description"].startswith("Блогер і журналіст")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"


def test_share_links_are_plain_with_a_risk_note_for_readers_in_belarus(built_sample):
    # Readers of every language get the warning: an English reader may be in Belarus too.
    for lang, has_note in (("be", True), ("ru", True), ("en", True)):
        soup = parse(built_sample / f"{lang}/statements/2025-09-11-release-of-52/index.html")
        share = soup.find("section", class_="share")
        links = [a["href"] for a in share.find_all("a")]
        assert any(h.startswith("https://t.me/share/url?url=https%3A//") for h in links)
        assert not share.find_all(["script", "iframe", "img"])
        assert (share.find(class_="warning") is not None) == has_note
        button = share.find("button", class_="copy-button")
        assert button.has_attr("hidden") and button["data-copy-text"].startswith("https://")


def test_share_images_are_drawn_for_profiles_and_statements(built_sample):
    from PIL import Image

    soup = parse(built_sample / "ru/prisoners/maryia-kalesnikava/index.html")
    url = soup.find("meta", property="og:image")["content"]
    assert url == ("https://political-prisoners.example.org/ru/prisoners/"
                   "maryia-kalesnikava/share.png")
    image = Image.open(built_sample / "ru/prisoners/maryia-kalesnikava/share.png")
    assert image.size == (1200, 630) and image.format == "PNG"
    assert (built_sample / "be/statements/2025-09-11-release-of-52/share.png").is_file()
    home = parse(built_sample / "ru/index.html")
    assert home.find("meta", property="og:image") is None


def test_share_images_come_from_the_cache_until_their_words_change(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one")
    cache = sorted((root / ".cache/share").iterdir())
    assert cache
    stamps = {p.name: p.stat().st_mtime_ns for p in cache}
    build(root, tmp_path / "two")
    assert {p.name: p.stat().st_mtime_ns for p in (root / ".cache/share").iterdir()} == stamps
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("en: Anna Test", "en: Anna Testova"))
    build(root, tmp_path / "three")
    assert len(list((root / ".cache/share").iterdir())) == len(cache) + 1
    assert (tmp_path / "one/en/prisoners/anna-test/share.png").read_bytes() != \
        (tmp_path / "three/en/prisoners/anna-test/share.png").read_bytes()


def test_share_images_are_small_palette_pngs_that_look_as_drawn_in_full_colour():
    """14 colours (paper, four shades of each ink, white) at four bits a pixel: at most
    15,000 bytes, and no pixel more than half a shade off the same card drawn in full
    colour (only at the edges of letters)."""
    import io

    from PIL import Image, ImageChops, ImageDraw

    from portal.outputs import shareimage as share

    words = ("Марыя Калеснікава", "Зняволеная · статус на 12 верасня 2025 г.",
             "Палітвязні Беларусі")
    data = share.draw(*words)
    image = Image.open(io.BytesIO(data))
    assert image.mode == "P" and image.size == (1200, 630) and len(data) <= 15_000
    assert data[24] == 4  # bits a pixel (the PNG header)
    reference = Image.new("RGB", image.size, share.PAPER)
    pen = ImageDraw.Draw(reference)
    pen.rectangle((0, 0, 36, 630), fill=(255, 255, 255))
    pen.rectangle((0, 210, 36, 420), fill=share.ACCENT)
    pen.text((90, 70), words[2], font=share._font(True, 38), fill=share.ACCENT)
    pen.text((90, 180), words[0], font=share._font(True, 76), fill=share.INK)
    pen.text((90, 301), words[1], font=share._font(False, 36), fill=share.MUTED)
    difference = ImageChops.difference(image.convert("RGB"), reference)
    half_shade = max(p - i for p, i in zip(share.PAPER, share.INK, strict=True)) / (
        2 * (share.LEVELS - 1))
    assert max(high for _, high in difference.getextrema()) <= half_shade + 2
    histogram = difference.convert("L").histogram()
    assert sum(n * level for level, n in enumerate(histogram)) / sum(histogram) < 0.5
    assert share.draw(*words) == data  # the same words, the same bytes


def test_no_share_image_weighs_more_than_15000_bytes(built_sample):
    """The longest texts a card holds (three lines of title, two of subtitle) too."""
    from portal.outputs import shareimage as share

    sizes = {p.relative_to(built_sample).as_posix(): p.stat().st_size
             for p in built_sample.rglob("share.png")}
    assert len(sizes) > 30 and max(sizes.values()) <= 15_000, max(sizes.items(),
                                                                   key=lambda x: x[1])
    longest = share.draw("Заявление Правозащитного центра «Весна» о признании политическими "
                         "заключёнными ещё двенадцати человек, осуждённых за комментарии",
                         "12 сентября 2024 г. · Правозащитный центр «Весна», Белорусская "
                         "ассоциация журналистов", "Политзаключённые Беларуси")
    assert len(longest) <= 15_000
