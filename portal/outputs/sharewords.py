"""The words of each share image and where it goes, without drawing it (shareimage.py
draws them; `check` needs only the words, and so no Pillow)."""

from __future__ import annotations


def share_path(plan) -> str | None:
    """Where a page's share image goes, if the page has one (profiles and statements)."""
    return plan.path + "share.png" if plan.kind in SHARED and plan.lang is not None else None


def share_words(site, plans, check_words=None) -> list[tuple[str, tuple[str, str, str]]]:
    """Where each profile's and statement's share image goes and the words drawn into it
    (title, subtitle, site name); `check_words(path, words)` sees each."""
    from ..languages.i18n import translator

    translators = {lang: translator(site, lang) for lang in site.config.codes}
    wanted = []
    for plan in plans:
        path = share_path(plan)
        if path is None:
            continue
        i18n = translators[plan.lang]
        title, subtitle = SHARED[plan.kind](site, i18n, plan)
        words = (title, subtitle, i18n.pick(site.config.title).text)
        if check_words is not None:
            check_words(path, words)
        wanted.append((path, words))
    return wanted


def _prisoner_words(site, i18n, plan) -> tuple[str, str]:
    """A profile's name, and its status as the page shows it (certainty.status_line)."""
    from ..model.certainty import status_line

    person = plan.context["person"]
    return i18n.pick(person.name).text, status_line(i18n, person)


def _statement_words(site, i18n, plan) -> tuple[str, str]:
    statement = plan.context["statement"]
    code = next(c for c in (i18n.lang, *i18n.chain, *statement.translations)
                if c in statement.translations)
    version = statement.translations[code]
    by = version.author or statement.author or version.publisher or statement.publisher
    return version.title, f"{i18n.date(statement.date)} · {by}"


SHARED = {"prisoner": _prisoner_words, "statement": _statement_words}
