"""The interface strings in the web editor, for translators: one entry per language
(`data/strings/LANG.yaml`), with the keys of the default language's file, in its order,
each with the default language's text as its hint. A plural map has the forms the
language needs (CLDR, through Babel, as `check` asks); a text that agrees with a person's
gender has `male`, `female` and `other` where the language's file (or, for a key it lacks,
the default language's) writes it so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from ..checks.stringcheck import PLURAL_CATEGORIES
from ..content.onceread import yaml_data
from ..content.schema import GENDERS
from ..problems import ContentError
from .fields import Field, Languages


def strings_collection(root: Path, languages: Languages) -> list[dict[str, Any]]:
    """The collection of interface strings, or none when the default language's file
    cannot be read (`check` says why)."""
    reference = _read(root, languages.default)
    if not reference:
        return []
    files = []
    for code, locale in zip(languages.codes, languages.locales, strict=True):
        forms = _plural_forms(locale)
        own = reference if code == languages.default else _read(root, code)
        files.append({"name": code, "label": languages.label(code),
                      "file": f"data/strings/{code}.yaml",
                      "fields": _fields(reference, own, forms, code != languages.default)})
    return [{"name": "strings", "label": "Interface strings", "files": files}]


def _fields(reference: dict, own: dict, forms: tuple[str, ...], hinted: bool) -> list[Field]:
    fields = []
    for key, ref in reference.items():
        mine = own.get(key) if isinstance(own, dict) else None
        name = str(key)
        gendered = _is_gendered(ref)
        if _is_plural(ref):
            field: Field = {"name": name, "label": name, "required": False, "widget": "object",
                            "fields": [_text(form, ref.get(form, ref.get("other")), hinted)
                                       for form in forms]}
        elif _is_gendered(mine) or (mine is None and gendered):
            field = {"name": name, "label": name, "required": False, "widget": "object",
                     "fields": [_text(g, ref.get(g) if gendered else ref, hinted)
                                for g in GENDERS]}
        elif gendered:  # one text in this language where the default one has forms
            field = _text(name, next(iter(ref.values())), hinted)
        elif isinstance(ref, dict):
            field = {"name": name, "label": name, "required": False, "widget": "object",
                     "collapsed": True, "fields": _fields(
                         ref, mine if isinstance(mine, dict) else {}, forms, hinted)}
        else:
            field = _text(name, ref, hinted)
        fields.append(field)
    return fields


def _text(name: str, reference: Any, hinted: bool) -> Field:
    field: Field = {"name": name, "label": name, "required": False, "widget": "string"}
    if hinted and isinstance(reference, str) and reference:
        field["hint"] = reference
    return field


def _is_plural(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(PLURAL_CATEGORIES)


def _is_gendered(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= set(GENDERS) \
        and not _is_plural(value)


def _plural_forms(locale: str) -> tuple[str, ...]:
    """The plural forms a language needs, in CLDR's order (`other` at least)."""
    try:
        tags = set(Locale.parse(locale.replace("-", "_")).plural_form.tags)
    except (ValueError, UnknownLocaleError):
        tags = set()
    return tuple(form for form in PLURAL_CATEGORIES if form in tags | {"other"})


def _read(root: Path, code: str) -> dict:
    try:
        data = yaml_data(root, f"data/strings/{code}.yaml")
    except (ContentError, OSError):
        return {}
    return data if isinstance(data, dict) else {}
