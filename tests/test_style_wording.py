"""`check`'s wording warnings on fixture sites: organisations named in the reader's
language, numbers grouped as the language groups them, health in a summary, and a summary
that says the opposite of the status. Each names file, line, field and the fix; each has
a case that must not warn."""

from __future__ import annotations

import pytest

from portal.checks.numbers import ungrouped_numbers
from portal.checks.summaries import contradiction

from conftest import build, check, parse, replace_in

ANNA = "data/prisoners/anna-test.yaml"
BE_STATEMENT = "content/statements/2025-09-11-release.be.md"
BIOGRAPHY = "biography:\n  en: \"Anna wrote about [the release](wave:2025-09-11).\"\n"
VIASNA = """- id: report-b
  title: Report B
  publisher:
    en: Viasna Human Rights Centre
    be: Праваабарончы цэнтр «Вясна»
    ru: Правозащитный центр «Весна»
  also_known_as: [Viasna]
"""


def wording(root, kind: str) -> list[str]:
    return [str(p) for p in check(root) if p.warning and kind in p.message]


def _localise_publishers(root) -> None:
    replace_in(root, "data/sources.yaml", "- id: report-b\n  title: Report B\n"
               "  publisher: Other Org\n", VIASNA)
    replace_in(root, "data/sources.yaml", "  publisher: Fixture Org\n",
               "  publisher:\n    en: Fixture Org\n    be: Fixture Org («Фікстура»)\n"
               "    ru: Fixture Org («Фикстура»)\n")


def test_an_organisations_english_name_in_belarusian_text_is_a_warning(project):
    root = project("minimal")
    _localise_publishers(root)
    replace_in(root, ANNA, BIOGRAPHY,
               "biography:\n  en: \"Anna wrote about [the release](wave:2025-09-11).\"\n"
               "  be: Пра яе пісала Viasna.\n")
    body = (root / BE_STATEMENT).read_text(encoding="utf-8")
    (root / BE_STATEMENT).write_text(body + "\nПаводле Viasna Human Rights Centre, усё так.\n",
                                     encoding="utf-8")
    line = body.count("\n") + 2
    assert wording(root, "names the organisation") == [
        f"{BE_STATEMENT}:{line} body: warning: names the organisation “Viasna Human Rights "
        "Centre”, which data/sources.yaml names «Праваабарончы цэнтр «Вясна»» in this "
        "language; write its name as data/sources.yaml gives it for be (Праваабарончы цэнтр "
        "«Вясна»), in the case the sentence needs",
        f"{ANNA}:29 biography.be: warning: names the organisation “Viasna”, which data/"
        "sources.yaml names «Праваабарончы цэнтр «Вясна»» in this language; write its name "
        "as data/sources.yaml gives it for be (Праваабарончы цэнтр «Вясна»), in the case "
        "the sentence needs"]


def test_names_a_language_keeps_or_writes_its_own_way_are_not_warned_about(project):
    root = project("minimal")
    _localise_publishers(root)
    replace_in(root, ANNA, BIOGRAPHY,
               "biography:\n  en: \"Viasna wrote about [the release](wave:2025-09-11).\"\n"
               "  be: Пра яе пісаў Праваабарончы цэнтр «Вясна» (Viasna) і Fixture Org; "
               "https://viasna.example/Viasna\n")
    assert wording(root, "names the organisation") == []


def test_a_statement_shown_in_another_language_names_its_author_in_the_readers(project):
    """A statement with no Belarusian version is shown in English on the Belarusian
    pages; its author, the publisher of its source, is named as Belarusian names it."""
    root = project("minimal")
    _localise_publishers(root)
    replace_in(root, "content/statements/2024-10-01-english-only.en.md", "author: Other Org",
               "author: Viasna Human Rights Centre")
    build(root)
    page = parse(root / "site/be/statements/2024-10-01-english-only/index.html")
    authors = [dd.get_text() for dd in page.select("dl.facts dd")]
    assert "Праваабарончы цэнтр «Вясна»" in authors, authors
    english = parse(root / "site/en/statements/2024-10-01-english-only/index.html")
    assert "Viasna Human Rights Centre" in [dd.get_text() for dd in english.select("dl.facts dd")]


def test_a_large_number_without_the_languages_grouping_is_a_warning(project):
    root = project("minimal")
    body = (root / BE_STATEMENT).read_text(encoding="utf-8")
    (root / BE_STATEMENT).write_text(body + "\nЗа кратамі застаюцца 1168 палітвязняў.\n",
                                     encoding="utf-8")
    line = body.count("\n") + 2
    assert wording(root, "digit grouping") == [
        f"{BE_STATEMENT}:{line} body: warning: the number “1168” is written without the digit "
        "grouping of this language; write “1\u00a0168” (a no-break space or a space between "
        "the groups of three digits; years and article numbers are not grouped)"]


def test_years_articles_dates_addresses_and_grouped_numbers_are_not_warned_about(project):
    root = project("minimal")
    body = (root / BE_STATEMENT).read_text(encoding="utf-8")
    (root / BE_STATEMENT).write_text(body + (
        "\nУ 2021 годзе і 2025 года, 13 снежня 2025, у 2020–2025 гадах, пасля выбараў "
        "(2020). Паводле арт. 4110 і № 12345 яго асудзілі 2025-09-11 (11.09.2025), "
        "https://spring96.example/news/119261. За кратамі 1 168 і 1\u00a0168 чалавек.\n"),
        encoding="utf-8")
    replace_in(root, ANNA, "  en: A journalist released in September 2025.",
               "  en: One of 1168 people released in September 2025.")
    assert wording(root, "digit grouping") == []


@pytest.mark.parametrize("text, found", [
    ("за кратамі 1168 палітвязняў", ["1168"]),
    ("2000 чалавек", ["2000"]),
    ("больш за 15000 рублёў", ["15000"]),
    ("у 2021 годзе", []), ("2025 года", []), ("у 2020-х", []), ("з 2020 па 2025 год", []),
    ("13 снежня 2025", []), ("арт. 4110", []), ("prisoner:x-2025", []),
])
def test_which_numbers_stand_ungrouped(text, found):
    assert [digits for _, digits, _ in ungrouped_numbers(text, "be")] == found
    assert ungrouped_numbers(text, "en_GB") == []  # English groups with a comma: not this rule


def test_health_in_a_summary_is_a_warning_in_every_language(project):
    root = project("minimal")
    replace_in(root, ANNA, "  en: A journalist released in September 2025.",
               "  en: A journalist, ill with cancer, released in September 2025.")
    replace_in(root, ANNA, "  be: Журналістка, вызваленая ў верасні 2025 года.",
               "  be: Журналістка, хворая на рак, вызваленая ў верасні 2025 года.")
    replace_in(root, ANNA, "  ru: Журналистка, освобождённая в сентябре 2025 года.",
               "  ru: Журналистка, освобождённая в сентябре 2025 года; у неё инвалидность.")
    fix = ("; health is private, and the summary is shown on lists, cards and in search; take "
           "it out of the summary; where a source reports it, it may stand in the dated "
           "biography")
    assert wording(root, "health") == [
        f"{ANNA}:24 summary.en: warning: speaks of the person's health (“ill”, “cancer”){fix}",
        f"{ANNA}:25 summary.be: warning: speaks of the person's health (“хворая”, “рак”){fix}",
        f"{ANNA}:26 summary.ru: warning: speaks of the person's health (“инвалидность”){fix}"]


def test_health_in_the_biography_is_not_warned_about(project):
    root = project("minimal")
    replace_in(root, ANNA, "  en: \"Anna wrote about [the release](wave:2025-09-11).\"",
               "  en: \"Anna, reportedly ill with cancer, wrote about [the release]"
               "(wave:2025-09-11).\"")
    assert wording(root, "health") == []


@pytest.mark.parametrize("status, summary, opposite", [
    ("released", "A journalist who is still serving her sentence.", "is still serving"),
    ("exiled", "Журналистка, которая отбывает срок.", "отбывает"),
    ("deceased", "Журналістка; па-ранейшаму за кратамі.", "па-ранейшаму за кратамі"),
    ("released", "Журналістка; застаецца за кратамі.", "застаецца за кратамі"),
    ("released", "Журналистка; по данным на сентябрь, остаётся за решёткой.",
     "остаётся за решёткой"),
    ("imprisoned", "Журналистка, освобождённая в сентябре 2025 года.", "освобождённая"),
    ("re-arrested", "Журналістка, вызваленая ў верасні 2025 года.", "вызваленая"),
    ("imprisoned", "Released in 2025.", "Released"),
])
def test_words_that_say_the_opposite_of_the_status(status, summary, opposite):
    assert contradiction(summary, status) == opposite


@pytest.mark.parametrize("status, summary", [
    ("re-arrested", "Released in September 2025, he was reportedly detained again."),
    ("re-arrested", "Вызвалены ў верасні 2025 года, зноў затрыманы."),
    ("imprisoned", "Освобождён в 2019 году, в 2020-м снова арестован."),
    ("released", "У верасні 2025 года заставаўся за кратамі, а ў снежні быў вызвалены."),
    ("released", "Imprisoned as of September 2025, reported released on 13 December 2025."),
    ("deceased", "A journalist who died in detention."),
    ("imprisoned", "Still imprisoned as of September 2025."),
    ("exiled", "Вызвалены 13 снежня 2025 года і вывезены ва Украіну."),
])
def test_words_that_agree_with_the_status(status, summary):
    assert contradiction(summary, status) is None


def test_a_summary_that_says_the_opposite_of_the_status_is_a_warning(project):
    root = project("minimal")
    replace_in(root, ANNA, "  en: A journalist released in September 2025.",
               "  en: A journalist who is still serving her sentence.")
    assert wording(root, "the opposite of the status") == [
        f"{ANNA}:24 summary.en: warning: says “is still serving”, the opposite of the status "
        "`released`; correct the summary or the status, whichever a source no longer "
        "supports"]


def test_a_release_followed_by_a_new_detention_is_no_contradiction(project):
    root = project("minimal")
    replace_in(root, ANNA, "status: released", "status: re-arrested")
    for old, new in (("  en: A journalist released in September 2025.",
                      "  en: A journalist released in September 2025 and detained again."),
                     ("  be: Журналістка, вызваленая ў верасні 2025 года.",
                      "  be: Журналістка, вызваленая ў верасні 2025 года і зноў затрыманая."),
                     ("  ru: Журналистка, освобождённая в сентябре 2025 года.",
                      "  ru: Журналистка, освобождённая в сентябре 2025 года и снова "
                      "задержанная.")):
        replace_in(root, ANNA, old, new)
    assert wording(root, "the opposite of the status") == []


def test_the_sample_content_has_none_of_these_warnings(project):
    root = project(None)
    found = [str(p) for p in check(root) if p.warning and any(
        kind in p.message for kind in ("names the organisation", "digit grouping",
                                       "person's health", "the opposite of the status"))]
    assert found == []


def test_a_short_name_the_languages_own_name_keeps_is_not_warned_about():
    from portal.checks.orgnames import foreign_names, organisations
    known = organisations([{"publisher": {"en": "Kamila Bogdanova (IDM)",
                                          "be": "Каміла Багданава (IDM)"}}], "en")
    assert foreign_names("Каміла Багданава, навуковая асістэнтка IDM, піша…", "be", known) == []
    assert foreign_names("Паводле Kamila Bogdanova (IDM), …", "be", known) == [
        ("Kamila Bogdanova (IDM)", "Каміла Багданава (IDM)")]


def test_a_run_of_thousands_of_digits_is_an_identifier_not_a_crash(project):
    root = project("minimal")
    body = (root / BE_STATEMENT).read_text(encoding="utf-8")
    (root / BE_STATEMENT).write_text(body + "\nНумар " + "7" * 5000 + " і 1234567890123456.\n",
                                     encoding="utf-8")
    assert wording(root, "digit grouping") == []
    assert ungrouped_numbers("рахунак 1234567890123456, 1234567 чалавек", "be") == [
        (26, "1234567", "1\u00a0234\u00a0567")]
