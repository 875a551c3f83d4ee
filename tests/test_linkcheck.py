"""The link check every build runs before publishing."""

from __future__ import annotations

from portal.build.linkcheck import LinkCheck


def checked(pages: dict[str, str], prefix: str = "/", only=None) -> list[str]:
    links = LinkCheck(prefix)
    for path, html in pages.items():
        links.observe(path, html.encode())
    return [p.message for p in links.problems({}, None, only)]


def test_links_to_other_sites_and_mail_are_not_followed():
    page = ('<a href="https://example.org/x">a</a><a href="//cdn.example/y">b</a>'
            '<a href="mailto:help@example.org">c</a><a href="tel:+375">d</a>')
    assert checked({"en/index.html": page}) == []


def test_relative_links_resolve_with_queries_encodings_and_fragments():
    pages = {
        "en/index.html": '<a href="prisoners/?sort=name">a</a>'
                         '<a href="../files/a%20b.pdf">b</a><a href="#top">c</a>'
                         '<a href="prisoners/#list">d</a><a href="../en/">e</a>'
                         '<a href="prisoners/?a=1&amp;b=2#list">f</a>',
        "en/prisoners/index.html": '<h1 id="list">x</h1>',
        "files/a b.pdf": "",
    }
    pages["en/index.html"] += '<p id="top">'
    assert checked(pages) == []


def test_broken_links_say_why():
    pages = {
        "en/index.html": '<a href="../nowhere/">a</a><a href="prisoners/#nope">b</a>'
                         '<a href="../../up/">c</a><a href="/other/x/">d</a>',
        "en/prisoners/index.html": '<h1 id="list">x</h1>',
    }
    assert sorted(checked(pages, prefix="/portal/")) == sorted([
        "the built page en/index.html links to ../nowhere/, which does not exist",
        "the built page en/index.html links to prisoners/#nope, which has no #nope",
        "the built page en/index.html links to ../../up/, which is outside the site",
        "the built page en/index.html links to /other/x/, which is outside the site",
    ])


def test_a_forgotten_page_breaks_the_links_to_it_and_checks_can_be_limited():
    links = LinkCheck()
    links.observe("en/index.html", b'<a href="about/">a</a>')
    links.observe("de/index.html", b'<a href="../en/about/">a</a>')
    links.observe("en/about/index.html", b"<p>about</p>")
    assert links.problems({}) == []
    links.forget("en/about/index.html")
    assert len(links.problems({})) == 2
    assert [p.message for p in links.problems({}, None, ["de/index.html"])] == [
        "the built page de/index.html links to ../en/about/, which does not exist"]


def test_links_up_and_across_folders_resolve_as_a_browser_would():
    page = ('<a href="../../../assets/style.css">a</a><a href="../boris/">b</a>'
            '<a href="./">c</a><a href="../../index.html#top">d</a><a href="share.png">e</a>'
            '<a href="../../../../up/">f</a><a href="../boris/./#x">g</a>')
    pages = {
        "en/prisoners/anna/index.html": page + '<p id="x">',
        "en/prisoners/boris/index.html": '<p id="x">',
        "en/prisoners/anna/share.png": "",
        "en/index.html": '<p id="top">',
        "assets/style.css": "",
    }
    assert checked(pages) == [
        "the built page en/prisoners/anna/index.html links to ../../../../up/, which is "
        "outside the site"]
