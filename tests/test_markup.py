"""Editors' Markdown: formatting survives, anything dangerous does not."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.content.markup import BrokenReference, MarkdownRenderer


@pytest.fixture(scope="module")
def render():
    renderer = MarkdownRenderer()
    return lambda text, resolver=None: BeautifulSoup(renderer.render(text, resolver),
                                                     "html.parser")


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="color:red" onclick="x()">hi</p>',
    '<object data="x.swf"></object>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
])
def test_dangerous_html_is_removed(render, text):
    soup = render(text)
    assert not soup.find_all(["script", "svg", "iframe", "object", "embed", "style"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on") or a == "style"]
        for attr in ("href", "src"):
            value = tag.get(attr, "")
            assert not value.lower().startswith(("javascript:", "data:")), tag


def test_images_from_other_sites_are_not_loaded(render):
    soup = render("![A drawing](https://tracker.example/pixel.png) ![Local](../photos/a.png)")
    sources = [img.get("src") for img in soup.find_all("img")]
    assert sources == [None, "../photos/a.png"]


def test_ordinary_formatting_survives(render):
    text = (
        "## Heading\n\nSome *emphasis*, **strong** and a [link](https://example.org).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> a quotation\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n![A card](card.png)\n"
    )
    soup = render(text)
    assert soup.h2.get_text() == "Heading"
    assert soup.em.get_text() == "emphasis" and soup.strong.get_text() == "strong"
    assert soup.find("a")["href"] == "https://example.org"
    assert [li.get_text() for li in soup.ul.find_all("li")] == ["one", "two"]
    assert soup.ol and soup.blockquote and soup.table.find_all("td")[1].get_text() == "2"
    assert soup.img["alt"] == "A card"


def test_site_references_resolve_per_page(render):
    soup = render("[Ihar](prisoner:ihar-losik)", lambda kind, ident: f"../{ident}/")
    assert soup.a["href"] == "../ihar-losik/"
    with pytest.raises(BrokenReference):
        render("[x](prisoner:nobody)", lambda kind, ident: None)


def test_cache_renders_each_text_once_and_never_gives_stale_output(tmp_path, monkeypatch):
    import portal.content.markup

    first = MarkdownRenderer(tmp_path)
    text = "See [Ihar](prisoner:ihar-losik), *please*."
    html = first.render(text, lambda kind, ident: f"../{ident}/")
    assert first.render(text, lambda kind, ident: f"../../{ident}/") == html.replace(
        "../ihar-losik/", "../../ihar-losik/")
    assert first.rendered == 1
    second = MarkdownRenderer(tmp_path)  # another process, the same disk cache
    assert second.render(text, lambda kind, ident: f"../{ident}/") == html
    assert second.rendered == 0
    changed = second.render(text.replace("please", "pleasE"), lambda k, i: "x/")
    assert "pleasE" in changed and second.rendered == 1
    monkeypatch.setattr(portal.content.markup, "CACHE_VERSION", "test-bump")
    third = MarkdownRenderer(tmp_path)
    third.render(text, lambda kind, ident: "x/")
    assert third.rendered == 1


def test_a_build_from_the_cache_equals_a_build_without_it(project, tmp_path):
    from conftest import build, snapshot

    root = project("minimal")
    build(root, tmp_path / "fresh", cache=False)
    build(root, tmp_path / "warm-up")
    build(root, tmp_path / "cached")
    fresh, cached = snapshot(tmp_path / "fresh"), snapshot(tmp_path / "cached")
    assert fresh == cached
    assert any((root / ".cache/markdown").rglob("*.html"))


def test_footnotes_link_both_ways_and_no_other_id_survives(render):
    soup = render("A claim.[^1]\n\n[^1]: According to the source.\n\n"
                  '<p id="main">hijack</p> <a href="/\\evil.example/x">x</a> '
                  '<img src="\\\\evil.example\\x.png" alt="x">')
    ref = soup.find("sup", id="fnref:1")
    note = soup.find("li", id="fn:1")
    assert ref and note and "According to the source." in note.get_text()
    assert ref.a["href"] == "#fn:1"
    assert [a["href"] for a in note.find_all("a")] == ["#fnref:1"]
    assert sorted(t["id"] for t in soup.find_all(id=True)) == ["fn:1", "fnref:1"]
    assert [t.get("href") for t in soup.find_all("a") if t.get_text() == "x"] == [None]
    assert all("\\" not in (t.get("href", "") + t.get("src", ""))
               for t in soup.find_all(["a", "img"]))
