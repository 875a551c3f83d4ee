"""Plural, gender and date forms, with the project's real interface strings."""

import pytest

from portal.content.dates import PartialDate
from portal.languages.i18n import Translator


@pytest.fixture(scope="module")
def translators(fixture_model):
    return {lang: Translator(fixture_model.config, fixture_model.strings[lang], lang)
            for lang in fixture_model.config.codes}


@pytest.mark.parametrize("lang, count, expected", [
    ("en", 1, "1 political prisoner"),
    ("en", 2, "2 political prisoners"),
    ("en", 1168, "1,168 political prisoners"),
    ("be", 1, "1 палітвязень"),
    ("be", 2, "2 палітвязні"),
    ("be", 5, "5 палітвязняў"),
    ("be", 11, "11 палітвязняў"),
    ("be", 21, "21 палітвязень"),
    ("be", 22, "22 палітвязні"),
    ("be", 1168, "1\u00a0168 палітвязняў"),
    ("ru", 1, "1 политзаключённый"),
    ("ru", 2, "2 политзаключённых"),
    ("ru", 5, "5 политзаключённых"),
    ("ru", 11, "11 политзаключённых"),
    ("ru", 21, "21 политзаключённый"),
    ("ru", 22, "22 политзаключённых"),
    ("ru", 1168, "1\u00a0168 политзаключённых"),
])
def test_counts_are_grammatical(translators, lang, count, expected):
    assert translators[lang].tn("count.exact", count) == expected


@pytest.mark.parametrize("lang, count, expected", [
    ("be", 1, "1 год"), ("be", 2, "2 гады"), ("be", 5, "5 гадоў"), ("be", 11, "11 гадоў"),
    ("be", 21, "21 год"), ("be", 22, "22 гады"),
    ("ru", 1, "1 год"), ("ru", 2, "2 года"), ("ru", 5, "5 лет"), ("ru", 11, "11 лет"),
    ("ru", 21, "21 год"), ("ru", 22, "22 года"), ("ru", 15, "15 лет"),
])
def test_terms_are_grammatical(translators, lang, count, expected):
    assert translators[lang].tn("term.years", count) == expected


@pytest.mark.parametrize("lang, gender, expected", [
    ("be", "male", "Вызвалены"), ("be", "female", "Вызвалена"),
    ("ru", "male", "Освобождён"), ("ru", "female", "Освобождена"),
    ("en", "female", "Released"),
])
def test_status_agrees_with_gender(translators, lang, gender, expected):
    assert translators[lang].tg("status.released", gender) == expected


@pytest.mark.parametrize("lang, date, expected", [
    ("en", PartialDate(2025, 9, 11), "September 11, 2025"),
    ("be", PartialDate(2025, 9, 11), "11 верасня 2025\u202fг."),
    ("ru", PartialDate(2025, 9, 11), "11 сентября 2025\u202fг."),
    ("ru", PartialDate(2025, 9), "сентябрь 2025\u202fг."),
    ("be", PartialDate(2024, season="summer"), "лета 2024"),
    ("en", PartialDate(2024), "2024"),
])
def test_dates_are_localised_at_their_precision(translators, lang, date, expected):
    assert translators[lang].date(date) == expected
