"""Dates inside sentences, in the form each sentence needs ("па стане на вясну 2025 года",
"з восені 2024 года", "абноўлены ў 2021 годзе"), at every precision a date may have, in
every language: the minimal fixture built once per precision, its pages read with a real
HTML parser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, build, errors, make_project, parse, replace_in

NB = "\u202f"
"""The narrow no-break space CLDR writes before г. in Belarusian and Russian dates."""

DATES = {"day": "2025-11-03", "month": "2025-11", "season": "2025-autumn", "year": "2025"}
"""The date every sentence of a build takes, at each precision."""

FROM_BE = "content/statements/2024-12-01-from-belarusian"


def dated_fixture(root: Path, date: str) -> Path:
    """The minimal fixture with `date` as the latest count, a status's and an address's
    verification, a wave's date and the date the originals of two statements were updated
    (one written in English and translated into Belarusian and Russian, one written in
    Belarusian and translated into English); the translations' records name a version
    that is no longer the original's, so that each shows its stale notice."""
    replace_in(root, "data/statistics.yaml", "date: 2025-09-11", f"date: {date}")
    replace_in(root, "data/prisoners/anna-test.yaml", "verified: 2025-09-12", f"verified: {date}")
    replace_in(root, "data/facilities.yaml", "address_verified: 2021", f"address_verified: {date}")
    replace_in(root, "data/releases.yaml", "date: 2025-09-11", f"date: {date}")
    stale = "translated_from: {lang: en, hash: abcdef012345}\n"
    release = "content/statements/2025-09-11-release"
    replace_in(root, f"{release}.en.md", "date: 2025-09-11\n",
               f"date: 2025-09-11\nupdated: {date}\n")
    replace_in(root, f"{release}.be.md", "date: 2025-09-11\n", "date: 2025-09-11\n" + stale)
    ru = (root / f"{release}.be.md").read_text(encoding="utf-8")
    (root / f"{release}.ru.md").write_text(ru.replace("title: Вызвалены пяцьдзесят два чалавекі",
                                                      "title: Освобождены пятьдесят два человека"),
                                           encoding="utf-8")
    front = "---\ntitle: {title}\ndate: 2024-12-01\nauthor: Fixture Org\nsources: [report-a]\n"
    (root / f"{FROM_BE}.be.md").write_text(
        front.format(title="Напісана па-беларуску") + f"updated: {date}\n---\nТэкст.\n",
        encoding="utf-8")
    (root / f"{FROM_BE}.en.md").write_text(
        front.format(title="Written in Belarusian") + stale.replace("en", "be") + "---\nText.\n",
        encoding="utf-8")
    return root


@pytest.fixture(scope="module", params=sorted(DATES))
def built(request, tmp_path_factory) -> tuple[str, dict[str, dict[str, str]]]:
    """(precision, language → sentence → text) of the fixture built with every sentence's
    date at one precision."""
    root = dated_fixture(make_project(tmp_path_factory.mktemp(request.param), "minimal"),
                         DATES[request.param])
    assert errors(root) == []
    build(root)
    return request.param, {lang: phrases(root / "site", lang) for lang in ("en", "be", "ru")}


def text(element) -> str:
    """An element's text as a reader sees it (runs of spaces and line breaks as one space;
    CLDR's no-break spaces kept)."""
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


def page(site: Path, lang: str, *parts: str):
    return parse(site.joinpath(lang, *parts, "index.html"))


def phrases(site: Path, lang: str) -> dict[str, str]:
    """Each sentence that takes a date, as the built pages in `lang` show it."""
    home = page(site, lang)
    cards = page(site, lang, "prisoners")
    card = next(li for li in cards.select("li") if li.find("a", href=re.compile("anna-test")))
    anna = page(site, lang, "prisoners", "anna-test")
    write = page(site, lang, "write")
    sizo = next(li for li in write.select("ul.facilities li")
                if li.find("a", href=re.compile("sizo-test")))
    stale = page(site, lang, "statements", "2024-12-01-from-belarusian" if lang == "en"
                 else "2025-09-11-release").find(class_="stale-notice")
    stale.a.extract()  # the link to the original, after the sentence
    return {
        "home.count_as_of": text(home.find(class_="count-meta")).split(" · ")[0],
        "person.status_as_of": text(card.find(class_="person-meta")).split(" · ")[-1],
        "person.status_verified": text(anna.find(class_="verified")),
        "event.wave_link": text(anna.find("a", href=re.compile("#wave-2025-09-11$"))),
        "write.address_as_of": text(sizo.find(class_="small")),
        "stale.notice": text(stale),
    }


EXPECTED = {  # sentence → language → (day, month, season, year), as DATES gives them
    "home.count_as_of": {
        "en": ("As of November 3, 2025", "As of November 2025", "As of autumn 2025",
               "As of 2025"),
        "be": (f"Па стане на 3 лістапада 2025{NB}г.", "Па стане на лістапад 2025",
               "Па стане на восень 2025 года", "Па стане на 2025 год"),
        "ru": (f"По состоянию на 3 ноября 2025{NB}г.", f"По состоянию на ноябрь 2025{NB}г.",
               "По состоянию на осень 2025 г.", "По состоянию на 2025 год")},
    "person.status_as_of": {
        "en": ("status as of November 3, 2025", "status as of November 2025",
               "status as of autumn 2025", "status as of 2025"),
        "be": (f"статус па стане на 3 лістапада 2025{NB}г.", "статус па стане на лістапад 2025",
               "статус па стане на восень 2025 года", "статус па стане на 2025 год"),
        "ru": (f"статус на 3 ноября 2025{NB}г.", f"статус на ноябрь 2025{NB}г.",
               "статус на осень 2025 г.", "статус на 2025 год")},
    "write.address_as_of": {
        "en": ("address as of November 3, 2025", "address as of November 2025",
               "address as of autumn 2025", "address as of 2025"),
        "be": (f"адрас па стане на 3 лістапада 2025{NB}г.", "адрас па стане на лістапад 2025",
               "адрас па стане на восень 2025 года", "адрас па стане на 2025 год"),
        "ru": (f"адрес по состоянию на 3 ноября 2025{NB}г.",
               f"адрес по состоянию на ноябрь 2025{NB}г.",
               "адрес по состоянию на осень 2025 г.", "адрес по состоянию на 2025 год")},
    "person.status_verified": {
        "en": ("Status last verified: November 3, 2025", "Status last verified: November 2025",
               "Status last verified: autumn 2025", "Status last verified: 2025"),
        "be": (f"Статус апошні раз правераны: 3 лістапада 2025{NB}г.",
               "Статус апошні раз правераны: лістапад 2025",
               "Статус апошні раз правераны: восень 2025", "Статус апошні раз правераны: 2025"),
        "ru": (f"Статус в последний раз проверен: 3 ноября 2025{NB}г.",
               f"Статус в последний раз проверен: ноябрь 2025{NB}г.",
               "Статус в последний раз проверен: осень 2025 г.",
               "Статус в последний раз проверен: 2025")},
    "event.wave_link": {
        "en": ("release of November 3, 2025", "release of November 2025",
               "release of autumn 2025", "release of 2025"),
        "be": (f"вызваленне: 3 лістапада 2025{NB}г.", "вызваленне: лістапад 2025",
               "вызваленне: восень 2025", "вызваленне: 2025"),
        "ru": (f"освобождение: 3 ноября 2025{NB}г.", f"освобождение: ноябрь 2025{NB}г.",
               "освобождение: осень 2025 г.", "освобождение: 2025")},
    "stale.notice": {
        "en": tuple(f"The original (Belarusian) was updated {when}; this translation may be "
                    "out of date." for when in ("on November 3, 2025", "in November 2025",
                                                "in autumn 2025", "in 2025")),
        "be": tuple(f"Арыгінал (англійская) абноўлены {when}; гэты пераклад можа быць "
                    "састарэлым." for when in (f"3 лістапада 2025{NB}г.", "ў лістападзе 2025 г.",
                                                "восенню 2025 года", "ў 2025 годзе")),
        "ru": tuple(f"Оригинал (английский) обновлён {when}; этот перевод может быть "
                    "устаревшим." for when in (f"3 ноября 2025{NB}г.", "в ноябре 2025 г.",
                                                "осенью 2025 г.", "в 2025 году"))},
}
PRECISIONS = ("day", "month", "season", "year")
CASES = [(sentence, lang) for sentence, langs in EXPECTED.items() for lang in langs]


@pytest.mark.parametrize("sentence, lang", CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_a_date_in_a_sentence_takes_the_sentences_form(built, sentence, lang):
    precision, shown = built
    assert shown[lang][sentence] == EXPECTED[sentence][lang][PRECISIONS.index(precision)]


HELD = (TODAY - dt.date(2024, 3, 5)).days
DAY_ONLY = {  # sentences whose date is always a day: since a detention, as of today
    ("person.days_held", "en"): f"{HELD} days in detention, since March 5, 2024",
    ("person.days_held", "be"): f"{HELD} дзён за кратамі, з 5 сакавіка 2024{NB}г.",
    ("person.days_held", "ru"): f"{HELD} дней в заключении, с 5 марта 2024{NB}г.",
    ("birthdays.caption", "en"): "Birthdays ahead, as of December 20, 2025",
    ("birthdays.caption", "be"): f"Бліжэйшыя дні нараджэння, па стане на 20 снежня 2025{NB}г.",
    ("birthdays.caption", "ru"): f"Ближайшие дни рождения, по состоянию на 20 декабря 2025{NB}г.",
}


@pytest.mark.parametrize("sentence, lang", sorted(DAY_ONLY), ids="-".join)
def test_a_sentence_whose_date_is_a_day(built_fixture, sentence, lang):
    if sentence == "person.days_held":  # Clara, held since a day the sources give
        shown = page(built_fixture, lang, "prisoners", "clara-test").find(class_="days-held")
    else:
        shown = page(built_fixture, lang, "birthdays").find("caption")
    assert text(shown) == DAY_ONLY[sentence, lang]


def test_no_template_gives_a_sentence_a_date_already_written():
    """A sentence gets the date itself, so that each language's string can ask for the
    form it needs: `h.t("…", date=person.verified)`, never `date=h.date(…)` (whose text
    is the nominative, and which a `{date:genitive}` refuses)."""
    given = re.compile(r"\b(?:h|i18n)\.t[ng]?\([^()]*(?:\([^()]*\)[^()]*)*"
                       r"=\s*(?:h|i18n)\.date(?:_of)?\(")
    files = [*sorted((PROJECT / "templates").rglob("*.html")),
             *sorted((PROJECT / "portal").rglob("*.py"))]
    found = [f"{path.relative_to(PROJECT)}: {match[0]}" for path in files
             for match in given.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def date_problems(root: Path) -> list[tuple[str, str, str]]:
    """`check`'s errors about the interface strings: (file, key, message and fix)."""
    return [(p.file, p.field, f"{p.message}; {p.fix}") for p in errors(root)
            if p.file.startswith("data/strings/")]


def test_a_form_a_sentence_needs_and_a_language_lacks_is_an_error(project):
    """No file has a genitive for spring: English asks for no genitive, and is right;
    Belarusian and Russian say "since" with {date:genitive}, and are told what to add."""
    root = project("minimal")
    replace_in(root, "data/strings/en.yaml", '  genitive:\n    day: "{day}"\n'
               '    month: "{month}"\n    year: "{year}"\n    spring: spring {year}\n',
               '  genitive:\n    day: "{day}"\n    month: "{month}"\n    year: "{year}"\n')
    replace_in(root, "data/strings/be.yaml", "    spring: вясны {year} года\n", "")
    replace_in(root, "data/strings/ru.yaml", "    spring: весны {year} г.\n", "")
    assert date_problems(root) == [
        (f"data/strings/{lang}.yaml", "date.genitive", "has no genitive form of a date for "
         "spring (person.days_held asks for {date:genitive}); add `spring: …` under "
         "date.genitive") for lang in ("be", "ru")]


def test_a_form_no_language_gives_is_an_error_where_a_sentence_asks_for_it(project):
    root = project("minimal")
    replace_in(root, "data/strings/be.yaml", "Па стане на {date:accusative}",
               "Па стане на {date:dative}")
    assert date_problems(root) == [
        ("data/strings/be.yaml", "home.count_as_of", "asks for {date:dative}, a form of a date "
         "the `date:` group does not give; use one of accusative, genitive, nominative, when, "
         "or add date.dative with day, month, year, spring, summer, autumn, winter to every "
         "strings file")]


@pytest.mark.parametrize("old, new, message", [
    ('    year: "{year} год"\n', '    year: "{month} год"\n',
     "{month} is not a part of a date known to a year; write only {year}"),
    ("    spring: вясну {year} года\n", "    spring: вясну {day} года\n",
     "{day} is not a part of a date known to a season; write only {year}"),
    ('    day: "{day}"\n', '    day: "{day:genitive}"\n',
     "{day:genitive} is not a part of a date known to a day; write only {day}"),
])
def test_a_form_holds_only_what_a_date_of_its_precision_has(project, old, new, message):
    root = project("minimal")
    replace_in(root, "data/strings/be.yaml", old, new)
    assert [m for _, _, m in date_problems(root)] == [message]


def test_the_months_after_in_are_twelve(project):
    root = project("minimal")
    replace_in(root, "data/strings/ru.yaml", "январе, ", "")
    assert date_problems(root) == [
        ("data/strings/ru.yaml", "date.months_in", "date.when.month writes {month_in}, and "
         "date.months_in has 11 of the twelve months; write `months_in:` with the twelve "
         "months as that form needs them, January first, separated by commas")]
