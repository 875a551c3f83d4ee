"""The birthdays page: who is listed, with which day to post by, and who is too late for
a card this year but still shown. Built in December, before a leap year."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.model.letters import Birthday, birthdays, next_birthday

from conftest import build, make_project, parse

BUILT = dt.date(2027, 12, 20)
"""A build date in December, so that New Year falls within the post-by margin (30 days in
the minimal fixture), and the year after is a leap year."""

PEOPLE = {
    # slug: (born, English, Belarusian, Russian name)
    "tomorrow-test": ("1990-12-21", "Tomas Tomorrow", "Тамаш Заўтра", "Томас Завтра"),
    "margin-test": ("1985-01-05", "Maria Margin", "Марыя Мяжа", "Мария Граница"),
    "january-test": ("1975-01-25", "Jan January", "Ян Студзень", "Ян Январь"),
    "leap-test": ("1996-02-29", "Lena Leap", "Лена Скачок", "Лена Скачок"),
    "summer-test": ("1970-06-15", "Sam Summer", "Сям Лета", "Сэм Лето"),
}


def add_people(root) -> None:
    """Held people with a known birth date, each a file of its own beside the fixture's."""
    for slug, (born, en, be, ru) in PEOPLE.items():
        (root / "data/prisoners" / f"{slug}.yaml").write_text(
            f"name: {{en: {en}, be: {be}, ru: {ru}}}\n"
            f"gender: female\nborn: {born}\nstatus: imprisoned\nverified: 2025-09-12\n"
            "facility: colony-test\nsummary: {en: Held in a colony.}\nsources: [report-b]\n",
            encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("birthdays"), "minimal")
    add_people(root)
    build(root, today=BUILT)
    return root / "site"


def rows(site, lang: str = "en") -> list[list[str]]:
    soup = parse(site / lang / "birthdays/index.html")
    return [[re.sub(r"\s+", " ", td.get_text(" ", strip=True)) for td in tr.find_all("td")]
            for tr in soup.find("tbody").find_all("tr")]


def test_near_birthdays_are_shown_as_too_late_and_the_others_with_their_post_by_day(site):
    late = "Too late for a card to arrive by the birthday, but you can still write."
    assert rows(site) == [
        [late, "Tomas Tomorrow", "December 21, 2027", "How to write"],
        [late, "Maria Margin", "January 5, 2028", "How to write"],
        ["December 26, 2027", "Jan January", "January 25, 2028", "How to write"],
        ["January 11, 2028", "Boris Test", "February 10, 2028", "How to write"],
        ["January 30, 2028", "Lena Leap", "February 29, 2028", "How to write"],
    ]


def test_a_too_late_birthday_still_links_to_the_letter_page(site):
    soup = parse(site / "en/birthdays/index.html")
    row = soup.find("td", class_="too-late").parent
    assert row.find("a", string="How to write")["href"] == \
        "../prisoners/tomorrow-test/letter/"


TOO_LATE = {"be": "Позна: паштоўка не паспее да дня нараджэння, але напісаць можна.",
            "ru": "Поздно: открытка не успеет ко дню рождения, но написать можно."}


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_too_late_is_said_in_every_language(site, lang):
    assert [row[0] for row in rows(site, lang)][:2] == [TOO_LATE[lang]] * 2


def test_only_too_late_birthdays_are_still_listed(tmp_path):
    """The page does not say that no birthday is near when the only one is tomorrow."""
    root = make_project(tmp_path / "project", "minimal")
    add_people(root)
    for slug in ("margin-test", "january-test", "leap-test", "boris-test"):
        (root / "data/prisoners" / f"{slug}.yaml").unlink()
    build(root, today=BUILT)
    soup = parse(root / "site/en/birthdays/index.html")
    assert [row[1] for row in rows(root / "site")] == ["Tomas Tomorrow"]
    assert "No birthday" not in soup.find("main").get_text()


def test_a_birthday_today_is_too_late_and_one_on_the_post_by_day_is_not(fixture_model):
    boris = next(p for p in fixture_model.prisoners if p.slug == "boris-test")
    on_the_day = birthdays(fixture_model, dt.date(2026, 2, 10))
    assert on_the_day == [Birthday(boris, dt.date(2026, 2, 10), dt.date(2026, 1, 11), True)]
    last_day = birthdays(fixture_model, dt.date(2026, 1, 11))
    assert [b.too_late for b in last_day] == [False]
    assert birthdays(fixture_model, dt.date(2026, 2, 11)) == []  # next in 2027: too far


def test_29_february_in_leap_and_other_years():
    born = dt.date(1996, 2, 29)
    assert next_birthday(born, dt.date(2027, 12, 20)) == dt.date(2028, 2, 29)
    assert next_birthday(born, dt.date(2028, 3, 1)) == dt.date(2029, 2, 28)
    assert next_birthday(born, dt.date(2026, 2, 28)) == dt.date(2026, 2, 28)
