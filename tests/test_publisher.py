"""A statement names who wrote it (`author`, "Author") and the organisation that issued it
(`publisher`, "Published by"), each under its own label, and at least one of them."""

import pytest

from conftest import build, errors, parse, replace_in

AUTHOR = {"en": "Author", "be": "Аўтар", "ru": "Автор"}
PUBLISHER = {"en": "Published by", "be": "Выдавец", "ru": "Издатель"}
ONLY_ENGLISH = "content/statements/2024-10-01-english-only.en.md"


def facts(site, lang: str, slug: str) -> dict[str, str]:
    """The labelled facts at the top of a statement's page: label → value."""
    soup = parse(site / lang / f"statements/{slug}/index.html")
    return {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
            for div in soup.select("dl.facts > div")}


def card_meta(site, lang: str, slug: str) -> list[str]:
    """The parts of the line under a statement's title in the list of statements
    (date · who · fallback mark)."""
    soup = parse(site / lang / "statements/index.html")
    link = soup.select_one(f'li.card a[href$="{slug}/"]')
    meta = link.find_parent("li").select_one("p.meta").get_text()
    return [part.strip() for part in meta.split("·")]


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_a_statement_with_only_a_publisher_names_it_as_publisher(built_fixture, lang):
    shown = facts(built_fixture, lang, "2025-09-11-release")
    assert shown[PUBLISHER[lang]] == "Fixture Org"
    assert not set(AUTHOR.values()) & set(shown)
    assert card_meta(built_fixture, lang, "2025-09-11-release")[1] == "Fixture Org"


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_a_statement_with_only_an_author_names_it_as_author(built_fixture, lang):
    shown = facts(built_fixture, lang, "2024-10-01-english-only")
    assert shown[AUTHOR[lang]] == "Other Org"
    assert not set(PUBLISHER.values()) & set(shown)
    assert card_meta(built_fixture, lang, "2024-10-01-english-only")[1] == "Other Org"


def test_a_statement_with_both_names_both_and_its_card_the_author(project):
    root = project("minimal")
    replace_in(root, ONLY_ENGLISH, "author: Other Org\n",
               "author: Anna Writer\npublisher: Other Org\n")
    build(root)
    for lang in ("en", "be", "ru"):
        shown = facts(root / "site", lang, "2024-10-01-english-only")
        assert shown[AUTHOR[lang]] == "Anna Writer"
        assert shown[PUBLISHER[lang]] == "Other Org"
        assert list(shown)[:2] == [AUTHOR[lang], PUBLISHER[lang]]
        assert card_meta(root / "site", lang, "2024-10-01-english-only")[1:2] == ["Anna Writer"]


def test_a_statement_with_neither_is_an_error_naming_file_line_and_fix(project):
    root = project("minimal")
    replace_in(root, ONLY_ENGLISH, "author: Other Org\n", "")
    found = [str(p) for p in errors(root)]
    assert found == [f"{ONLY_ENGLISH}:2:1 neither `author` nor `publisher` is given; "
                     "write who wrote it in `author:` or the organisation that issued it "
                     "in `publisher:`, or both"]


def test_an_empty_author_with_no_publisher_is_one_error_on_its_line(project):
    root = project("minimal")
    line = replace_in(root, ONLY_ENGLISH, "author: Other Org\n", "author:\n")
    found = [str(p) for p in errors(root)]
    assert found == [f"{ONLY_ENGLISH}:{line}:1 author: is empty, and no `publisher` is "
                     "given; write who wrote it in `author:` or the organisation that "
                     "issued it in `publisher:`, or both"]
