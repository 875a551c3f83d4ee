"""The real sample content, built and read as a visitor and a supporter would."""

from __future__ import annotations

import re

import pytest
import yaml
from babel.numbers import format_decimal

from conftest import PROJECT, parse

PEOPLE = sorted(p.stem for p in (PROJECT / "data/prisoners").glob("*.yaml"))


def listed(name: str, key: str) -> list:
    """A list file of the sample (kept under its one key, `waves:`)."""
    return yaml.safe_load((PROJECT / f"data/{name}.yaml").read_text(encoding="utf-8"))[key]


def text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).replace("\u202f", " ")


def test_all_eleven_people_have_a_profile_in_every_language(built_sample):
    assert len(PEOPLE) == 11
    for lang in ("en", "be", "ru"):
        for slug in PEOPLE:
            assert (built_sample / lang / "prisoners" / slug / "index.html").is_file()


@pytest.mark.parametrize("lang, slug, status", [
    ("be", "maryia-kalesnikava", "Вызвалена і выслана за мяжу"),
    ("be", "ihar-losik", "Вызвалены і высланы за мяжу"),
    ("ru", "maryia-kalesnikava", "Освобождена и выслана из страны"),
    ("ru", "ihar-losik", "Освобождён и выслан из страны"),
    ("be", "marfa-rabkova", "Зняволена"),
    ("be", "valiantsin-stefanovich", "Зняволены"),
    ("en", "mikalai-statkevich", "Detained again"),
])
def test_status_agrees_with_the_person(built_sample, lang, slug, status):
    soup = parse(built_sample / lang / "prisoners" / slug / "index.html")
    assert text(soup.find(class_="profile-status").find(class_="status")) == status


def test_profile_shows_names_dates_timeline_and_sources(built_sample):
    soup = parse(built_sample / "en/prisoners/ihar-losik/index.html")
    assert text(soup.h1) == "Ihar Losik"
    others = {span["lang"]: text(span) for span in soup.find(class_="other-names").find_all("span")}
    assert others == {"be": "Ігар Лосік", "ru": "Игорь Лосик"}
    assert "12 September 2025" in text(soup.find(class_="verified"))  # en_GB: day first
    events = [text(li) for li in soup.find("ol", class_="events").find_all("li")]
    assert any("Sentenced — 15 years" in e for e in events)
    released = next(e for e in events if e.startswith("11 September 2025"))
    assert "taken to Lithuania" in released
    wave_link = soup.find("ol", class_="events").find("a", href=re.compile("timeline"))
    assert wave_link["href"] == "../../timeline/#wave-2025-09-11"
    assert soup.find("ul", class_="sources").find_all("li")


def test_localised_dates_on_pages(built_sample):
    be = parse(built_sample / "be/prisoners/ihar-losik/index.html")
    ru = parse(built_sample / "ru/prisoners/ihar-losik/index.html")
    assert "11 верасня 2025 г." in text(be.find("ol", class_="events"))
    assert "11 сентября 2025 г." in text(ru.find("ol", class_="events"))
    assert "чэрвень 2020" in text(be.find("ol", class_="events"))


def test_home_shows_the_latest_count_with_date_and_source(built_sample):
    points = listed("statistics", "statistics")
    latest = points[-1]
    soup = parse(built_sample / "ru/index.html")
    count = text(soup.find(class_="count"))
    figure = format_decimal(latest["count"], locale="ru").replace("\xa0", " ")
    assert figure in count.replace("\xa0", " ")
    assert count.endswith("политзаключённых")
    meta = text(soup.find(class_="count-meta"))
    assert "По состоянию на" in meta and "Источник:" in meta


def test_the_latest_count_is_dated_no_more_precisely_than_its_source(built_sample):
    """The UN press release is undated, issued after the release of 13 December 2025."""
    meta = text(parse(built_sample / "en/index.html").find(class_="count-meta"))
    assert meta.startswith("As of a date after 13 December 2025")


def test_the_undated_un_statement_is_the_newest_and_the_pardon_of_30_follows_the_exchange(
        built_sample):
    """The UN statement, issued some day after 13 December 2025, heads "newest first"; the
    decree pardoning 30, after the exchange of 1 August 2024, comes after it."""
    links = parse(built_sample / "en/statements/index.html").select("main a[href]")
    assert links[0]["href"].rstrip("/").endswith("2025-12-13-forced-exile")
    waves = [w["id"] for w in parse(built_sample / "en/timeline/index.html").select("li.wave")]
    assert waves.index("wave-2024-summer") == waves.index("wave-2024-08-01") - 1  # newest first


def test_timeline_lists_every_wave_and_the_same_figures_as_the_chart(built_sample):
    waves = listed("releases", "waves")
    points = listed("statistics", "statistics")
    soup = parse(built_sample / "en/timeline/index.html")
    ids = [li["id"] for li in soup.find("ol", class_="waves").find_all("li", recursive=False)]
    assert len(ids) == 7 == len(waves)
    assert ids[0] == "wave-2025-12-13" and ids[-1] == "wave-2024-07"
    chart_values = [text(t) for t in soup.find("svg").find_all("text", class_="value")]
    rows = soup.find("table", class_="data").tbody.find_all("tr")
    assert len(rows) == len(points) == len(chart_values)
    qualifier = {"exact": "", "over": "over ", "nearly": "nearly ", "about": "about "}
    assert sorted(chart_values) == sorted(f"{qualifier[p['qualifier']]}{p['count']:,}"
                                          for p in points)
    wave = soup.find(id="wave-2025-09-11")
    assert "52 people" in text(wave) and "40 people" in text(wave)
    assert {a["href"] for a in wave.find_all("a", href=re.compile("prisoners"))} >= {
        "../prisoners/ihar-losik/", "../prisoners/mikalai-statkevich/"}


def test_a_person_no_source_shows_as_a_political_prisoner_is_not_listed(built_sample):
    """Rico Krieger (`political_prisoner: false`) is on the timeline and has his page, but
    the list of political prisoners leaves him out, in every language."""
    for lang in ("en", "be", "ru"):
        soup = parse(built_sample / lang / "prisoners/index.html")
        listed = {a["href"].strip("/").rsplit("/", 1)[-1]
                  for a in soup.select("li.person .person-name a")}
        assert "ihar-losik" in listed and "rico-krieger" not in listed
    wave = parse(built_sample / "en/timeline/index.html").find(id="wave-2024-08-01")
    assert "../prisoners/rico-krieger/" in {a["href"] for a in wave.find_all("a")}
    profile = parse(built_sample / "en/prisoners/rico-krieger/index.html")
    assert "Not counted here among political prisoners" in text(profile.find(class_="lead"))


def test_dangerous_actions_carry_a_warning(built_sample):
    actions = listed("actions", "actions")
    soup = parse(built_sample / "be/help/index.html")
    for action in actions:
        item = soup.find(id=action["id"])
        assert item is not None
        assert (item.find(class_="warning") is not None) == bool(action.get("safety"))
    assert any(a["kind"] in ("share", "donate") and a.get("safety") for a in actions)


def test_letter_guide_shows_the_envelope_exactly_and_the_phrasebook(built_sample):
    facilities = listed("facilities", "facilities")
    example = next(f for f in facilities if f["id"] == "ik-4-homiel")
    soup = parse(built_sample / "en/write/index.html")
    envelopes = {fig["lang"]: [text(s) for s in fig.find_all("span", class_="line")]
                 for fig in soup.find_all("figure", class_="envelope")}
    assert envelopes["ru"][1:] == [*example["envelope"]["ru"], "REPUBLIC OF BELARUS"]
    assert envelopes["be"][1:] == [*example["envelope"]["be"], "REPUBLIC OF BELARUS"]
    rows = soup.find("table", class_="phrases").tbody.find_all("tr")
    assert len(rows) >= 10
    assert all(row.find("td", lang="ru") and row.find("td", lang="be") for row in rows)


def test_statement_links_the_people_it_concerns(built_sample):
    soup = parse(built_sample / "be/statements/2025-09-11-release-of-52/index.html")
    people = soup.find("ul", class_="people-inline")
    hrefs = {a["href"] for a in people.find_all("a")}
    assert "../../prisoners/ihar-losik/" in hrefs
    assert soup.find("dl", class_="facts") is not None
