"""Interface wording a reader sees: natural labels, not calques, and a link that promises
what its page gives."""

from __future__ import annotations

import re

import pytest

from conftest import parse

PARTNER = {"en": "Partner:", "be": "Партнёр:", "ru": "Партнёр:"}
COMING_WEEKS = {"en": "in the coming weeks", "be": "бліжэйшыя тыдні",
                "ru": "ближайшие недели"}
"""As the page says when nobody's birthday is near (birthdays.none)."""
LATIN = {"be": "Лацінкай, для чытання (не для канверта):",
         "ru": "Транслитерация для чтения (не для конверта):"}


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_an_actions_partner_is_labelled_partner(built_sample, lang):
    labels = parse(built_sample / f"{lang}/help/index.html").select("p.partner")
    assert labels and all(text(p).startswith(PARTNER[lang] + " ") for p in labels)


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_the_birthdays_link_promises_the_weeks_its_page_covers(built_sample, lang):
    link = parse(built_sample / f"{lang}/write/index.html").find(
        "a", href="../birthdays/")
    page = parse(built_sample / f"{lang}/birthdays/index.html")
    assert COMING_WEEKS[lang] in text(link) and text(link) == text(page.find("h1"))
    assert "this month" not in text(link) and "месяц" not in text(link)


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_the_reading_aid_in_latin_letters_is_labelled_naturally(built_sample, lang):
    page = parse(built_sample / f"{lang}/facilities/sizo-1-minsk/index.html")
    label = page.find(lambda tag: tag.name == "p" and tag.find("span", lang="be-Latn"))
    assert text(label).startswith(LATIN[lang] + " ")
