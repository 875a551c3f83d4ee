"""Build tests: the fixture site and the sample content, built into tmp_path and parsed."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build, html_files, parse, snapshot

LANGS = ("en", "be", "ru")


@pytest.fixture(params=["built_fixture", "built_sample"])
def site(request) -> Path:
    return request.getfixturevalue(request.param)


def language_pages(site: Path) -> list[Path]:
    """Pages that exist per language (everything under /<lang>/)."""
    return [p for p in html_files(site) if p.relative_to(site).parts[0] in LANGS]


def resolve(site: Path, page: Path, href: str) -> Path | None:
    """The file an internal link leads to, or None for links that leave the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page
    if parts.path.startswith("/"):
        target = site / parts.path.lstrip("/")
    else:
        target = page.parent / parts.path
    target = Path(posixpath.normpath(str(target)))
    return target / "index.html" if href.split("#")[0].endswith("/") else target


def test_every_page_exists_in_every_language(site):
    paths = {p.relative_to(site).as_posix() for p in language_pages(site)}
    by_lang = {lang: {x.split("/", 1)[1] for x in paths if x.startswith(lang + "/")}
               for lang in LANGS}
    assert by_lang["en"], "no pages built"
    assert by_lang["en"] == by_lang["be"] == by_lang["ru"]
    for expected in ("index.html", "prisoners/index.html", "statements/index.html",
                     "timeline/index.html", "help/index.html", "write/index.html",
                     "about/index.html", "404.html"):
        assert expected in by_lang["en"]
    assert (site / "index.html").is_file() and (site / "404.html").is_file()


def test_every_internal_link_resolves(site):
    broken = []
    for page in html_files(site):
        soup = parse(page)
        for tag in soup.find_all(["a", "link"], href=True):
            target = resolve(site, page, tag["href"])
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(site)} → {tag['href']}")
            fragment = urlsplit(tag["href"]).fragment
            checkable = target is not None and fragment and target.is_file()
            if checkable and tag.name == "a" and parse(target).find(id=fragment) is None:
                broken.append(f"{page.relative_to(site)} → {tag['href']} (no #{fragment})")
    assert not broken, "\n".join(broken[:20])


def test_language_switcher_leads_to_the_same_page(site):
    for page in language_pages(site):
        rel = page.relative_to(site).as_posix()
        lang, rest = rel.split("/", 1)
        switcher = parse(page).find("nav", class_="languages")
        assert switcher is not None, rel
        links = {a["hreflang"]: a["href"] for a in switcher.find_all("a")}
        assert set(links) == set(LANGS) - {lang}, rel
        for other, href in links.items():
            target = resolve(site, page, href)
            assert target == site / other / rest, (rel, href)
        current = switcher.find(attrs={"aria-current": "page"})
        assert current["lang"] == lang


def test_hreflang_sets_are_complete_and_reciprocal(site):
    sets = {}
    for page in language_pages(site):
        if page.name == "404.html":
            continue
        soup = parse(page)
        canonical = soup.find("link", rel="canonical")["href"]
        alternates = {x["hreflang"]: x["href"] for x in soup.find_all("link", rel="alternate")
                      if x.get("hreflang")}
        assert set(alternates) == {*LANGS, "x-default"}, page
        assert canonical == alternates[page.relative_to(site).parts[0]], page
        assert alternates["x-default"] == alternates["en"]
        sets[canonical] = alternates
    for canonical, alternates in sets.items():
        for lang in LANGS:
            assert sets[alternates[lang]] == alternates, canonical


def test_html_lang_matches_the_folder(site):
    for page in language_pages(site):
        assert parse(page).html["lang"] == page.relative_to(site).parts[0]


def test_nothing_loads_from_another_origin(site):
    loaders = {"script": "src", "img": "src", "iframe": "src", "source": "src",
               "audio": "src", "video": "src", "embed": "src", "object": "data"}
    for page in html_files(site):
        soup = parse(page)
        for name, attr in loaders.items():
            for tag in soup.find_all(name):
                value = tag.get(attr, "")
                assert not urlsplit(value).netloc, f"{page}: <{name} {attr}={value}>"
        for link in soup.find_all("link", href=True):
            if set(link.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload"}:
                assert not urlsplit(link["href"]).netloc, f"{page}: {link}"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "http" not in text.replace("http://www.w3.org", "")


def test_no_inline_script_or_style(site):
    for page in html_files(site):
        soup = parse(page)
        for script in soup.find_all("script"):
            assert script.get("src") and not script.string, f"inline script in {page}"
        assert not soup.find_all("style"), page
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, f"style attribute in {page}: {tag.name}"
            assert not [a for a in tag.attrs if a.startswith("on")], f"handler in {page}"


def test_two_builds_are_byte_identical(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one == two and one


def test_portable_build_links_to_files(project, tmp_path):
    root = project("minimal")
    out = tmp_path / "portable"
    build(root, out, portable=True)
    for page in html_files(out):
        if page.name == "404.html":
            continue
        for a in parse(page).find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or not parts.path:
                continue
            assert not parts.path.endswith("/"), (page, a["href"])
            assert (page.parent / parts.path).resolve().is_file(), (page, a["href"])


def test_not_found_pages_link_from_the_site_root(built_fixture):
    soup = parse(built_fixture / "be/404.html")
    assert soup.html["lang"] == "be"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert "/be/" in hrefs and "/be/prisoners/" in hrefs
    assert soup.find("link", rel="stylesheet")["href"].startswith("/assets/")


def test_profile_photo_has_alt_text_and_credit_and_nothing_else_is_published(project):
    root = project("minimal")
    (root / "content/photos/not-cleared.png").write_bytes(b"\x89PNG not for publication")
    build(root)
    soup = parse(root / "site/en/prisoners/anna-test/index.html")
    img = soup.find("figure", class_="photo").img
    assert img["alt"] == "Anna Test, a plain grey placeholder"
    assert (root / "site/en/prisoners/anna-test" / img["src"]).resolve().is_file()
    assert "Fixture Org" in soup.find("figure", class_="photo").figcaption.get_text()
    assert sorted(p.name for p in (root / "site/photos").iterdir()) == [
        "anna-test-120.jpg", "anna-test-120.webp"]  # 120 px wide: one width, encoded again
