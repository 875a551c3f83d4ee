"""Dates known only to be after another (`after 2025-12-13`): read, written in each form a
sentence asks for, sorted just after the date they are after, dated in feeds no earlier than
what is known, and understood by `check`."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from portal.checks.chronology import certainly_before
from portal.checks.sourcing import supports
from portal.content.dates import PartialDate, corrected, parse_date
from portal.languages.i18n import translator

from conftest import TODAY, build, check, errors, make_project, parse, replace_in


@pytest.mark.parametrize("value, bound", [
    ("after 2025-12-13", PartialDate(2025, 12, 13)),
    ("after 2024-08", PartialDate(2024, 8)),
    ("after 2024", PartialDate(2024)),
    ("after 2024-summer", PartialDate(2024, season="summer")),
])
def test_after_a_date_of_each_precision_is_read_and_written_back(value, bound):
    date = parse_date(value)
    assert date.after and date.bound == bound and date.precision == bound.precision
    assert date.iso() == value and parse_date(date.iso()) == date
    assert date.as_date() is None  # no day of the calendar is known


@pytest.mark.parametrize("value", ["after", "after ", "After 2025", "after  2025", "after2025",
                                   "after after 2025", "after 2025-13", "after 1899"])
def test_a_malformed_after_date_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("value, meant", [("After 13 December 2025", "after 2025-12-13"),
                                          ("пасля 13 снежня 2025 г.", "after 2025-12-13"),
                                          ("после 14.03.2025", "after 2025-03-14")])
def test_an_after_date_written_in_words_is_corrected(value, meant):
    assert corrected(value) == meant


def test_an_after_date_sorts_just_after_its_bound_and_before_anything_later():
    values = ["2025-12-14", "after 2025-12-13", "2025-12-13", "after 2025-12", "2026",
              "2025-12", "after 2024-summer", "2024-09", "2024-08-31", "2024-summer"]
    ordered = sorted((parse_date(v) for v in values), key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == [
        "2024-summer", "2024-08-31", "after 2024-summer", "2024-09", "2025-12", "2025-12-13",
        "after 2025-12-13", "2025-12-14", "after 2025-12", "2026"]


@pytest.mark.parametrize("value, first, known", [
    ("after 2025-12-13", "2025-12-14", "2025-12-14"),
    ("after 2024-08", "2024-09-01", "2024-09-01"),
    ("2025-09", "2025-09-01", "2025-09-30"),
    ("2024-summer", "2024-06-01", "2024-08-31"),
    ("2025", "2025-01-01", TODAY.isoformat()),  # never after the build day
])
def test_the_day_a_machine_is_given_is_no_earlier_than_what_is_known(value, first, known):
    date = parse_date(value)
    assert date.first_day().isoformat() == first
    assert date.known_by(TODAY).isoformat() == known


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    from portal.build import builder
    from portal.options import Options
    root = make_project(tmp_path_factory.mktemp("after-model"), "minimal")
    return builder.load_site(Options(root=root, today=TODAY))[0]


FORMS = ("nominative", "accusative", "genitive", "when")
SHOWN = {  # the fixture writes en-US dates
    "en": ["after December 13, 2025", "a date after December 13, 2025",
           "a date after December 13, 2025", "after December 13, 2025"],
    "be": ["пасля 13 снежня 2025 г.", "дату пасля 13 снежня 2025 г.",
           "даты пасля 13 снежня 2025 г.", "пасля 13 снежня 2025 г."],
    "ru": ["после 13 декабря 2025 г.", "дату после 13 декабря 2025 г.",
           "даты после 13 декабря 2025 г.", "после 13 декабря 2025 г."],
}


@pytest.mark.parametrize("lang", SHOWN)
@pytest.mark.parametrize("index", range(len(FORMS)))
def test_each_form_of_an_after_date_in_each_language(model, lang, index):
    shown = translator(model, lang).date(parse_date("after 2025-12-13"), FORMS[index])
    assert shown.replace("\u202f", " ") == SHOWN[lang][index]


def test_a_sentence_asking_for_a_form_gets_its_after_wording(model):
    i18n = translator(model, "be")
    assert i18n.t("home.count_as_of", date=parse_date("after 2024-summer")) == \
        "Па стане на дату пасля лета 2024 года"


STATEMENT = """---
title: {title}
date: {date}
author: Fixture Org
sources: [report-a]
summary: A short summary.
---
Text.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture with a statement after the release of 11 September 2025, one of a month
    (December 2025, the month of the build) and a wave known only to be after that release."""
    root = make_project(tmp_path_factory.mktemp("after-site"), "minimal")
    statements = root / "content" / "statements"
    for slug, date in (("2025-09-after", "after 2025-09-11"), ("2025-12-month", "2025-12")):
        (statements / f"{slug}.en.md").write_text(
            STATEMENT.format(title=slug, date=date), encoding="utf-8")
    replace_in(root, "data/releases.yaml", "  date: 2024-summer\n", "  date: after 2025-09-11\n")
    assert errors(root) == []
    build(root)
    return root / "site"


def test_newest_first_puts_an_after_date_above_its_bound(site):
    links = parse(site / "en/statements/index.html").select("main a[href]")
    slugs = list(dict.fromkeys(a["href"].rstrip("/").rsplit("/", 1)[-1] for a in links))
    assert slugs == ["2025-12-month", "2025-09-after", "2025-09-11-release",
                     "2024-10-01-english-only"]


def test_the_timeline_puts_an_after_wave_after_its_bound(site):
    waves = parse(site / "ru/timeline/index.html").select("li.wave")
    assert [w["id"] for w in waves] == ["wave-2024-summer", "wave-2025-09-11"]  # newest first
    assert waves[0].h3.get_text(strip=True).replace("\u202f", " ") == "после 11 сентября 2025 г."


def test_feeds_date_entries_no_earlier_than_known(site):
    feed = feedparser.parse((site / "en/feeds/statements.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    updated = {e.link.rstrip("/").rsplit("/", 1)[-1]: e.updated[:10] for e in feed.entries}
    assert updated["2025-09-after"] == "2025-09-12"  # the day after the bound
    assert updated["2025-12-month"] == TODAY.isoformat()  # the month's end, not after today
    assert updated["2025-09-11-release"] == "2025-09-11"
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring((site / "en/feeds/statements.xml").read_bytes())
    assert root.find(f"{atom}updated").text == f"{TODAY.isoformat()}T00:00:00Z"


def test_open_data_keeps_the_date_as_written_and_its_schema_says_so(site):
    waves = json.loads((site / "data/releases.json").read_text(encoding="utf-8"))["releases"]
    assert "after 2025-09-11" in [w["date"] for w in waves]
    schema = json.loads((site / "data/releases.schema.json").read_text(encoding="utf-8"))
    date = json.dumps(schema, ensure_ascii=False)
    assert "after 2025-12-13" in date and "(after )?" in date


@pytest.mark.parametrize("source, verified, expected", [
    ("after 2025-12-13", "after 2025-12-13", True),
    ("2025-12-20", "after 2025-12-13", True),
    ("2025-12", "after 2025-12-13", False),  # the source may be of the 5th
    ("after 2025-12-13", "2025-12-13", False),  # more precise than the source
    ("after 2025-12-13", "2025", False),  # the source may be of 2026
    ("after 2025-12-20", "after 2025-12-13", True),
])
def test_a_verified_after_date_is_supported_by_a_source_certainly_after_it(
        source, verified, expected):
    assert supports(parse_date(source), parse_date(verified)) is expected


@pytest.mark.parametrize("a, b, expected", [
    ("after 2025-12-13", "2025-12-14", False), ("2025-12-13", "after 2025-12-13", True),
    ("2025-12", "after 2025-12-13", False), ("2024", "after 2024-08", False),
    ("2024-07", "after 2024-summer", True), ("after 2024", "after 2020", False),
])
def test_chronology_treats_after_x_as_no_earlier_than_x(a, b, expected):
    assert certainly_before(parse_date(a), parse_date(b)) is expected


def verified_problems(root) -> list[str]:
    return [f"{p.message}; {p.fix}" for p in check(root)
            if p.field == "verified" and p.file.endswith("anna-test.yaml")]


def test_check_counts_the_age_of_verified_from_the_bound(project):
    root = project("minimal")
    day_before = (TODAY - dt.timedelta(days=366)).isoformat()
    replace_in(root, "data/sources.yaml", "  date: 2025-09-12\n", f"  date: after {day_before}\n")
    replace_in(root, "data/prisoners/anna-test.yaml", "verified: 2025-09-12",
               f"verified: after {day_before}")
    assert [m for m in verified_problems(root) if "days ago" in m] == [
        f"the status was last verified 366 days ago (after {day_before}); more than 365; "
        "confirm the status with a source, then update `verified` and `sources`"]


def test_a_status_verified_more_precisely_than_an_after_source_is_told_how_to_write_it(project):
    root = project("minimal")
    replace_in(root, "data/sources.yaml", "  date: 2025-09-12\n", "  date: after 2025-09-12\n")
    assert "write `verified: after 2025-09-12`, as precise as the source" in \
        " ".join(verified_problems(root))
    replace_in(root, "data/prisoners/anna-test.yaml", "verified: 2025-09-12",
               "verified: after 2025-09-12")
    assert verified_problems(root) == []


def test_an_after_date_not_yet_come_is_after_the_build_date(project):
    root = project("minimal")
    replace_in(root, "data/releases.yaml", "  date: 2025-09-11\n",
               f"  date: after {TODAY.isoformat()}\n")
    assert [p.message for p in errors(root) if p.file == "data/releases.yaml"] == [
        f'"after {TODAY.isoformat()}" is after the build date ({TODAY.isoformat()})']


def string_problems(root) -> list[tuple[str, str]]:
    return [(p.field, f"{p.message}; {p.fix}") for p in errors(root)
            if p.file == "data/strings/ru.yaml"]


def test_a_language_without_the_after_wording_of_a_form_is_told_to_add_it(project):
    root = project("minimal")
    for lang, line in (("en", "after {date}"), ("be", "пасля {date:genitive}"),
                       ("ru", "после {date:genitive}")):
        replace_in(root, f"data/strings/{lang}.yaml", f"    when: {line}\n", "")
    [(field, message)] = string_problems(root)
    assert field == "date.after"
    assert message.startswith("has no wording of the when form of a date known only to be "
                              "after another (")
    assert message.endswith(" asks for {date:when}); add `when: after {date}` (in this "
                            "language) under date.after")


@pytest.mark.parametrize("wording", ["после {day}", "после", "после {date:dative}",
                                     "'{date} и {date}'"])
def test_the_after_wording_writes_the_one_date_it_is_after(project, wording):
    root = project("minimal")
    replace_in(root, "data/strings/ru.yaml", "    when: после {date:genitive}\n",
               f"    when: {wording}\n")
    assert [field for field, _ in string_problems(root)] == ["date.after.when"]
