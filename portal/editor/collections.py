"""The web editor's collections, one per kind of file: people (public, and withheld in a
collection of their own), statements and pages with their languages side by side, and the
files of lists (sources, facilities, release waves, statistics, calls to action), the
letter guide and the site's settings."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..checks.shapes import (
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
from ..checks.sharedfacts import SHARED
from ..content.records import Record
from .fields import Field, Languages, Maker
from .hints import Hints
from .strings import strings_collection

Collection = dict[str, Any]

LISTS = (("sources", "Sources", "data/sources.yaml", SOURCE),
         ("facilities", "Facilities", "data/facilities.yaml", FACILITY),
         ("waves", "Release waves", "data/releases.yaml", WAVE),
         ("statistics", "Statistics", "data/statistics.yaml", STAT),
         ("actions", "Calls to action", "data/actions.yaml", ACTION))
"""The files that hold a list: the collection (named as the key the list is kept under,
WRAPPERS in config.py), its label, the file and the record of each item."""

WITHHELD_NOTICE = "name withheld: never published"
WITHHELD_NAME_HINT = ("Name withheld: never published. It is written here only so that the "
                      "leak guard can keep it out of everything the site publishes.")
"""The hint over a withheld person's name in the editor (the guide says it in its words)."""
WITHHELD_FILE = re.compile(r"^withheld-([0-9]+)\.yaml$")


def collections(root: Path, languages: Languages, hints: Hints) -> list[Collection]:
    """Every collection of the editor, for the project at root."""
    def maker(kind: str) -> Maker:
        return Maker(kind, languages, hints.get(kind, {}))
    return [*people(root, languages, maker("prisoners")),
            content("statements", "Statements", "content/statements", STATEMENT,
                    maker("statements"), languages, "{{fields.date}}-{{slug}}",
                    shared=SHARED),
            content("pages", "Pages", "content/pages", PAGE, maker("pages"), languages,
                    "{{slug}}", shared=("template", "updated")),
            *(listing(name, title, file, record, maker(name))
              for name, title, file, record in LISTS),
            single("letters", "Letter guide", "data/letters.yaml", LETTERS, maker("letters")),
            single("settings", "Site settings", "data/site.yaml", SITE, maker("site")),
            *strings_collection(root, languages)]


def people(root: Path, languages: Languages, maker: Maker) -> list[Collection]:
    """The people whose names are public; those whose names are withheld, each saved as
    `withheld-N.yaml` and listed by file name only; and everyone, hidden, for the fields
    that refer to people (shown by file name, searched by name)."""
    base = {"folder": "data/prisoners", "extension": "yaml", "format": "yaml"}
    default = languages.default
    public = {"name": "prisoners", "label": "People", "label_singular": "Person", **base,
              "create": True, "slug": "{{slug}}", "identifier_field": f"name.{default}",
              "summary": f"{{{{name.{default}}}}} · {{{{status}}}}",
              "filter": {"field": "name_withheld", "value": False},
              "fields": named_in(default, withheld_flag(maker.fields(PRISONER), False))}
    withheld = {"name": "withheld", "label": "People whose names are withheld",
                "label_singular": "Person whose name is withheld", **base, "create": True,
                "slug": f"withheld-{next_withheld(root)}", "identifier_field": "status",
                "summary": f"{{{{filename}}}}.{{{{extension}}}}: {WITHHELD_NOTICE}",
                "description": f"Each is saved as withheld-N.yaml, whatever the name: "
                               f"{WITHHELD_NOTICE}.",
                "filter": {"field": "name_withheld", "value": True},
                "fields": [{**f, "hint": WITHHELD_NAME_HINT} if f["name"] == "name" else f
                           for f in withheld_flag(maker.fields(PRISONER), True)]}
    everyone = {"name": "people", "label": "Everyone (for references)", **base,
                "hide": True, "create": False, "identifier_field": "status",
                "summary": "{{filename}}", "fields": maker.fields(PRISONER)}
    return [public, withheld, everyone]


def withheld_flag(fields: list[Field], value: bool) -> list[Field]:
    """The fields with `name_withheld` fixed at `value`: a person moves between the two
    collections only by hand, as their file must be renamed."""
    return [{**f, "widget": "hidden", "default": value} if f["name"] == "name_withheld" else f
            for f in fields]


def named_in(code: str, fields: list[Field]) -> list[Field]:
    """The fields with the name in the default language required: a new person's file
    is named after it (`ihar-losik.yaml`), which Decap cannot do from another script."""
    def require(field: Field) -> Field:
        return {**field, "required": True} if field["name"] == code else field
    return [{**f, "fields": [require(x) for x in f["fields"]]} if f["name"] == "name" else f
            for f in fields]


def next_withheld(root: Path) -> int:
    """The next free number among data/prisoners/withheld-N.yaml."""
    folder = root / "data" / "prisoners"
    taken = [int(m[1]) for p in (folder.iterdir() if folder.is_dir() else ())
             if (m := WITHHELD_FILE.match(p.name))]
    return max(taken, default=0) + 1


def content(name: str, label: str, folder: str, record: Record, maker: Maker,
            languages: Languages, slug: str, shared: tuple[str, ...]) -> Collection:
    """A folder of Markdown files, `SLUG.LANG.md`: one entry, its languages side by side;
    the facts the languages share (`shared`) are written in each, as the original's."""
    fields = [{**f, "i18n": "duplicate" if f["name"] in shared else True}
              for f in maker.fields(record)]
    body = {"name": "body", "label": "Body", "widget": "markdown", "i18n": True,
            "required": False}
    return {"name": name, "label": label, "folder": folder, "extension": "md",
            "format": "yaml-frontmatter", "create": True, "slug": slug,
            "i18n": {"structure": "multiple_files", "locales": list(languages.codes),
                     "default_locale": languages.default},
            "fields": [*fields, body]}


def listing(name: str, label: str, file: str, record: Record, maker: Maker) -> Collection:
    """A file that holds one list, under its one key (`sources:`)."""
    return {"name": name, "label": label, "files": [{
        "name": name, "label": label, "file": file, "fields": [{
            "name": name, "label": label, "widget": "list", "required": False,
            "fields": maker.fields(record)}]}]}


def single(name: str, label: str, file: str, record: Record, maker: Maker) -> Collection:
    """A file that holds one record (the letter guide, the site's settings)."""
    return {"name": name, "label": label, "files": [{
        "name": name, "label": label, "file": file, "fields": maker.fields(record)}]}
