"""What a person's one-line `summary` (shown on lists, cards and in search) must not say:
anything about their health, which is private by default (it may stand in the dated
biography when a source reports it); and the opposite of their status (released, yet
"still behind bars"; imprisoned, yet "released").

Both are heuristics: a list of word stems cannot understand a sentence. A stem matches
every case ending of its word in Russian and Belarusian (хвор- finds хворы, хворая,
хворага…), and a word outside the list goes unnoticed; a present-tense phrase is looked
for rather than every way of saying it. They are warnings for an editor to read, never
errors; tests/test_summaries.py shows each inflected form found."""

from __future__ import annotations

import re

HEALTH_STEMS = (
    # English
    r"ill\b", r"illness", r"sick", r"disease", r"health", r"cancer", r"tumou?r", r"hospital",
    r"disab", r"diagnos", r"medical", r"medicine", r"stroke\b", r"heart attack", r"diabet",
    r"tubercul", r"surgery", r"chronic",
    # Russian
    r"болен\b", r"боле(?:ет|ют|л|ла|ли|ть|вш)", r"больн", r"болезн", r"заболе", r"хворь",
    r"здоров", r"инвалид", r"больниц",
    r"госпитал", r"онколог", r"опухол", r"диагноз", r"медицин", r"лечени", r"лечит",
    r"инсульт", r"инфаркт", r"диабет", r"туберкул", r"хроническ",
    # Belarusian
    r"хвор", r"хвар", r"захвар", r"здароў", r"здаров", r"інвалід", r"бальніц", r"шпітал",
    r"анкалаг", r"пухлін", r"дыягназ", r"медыцын", r"лячэнн", r"лечыц", r"лячыц",
    r"інсульт", r"інфаркт", r"дыябет", r"сухот", r"хранічн",
    # cancer, both languages: the word's own forms, not every word beginning with рак-
    r"рак(?:а|у|ом|ам|е|и|і|ов|аў|ами|амі|ах)?\b",
)
"""Stems of words about health: each matches at the start of a word, so every case
ending that follows is found. The one list; add a stem here, and a form to the test."""

HEALTH = re.compile(r"(?<![^\W\d_])(?:" + "|".join(HEALTH_STEMS) + ")", re.IGNORECASE)

CUSTODY_NOW = re.compile(
    r"\b(?:is|are)\s+(?:still\s+)?(?:serving|imprisoned|jailed|held|in\s+(?:prison|custody|"
    r"detention|jail)|behind\s+bars)"
    r"|\b(?:still|remains?)\s+(?:serving|imprisoned|jailed|held|in\s+(?:prison|custody|"
    r"detention|jail)|behind\s+bars)"
    r"|(?<![^\W\d_])(?:отбыва(?:ет|ют)|адбыва(?:е|юць))(?![^\W\d_])"
    r"|(?<![^\W\d_])(?:оста[её]тся|остаются|находится|находятся|содержится|"
    r"содержатся|по-прежнему|до\s+сих\s+пор|вс[её]\s+ещ[её]|застаецца|застаюцца|"
    r"знаходзіцца|знаходзяцца|утрымліваецца|утрымліваюцца|па-ранейшаму|дагэтуль|"
    r"усё\s+яшчэ|ўсё\s+яшчэ)[\s,]+(?:[^\W\d_]+\s+){0,2}?"
    r"(?:за\s+реш[её]тк|в\s+заключени|под\s+страж|в\s+колони|в\s+тюрьм|в\s+СИЗО|в\s+неволе|"
    r"за\s+кратамі|[уў]\s+зняволенні|пад\s+вартай|[уў]\s+калоніі|[уў]\s+турме|[уў]\s+СІЗА|"
    r"[уў]\s+няволі)\w*", re.IGNORECASE)
"""Words that say a person is in custody now: "is serving", "still imprisoned",
«отбывает», «адбывае», «застаецца за кратамі», «остаётся под стражей» (the past,
«заставаўся за кратамі», "was imprisoned", is not looked for)."""

RELEASED = re.compile(
    r"\b(?:released|freed|set\s+free)\b"
    r"|(?<![^\W\d_])(?:освобожд[её]н\w*|освободил\w*|вышл?а?\s+на\s+свободу|"
    r"вызвален\w*|вызвалілі|выйшла?\s+на\s+волю)", re.IGNORECASE)
"""Words that say a person was released."""

DETAINED = re.compile(
    r"\b(?:detained|arrested|re-?arrested|jailed|imprisoned)\b"
    r"|(?<![^\W\d_])(?:задержан\w*|арестован\w*|затрыман\w*|арыштаван\w*)", re.IGNORECASE)
"""Words that say a person was taken into custody (again, after a release)."""

IN_CUSTODY = ("imprisoned", "re-arrested")
FREE = ("released", "exiled", "deceased")


def health_words(text: str) -> list[str]:
    """The words about health in `text`, as written."""
    return [_word(text, m.start()) for m in HEALTH.finditer(text)]


def contradiction(summary: str, status: str) -> str | None:
    """The words of `summary` that say the opposite of `status`, if any. A release followed
    by a detention ("released in 2025 and detained again") is no contradiction of a
    status in custody."""
    if status in FREE:
        found = CUSTODY_NOW.search(summary)
        return found.group() if found else None
    if status in IN_CUSTODY:
        released = [m for m in RELEASED.finditer(summary)]
        if released and not DETAINED.search(summary, released[-1].end()):
            return released[-1].group()
    return None


def _word(text: str, start: int) -> str:
    end = start
    while end < len(text) and (text[end].isalpha() or text[end] in "-'’"):
        end += 1
    return text[start:end]
