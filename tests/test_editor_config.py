"""The web editor's configuration (portal/editor/config.py): made from the schema, so that
every field `check` knows has its place in the editor and the editor knows no other;
accepted by Decap CMS's own validation; in the languages of data/site.yaml; withheld
people saved as withheld-N and never named; dates as dates.py reads them; hints that are
the editors' guide's own words."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from portal.checks import shapes
from portal.content.dates import parse_date
from portal.content.records import (
    Gendered,
    Lines,
    List,
    Local,
    PerLanguage,
    Record,
    Translated,
)
from portal.content.schema import Spec, Text
from portal.editor import widget
from portal.editor.config import config_text, editor_config, missing
from portal.editor.datepattern import date_pattern
from portal.editor.hints import GUIDE, guide_hints

from conftest import PROJECT, errors

NODE_MODULES = PROJECT / "node_modules"
SCRIPT = Path(__file__).resolve().parent / "node" / "decap_config.cjs"

RECORDS = {"prisoners": shapes.PRISONER, "withheld": shapes.PRISONER, "people": shapes.PRISONER,
           "statements": shapes.STATEMENT, "pages": shapes.PAGE, "sources": shapes.SOURCE,
           "facilities": shapes.FACILITY, "waves": shapes.WAVE, "statistics": shapes.STAT,
           "actions": shapes.ACTION, "letters": shapes.LETTERS, "settings": shapes.SITE}
"""Each collection of the editor and the record of its entries (of a list file's items)."""

HIDDEN = (Translated,)
"""Kept whole in the editor by our own widget (editor/translations.js): the `translated:`
block, and a statement's `translated_from` (written by the editor and by
`build.py translations`)."""


def node_or_skip() -> str:
    """node, with Decap in node_modules; skipped on a laptop without them, never in CI."""
    node = shutil.which("node")
    if node and (NODE_MODULES / "decap-cms-core" / "dist").is_dir():
        return node
    if os.environ.get("CI"):
        pytest.fail("node and node_modules/decap-cms-core are needed here: run `npm ci`")
    pytest.skip("needs node and `npm ci` (node_modules/decap-cms-core)")


def schema_paths(record: Record, languages: tuple[str, ...], prefix: str = "") -> set[str]:
    """Every field path a record knows, its texts per language down to each language."""
    found = set()
    for name, spec in record.fields.items():
        path = f"{prefix}{name}"
        found.add(path)
        if isinstance(spec, HIDDEN) or spec is shapes.TRANSLATED_FROM:
            continue
        item = spec.item if isinstance(spec, List) else spec
        if isinstance(item, Record):
            found |= schema_paths(item, languages, f"{path}.")
        elif isinstance(item, Local | PerLanguage):
            found |= {f"{path}.{code}" for code in languages}
    return found


def config_paths(fields: list[dict], prefix: str = "") -> set[str]:
    """Every field path of the editor's fields (a list of texts' `item` is the list)."""
    found = set()
    for field in fields:
        path = f"{prefix}{field['name']}"
        found.add(path)
        found |= config_paths(field.get("fields", []), f"{path}.")
    return found


def entry_fields(collection: dict) -> list[dict]:
    """The fields of one entry of a collection (of one item, for a list file)."""
    if "folder" in collection:
        return [f for f in collection["fields"] if f["name"] != "body"]
    fields = collection["files"][0]["fields"]
    if collection["name"] in ("sources", "facilities", "waves", "statistics", "actions"):
        return fields[0]["fields"]
    return fields


def assert_same_fields(config: dict, languages: tuple[str, ...]) -> None:
    by_name = {c["name"]: c for c in config["collections"] if c["name"] != "strings"}
    assert set(by_name) == set(RECORDS), "a collection has no record, or a record no collection"
    for name, record in RECORDS.items():
        mine, schema = config_paths(entry_fields(by_name[name])), schema_paths(record, languages)
        assert not schema - mine, f"{name}: no place in the editor for {sorted(schema - mine)}"
        assert not mine - schema, f"{name}: not in the schema: {sorted(mine - schema)}"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the project's data and content (the sample site)."""
    for folder in ("data", "content"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    return tmp_path


def test_every_field_of_the_schema_has_its_place_and_no_other(sample):
    assert_same_fields(editor_config(sample), ("en", "be", "ru"))


def test_a_field_added_to_the_schema_alone_is_caught(sample, monkeypatch):
    config = editor_config(sample)
    monkeypatch.setitem(shapes.PRISONER.fields, "nickname", Text())
    with pytest.raises(AssertionError, match="prisoners: no place in the editor for.*nickname"):
        assert_same_fields(config, ("en", "be", "ru"))
    monkeypatch.setitem(shapes.EVENT.fields, "court", Text())
    assert_same_fields(editor_config(sample), ("en", "be", "ru"))  # made again: it follows


def test_a_field_of_a_type_the_editor_cannot_show_stops_with_its_name(sample, monkeypatch):
    class Colour(Spec):
        pass
    monkeypatch.setitem(shapes.WAVE.fields, "colour", Colour())
    with pytest.raises(TypeError, match=r"no field for Colour \(waves: colour\)"):
        editor_config(sample)


def test_fields_come_in_the_order_of_the_record(sample):
    by_name = {c["name"]: c for c in editor_config(sample)["collections"]}
    for name, record in RECORDS.items():
        assert [f["name"] for f in entry_fields(by_name[name])] == list(record.fields)
    event = next(f for f in by_name["prisoners"]["fields"] if f["name"] == "events")
    assert [f["name"] for f in event["fields"]] == list(shapes.EVENT.fields)
    assert event["fields"][-1] == {"name": "translated", "label": "Translations",
                                   "required": False, "widget": "translations",
                                   "languages": ["en", "be", "ru"], "default_language": "en",
                                   "tracked": ["note"]}


def run_node(*arguments: str, stdin: str = "") -> str:
    done = subprocess.run([node_or_skip(), str(SCRIPT), str(NODE_MODULES), *arguments],
                          input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_decap_accepts_the_configuration(sample, tmp_path):
    node_or_skip()
    ours = tmp_path / "translations.js"
    ours.write_bytes(widget.script())
    for local in (None, "http://127.0.0.1:8000/admin/api/v1"):
        text = config_text(sample, local)
        (tmp_path / "config.yml").write_text(text, encoding="utf-8")
        answer = json.loads(run_node(str(tmp_path / "config.yml"), str(ours)))
        assert answer["errors"] == []
        assert answer["config"] == editor_config(sample, local)  # Decap reads what we wrote


def test_decap_validation_would_see_a_mistake(sample, tmp_path):
    node_or_skip()
    config = editor_config(sample)
    del config["collections"][0]["fields"][2]["options"]  # gender: a select with no options
    config["i18n"]["structure"] = "many_files"
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    found = "\n".join(json.loads(run_node(str(tmp_path / "config.yml")))["errors"])
    assert "'collections[0].fields[2]' must have required property 'options'" in found
    assert "'i18n.structure' must be equal to one of the allowed values" in found


def per_language_groups(fields: list[dict]):
    """Every group of one field per language (a text per language, a value per language;
    not a facility's envelope, which is in Russian and Belarusian whatever the site's
    languages)."""
    for field in fields:
        inner = field.get("fields", [])
        if {"en", "be", "ru"} <= {f["name"] for f in inner}:
            yield field
        yield from per_language_groups(inner)


def test_a_language_added_to_site_yaml_appears_everywhere(sample):
    site = sample / "data/site.yaml"
    ru = "  - code: ru\n    locale: ru\n    fallback:\n      - en\n"
    text = site.read_text(encoding="utf-8")
    assert ru in text
    site.write_text(text.replace(
        ru, ru + "  - code: pl\n    locale: pl\n    fallback:\n      - en\n", 1), encoding="utf-8")
    config = editor_config(sample)
    assert config["i18n"]["locales"] == ["en", "be", "ru", "pl"]
    groups = 0
    for collection in config["collections"]:
        if "i18n" in collection:
            assert collection["i18n"]["locales"] == ["en", "be", "ru", "pl"]
        for fields in [collection.get("fields", [])] + [f["fields"] for f in
                                                         collection.get("files", [])]:
            for group in per_language_groups(fields):
                groups += 1
                assert [(f["name"], f["label"]) for f in group["fields"]] == [
                    ("en", "English (en)"), ("be", "беларуская (be)"), ("ru", "русский (ru)"),
                    ("pl", "polski (pl)")], group["name"]
    assert groups > 30
    assert_same_fields(config, ("en", "be", "ru", "pl"))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def test_withheld_people_are_saved_as_the_next_free_number_and_never_named(sample):
    prisoners = sample / "data/prisoners"
    secret = "Сакрэтная Асоба"
    for number in (2, 7):
        (prisoners / f"withheld-{number}.yaml").write_text(
            f"name: {{be: {secret}, en: Secret Someone}}\naliases: [Kryptonym Pseudonymia]\n"
            "gender: other\nstatus: imprisoned\nverified: 2025-09\nname_withheld: true\n"
            "summary: {en: Detained.}\nsources: [pin-2025-09-12]\n", encoding="utf-8")
    (prisoners / "withheld-notes.txt").write_text("not a profile", encoding="utf-8")
    config = editor_config(sample)
    withheld = collection(config, "withheld")
    assert withheld["slug"] == "withheld-8"
    assert withheld["filter"] == {"field": "name_withheld", "value": True}
    assert withheld["summary"] == "{{filename}}.{{extension}}: name withheld: never published"
    assert "name" not in withheld["identifier_field"]
    flag = next(f for f in withheld["fields"] if f["name"] == "name_withheld")
    assert flag["widget"] == "hidden" and flag["default"] is True
    public = collection(config, "prisoners")
    name = {f["name"]: f["required"] for f in public["fields"][0]["fields"]}
    assert name == {"en": True, "be": False, "ru": False}  # the file is named after it
    assert not any(f["required"] for f in withheld["fields"][0]["fields"])
    assert withheld["fields"][0]["hint"].startswith("Name withheld: never published.")
    assert public["filter"] == {"field": "name_withheld", "value": False}
    assert next(f for f in public["fields"] if f["name"] == "name_withheld")["default"] is False
    text = config_text(sample)
    for word in ("Сакрэтная", "Асоба", "Secret", "Someone", "Kryptonym", "Pseudonymia"):
        assert word not in text
    (prisoners / "withheld-7.yaml").unlink()
    assert collection(editor_config(sample), "withheld")["slug"] == "withheld-3"


def test_people_are_offered_by_file_name_and_searched_by_name(sample):
    statements = collection(editor_config(sample), "statements")
    people = next(f for f in statements["fields"] if f["name"] == "people")
    assert people == {**people, "widget": "relation", "collection": "people", "multiple": True,
                      "value_field": "{{slug}}", "display_fields": ["{{slug}}"],
                      "search_fields": ["name.en", "name.be", "name.ru"]}
    assert collection(editor_config(sample), "people")["hide"] is True
    distinct = next(f for f in collection(editor_config(sample), "prisoners")["fields"]
                    if f["name"] == "distinct_from")
    assert distinct["filters"] == [{"field": "name_withheld", "values": [True]}]


def relations_to_people(fields: list[dict], path: str = ""):
    for field in fields:
        here = f"{path}.{field['name']}" if path else field["name"]
        if field.get("widget") == "relation" and field.get("collection") == "people":
            yield here, field
        yield from relations_to_people(field.get("fields", []), here)
        if "field" in field:
            yield from relations_to_people([field["field"]], here)


def test_only_distinct_from_offers_people_whose_names_are_withheld(sample):
    """A link to a withheld person is refused by check: no other field offers one."""
    found = {(c["name"], path): field["filters"]
             for c in editor_config(sample)["collections"]
             for entry in [c, *c.get("files", [])]
             for path, field in relations_to_people(entry.get("fields", []))}
    assert {key for key in found if key[1] != "distinct_from"} >= {
        ("statements", "people"), ("waves", "waves.people")}
    for (name, path), filters in found.items():
        withheld = path == "distinct_from"
        assert filters == [{"field": "name_withheld", "values": [withheld]}], (name, path)


def test_statements_are_one_entry_with_their_languages_side_by_side(sample):
    statements = collection(editor_config(sample), "statements")
    assert statements["i18n"] == {"structure": "multiple_files", "locales": ["en", "be", "ru"],
                                  "default_locale": "en"}
    assert (statements["folder"], statements["extension"]) == ("content/statements", "md")
    shared = {f["name"] for f in statements["fields"] if f["i18n"] == "duplicate"}
    assert shared == {"date", "people", "sources", "scheduled"}
    assert statements["fields"][-1]["widget"] == "markdown"


DATES = ["2025", "1900", "9999", "2025-01", "2025-12", "2024-02-29", "2000-02-29",
         "1900-02-28", "2025-04-30", "2025-12-31", "2024-autumn", "2024-spring", "1900-winter",
         "1899", "1899-12-31", "2025-00", "2025-13", "2025-02-29", "1900-02-29", "2100-02-29",
         "2025-04-31", "2025-06-31", "2025-1", "2025-01-1", "25", "20250", "2024-fall",
         "2024-Autumn", "2024-", "2024-10-", "2025-09-11x", "x2025", "2025/09/11", "",
         "2025-09-00", "2025-09-32", "2400-02-29", "2200-02-29", "1904-02-29", "2023-11-30"]


def test_the_date_pattern_accepts_what_parse_date_accepts():
    node_or_skip()
    values = DATES + [f"{y}-{m:02d}-{d:02d}" for y in (1899, 1900, 1996, 2000, 2023, 2024)
                      for m in range(0, 14) for d in range(0, 33)]
    values += [f"{y}-{m:02d}" for y in range(1890, 2101) for m in range(0, 14)]
    values += [f"{y}-{s}" for y in (1899, 1900, 2024) for s in ("spring", "summer", "autumn",
                                                                 "winter", "fall", "")]
    values += [f"after {v}" for v in DATES + [f"2024-{m:02d}-{d:02d}" for m in range(0, 14)
                                              for d in range(0, 33)]]
    values += ["after", "after ", "After 2025", "after  2025", "after2025", "after after 2025",
               "before 2025", "after-2025", "после 2025", "after 1899"]
    answers = json.loads(run_node("--match", date_pattern(), stdin=json.dumps(values)))

    def accepted(value: str) -> bool:
        try:
            parse_date(value)
        except ValueError:
            return False
        return True
    disagree = [v for v, answer in zip(values, answers, strict=True) if answer != accepted(v)]
    assert not disagree
    assert sum(answers) > 1000 and len(answers) - sum(answers) > 1000


def all_fields(config: dict):
    """Every field of every collection but the interface strings (their hints are the
    default language's texts)."""
    for c in config["collections"]:
        if c["name"] == "strings":
            continue
        stack = list(c.get("fields", [])) + [f for file in c.get("files", [])
                                             for f in file["fields"]]
        while stack:
            field = stack.pop()
            yield field
            stack += field.get("fields", []) + ([field["field"]] if "field" in field else [])


def test_translators_get_every_interface_string_with_the_default_languages_text(sample):
    strings = collection(editor_config(sample), "strings")
    assert [f["file"] for f in strings["files"]] == [f"data/strings/{code}.yaml"
                                                     for code in ("en", "be", "ru")]
    english = yaml.safe_load((sample / "data/strings/en.yaml").read_text(encoding="utf-8"))

    def keys(data: dict, prefix: str = "") -> set[str]:
        return {f"{prefix}{k}" for k in data} | {p for k, v in data.items()
                                                 if isinstance(v, dict)
                                                 for p in keys(v, f"{prefix}{k}.")}

    def paths(fields: list[dict], prefix: str = "") -> set[str]:
        return {f"{prefix}{f['name']}" for f in fields} | {
            p for f in fields for p in paths(f.get("fields", []), f"{prefix}{f['name']}.")}
    english_keys = {k for k in keys(english) if not k.endswith((".few", ".many", ".female",
                                                                ".male", ".other"))}
    for file in strings["files"]:
        mine = {p for p in paths(file["fields"])
                if not p.endswith((".few", ".many", ".female", ".male", ".other"))}
        assert mine == english_keys, file["name"]
    belarusian = {f["name"]: f for f in strings["files"][1]["fields"]}
    exact = {f["name"]: f for f in belarusian["count"]["fields"]}["exact"]
    assert [(f["name"], f.get("hint")) for f in exact["fields"]] == [
        ("one", english["count"]["exact"]["one"]), ("few", english["count"]["exact"]["other"]),
        ("many", english["count"]["exact"]["other"]), ("other", english["count"]["exact"]["other"])]
    imprisoned = {f["name"]: f for f in belarusian["status"]["fields"]}["imprisoned"]
    assert [f["name"] for f in imprisoned["fields"]] == ["male", "female", "other"]
    assert "hint" not in strings["files"][0]["fields"][0]["fields"][0]  # English itself


def test_every_hint_is_the_guides_own_words(sample):
    guide = GUIDE.read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", re.sub(r"\n\s*#\s+", " ", guide))
    hints = [f["hint"] for f in all_fields(editor_config(sample)) if "hint" in f]
    assert len(hints) > 60
    for hint in hints:
        assert hint in flat
    assert guide_hints()["prisoners"]["photo.credit"] == "who took it / who holds the rights"


def test_widgets_follow_the_schema(sample):
    fields = {f["name"]: f for f in collection(editor_config(sample), "prisoners")["fields"]}
    assert fields["gender"]["widget"] == "select"
    assert {"label": "Male", "value": "male"} in fields["gender"]["options"]
    assert fields["roles"]["multiple"] is True
    assert fields["facility"] == {**fields["facility"], "widget": "relation",
                                  "collection": "facilities", "file": "facilities",
                                  "value_field": "facilities.*.id"}
    assert fields["sources"]["value_field"] == "sources.*.id"
    assert fields["verified"]["widget"] == "string" and fields["verified"]["required"]
    assert not fields["born"]["required"]
    assert fields["translated"]["widget"] == "translations"
    assert fields["translated"]["tracked"] == ["name", "summary", "biography"]
    photo = {f["name"]: f for f in fields["photo"]["fields"]}
    assert photo["file"]["widget"] == "image"
    assert fields["biography"]["fields"][0]["widget"] == "markdown"
    events = {f["name"]: f for f in fields["events"]["fields"]}
    term = {f["name"]: f for f in events["term"]["fields"]}
    assert term["years"] == {**term["years"], "widget": "number", "value_type": "int",
                             "min": 0, "max": 100}
    assert "default" not in term["years"]  # Decap would write it into every new event
    assert {f["name"] for f in all_fields(editor_config(sample)) if "default" in f} == {
        "name_withheld"}
    assert {"label": "Lithuania (LT)", "value": "LT"} in events["destination"]["options"]
    name = fields["name"]["fields"][0]
    assert name["pattern"][1] == "at most 120 characters"
    sources = entry_fields(collection(editor_config(sample), "sources"))
    url = next(f for f in sources if f["name"] == "url")
    assert re.match(url["pattern"][0], "https://example.org/")
    assert not re.match(url["pattern"][0], "example.org")
    assert not re.match(url["pattern"][0], "https://" + "a" * 2000)
    gendered = [f for f in all_fields(editor_config(sample)) if f["name"] == "ru"
                and f.get("widget") == "string"]
    assert gendered and isinstance(shapes.PHRASE.fields["ru"], Gendered)
    assert isinstance(shapes.FACILITY.fields["latin"], Lines)


def test_what_the_configuration_names_exists_in_it(sample):
    config = editor_config(sample)
    by_name = {c["name"]: c for c in config["collections"]}
    for c in config["collections"]:
        if "folder" in c:
            names = config_paths(c["fields"])
            assert c.get("identifier_field", "title") in names, c["name"]
            for var in re.findall(r"{{([\w.]+)}}", c.get("summary", "")):
                assert var in names | {"filename", "extension"}, (c["name"], var)
    relations = [f for f in all_fields(config) if f.get("widget") == "relation"]
    assert len(relations) > 20
    for field in relations:
        target = by_name[field["collection"]]
        if "file" in field:
            entry = next(f for f in target["files"] if f["name"] == field["file"])
            names = config_paths(entry["fields"])
            for key in ("value_field", *field["search_fields"], *field["display_fields"]):
                path = field[key] if key == "value_field" else key
                assert path.replace(".*.", ".") in names, path
        else:
            assert field["value_field"] == "{{slug}}"
            assert set(field["search_fields"]) <= config_paths(target["fields"])


def test_photos_go_to_content_photos_by_bare_file_name(sample):
    config = editor_config(sample)
    assert (config["media_folder"], config["public_folder"]) == ("content/photos", "")


def test_the_back_end_is_the_repository_site_yaml_names(sample, monkeypatch):
    monkeypatch.delenv("NETLIFY", raising=False)
    assert missing(sample) == ("no git repository for the web editor: add "
                               "`editor: {repo: owner/name}` to data/site.yaml (on Netlify, "
                               "the repository it builds is taken)")
    assert "repo" not in editor_config(sample)["backend"]
    site = sample / "data/site.yaml"
    site.write_text(site.read_text(encoding="utf-8")
                    + "editor:\n  repo: belarus-portal/portal\n", encoding="utf-8")
    assert missing(sample) is None
    config = editor_config(sample)
    assert config["backend"] == {"name": "github", "repo": "belarus-portal/portal",
                                 "branch": "main", "base_url": "https://api.netlify.com"}
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    assert editor_config(sample, "http://127.0.0.1:8000/admin/api/v1")["local_backend"] == {
        "url": "http://127.0.0.1:8000/admin/api/v1"}
    assert not [p for p in errors(sample) if p.file == "data/site.yaml"]
    site.write_text(site.read_text(encoding="utf-8").replace(
        "repo: belarus-portal/portal", "repo: https://github.com/x/y\n  brnch: dev"),
        encoding="utf-8")
    found = {(p.field, p.message) for p in errors(sample) if p.file == "data/site.yaml"}
    assert ("editor.repo", '"https://github.com/x/y" is not allowed here') in found
    assert ("editor.brnch", "unknown field") in found
    site.write_text("title: [unclosed\n", encoding="utf-8")
    reason = missing(sample)
    assert reason.startswith("data/site.yaml cannot be read: ") and "\n" not in reason


@pytest.mark.parametrize("address, repo", [
    ("https://github.com/owner/portal", "owner/portal"),
    ("https://github.com/owner/portal.git", "owner/portal"),
    ("git@github.com:owner/portal.git", "owner/portal"),
    ("https://x-access-token:v1.5c3b6b345a27@github.com/owner/portal", "owner/portal"),
    ("https://gitlab.com/owner/portal", None),
    ("", None),
])
def test_on_netlify_the_editor_saves_to_the_repository_netlify_builds(sample, monkeypatch,
                                                                       address, repo):
    """data/site.yaml names no repository: a Netlify build takes its own (REPOSITORY_URL),
    elsewhere the published site has no editor, saying why in one line."""
    monkeypatch.delenv("NETLIFY", raising=False)
    monkeypatch.setenv("REPOSITORY_URL", address)
    assert "repo" not in editor_config(sample)["backend"]
    assert "add `editor: {repo: owner/name}`" in missing(sample)
    monkeypatch.setenv("NETLIFY", "true")
    assert editor_config(sample)["backend"].get("repo") == repo
    assert "5c3b6b345a27" not in config_text(sample)  # a build's token is never published
    assert (missing(sample) is None) == (repo is not None)
