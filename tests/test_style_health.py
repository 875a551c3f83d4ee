"""The health words of a summary (portal/checks/summaries.py HEALTH_STEMS) are found in
every case form: each word below is declined or conjugated by its paradigm's endings, and
every form, put in a sentence of its language, is found as written."""

from __future__ import annotations

import pytest

from portal.checks.summaries import health_words

ENDINGS = {
    # Russian
    "ru-fem-soft": ("ь", "и", "ью", "ей", "ям", "ями", "ях"),
    "ru-neut-je": ("е", "я", "ю", "ем"),
    "ru-fem-a": ("а", "ы", "е", "у", "ей", "ам", "ами", "ах"),
    "ru-masc": ("", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"),
    "ru-masc-k": ("", "а", "у", "ом", "е", "и", "ов", "ам", "ами", "ах"),
    "ru-masc-soft": ("ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях"),
    "ru-neut-ie": ("е", "я", "ю", "ем", "и"),
    "ru-fem-ija": ("я", "и", "ю", "ей"),
    "ru-adj": ("ой", "ая", "ое", "ые", "ого", "ому", "ым", "ом", "ую", "ых", "ыми"),
    "ru-adj-soft": ("ий", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ую", "их", "ими"),
    "ru-verb-et": ("еет", "еют", "ел", "ела", "ели", "еть"),
    # Belarusian
    "be-fem-a": ("а", "ы", "е", "у", "ай", "аю", "аў", "ам", "амі", "ах"),
    "be-fem-ca": ("а", "ы", "у", "ай", "аю", "аў", "ам", "амі", "ах"),
    "be-neut-je": ("е", "я", "ю", "ем", "і"),
    "be-masc": ("", "а", "у", "ам", "е", "ы", "аў", "амі", "ах"),
    "be-masc-k": ("", "а", "у", "ам", "і", "аў", "амі", "ах"),
    "be-masc-soft": ("ь", "я", "ю", "ем", "і", "яў", "ям", "ямі", "ях"),
    "be-adj": ("ы", "ая", "ае", "ыя", "ага", "аму", "ым", "ай", "ую", "ых", "ымі"),
    "be-adj-soft": ("і", "ая", "ае", "ія", "ага", "аму", "ім", "ай", "ую", "іх", "імі"),
    "be-verb-ec": ("эе", "эюць", "эў", "эла", "элі", "эць"),
    "be-plural": ("ы", "аў", "ам", "амі", "ах"),
}

WORDS = {
    "ru": [("болезн", "ru-fem-soft"), ("здоровь", "ru-neut-je"), ("больниц", "ru-fem-a"),
           ("рак", "ru-masc-k"), ("инвалид", "ru-masc"), ("диагноз", "ru-masc"),
           ("инсульт", "ru-masc"), ("инфаркт", "ru-masc"), ("диабет", "ru-masc"),
           ("госпитал", "ru-masc-soft"), ("лечени", "ru-neut-ie"), ("онкологи", "ru-fem-ija"),
           ("опухол", "ru-fem-soft"), ("больн", "ru-adj"), ("хроническ", "ru-adj-soft"),
           ("медицинск", "ru-adj-soft"), ("бол", "ru-verb-et"), ("забол", "ru-verb-et"),
           ("инвалидност", "ru-fem-soft")],
    "be": [("хвароб", "be-fem-a"), ("здароў", "be-neut-je"), ("бальніц", "be-fem-ca"),
           ("рак", "be-masc-k"), ("інвалід", "be-masc"), ("дыягназ", "be-masc"),
           ("інсульт", "be-masc"), ("інфаркт", "be-masc"), ("дыябет", "be-masc"),
           ("шпітал", "be-masc-soft"), ("лячэнн", "be-neut-je"), ("хвор", "be-adj"),
           ("медыцынск", "be-adj-soft"), ("хранічн", "be-adj"), ("хвар", "be-verb-ec"),
           ("захвар", "be-verb-ec"), ("сухот", "be-plural"), ("пухлін", "be-fem-a")],
}

ENGLISH = ("ill", "illness", "illnesses", "sick", "sickness", "disease", "diseases", "health",
           "cancer", "cancers", "tumour", "tumor", "hospital", "hospitalised", "disabled",
           "disability", "diagnosed", "diagnosis", "medical", "stroke", "heart attack",
           "diabetes", "tuberculosis", "surgery", "chronic")

SHORT_FORMS = {"ru": ("болен", "больна", "больны", "больной"), "be": ()}

SENTENCE = {"en": "Relatives say that {} has changed everything for the family.",
            "ru": "По словам родных, «{}» — главное, о чём они говорят.",
            "be": "Паводле сваякоў, «{}» — галоўнае, пра што яны кажуць."}


def forms(lang: str) -> list[str]:
    generated = [stem + ending for stem, paradigm in WORDS.get(lang, ())
                 for ending in ENDINGS[paradigm]]
    return generated + list(SHORT_FORMS.get(lang, ()))


CASES = [(lang, form) for lang in ("ru", "be") for form in forms(lang)] + \
    [("en", word) for word in ENGLISH]


@pytest.mark.parametrize("lang, form", CASES)
def test_every_form_of_a_health_word_is_found_in_a_sentence(lang, form):
    sentence = SENTENCE[lang].format(form)
    found = health_words(sentence)
    assert found and found[0].lower().startswith(form.split()[0].lower()), (sentence, found)


@pytest.mark.parametrize("sentence", [
    "Он был более известен как журналист; ракета, ракурс и драка тут ни при чём.",
    "Ён болей за ўсё любіў горад; ракетка і драпежнік тут ні пры чым.",
    "He billed the firm for illegal work; Hillary, a skilled writer, will stay.",
])
def test_words_that_only_look_like_health_words_are_not_found(sentence):
    assert health_words(sentence) == []


def test_there_are_many_forms_per_language():
    """The generated forms are not a short list typed by hand."""
    assert len(forms("ru")) > 120 and len(forms("be")) > 120
