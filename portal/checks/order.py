"""The canonical order of every map in a file, at every depth, which `build.py format`
writes (checks/canonical) and the web editor writes too (editor/order.js, given this
order as admin/order.json by editor/order.py).

The web editor keeps an entry's values in Immutable.js maps, and a map of more than 8
keys goes in the order of its keys' hashes; the editor itself sorts only a file's top
level. So that a save changes only what was edited, both sides put every map in one
order, given as a tree of nodes (plain JSON, the same for both):

- `keys`: the order of a map's keys; keys not in it follow, in the order they are in;
- `fields`: the node of the value under each key;
- `items`: the node of each item of a list.

A record's keys are its fields' order in checks/shapes (`translated` last); a text per
language's, the languages of data/site.yaml; a `translated:` block's, its names
(`field.language`) sorted as text, as `translations --mark-current` writes them; an
interface strings file's, the default language's file's (plural forms in CLDR's order,
gender forms male, female, other), as the editor's configuration lists them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content.listfiles import WRAPPERS
from ..content.onceread import yaml_data
from ..content.records import Gendered, List, Local, PerLanguage, Record, Translated
from ..content.schema import GENDERS, Spec
from ..problems import ContentError
from .shapes import (
    ACTION,
    FACILITY,
    LETTERS,
    PAGE,
    PRISONER,
    SITE,
    SOURCE,
    STAT,
    STATEMENT,
    WAVE,
)
from .stringcheck import PLURAL_CATEGORIES

Node = dict[str, Any]
"""{"keys": [...], "fields": {key: Node}, "items": Node}, each part optional."""

LISTED = {"sources": SOURCE, "facilities": FACILITY, "waves": WAVE, "statistics": STAT,
          "actions": ACTION}
"""The record of each list file's items, by the key the list is kept under."""


def spec_order(spec: Spec, languages: tuple[str, ...]) -> Node | None:
    """The order of a value of this type (None: it holds no map)."""
    if isinstance(spec, Record):
        fields = {k: n for k, s in spec.fields.items()
                  if (n := spec_order(s, languages)) is not None}
        return {"keys": list(spec.fields), "fields": fields}
    if isinstance(spec, Local | PerLanguage):
        return {"keys": list(languages)}
    if isinstance(spec, Translated):
        return {"keys": sorted(f"{f}.{lang}" for f in spec.fields for lang in languages)}
    if isinstance(spec, Gendered):
        return {"keys": list(GENDERS)}
    if isinstance(spec, List):
        item = spec_order(spec.item, languages)
        return None if item is None else {"items": item}
    return None


def file_order(relative: str, root: Path | None) -> Node | None:
    """The order of a file of data/ or content/ (None: keep it as it is). The languages
    and the interface strings' keys are read from the project at `root` (without it,
    texts per language and interface strings keep their order)."""
    languages = site_languages(root)
    if relative in WRAPPERS:
        key = WRAPPERS[relative]
        return {"keys": [key], "fields": {key: spec_order(List(LISTED[key]), languages)}}
    for prefix, spec in (("data/site.yaml", SITE), ("data/letters.yaml", LETTERS),
                         ("data/prisoners/", PRISONER), ("content/statements/", STATEMENT),
                         ("content/pages/", PAGE)):
        if relative == prefix or (prefix.endswith("/") and relative.startswith(prefix)):
            return spec_order(spec, languages)
    if relative.startswith("data/strings/") and root is not None:
        return strings_order(default_strings(root))
    return None


def strings_order(reference: dict) -> Node:
    """The order of an interface strings file: the default language's keys."""
    fields = {}
    for key, value in reference.items():
        if isinstance(value, dict) and value and set(value) <= set(PLURAL_CATEGORIES):
            fields[str(key)] = {"keys": list(PLURAL_CATEGORIES)}
        elif isinstance(value, dict) and value and not set(value) <= set(GENDERS):
            fields[str(key)] = strings_order(value)
        else:  # a text, or its gender forms (in any language)
            fields[str(key)] = {"keys": list(GENDERS)}
    return {"keys": [str(k) for k in reference], "fields": fields}


def arrange(value: Any, node: Node | None) -> Any:
    """`value` with every map in the order `node` gives, at every depth."""
    if node is None:
        return value
    if isinstance(value, list) and "items" in node:
        return [arrange(item, node["items"]) for item in value]
    if not isinstance(value, dict):
        return value
    fields = node.get("fields", {})
    keys = [k for k in node.get("keys", ()) if k in value]
    keys += [k for k in value if k not in keys]
    return {k: arrange(value[k], fields.get(k if isinstance(k, str) else str(k)))
            for k in keys}


def site_languages(root: Path | None) -> tuple[str, ...]:
    """The codes of data/site.yaml's languages, in its order (none if unreadable)."""
    if root is None:
        return ()
    try:
        site = yaml_data(root, "data/site.yaml")
    except (ContentError, OSError):
        return ()
    languages = site.get("languages") if isinstance(site, dict) else None
    if not isinstance(languages, list):
        return ()
    return tuple(str(lang["code"]) for lang in languages
                 if isinstance(lang, dict) and lang.get("code"))


def default_strings(root: Path) -> dict:
    """The default language's interface strings, as written (empty if unreadable)."""
    try:
        site = yaml_data(root, "data/site.yaml")
        default = site.get("default_language", "en") if isinstance(site, dict) else "en"
        strings = yaml_data(root, f"data/strings/{default}.yaml")
    except (ContentError, OSError):
        return {}
    return strings if isinstance(strings, dict) else {}
