"""The letter kit: a letter page per held person, facilities, birthdays, today's names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from portal.model.letters import next_birthday, to_write_today

from conftest import PROJECT, TODAY, build, parse


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True))


@pytest.mark.parametrize("slug, status, has_envelope", [
    ("boris-test", "pre-trial", True),
    ("dmitry-test", "sentenced", True),
    ("eva-test", "incommunicado", True),
    ("clara-test", "address-unknown", False),
])
def test_each_mail_status_is_explained(built_fixture, slug, status, has_envelope):
    soup = parse(built_fixture / "en/prisoners" / slug / "letter/index.html")
    note = soup.find(class_="mail-status")
    assert f"mail-status-{status}" in note["class"]
    assert (soup.find("figure", class_="envelope") is not None) == has_envelope


@pytest.mark.parametrize("slug, words", [
    ("boris-test", "He is held in pre-trial detention"),
    ("dmitry-test", "He is serving a sentence"),
    ("eva-test", "She is held incommunicado"),
    ("clara-test", "We do not know where she is held now"),
])
def test_mail_status_agrees_with_the_person(built_fixture, slug, words):
    soup = parse(built_fixture / "en/prisoners" / slug / "letter/index.html")
    assert text(soup.find(class_="mail-status")).startswith(words)


def test_released_and_withheld_people_have_no_letter_page(built_fixture):
    assert not (built_fixture / "en/prisoners/anna-test/letter").exists()
    assert not (built_fixture / "en/prisoners/withheld-1").exists()
    profile = parse(built_fixture / "en/prisoners/anna-test/index.html")
    assert not profile.find("a", href=re.compile("letter/"))
    assert "after their release" in text(profile.find(class_="help-list"))


def test_envelope_lines_in_order_in_both_scripts(built_fixture):
    soup = parse(built_fixture / "be/prisoners/boris-test/letter/index.html")
    envelopes = {fig["lang"]: [text(line) for line in fig.find_all(class_="line")]
                 for fig in soup.find_all("figure", class_="envelope")}
    assert envelopes == {
        "ru": ["Борис Тест", "СИЗО-1", "ул. Тестовая, 1", "220000, г. Минск",
               "REPUBLIC OF BELARUS"],
        "be": ["Барыс Тэст", "СІЗА-1", "вул. Тэставая, 1", "220000, г. Мінск",
               "REPUBLIC OF BELARUS"],
    }
    country = soup.find("figure", lang="ru").find(class_="country")
    assert country["lang"] == "en"
    copy = soup.find_all("button", class_="copy-button")
    assert [b["data-copy"] for b in copy] == ["envelope-ru", "envelope-be"]
    assert all(b.has_attr("hidden") for b in copy)  # shown only where JavaScript runs
    assert "Other Org" in text(soup.find(class_="envelope-block"))


def test_phrases_agree_with_the_persons_gender(built_fixture):
    him = parse(built_fixture / "en/prisoners/boris-test/letter/index.html")
    her = parse(built_fixture / "en/prisoners/clara-test/letter/index.html")

    def phrases(soup, script):
        return [text(s) for s in soup.find_all("span", class_=f"sheet-{script}")]

    assert "Ты не один." in phrases(him, "ru") and "Ты не адзін." in phrases(him, "be")
    assert "Ты не одна." in phrases(her, "ru") and "Ты не адна." in phrases(her, "be")


def test_letter_page_has_rules_safety_and_a_checklist_without_javascript(built_fixture):
    soup = parse(built_fixture / "ru/prisoners/boris-test/letter/index.html")
    assert soup.find(class_="rules-do").find("li") and soup.find(class_="rules-avoid").find("li")
    rules = soup.find(id="rules-heading").parent
    assert "Если вы живёте в Беларуси" in text(rules.find(class_="warning"))
    assert len(soup.find(class_="checklist").find_all("li")) == 5
    draft = soup.find(class_="draft-check")
    assert draft.has_attr("hidden") and "свобод" in draft["data-avoid"]
    script = soup.find("script", src=True)
    assert script["src"].startswith("../../../../assets/enhance.") and script.has_attr("defer")


def test_print_stylesheet_keeps_only_the_envelope_and_the_sheet(built_fixture):
    css = next((built_fixture / "assets").glob("style.*.css")).read_text(encoding="utf-8")
    blocks = re.findall(r"@media print\s*{(.*?)\n}", css, re.S)
    printed = "\n".join(blocks)
    assert re.search(r"body:has\(\.letter-page\) \.site-header.*display: none", printed, re.S)
    assert ".letter-page .no-print" in printed
    assert ".sheet-phrase:has(input:not(:checked)) { display: none; }" in printed
    assert ".blank-lines { display: block; }" in printed
    assert ".letter-sheet { break-before: page; }" in printed
    soup = parse(built_fixture / "en/prisoners/boris-test/letter/index.html")
    article = soup.find("article", class_="letter-page")
    kept = [c for c in article.find_all(recursive=False)
            if "no-print" not in (c.get("class") or [])]
    assert [c["class"][0] for c in kept] == ["envelope-block", "letter-sheet"]


def test_facility_page_lists_who_is_held_there(built_fixture):
    soup = parse(built_fixture / "en/facilities/colony-test/index.html")
    names = [text(a) for a in soup.find(class_="people-inline").find_all("a")]
    assert names == ["Dmitry Test", "Eva Test"]
    assert "Penal colony" in text(soup.find("dl", class_="facts"))
    empty = parse(built_fixture / "en/facilities/sizo-test/index.html")
    assert [text(a) for a in empty.find(class_="people-inline").find_all("a")] == ["Boris Test"]


def test_next_birthday_and_leap_days():
    assert next_birthday(dt.date(1980, 2, 10), dt.date(2026, 1, 19)) == dt.date(2026, 2, 10)
    assert next_birthday(dt.date(1980, 2, 10), dt.date(2026, 2, 11)) == dt.date(2027, 2, 10)
    assert next_birthday(dt.date(1996, 2, 29), dt.date(2026, 1, 1)) == dt.date(2026, 2, 28)


def test_birthday_page_lists_post_by_dates(built_fixture):
    soup = parse(built_fixture / "en/birthdays/index.html")
    rows = [[text(td) for td in tr.find_all("td")] for tr in soup.find("tbody").find_all("tr")]
    assert rows == [["January 11, 2026", "Boris Test", "February 10, 2026", "How to write"]]
    assert soup.find("link", type="text/calendar")["href"] == "../calendar/birthdays.ics"


def test_calendar_parses_and_events_are_stable(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one")
    build(root, tmp_path / "two", today=TODAY + dt.timedelta(days=1))
    one = Calendar.from_ical((tmp_path / "one/calendar/birthdays.ics").read_bytes())
    two = Calendar.from_ical((tmp_path / "two/calendar/birthdays.ics").read_bytes())
    events = [e for e in one.walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == [  # this year's birthday and next year's
        "birthday-boris-test-2025-en@fixture.example",
        "birthday-boris-test-2026-en@fixture.example"]
    event = events[1]
    assert event.decoded("DTSTART") == dt.date(2026, 1, 11)
    assert str(event["URL"]) == "https://fixture.example/en/prisoners/boris-test/letter/"
    assert "Boris Test" in str(event["SUMMARY"])
    assert [str(e["UID"]) for e in two.walk("VEVENT")] == [str(e["UID"]) for e in events]
    be = Calendar.from_ical((tmp_path / "one/be/calendar/birthdays.ics").read_bytes())
    assert "Барыс Тэст" in str(next(iter(be.walk("VEVENT")))["SUMMARY"])


def test_people_without_a_birth_date_or_withheld_are_not_in_the_calendar(built_fixture):
    ics = (built_fixture / "calendar/birthdays.ics").read_text(encoding="utf-8")
    for slug in ("clara-test", "dmitry-test", "withheld-1", "anna-test"):
        assert slug not in ics


def test_todays_names_rotate_by_date_only(fixture_model):
    day = dt.date(2026, 3, 1)
    first = to_write_today(fixture_model, day)
    assert first == to_write_today(fixture_model, day)
    assert len(first) == 3 and all(p.held and not p.name_withheld for p in first)
    choices = {tuple(p.slug for p in to_write_today(fixture_model, day + dt.timedelta(n)))
               for n in range(10)}
    assert len(choices) > 1


def test_home_shows_todays_names_linking_to_letter_pages(built_fixture):
    section = parse(built_fixture / "en/index.html").find("section", class_="today")
    links = [a["href"] for a in section.find_all("a") if a["href"].endswith("letter/")]
    assert len(links) == 3


def test_no_withheld_name_appears_anywhere(built_fixture):
    for path in built_fixture.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ics", ".css", ".js", ".txt", ".xml"):
            assert "Secret Person" not in path.read_text(encoding="utf-8"), path


def test_sample_letter_pages_exist_for_everyone_held(built_sample):
    for slug in ("valiantsin-stefanovich", "marfa-rabkova", "mikalai-statkevich"):
        page = parse(built_sample / "be/prisoners" / slug / "letter/index.html")
        assert "mail-status-address-unknown" in page.find(class_="mail-status")["class"]
    assert not (built_sample / "en/prisoners/ihar-losik/letter").exists()
    assert (PROJECT / "templates/assets/enhance.js").is_file()


def test_days_in_detention_count_from_a_known_day(built_fixture):
    soup = parse(built_fixture / "ru/prisoners/clara-test/index.html")
    days = (TODAY - dt.date(2024, 3, 5)).days
    assert text(soup.find(class_="days-held")) == f"{days} дней в заключении, с 5 марта 2024 г."
    assert parse(built_fixture / "ru/prisoners/boris-test/index.html").find(
        class_="days-held") is None  # detained in 2022: the day is not known


def test_a_calendar_with_no_birthdays_ahead_is_still_valid(project, tmp_path):
    """RFC 5545 wants a component in every calendar: with no dates ahead, it holds the
    time zone of Belarus and no event."""
    root = project("minimal")
    for path in (root / "data/prisoners").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text("\n".join(line for line in text.splitlines()
                                  if not line.startswith("born:")) + "\n", encoding="utf-8")
    build(root, tmp_path / "site")
    calendar = Calendar.from_ical((tmp_path / "site/calendar/birthdays.ics").read_bytes())
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
    assert list(calendar.walk("VEVENT")) == []


@pytest.mark.parametrize("lang", ["be", "ru", "en"])
def test_calendar_text_has_no_doubled_full_stop(built_fixture, lang):
    """Belarusian and Russian dates end with `г.`; the sentence after them does not add a
    second full stop."""
    folder = built_fixture / lang if lang != "en" else built_fixture / "en"
    calendar = Calendar.from_ical((folder / "calendar/birthdays.ics").read_bytes())
    texts = [str(e["DESCRIPTION"]) + str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert texts and not [t for t in texts if ".." in t]
