"""Plural, gender and date forms, with the project's real interface strings."""

import pytest

from portal.content.dates import PartialDate
from portal.languages.i18n import StringError, Translator


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


NB = "\u202f"


@pytest.mark.parametrize("lang, form, date, expected", [
    # Belarusian: па стане на … (accusative), з … (genitive), абноўлены … (when)
    ("be", "accusative", PartialDate(2025, season="spring"), "вясну 2025 года"),
    ("be", "accusative", PartialDate(2025, season="summer"), "лета 2025 года"),
    ("be", "accusative", PartialDate(2025, season="autumn"), "восень 2025 года"),
    ("be", "accusative", PartialDate(2025, season="winter"), "зіму 2025 года"),
    ("be", "accusative", PartialDate(2021), "2021 год"),
    ("be", "accusative", PartialDate(2025, 3), "сакавік 2025"),
    ("be", "genitive", PartialDate(2024, season="spring"), "вясны 2024 года"),
    ("be", "genitive", PartialDate(2024, season="summer"), "лета 2024 года"),
    ("be", "genitive", PartialDate(2024, season="autumn"), "восені 2024 года"),
    ("be", "genitive", PartialDate(2024, season="winter"), "зімы 2024 года"),
    ("be", "genitive", PartialDate(2021), "2021 года"),
    ("be", "genitive", PartialDate(2025, 3), "сакавіка 2025"),
    ("be", "genitive", PartialDate(2025, 3, 1), f"1 сакавіка 2025{NB}г."),
    ("be", "when", PartialDate(2024, season="spring"), "вясной 2024 года"),
    ("be", "when", PartialDate(2024, season="summer"), "летам 2024 года"),
    ("be", "when", PartialDate(2024, season="autumn"), "восенню 2024 года"),
    ("be", "when", PartialDate(2024, season="winter"), "зімой 2024 года"),
    ("be", "when", PartialDate(2021), "ў 2021 годзе"),
    ("be", "when", PartialDate(2025, 1), "ў студзені 2025 г."),
    ("be", "when", PartialDate(2025, 12), "ў снежні 2025 г."),
    # Russian: по состоянию на … (accusative), с … (genitive), обновлён … (when)
    ("ru", "accusative", PartialDate(2025, season="spring"), "весну 2025 г."),
    ("ru", "accusative", PartialDate(2025, season="winter"), "зиму 2025 г."),
    ("ru", "accusative", PartialDate(2021), "2021 год"),
    ("ru", "accusative", PartialDate(2025, 3), f"март 2025{NB}г."),
    ("ru", "genitive", PartialDate(2024, season="autumn"), "осени 2024 г."),
    ("ru", "genitive", PartialDate(2024, season="summer"), "лета 2024 г."),
    ("ru", "genitive", PartialDate(2021), "2021 года"),
    ("ru", "genitive", PartialDate(2025, 3), f"марта 2025{NB}г."),
    ("ru", "when", PartialDate(2024, season="autumn"), "осенью 2024 г."),
    ("ru", "when", PartialDate(2024, season="spring"), "весной 2024 г."),
    ("ru", "when", PartialDate(2021), "в 2021 году"),
    ("ru", "when", PartialDate(2025, 5), "в мае 2025 г."),
    ("ru", "when", PartialDate(2025, 3, 1), f"1 марта 2025{NB}г."),
    # English: as of …, since …, updated …
    ("en", "accusative", PartialDate(2025, season="spring"), "spring 2025"),
    ("en", "genitive", PartialDate(2021), "2021"),
    ("en", "when", PartialDate(2025, season="spring"), "in spring 2025"),
    ("en", "when", PartialDate(2025, 3), "in March 2025"),
    ("en", "when", PartialDate(2025, 3, 1), "on March 1, 2025"),
])
def test_dates_take_the_form_a_sentence_asks_for(translators, lang, form, date, expected):
    assert translators[lang].date(date, form) == expected


def test_a_form_asked_of_a_value_that_is_no_date_is_an_error_naming_the_string(translators):
    with pytest.raises(StringError, match=r"\{date:accusative\} asks for a form of a date"):
        translators["be"].t("home.count_as_of", date="2025")


@pytest.mark.parametrize("template, values, expected", [
    ("As written, no placeholder.", {}, "As written, no placeholder."),
    ("", {}, ""),
    ("{{literal}} braces", {}, "{literal} braces"),
    ("Held since {date}.", {"date": "2025"}, "Held since 2025."),
    ("Held since {date}.", {"date": "2027 г."}, "Held since 2027 г."),
    ("Held since {date}.", {"date": "2026"}, "Held since 2026."),
])
def test_strings_are_filled_in_afresh_each_time(template, values, expected):
    """A string's parts are worked out once, but every filling uses its own values (the
    same string twice with other values gives each its own), and a string without
    placeholders is given back as written."""
    from portal.languages.i18n import fill

    assert fill(template, "en", "key", values) == expected


@pytest.mark.parametrize("template", ["a lone } brace", "a lone { brace", "{}"])
def test_a_string_that_cannot_be_filled_in_is_an_error_each_time(template):
    from portal.languages.i18n import fill

    for _ in range(2):
        with pytest.raises(StringError):
            fill(template, "en", "key", {})
