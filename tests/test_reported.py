"""What a record says about its own certainty reaches every output: a fact marked
`reported` reads "reportedly" in the changes feed, the list's filters and cards, share
images, open data, calendars and search results, in every language; an event with no date
still reaches the feed, dated by its report; and "now" goes only with a recent status."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portal.build import builder
from portal.model.certainty import is_current
from portal.options import Options
from portal.outputs.sharewords import share_words
from portal.pages.plan import plan_pages

from conftest import TODAY, build, make_project, parse

ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = ("en", "be", "ru")
REPORTEDLY = {"en": "reportedly", "be": "паводле паведамленняў", "ru": "по сообщениям"}
MARK = {lang: f"({word})" for lang, word in REPORTEDLY.items()}
SLUG = "ihar-report"

PERSON = """\
name: {en: Ihar Report, be: Ігар Рэпарт, ru: Игорь Рэпорт}
gender: male
born: 1975-03-02
status: re-arrested
reported: [status]
verified: 2025-12
facility: sizo-test
events:
  - type: detained
    date: 2021-06
    reported: [date]
    sources: [report-b]
  - type: sentenced
    date: 2022-01
    term: {years: 4}
    reported: [term]
    sources: [report-b]
  - type: released
    date: 2025-09-11
    wave: 2025-09-11
    destination: LT
    reported: [destination]
    sources: [report-a]
  - type: re-arrested
    reported: [type]
    sources: [report-a, report-c]
summary:
  en: Released and reportedly detained again.
  be: Вызвалены і, паводле паведамленняў, зноў затрыманы.
  ru: Освобождён и, по сообщениям, снова задержан.
sources: [report-a, report-b, report-c]
"""

RELEASED = """\
name: {en: Zoya Wave, be: Зоя Хваля, ru: Зоя Волна}
gender: female
status: released
verified: 2024-autumn
events:
  - type: released
    date: 2024-summer
    wave: 2024-summer
    reported: [type]
    sources: [report-b]
summary: {en: Pardoned in 2024., be: Памілаваная ў 2024 годзе., ru: Помилована в 2024 году.}
sources: [report-b]
"""

SOURCE = """
- id: report-c
  title: Report C
  publisher: Third Org
  date: 2025-11
  secondary: true
"""


def _reported_project(root: Path) -> Path:
    """The minimal fixture with a person whose every kind of fact is reported somewhere,
    a wave whose date is reported (and one more, so that the list offers a choice of
    releases), and lists cut into pages (the filters' file)."""
    make_project(root, "minimal")
    (root / "data/prisoners" / f"{SLUG}.yaml").write_text(PERSON, encoding="utf-8")
    (root / "data/prisoners/zoya-wave.yaml").write_text(RELEASED, encoding="utf-8")
    with (root / "data/sources.yaml").open("a", encoding="utf-8") as out:
        out.write(SOURCE)
    releases = root / "data/releases.yaml"
    releases.write_text(releases.read_text(encoding="utf-8").replace(
        "  sources: [report-a]\n", "  sources: [report-a]\n  reported: [date]\n"),
        encoding="utf-8")
    with (root / "data/site.yaml").open("a", encoding="utf-8") as out:
        out.write("lists:\n  page_size: 2\n")
    for statement in (root / "content/statements").glob("2025-09-11-release.*.md"):
        statement.write_text(statement.read_text(encoding="utf-8").replace(
            "people: [anna-test]", f"people: [anna-test, {SLUG}]"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reported_site(tmp_path_factory) -> Path:
    root = _reported_project(tmp_path_factory.mktemp("reported"))
    build(root)
    return root


def _site(root: Path) -> Path:
    return root / "site"


def _folder(root: Path, lang: str) -> Path:
    return _site(root) / lang


@pytest.mark.parametrize("lang", LANGS)
def test_profile_page_marks_the_reported_status(reported_site, lang):
    soup = parse(_folder(reported_site, lang) / "prisoners" / SLUG / "index.html")
    status = soup.select_one(".profile-status")
    assert status.select_one(".reported").get_text() == MARK[lang]


def _feed_entries(root: Path, lang: str) -> list[dict]:
    tree = ET.parse(_folder(root, lang) / "feeds/changes.xml")
    return [{"title": e.findtext(f"{ATOM}title"), "summary": e.findtext(f"{ATOM}summary"),
             "updated": e.findtext(f"{ATOM}updated"),
             "link": e.find(f"{ATOM}link").get("href")}
            for e in tree.getroot().findall(f"{ATOM}entry")]


@pytest.mark.parametrize("lang", LANGS)
def test_changes_feed_says_reportedly(reported_site, lang):
    mine = [e for e in _feed_entries(reported_site, lang) if f"/{SLUG}/" in e["link"]]
    detained = next(e for e in mine if e["updated"].startswith("2021-06-30"))  # June's end
    date, _, _ = detained["summary"].partition(" — ")
    assert date.endswith(MARK[lang])  # the date is the reported fact
    assert MARK[lang] not in detained["title"]


@pytest.mark.parametrize("lang", LANGS)
def test_an_undated_re_arrest_reaches_the_feed_dated_by_its_report(reported_site, lang):
    """The newest source of the event (report-c, November 2025) dates it, and the entry
    says that date is the report's; so the person's last word is not "Released"."""
    mine = [e for e in _feed_entries(reported_site, lang) if f"/{SLUG}/" in e["link"]]
    assert len(mine) == 3  # detained, released, re-arrested
    newest = mine[0]
    assert newest["updated"] == "2025-11-30T00:00:00Z"  # the month's last day, not its first
    assert newest["title"].endswith(MARK[lang])  # the re-arrest itself is reported
    words = {"en": "Date of the report:", "be": "Дата паведамлення:",
             "ru": "Дата сообщения:"}[lang]
    assert newest["summary"].startswith(words)
    assert {"en": "November 2025", "be": "2025", "ru": "2025"}[lang] in newest["summary"]


def test_an_undated_event_without_dated_sources_takes_the_verified_date(tmp_path):
    root = _reported_project(tmp_path / "project")
    person = root / "data/prisoners" / f"{SLUG}.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "    sources: [report-a, report-c]\n", "    sources: [report-d]\n"), encoding="utf-8")
    with (root / "data/sources.yaml").open("a", encoding="utf-8") as out:
        out.write("- id: report-d\n  title: Report D\n  publisher: Undated Org\n"
                  "  secondary: true\n")
    build(root)
    mine = [e for e in _feed_entries(root, "en") if f"/{SLUG}/" in e["link"]]
    assert mine[0]["updated"] == "2025-12-20T00:00:00Z"  # verified: 2025-12, built on the 20th
    assert mine[0]["summary"].startswith("Date of the report: December 2025")


@pytest.mark.parametrize("lang", LANGS)
def test_release_filter_marks_a_reported_wave_date(reported_site, lang):
    soup = parse(_folder(reported_site, lang) / "prisoners/index.html")
    options = {o["value"]: o.get_text() for o in soup.select("#filter-wave option")}
    assert options["2025-09-11"].endswith(MARK[lang])
    assert MARK[lang] not in options["2024-summer"]


@pytest.mark.parametrize("lang", LANGS)
def test_list_cards_say_reportedly_and_as_of(reported_site, lang):
    """The cards on the pages of the list, and the rows the filters show in their place
    (people.json, drawn by enhance.js from `meta`)."""
    folder = _folder(reported_site, lang) / "prisoners"
    cards = [li for page in folder.rglob("index.html") for li in parse(page).select("li.person")
             if li.select_one(f'a[href*="{SLUG}"]')]
    assert cards
    for card in cards:
        meta = card.select_one(".person-meta").get_text(" ", strip=True)
        assert MARK[lang] in meta and "2025" in meta
    data = json.loads((folder / "people.json").read_text(encoding="utf-8"))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["people"]]
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["meta"] == cards[0].select_one(".person-meta").get_text(" ", strip=True) \
        .replace(" )", ")").replace("  ", " ")
    other = next(r for r in rows if r["slug"] == "boris-test")
    assert MARK[lang] not in other["meta"]


@pytest.mark.parametrize("lang", LANGS)
def test_statement_and_facility_lists_say_reportedly(reported_site, lang):
    statement = parse(_folder(reported_site, lang) / "statements/2025-09-11-release/index.html")
    item = next(li for li in statement.select("li") if li.select_one(f'a[href*="{SLUG}"]'))
    assert item.select_one(".reported").get_text() == MARK[lang]
    facility = next((_folder(reported_site, lang) / "facilities").rglob("index.html"))
    pages = [parse(p) for p in facility.parent.parent.rglob("index.html")]
    items = [li for soup in pages for li in soup.select(".people-inline li")
             if li.select_one(f'a[href*="{SLUG}"]')]
    assert items and all(li.select_one(".reported").get_text() == MARK[lang] for li in items)


@pytest.mark.parametrize("lang", LANGS)
def test_home_cards_say_reportedly(reported_site, lang):
    soup = parse(_folder(reported_site, lang) / "index.html")
    waves = soup.select('a[href*="wave-2025-09-11"]')
    heading = next(a.parent for a in waves if a.parent.name == "h3")
    assert heading.select_one(".reported").get_text() == MARK[lang]


def test_share_images_are_drawn_from_words_that_say_reportedly(reported_site):
    site, _ = builder.load_site(Options(root=reported_site, today=TODAY))
    words = dict(share_words(site, plan_pages(site, TODAY)))
    for lang in LANGS:
        title, subtitle, _ = words[f"{lang}/prisoners/{SLUG}/share.png"]
        assert title == {"en": "Ihar Report", "be": "Ігар Рэпарт", "ru": "Игорь Рэпорт"}[lang]
        assert MARK[lang] in subtitle and "2025" in subtitle
        _, plain, _ = words[f"{lang}/prisoners/boris-test/share.png"]
        assert MARK[lang] not in plain


def test_open_data_carries_reported_per_field(reported_site):
    data = _site(reported_site) / "data"
    people = json.loads((data / "prisoners.json").read_text(encoding="utf-8"))["prisoners"]
    person = next(p for p in people if p["slug"] == SLUG)
    assert person["reported"] == ["status"]
    assert [e["reported"] for e in person["events"]] == [["date"], ["term"], ["destination"],
                                                         ["type"]]
    assert person["events"][-1]["date"] is None
    waves = json.loads((data / "releases.json").read_text(encoding="utf-8"))["releases"]
    assert next(w for w in waves if w["id"] == "2025-09-11")["reported"] == ["date"]
    schema = json.loads((data / "prisoners.schema.json").read_text(encoding="utf-8"))
    assert "reportedly" in schema["properties"]["prisoners"]["items"]["properties"][
        "reported"]["description"]
    rows = list(csv.DictReader(io.StringIO((data / "prisoners.csv").read_text("utf-8"))))
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["reported"].split(";") == ["status", "detained"]
    assert next(r for r in rows if r["slug"] == "zoya-wave")["reported"] == "released"
    assert next(r for r in rows if r["slug"] == "boris-test")["reported"] == ""


def _ics_events(path: Path) -> list[dict[str, str]]:
    """The VEVENTs of a calendar by a strict reading of RFC 5545: CRLF line ends, folded
    lines joined, text values unescaped."""
    raw = path.read_bytes().decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    lines = raw.replace("\r\n ", "").split("\r\n")[:-1]
    events, event = [], None
    for line in lines:
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            event = {}
        elif line == "END:VEVENT":
            events.append(event)
            event = None
        elif event is not None:
            event[name.split(";")[0]] = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN"
                                               else m[1], value)
    return events


@pytest.mark.parametrize("lang", LANGS)
def test_calendar_says_reportedly(reported_site, lang):
    events = _ics_events(_folder(reported_site, lang) / "calendar/birthdays.ics")
    mine = next(e for e in events if SLUG in e["UID"])
    status = mine["DESCRIPTION"].splitlines()[0]
    assert MARK[lang] in status and "2025" in status
    boris = next(e for e in events if "boris-test" in e["UID"])
    assert MARK[lang] not in boris["DESCRIPTION"]
    try:
        from icalendar import Calendar
    except ImportError:
        return
    calendar = Calendar.from_ical((_folder(reported_site, lang) / "calendar/birthdays.ics")
                                  .read_bytes())
    assert any(MARK[lang] in str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))


@pytest.mark.parametrize("lang", LANGS)
def test_search_results_say_reportedly(reported_site, lang):
    folder = _folder(reported_site, lang) / "search/d"
    docs = [doc for path in sorted(folder.glob("*.json"))
            for doc in json.loads(path.read_text(encoding="utf-8"))]
    mine = next(d for d in docs if f"/{SLUG}/" in d[0])
    assert mine[2] == "prisoner" and MARK[lang] in mine[3] and "2025" in mine[3]
    boris = next(d for d in docs if "/boris-test/" in d[0])
    assert MARK[lang] not in boris[3]


# "Now" only with its date


def _today_section(root: Path, lang: str):
    return parse(_folder(root, lang) / "index.html").select_one("section.today")


LEADS = {"now": {"en": "in detention now", "be": "цяпер за кратамі",
                 "ru": "сейчас в заключении"},
         "dated": {"en": "when their status was last verified",
                   "be": "на час апошняй праверкі статусу",
                   "ru": "на момент последней проверки статуса"}}


@pytest.mark.parametrize("lang", LANGS)
def test_recent_statuses_are_now_and_dated(reported_site, lang):
    today = _today_section(reported_site, lang)
    assert LEADS["now"][lang] in today.p.get_text()
    for card in today.select("li.card"):
        meta = card.select_one(".person-meta").get_text(" ", strip=True)
        assert re.search(r"\b20\d\d\b", meta)  # the status's date


def test_old_statuses_are_not_called_now(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    for path in (root / "data/prisoners").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("verified: 2025-09-12",
                                                        "verified: 2023-03-01")
        path.write_text(text, encoding="utf-8")
    build(root)
    for lang in LANGS:
        today = _today_section(root, lang)
        lead = today.p.get_text()
        assert LEADS["now"][lang] not in lead and LEADS["dated"][lang] in lead
        metas = [c.select_one(".person-meta").get_text(" ", strip=True)
                 for c in today.select("li.card")]
        assert metas and all("2023" in m for m in metas)
    write = parse(root / "site/en/write/index.html").select_one("section.today")
    assert write is None or LEADS["dated"]["en"] in write.p.get_text()
    held = parse(root / "site/en/prisoners/clara-test/index.html").select_one(".days-held")
    text = held.get_text()  # no days counted to today
    assert text.startswith("In detention since") and "2024" in text and "days" not in text


def test_days_in_detention_are_counted_while_the_status_is_current(reported_site):
    held = parse(_folder(reported_site, "en") / "prisoners/clara-test/index.html") \
        .select_one(".days-held").get_text()
    assert re.match(r"\d+ days in detention, since ", held) and "2024" in held


def test_a_status_is_current_until_the_maximum_age(fixture_model):
    person = fixture_model.by_slug["boris-test"]  # verified 2025-09-12
    assert is_current(person, dt.date(2025, 9, 12) + dt.timedelta(days=365), 365)
    assert not is_current(person, dt.date(2025, 9, 12) + dt.timedelta(days=366), 365)


def test_every_status_change_of_the_sample_reaches_its_feed(tmp_path):
    """In the sample content, each person's entries in the changes feed are all their
    releases, detentions, transfers and deaths, dated or not (Statkevich's reported
    re-arrest has no date: the feed's last word for him must not be "Released")."""
    from portal.outputs.feeds import FEED_EVENTS, changes_feed

    root = make_project(tmp_path / "sample")
    site, _ = builder.load_site(Options(root=root, today=TODAY))
    root_xml = ET.fromstring(changes_feed(site, "en"))
    links = [e.find(f"{ATOM}link").get("href") for e in root_xml.findall(f"{ATOM}entry")]
    for person in site.prisoners:
        if person.name_withheld:
            continue
        wanted = sum(e.type in FEED_EVENTS for e in person.events)
        assert sum(f"/{person.slug}/" in link for link in links) == wanted, person.slug
    statkevich = site.by_slug.get("mikalai-statkevich")
    if statkevich is not None and statkevich.status == "re-arrested":
        entry = next(e for e in root_xml.findall(f"{ATOM}entry")
                     if "/mikalai-statkevich/" in e.find(f"{ATOM}link").get("href"))
        assert "reportedly" in entry.findtext(f"{ATOM}title")
