"""The web editor's fields, made from the schema's types (content/schema.py and
content/records.py): a choice is a select with its options, a flag a switch, a date a text
with the pattern of the dates the checks accept, a reference a search among the existing
records, a text per language a group of one box per language of data/site.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from babel import Locale, UnknownLocaleError

from ..checks.markdowncheck import MARKDOWN_FIELDS
from ..checks.shapes import TRANSLATED_FROM
from ..content.records import (
    Gendered,
    Lines,
    List,
    Local,
    PerLanguage,
    Record,
    Translated,
)
from ..content.schema import Choice, Country, Date, Flag, Number, Ref, Spec, Text
from ..limits import TITLE_CHARS
from .datepattern import DATE_HINT, date_pattern

Field = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Languages:
    """The languages of data/site.yaml, in order: codes and the locales Babel knows."""

    codes: tuple[str, ...]
    locales: tuple[str, ...]
    default: str

    def label(self, code: str) -> str:
        """A language's own name for itself and its code: `беларуская (be)`."""
        locale = self.locales[self.codes.index(code)] if code in self.codes else code
        try:
            name = Locale.parse(locale.replace("-", "_")).get_language_name(locale)
        except (ValueError, UnknownLocaleError):
            name = None
        return f"{name} ({code})" if name else code


RELATIONS = {
    "prisoners": {"collection": "people", "value_field": "{{slug}}",
                  "display_fields": ["{{slug}}"]},
    "sources": {"collection": "sources", "file": "sources", "value_field": "sources.*.id",
                "search_fields": ["sources.*.id"], "display_fields": ["sources.*.id"]},
    "facilities": {"collection": "facilities", "file": "facilities",
                   "value_field": "facilities.*.id", "search_fields": ["facilities.*.id"],
                   "display_fields": ["facilities.*.id"]},
    "waves": {"collection": "waves", "file": "waves", "value_field": "waves.*.id",
              "search_fields": ["waves.*.id"], "display_fields": ["waves.*.id"]},
}
"""A reference by kind (schema.Ref): the collection and, for a list file, the file and the
path of the ids in it. People are shown by file name, never by name, so that a withheld
person's name is not offered in a list of people; they are searched by their names."""


WITHHELD_ONLY = {"prisoners": ("distinct_from",)}
"""References that may name only people whose names are withheld (checks/validate.py)."""

IMAGES = {"prisoners": ("photo.file",)}
"""The fields that name a photo in content/photos/ (the editor's media folder), by kind."""

MARKDOWN_KINDS = {"waves": "releases"}
"""The editor's kinds that checks/markdowncheck.py names otherwise."""


@dataclass(frozen=True, slots=True)
class Maker:
    """Makes the fields of one kind of record: `kind` names its hints and Markdown fields."""

    kind: str
    languages: Languages
    hints: dict[str, str]

    def fields(self, record: Record, path: str = "", present: bool = True) -> list[Field]:
        """The fields of a record, in its order; `present`: the record is always there (at
        the top, required, or an item of a list), so its required fields are required."""
        return [self.field(name, spec, f"{path}{name}",
                           present and name in record.required)
                for name, spec in record.fields.items()]

    def field(self, name: str, spec: Spec, path: str, required: bool) -> Field:
        """One field of a record: `path` the dotted path from the top of the record."""
        made: Field = {"name": name, "label": label(name), "required": required,
                       **self.widget(spec, path, required)}
        if made["widget"] not in ("hidden", "translations") and path in self.hints:
            made["hint"] = self.hints[path]
        return made

    def widget(self, spec: Spec, path: str, required: bool) -> Field:
        if isinstance(spec, Translated) or spec is TRANSLATED_FROM:
            return self.translations(spec)
        if isinstance(spec, Local | PerLanguage):
            return {"widget": "object", "fields": [
                {"name": code, "label": self.languages.label(code), "required": False,
                 **self.per_language(spec, path)} for code in self.languages.codes]}
        if isinstance(spec, Record):
            return {"widget": "object", "fields": self.fields(spec, f"{path}.", required)}
        if isinstance(spec, List | Lines):
            return self.listing(spec, path)
        return self.single(spec, path)

    def translations(self, spec: Spec) -> Field:
        """The record of translations (`translated:`, a statement's `translated_from`):
        kept and written by our own widget (editor/translations.js), which shows each
        translation's status; `tracked`, for a YAML record, names its texts per language."""
        made: Field = {"label": "Translations", "widget": "translations", "required": False,
                       "languages": list(self.languages.codes),
                       "default_language": self.languages.default}
        if isinstance(spec, Translated):
            made["tracked"] = list(spec.fields)
        return made

    def per_language(self, spec: Local | PerLanguage, path: str) -> Field:
        if isinstance(spec, PerLanguage):
            return self.single(spec.item, path)
        if path in MARKDOWN_FIELDS.get(MARKDOWN_KINDS.get(self.kind, self.kind), ()):
            widget = "markdown"
        else:
            widget = "string" if spec.longest <= TITLE_CHARS else "text"
        return {"widget": widget, **length(spec.longest)}

    def listing(self, spec: List | Lines, path: str) -> Field:
        item = spec.item if isinstance(spec, List) else Text()
        if isinstance(item, Ref):
            return {"widget": "relation", "multiple": True, **self.relation(item, path)}
        if isinstance(item, Choice | Country):
            return {**self.single(item, path), "multiple": True}
        if isinstance(item, Record):
            return {"widget": "list", "fields": self.fields(item, f"{path}.")}
        item_label = label(path.split(".")[-1])
        return {"widget": "list",
                "field": {"name": "item", "label": item_label, **self.single(item, path)}}

    def single(self, spec: Spec, path: str) -> Field:
        """A field of one value. The schema's defaults are left out: a field left out is
        its default already, and Decap would write a default into every new entry (a new
        person would get an event holding only a term of 0 years)."""
        if isinstance(spec, Text) and path in IMAGES.get(self.kind, ()):
            return {"widget": "image", "choose_url": False}
        if isinstance(spec, Text):
            return {"widget": "string", **length(spec.longest, spec.pattern, spec.hint)}
        if isinstance(spec, Gendered):
            return {"widget": "string", **length(TITLE_CHARS)}
        if isinstance(spec, Choice):
            return {"widget": "select", "options": [
                {"label": label(value), "value": value} for value in spec.values]}
        if isinstance(spec, Country):
            return {"widget": "select", "options": countries()}
        if isinstance(spec, Flag):
            return {"widget": "boolean"}
        if isinstance(spec, Number):
            return {"widget": "number", "value_type": "int", "step": 1, "min": spec.minimum,
                    "max": spec.maximum}
        if isinstance(spec, Date):
            return {"widget": "string", "pattern": [date_pattern(), DATE_HINT]}
        if isinstance(spec, Ref):
            return {"widget": "relation", **self.relation(spec, path)}
        raise TypeError(f"the web editor has no field for {type(spec).__name__} "
                        f"({self.kind}: {path}); add one in portal/editor/fields.py")

    def relation(self, ref: Ref, path: str) -> Field:
        made = dict(RELATIONS[ref.kind])
        if ref.kind == "prisoners":
            made["search_fields"] = [f"name.{code}" for code in self.languages.codes]
            # a withheld person may be named only where withheld people are expected
            # (checks/validate.py refuses a link to one), so other fields offer only the
            # people whose names are public
            withheld = path in WITHHELD_ONLY.get(self.kind, ())
            made["filters"] = [{"field": "name_withheld", "values": [withheld]}]
        return made


def length(longest: int, pattern=None, hint: str = "") -> Field:
    """A text's pattern: at most `longest` characters, and the schema's own pattern."""
    most = f"at most {longest:,} characters"
    if pattern is None:
        return {"pattern": [f"^[\\s\\S]{{0,{longest}}}$", most]}
    source = pattern.pattern.removeprefix("^")
    return {"pattern": [f"^(?=[\\s\\S]{{0,{longest}}}$){source}", f"{hint}; {most}"]}


def label(name: str) -> str:
    """A field's or option's label: `name_withheld` → `Name withheld`,
    `human-rights-defender` → `Human rights defender`, `re-arrested` → `Re-arrested`."""
    words = re.sub(r"\b(re|pre|co)-", r"\1\0", name)
    words = words.replace("_", " ").replace("-", " ").replace("\0", "-")
    return words[:1].upper() + words[1:]


def countries() -> list[Field]:
    """The two-letter country codes Babel (CLDR) knows, labelled with their English
    names: `Lithuania (LT)`."""
    names = Locale.parse("en").territories
    return [{"label": f"{names[code]} ({code})", "value": code}
            for code in sorted(names) if len(code) == 2 and code.isalpha()
            and code not in ("ZZ", "XA", "XB", "QO", "EU", "EZ", "UN")]
