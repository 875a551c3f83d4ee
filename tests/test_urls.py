from pathlib import Path

import pytest

from portal.pages.urls import Linker, page_path


@pytest.mark.parametrize("here, target, expected", [
    ("en/prisoners/ihar-losik/", "en/statements/x/", "../../statements/x/"),
    ("en/prisoners/ihar-losik/", "be/prisoners/ihar-losik/", "../../../be/prisoners/ihar-losik/"),
    ("en/", "en/prisoners/", "prisoners/"),
    ("en/", "en/", "./"),
    ("", "en/", "en/"),
    ("en/prisoners/x/", "assets/style.css", "../../../assets/style.css"),
])
def test_links_are_relative_to_the_page(here, target, expected):
    assert Linker(here).to(target) == expected


def test_portable_links_name_the_index_file():
    assert Linker("en/", portable=True).to("en/prisoners/") == "prisoners/index.html"


def test_404_pages_link_from_the_site_root():
    assert Linker("en/404.html", absolute_prefix="/mirror/").to("en/") == "/mirror/en/"


def test_the_same_slug_in_every_language():
    assert page_path("prisoner", "be", "ihar-losik") == "be/prisoners/ihar-losik/"
    assert page_path("page", "ru", "about") == "ru/about/"


def test_relative_links_are_those_posixpath_makes():
    """The quick way of working out a relative link gives what posixpath.relpath gives,
    for every shape of path a page or a link may have."""
    import itertools
    import posixpath

    from portal.pages.urls import _relpath

    def paths(most: int) -> list[str]:
        parts = ["", "en", "x", ".", "..", "a.html"]
        found = {"/".join(p) for n in range(most + 1) for p in itertools.product(parts, repeat=n)}
        return sorted(found | {p + "/" for p in found})

    for target, base in itertools.product(paths(3), paths(2)):
        assert _relpath(target, base) == posixpath.relpath("/" + target, "/" + base), \
            (target, base)


def test_quoting_for_sharing_links_is_jinjas_own_each_time():
    """The remembered `urlencode` filter gives what Jinja's gives, for each text in turn
    (a text quoted before, then another, then the first again), and for a query's pairs."""
    from jinja2.filters import do_urlencode
    from markupsafe import Markup

    from portal.pages.environment import make_environment

    quote = make_environment(Path("templates")).filters["urlencode"]
    values = ["https://x.org/be/prisoners/a/", "Сінтэтычны чалавек & co/1?",
              Markup("a <b>"), "https://x.org/be/prisoners/b/",
              "https://x.org/be/prisoners/a/", {"q": "a b"}, [("k", "v/w")], 7]
    for value in values:
        assert quote(value) == do_urlencode(value), value
