"""The birthday calendar holds this year's birthdays and next year's, each an event of its
own, as calendar apps read it (the `icalendar` package)."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from test_birthdays import BUILT, add_people

from conftest import build, make_project

NEW_YEAR = dt.date(2028, 1, 2)
"""The first build after New Year, in a leap year."""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The fixture with the birthdays of test_birthdays, built in December and again
    after New Year."""
    root = make_project(tmp_path_factory.mktemp("calendar"), "minimal")
    add_people(root)
    build(root, root / "december", today=BUILT)
    build(root, root / "january", today=NEW_YEAR)
    return root


def events(site, lang: str | None = None) -> dict[str, dict]:
    """Each event of a calendar by its UID: the day to post by and the summary."""
    path = site / (f"{lang}/calendar/birthdays.ics" if lang else "calendar/birthdays.ics")
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]).split("@")[0]: {"post_by": e.decoded("DTSTART"),
                                           "summary": str(e["SUMMARY"]),
                                           "rule": e.get("RRULE")}
            for e in calendar.walk("VEVENT")}


def test_each_person_has_this_years_and_next_years_birthday(sites):
    found = events(sites / "december")
    people = ("boris", "tomorrow", "margin", "january", "leap", "summer")
    assert sorted(found) == sorted(f"birthday-{p}-test-{year}-en"
                                   for p in people for year in (2027, 2028))
    assert all(event["rule"] is None for event in found.values())


def test_a_birthday_just_after_new_year_is_in_the_december_calendar(sites):
    event = events(sites / "december")["birthday-margin-test-2028-en"]
    assert event["post_by"] == dt.date(2027, 12, 6)
    assert event["summary"] == "Post a birthday card to Maria Margin (birthday: January 5, 2028)"


def test_29_february_is_posted_for_in_time_in_leap_and_other_years(sites):
    found = events(sites / "december")
    assert found["birthday-leap-test-2027-en"]["post_by"] == dt.date(2027, 1, 29)  # 28 Feb
    leap = found["birthday-leap-test-2028-en"]
    assert leap["post_by"] == dt.date(2028, 1, 30)
    assert "February 29, 2028" in leap["summary"]


def test_next_years_events_are_the_same_after_new_year(sites):
    """A subscriber's calendar app keeps an event by its UID: the 2028 events of the
    December calendar come back unchanged in January, with the 2029 ones added."""
    december, january = events(sites / "december"), events(sites / "january")
    kept = {uid: event for uid, event in december.items() if "-2028-" in uid}
    assert {uid: january[uid] for uid in kept} == kept
    assert january["birthday-leap-test-2029-en"]["post_by"] == dt.date(2029, 1, 29)
    assert not [uid for uid in january if "-2027-" in uid]


@pytest.mark.parametrize("lang, name", [("be", "Марыя Мяжа"), ("ru", "Мария Граница")],
                         ids=["be", "ru"])
def test_every_language_has_the_same_events(sites, lang, name):
    found = events(sites / "december", lang)
    assert len(found) == 12
    assert name in found[f"birthday-margin-test-2028-{lang}"]["summary"]
    assert found[f"birthday-margin-test-2028-{lang}"]["post_by"] == dt.date(2027, 12, 6)
