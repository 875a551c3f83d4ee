"""Records and texts in several languages, in schema.py's terms: a record of named fields
(with the languages of its texts and what they were translated from), lists, a text per
language, lines, values per language and texts that agree with a person's gender."""

from __future__ import annotations

import re
from typing import Any

from ..limits import TEXT_CHARS, TITLE_CHARS
from .schema import (
    GENDERS,
    Ref,
    Spec,
    Text,
    closest,
    ident,
    is_empty,
    show_value,
    suggestion,
    too_long,
)


class Local(Spec):
    """Text per language: `{en: …, be: …}`; missing languages fall back."""

    def __init__(self, longest: int = TEXT_CHARS):
        self.longest = longest

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{show_value(value)} is not a text per language",
                       "write one line per language, e.g. `en: …`")
            return
        for lang, text in value.items():
            if ctx.languages and lang not in ctx.languages:
                ctx.report(doc, path + (lang,), f'"{lang}" is not a configured language',
                           suggestion(lang, ctx.languages)
                           or f"use one of: {', '.join(ctx.languages)}")
            elif text is None or (isinstance(text, str) and not text.strip()):
                ctx.report(doc, path + (lang,), "is empty",
                           "write the text, or leave the language out")
            elif not isinstance(text, str):
                ctx.report(doc, path + (lang,), f"{show_value(text)} is not text",
                           "write the text, or leave the language out")
            elif len(text) > self.longest:
                ctx.report(doc, path + (lang,), too_long(text, self.longest), "shorten it")
            elif self.longest <= TITLE_CHARS and "\n" in text.strip():
                ctx.report(doc, path + (lang,), "is more than one line",
                           "write it on one line")

    def wanted(self, ctx):
        example = ctx.languages[0] if ctx.languages else "en"
        return f"write it in at least one language, one line each: `{example}: …`"


class LocalOrText(Local):
    """One text for every language (`publisher: Libereco`), or a text per language where
    the languages name it differently."""

    def check(self, value, doc, path, ctx):
        if isinstance(value, dict):
            super().check(value, doc, path, ctx)
        else:
            Text(longest=self.longest).check(value, doc, path, ctx)


class List(Spec):
    def __init__(self, item: Spec, unique: bool = False):
        self.item, self.unique = item, unique

    def check(self, value, doc, path, ctx):
        if not isinstance(value, list):
            ctx.report(doc, path, f"{show_value(value)} is not a list",
                       "write a list: [a, b] or one `- item` per line")
            return
        seen = set()
        for i, item in enumerate(value):
            self.item.check(item, doc, path + (i,), ctx)
            item = ident(item)
            if self.unique and isinstance(item, str | int):
                if item in seen:
                    ctx.report(doc, path + (i,), f'"{item}" is listed twice', "remove one")
                seen.add(item)

    def wanted(self, ctx):
        if isinstance(self.item, Ref):
            return f"list at least one id from {Ref.FILES[self.item.kind]}: [id, …]"
        return "list at least one item: [a, b] or one `- item` per line"


class Lines(Spec):
    """A list of text lines, e.g. an envelope address."""

    def check(self, value, doc, path, ctx):
        List(Text()).check(value, doc, path, ctx)

    def wanted(self, ctx):
        return "write the lines, one `- line` each, in order"


class Record(Spec):
    """A mapping with known fields; unknown fields are errors with a suggestion.

    A record with text per language may also say, in `translated:`, what each
    translation was made from (see portal/content/freshness.py). Of the fields in
    `one_of`, each optional, at least one must be given; `one_of_fix` says what to write
    when none is.
    """

    def __init__(self, fields: dict[str, Spec], required: tuple[str, ...] = (),
                 name: str = "record", one_of: tuple[str, ...] = (), one_of_fix: str = ""):
        self.fields, self.required, self.name = dict(fields), required, name
        self.one_of, self.one_of_fix = one_of, one_of_fix
        self.local_fields = tuple(k for k, v in fields.items() if isinstance(v, Local))
        if self.local_fields:
            self.fields["translated"] = Translated(self.local_fields)

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            empty = value is None and not path
            ctx.report(doc, path, f"the file is empty; a {self.name} needs its fields" if empty
                       else f"{show_value(value)} is not a {self.name}",
                       "write its fields as `name: value`, one per line")
            return
        misspelt = {closest(key, self.fields) for key in value if key not in self.fields}
        empty = set()
        for key in self.required:
            if key in misspelt and key not in value:
                continue  # reported as the unknown field that is probably this one
            if key not in value:
                ctx.report(doc, path, f"`{key}` is missing",
                           f"add `{key}:` and {self.fields[key].wanted(ctx)}")
            elif is_empty(value[key]):
                ctx.report(doc, path + (key,), "is empty", self.fields[key].wanted(ctx))
                empty.add(key)
        empty |= self._check_one_of(value, doc, path, ctx, misspelt)
        for key, item in value.items():
            spec = self.fields.get(key)
            if spec is None:
                hint = suggestion(key, list(self.fields))
                ctx.report(doc, path + (key,), "unknown field",
                           hint or f"remove it; known fields: {', '.join(self.fields)}")
            elif item is not None and key not in empty:
                spec.check(item, doc, path + (key,), ctx)

    def _check_one_of(self, value: dict, doc, path, ctx, misspelt: set) -> set[str]:
        """Report a record with none of `one_of` given: on the first of them left empty,
        else on the record (unless one of them is probably misspelt). The field it
        reported on, if any."""
        if not self.one_of or any(not is_empty(value.get(key)) for key in self.one_of) \
                or misspelt & set(self.one_of):
            return set()
        blank = next((key for key in self.one_of if key in value), None)
        if blank is None:
            names = " nor ".join(f"`{key}`" for key in self.one_of)
            ctx.report(doc, path, f"neither {names} is given", self.one_of_fix)
            return set()
        others = " or ".join(f"`{key}`" for key in self.one_of if key != blank)
        ctx.report(doc, path + (blank,), f"is empty, and no {others} is given",
                   self.one_of_fix)
        return {blank}

    def wanted(self, ctx):
        return f"write its fields, one per line: {', '.join(self.required or self.fields)}"

    def settled(self, value: Any) -> dict:
        """The record as the site reads it (after `check` found it sound): every field left
        out or left empty is its default, or absent when it has none; so is every field
        of a nested record, and a group of settings left out is its fields' defaults."""
        given = {k: v for k, v in value.items() if v is not None} \
            if isinstance(value, dict) else {}
        for key, spec in self.fields.items():
            if isinstance(spec, Record) and (key in given or isinstance(spec, Settings)):
                given[key] = spec.settled(given.get(key))
            elif key not in given and spec.default is not None:
                given[key] = spec.default
        return given

    def defaults(self) -> dict:
        """The defaults of its fields, by path: `{"lists.page_size": 200, …}` (those of a
        nested record that is not a group of settings only apply where it is written)."""
        found = {}
        for key, spec in self.fields.items():
            if isinstance(spec, Record):
                found |= {f"{key}.{path}": value for path, value in spec.defaults().items()}
            elif spec.default is not None:
                found[key] = spec.default
        return found


class Settings(Record):
    """A group of settings (`home:`, `lists:`): left out or left empty, it is read as the
    defaults of its fields."""


class Translated(Spec):
    """`summary.be: en 3f2a9c1b0d4e`: the source language and fingerprint of a translation."""

    RECORD = re.compile(r"^[a-z]{2,3} [0-9a-f]{12}$")

    def __init__(self, fields: tuple[str, ...]):
        self.fields = fields

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{show_value(value)} is not a list of translation records",
                       "let `.venv/bin/python build.py translations --mark-current FILE` write it")
            return
        for key, record in value.items():
            field, _, lang = str(key).rpartition(".")
            if field not in self.fields or (ctx.languages and lang not in ctx.languages):
                ctx.report(doc, path + (key,), f'"{key}" is not a translated field',
                           f"write field.language, e.g. {self.fields[0]}.be")
            elif not (isinstance(record, str) and self.RECORD.match(record)):
                ctx.report(doc, path + (key,), f"{show_value(record)} is not a translation record",
                           "let `.venv/bin/python build.py translations --mark-current FILE` "
                           "write it")
            elif ctx.languages and record.split()[0] not in ctx.languages:
                ctx.report(doc, path + (key,), f'"{record.split()[0]}" is not a configured '
                           "language", f"use one of: {', '.join(ctx.languages)}")


class PerLanguage(Spec):
    """A value per configured language: `{be: 100, ru: 95}`."""

    def __init__(self, item: Spec):
        self.item = item

    def check(self, value, doc, path, ctx):
        if not isinstance(value, dict):
            ctx.report(doc, path, f"{show_value(value)} is not a value per language",
                       "write one line per language, e.g. `be: 100`")
            return
        for lang, item in value.items():
            if ctx.languages and lang not in ctx.languages:
                ctx.report(doc, path + (lang,), f'"{lang}" is not a configured language',
                           f"use one of: {', '.join(ctx.languages)}")
            else:
                self.item.check(item, doc, path + (lang,), ctx)


class Gendered(Spec):
    """A phrase that may agree with a person's gender: text, or {male, female, other}."""

    def check(self, value, doc, path, ctx):
        if isinstance(value, dict):
            Record({g: Text() for g in GENDERS}, name="gender map").check(value, doc, path, ctx)
            if "other" not in value and not {"male", "female"} <= set(value):
                ctx.report(doc, path, "a gender map needs `male` and `female`, or `other`",
                           "add the missing forms")
        else:
            Text().check(value, doc, path, ctx)

    def wanted(self, ctx):
        return "write the text, or its forms as `male:` and `female:` lines"
