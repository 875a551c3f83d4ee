"""Checks of the interface strings (data/strings/<lang>.yaml): every key of the default
language in every language, the plural forms each language needs, and placeholders that
are only ever `{name}` or, for a date, `{name:form}` with the name of a form of a date
(datestrings.py checks the forms): no other format specification (`{count:>30000000}`
would make a page of thirty million spaces), no conversion, no indexing, and braces that
balance."""

from __future__ import annotations

import re
import string

from babel import Locale, UnknownLocaleError

from ..content.document import Document
from ..content.load import Tree
from ..content.schema import GENDERS, Context
from .datestrings import FORM, check_date_forms

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
PLACEHOLDER = re.compile(r"^[a-z_][a-z0-9_]*$")
PLACEHOLDER_FIX = ("write values as {name} (letters, digits and _), a date in a form as "
                   "{date:genitive} (a form under `date:`), and a brace as {{ or }}; nothing "
                   "else may stand between the braces")


def flatten(data: object, prefix: str = "") -> dict[str, object]:
    """Nested string groups → `{"nav.home": "Home", "count": {"one": …}}`."""
    flat: dict[str, object] = {}
    if not isinstance(data, dict):
        return flat
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not _is_leaf_map(value):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _is_leaf_map(value: dict) -> bool:
    keys = set(value)
    return bool(keys) and (keys <= set(PLURAL_CATEGORIES) or keys <= set(GENDERS))


def placeholder_problem(text: str) -> str | None:
    """What is wrong with the placeholders of one string, or None."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return "the braces do not balance"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not PLACEHOLDER.match(name) or (spec and not FORM.match(spec)) or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + \
                (f":{spec}" if spec else "") + "}"
            return f"{shown} is not a plain placeholder"
    return None


def placeholders(value: object) -> set[str]:
    """The placeholder names of a string, or of every form of a plural or gender map."""
    texts = value.values() if isinstance(value, dict) else [value]
    names: set[str] = set()
    for text in texts:
        if isinstance(text, str) and placeholder_problem(text) is None:
            names |= {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return names


def _check_values(doc: Document, strings: dict[str, object], ctx: Context) -> set[str]:
    """Each string's type and placeholders; return the keys that are sound."""
    sound = set()
    for key, value in strings.items():
        path = tuple(key.split("."))
        forms = [(path + (form,), text) for form, text in value.items()] \
            if isinstance(value, dict) else [(path, value)]
        wrong = False
        for where, text in forms:
            if not isinstance(text, str):
                ctx.report(doc, where, "is not text (nor a group of plural or gender forms)",
                           "write the text in quotes")
                wrong = True
            elif problem := placeholder_problem(text):
                ctx.report(doc, where, problem, PLACEHOLDER_FIX)
                wrong = True
        if not wrong:
            sound.add(key)
    return sound


def check_strings(tree: Tree, site: dict, ctx: Context) -> None:
    """Report every problem of the interface strings files into `ctx`."""
    default = site.get("default_language") if isinstance(site.get("default_language"), str) \
        else None
    langs = {x["code"]: x for x in site.get("languages") or []
             if isinstance(x, dict) and isinstance(x.get("code"), str)}
    if tree.site.path in tree.broken:
        return
    reference_doc = tree.strings.get(default)
    reference = flatten(reference_doc.data) if reference_doc is not None and \
        reference_doc.path not in tree.broken else None
    for code, doc in tree.strings.items():
        if doc.path in tree.broken:
            continue
        if code not in langs:
            ctx.report(doc, (), f'"{code}" is not a configured language',
                       "add it to data/site.yaml or remove this file")
            continue
        if not isinstance(doc.data, dict):
            ctx.report(doc, (), "the file must be a group of strings", "write `key: text` "
                       "lines, as in the default language's file")
            continue
        strings = flatten(doc.data)
        sound = _check_values(doc, strings, ctx)
        check_date_forms(doc, strings, reference or {}, ctx)
        if reference is None:
            continue
        try:
            tags = Locale.parse(str(langs[code].get("locale")).replace("-", "_")).plural_form.tags
        except (ValueError, UnknownLocaleError):
            continue
        _compare(doc, code, default, strings, reference, sound, tags, ctx)
    _check_empty(tree, langs, ctx)


def _check_empty(tree: Tree, langs: dict, ctx: Context) -> None:
    """A string left empty in one language that another language fills: its readers would
    get nothing where others get a text (a warning, a note, a label)."""
    texts = {code: flatten(doc.data) for code, doc in tree.strings.items()
             if code in langs and doc.path not in tree.broken and isinstance(doc.data, dict)}
    for code, strings in texts.items():
        for key, value in strings.items():
            if value != "":
                continue
            others = sorted(c for c, s in texts.items() if isinstance(s.get(key), str)
                            and s[key].strip())
            if others:
                ctx.report(tree.strings[code], tuple(key.split(".")), "is empty, while the "
                           f"{', '.join(others)} file(s) have a text: readers in {code} would "
                           "see nothing here", "write it in this language")


def _compare(doc: Document, code: str, default: str, strings: dict, reference: dict,
             sound: set[str], tags, ctx: Context) -> None:
    for key, ref in reference.items():
        path = tuple(key.split("."))
        value = strings.get(key)
        if value is None:
            ctx.report(doc, path, "missing interface string",
                       f"add `{key}` (the {default} file has it)")
            continue
        if isinstance(ref, dict) and set(ref) <= set(PLURAL_CATEGORIES):
            needed = set(tags) | {"other"}
            have = set(value) if isinstance(value, dict) else set()
            if needed - have:
                ctx.report(doc, path, "plural forms missing: " + ", ".join(sorted(needed - have)),
                           f"{code} needs {', '.join(sorted(needed))}")
        if key in sound and not key.startswith("date.") and \
                placeholders(value) != placeholders(ref):  # a date's forms: datestrings.py
            ctx.report(doc, path, "placeholders differ from the default language: "
                       f"{sorted(placeholders(value))} vs {sorted(placeholders(ref))}",
                       "use the same {names} as the default language")
    for key in strings.keys() - reference.keys():
        ctx.report(doc, tuple(key.split(".")), "unknown interface string",
                   f"remove it or add it to data/strings/{default}.yaml too")
