"""Checks of the forms of a date in the interface strings (`date:` in
data/strings/<lang>.yaml): every form a sentence asks for (`{date:genitive}`; `{date}` alone
asks for `nominative`) has a text for each precision a date may have, each text holds only
the parts a date of its precision has, and the months `{month_in}` stands for are twelve."""

from __future__ import annotations

import re
import string

from ..content.dates import SEASONS
from ..content.document import Document
from ..content.schema import Context

FORM = re.compile(r"^[a-z][a-z_]*$")
"""What may follow the colon of a placeholder: the name of a form of a date."""
NOMINATIVE = "nominative"
"""The form of a date on its own (`{date}`): in a heading, a list, after a colon."""
MONTHS_IN = "months_in"
"""The key under `date:` of the months as `{month_in}` writes them."""
PARTS = {"day": {"day"}, "month": {"month", "month_of", "month_in", "year"},
         "year": {"year"}, **{season: {"year"} for season in SEASONS}}
"""Each precision's key in a form, and the {parts} its text may hold."""


def asked_forms(strings: dict[str, object]) -> dict[str, str | None]:
    """The forms of a date this language's sentences ask for, each with the first key that
    asks for it (None for the nominative, which every date shown on its own needs)."""
    forms: dict[str, str | None] = {NOMINATIVE: None}
    for key, value in strings.items():
        if key.startswith("date."):
            continue
        for text in value.values() if isinstance(value, dict) else [value]:
            for _, name, spec, _ in _parts(text):
                if name and spec and FORM.match(spec):
                    forms.setdefault(spec, key)
    return forms


def _parts(text: object) -> list[tuple]:
    if not isinstance(text, str):
        return []
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        return []  # the braces do not balance: stringcheck says so


def check_date_forms(doc: Document, strings: dict[str, object], reference: dict[str, object],
                     ctx: Context) -> None:
    """Report what the `date:` group of one language lacks or holds wrongly. A key the
    default language's file has and this one lacks is left to stringcheck, which reports
    it as a missing interface string."""
    forms = asked_forms(strings)
    given = sorted({key.split(".")[1] for key in strings
                    if key.startswith("date.") and key.count(".") == 2})
    for form, asker in forms.items():
        keys = {precision: f"date.{form}.{precision}" for precision in PARTS}
        missing = [p for p, key in keys.items() if key not in strings and key not in reference]
        if len(missing) == len(PARTS) and asker is not None:
            ctx.report(doc, tuple(asker.split(".")), f"asks for {{date:{form}}}, a form of a "
                       "date the `date:` group does not give",
                       f"use one of {', '.join(given) or 'the forms under date:'}, or add "
                       f"date.{form} with {', '.join(PARTS)} to every strings file")
        elif missing:
            why = f"{asker} asks for {{date:{form}}}" if asker else "a date shown on its own"
            ctx.report(doc, ("date", form) if form in given else ("date",),
                       f"has no {form} form of a date for {', '.join(missing)} ({why})",
                       f"add {', '.join(f'`{p}: …`' for p in missing)} under date.{form}")
    for key, value in strings.items():
        parts = key.split(".")
        if key.startswith("date.") and len(parts) == 3 and parts[2] in PARTS:
            _check_parts(doc, parts, value, ctx)
    _check_months(doc, strings, forms, ctx)


def _check_parts(doc: Document, path: list[str], text: object, ctx: Context) -> None:
    allowed = PARTS[path[2]]
    for _, name, spec, conversion in _parts(text):
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            ctx.report(doc, tuple(path), f"{{{name}{':' + spec if spec else ''}}} is not a "
                       f"part of a date known to a {'season' if path[2] in SEASONS else path[2]}",
                       f"write only {', '.join('{' + x + '}' for x in sorted(allowed))}")
            return


def _check_months(doc: Document, strings: dict[str, object], forms: dict, ctx: Context) -> None:
    """`{month_in}` takes the month's name from `date.months_in`: twelve names, January
    first, separated by commas."""
    users = [f"date.{form}.month" for form in forms
             if "month_in" in {name for _, name, _, _ in _parts(strings.get(f"date.{form}.month"))}]
    if not users:
        return
    names = strings.get(f"date.{MONTHS_IN}")
    count = len([n for n in names.split(",") if n.strip()]) if isinstance(names, str) else 0
    if count != 12:
        ctx.report(doc, ("date", MONTHS_IN) if isinstance(names, str) else ("date",),
                   f"{users[0]} writes {{month_in}}, and date.{MONTHS_IN} has {count} of the "
                   "twelve months", f"write `{MONTHS_IN}:` with the twelve months as that form "
                   "needs them, January first, separated by commas")
