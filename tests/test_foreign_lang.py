"""A source's title or publisher shown in another language than the page's is marked
with that language (`lang`), so that a screen reader reads it in its own."""

from __future__ import annotations

import pytest
import yaml

from portal.languages.script import written_in

from conftest import PROJECT, html_files, parse

CODES = ("en", "be", "ru")


def shown_in(node) -> str:
    """The language a text of the page is in: its nearest `lang`."""
    return node.find_parent(lambda tag: tag.has_attr("lang"))["lang"]


def sample_sources() -> list[dict]:
    return yaml.safe_load((PROJECT / "data/sources.yaml").read_text())["sources"]


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_every_source_title_in_another_language_has_its_lang(built_sample, lang):
    titles = {}  # the title as this page shows it → the language it is in
    for source in sample_sources():
        title = source["title"]
        if isinstance(title, dict):
            titles[title.get(lang, title["en"])] = lang if lang in title else "en"
        else:
            titles[title] = "en"  # the sample's titles written once are all English
    assert titles["Belarus: Freeing political prisoners does not end policy of "
                  "repression, warns UN expert"] == "en"
    checked = set()
    for path in html_files(built_sample / lang):
        for item in parse(path).select("ul.sources > li"):
            for text in item.find_all(string=lambda s: s.strip() in titles):
                assert shown_in(text) == titles[text.strip()], (path, text)
                checked.add(text.strip())
    assert len({t for t in checked if titles[t] == "en"}) >= 3  # PIN, OHCHR, IDM


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_a_publisher_named_in_english_only_is_marked_english(built_sample, lang):
    once = {s["publisher"] for s in sample_sources() if isinstance(s["publisher"], str)}
    assert {"Libereco", "BYSOL"} <= once  # the sample's, all in English
    checked = set()
    for path in html_files(built_sample / lang):
        for item in parse(path).select("ul.sources > li, .service p.small"):
            for text in item.find_all(string=lambda s: s.strip() in once):
                assert shown_in(text) == "en", (path, text)
                checked.add(text.strip())
    assert {"Libereco", "BYSOL"} <= checked


def test_the_letters_tell_the_site_languages_apart():
    assert written_in("Belarus Frees 52 Political Prisoners", CODES) == "en"
    assert written_in("Заява пра вызваленне 52 зняволеных", CODES) is None  # no і, ў
    assert written_in("Заява да Дня палітвязня", CODES) == "be"
    assert written_in("Заявление об освобождении", CODES) == "ru"
    assert written_in("Свабода", CODES) is None  # nothing only one of them writes
    assert written_in("Wolność dla więźniów", CODES) is None  # Polish is none of them
    assert written_in("Belarus", ("be", "ru")) is None


def test_a_language_added_to_the_site_brings_its_own_letters():
    assert written_in("Zakład karny w Grodnie", ("en", "be", "ru", "pl")) == "pl"  # ł
    assert written_in("Zaklad", ("en", "be", "ru", "pl")) is None  # fits en and pl
