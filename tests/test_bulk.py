"""Bulk updates: `release WAVE …` and `status CHANGE …` write one change into many
profiles in place, check the result and write nothing unless all of it passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.build import builder
from portal.checks.canonical import canonical
from portal.commands import bulkchange, bulkrecords
from portal.content.dates import parse_date
from portal.options import Options

from conftest import PROJECT, TODAY, snapshot

WAVE = "2025-09-11"
"""The minimal fixture's wave: to Lithuania, dated 2025-09-11, source report-a (dated
2025-09-12), people: [anna-test]."""


def cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args, "--root",
                           str(root), "--today", TODAY.isoformat()],
                          capture_output=True, text=True, timeout=300, input=stdin)


def read(root: Path, relative: str):
    return yaml.safe_load((root / relative).read_text(encoding="utf-8"))


def profile(root: Path, slug: str) -> dict:
    return read(root, f"data/prisoners/{slug}.yaml")


def wave(root: Path, wave_id: str = WAVE) -> dict:
    waves = read(root, "data/releases.yaml")
    waves = waves["waves"] if isinstance(waves, dict) else waves  # either form
    return next(w for w in waves if str(w["id"]) == wave_id)


COMMENTED = """\
# Lena's file, with comments an editor wrote.
name:
  en: Lena Test
  be: Лена Тэст
  ru: Лена Тест
gender: female
status: imprisoned      # per the September list
verified: 2025-09

roles: [activist]
events:
  - type: detained      # at home
    date: 2021-03
    sources: [report-b]

  # the sentence is not known yet
summary:
  en: An activist.
  be: Актывістка.
  ru: Активистка.
sources: [report-b]     # Viasna list
"""

RELEASED = """\
# Lena's file, with comments an editor wrote.
name:
  en: Lena Test
  be: Лена Тэст
  ru: Лена Тест
gender: female
status: exiled          # per the September list
verified: 2025-09-12

roles: [activist]
events:
  - type: detained      # at home
    date: 2021-03
    sources: [report-b]
  - type: released
    date: 2025-09-11
    wave: 2025-09-11
    destination: LT
    sources: [report-a]

  # the sentence is not known yet
summary:
  en: An activist.
  be: Актывістка.
  ru: Активистка.
sources: [report-b, report-a] # Viasna list
"""


@pytest.fixture
def site(project) -> Path:
    """The minimal fixture with Lena's commented profile added."""
    root = project("minimal")
    (root / "data/prisoners/lena-test.yaml").write_text(COMMENTED, encoding="utf-8")
    return root


def test_a_dry_run_shows_the_changes_and_writes_nothing(site):
    before = snapshot(site)
    result = cli(site, "release", WAVE, "boris-test", "lena-test")
    assert result.returncode == 0, result.stderr
    assert "-status: imprisoned" in result.stdout and "+status: exiled" in result.stdout
    assert "+    wave: 2025-09-11" in result.stdout
    assert "data/prisoners/boris-test.yaml: status imprisoned → exiled" in result.stdout
    assert "Dry run: nothing written; add --write" in result.stdout
    assert snapshot(site) == before


def test_write_changes_exactly_the_expected_values_in_the_editors_style(site):
    """The files come out as the web editor writes them (comments go, as they do there);
    a file already in that style changes by the edited lines only."""
    assert cli(site, "format", "data/releases.yaml").returncode == 0
    releases = (site / "data/releases.yaml").read_text(encoding="utf-8")
    result = cli(site, "release", WAVE, "lena-test", "--write")
    assert result.returncode == 0, result.stderr
    assert "Checked and wrote 2 file(s)." in result.stdout
    lena_path = "data/prisoners/lena-test.yaml"
    assert (site / lena_path).read_text(encoding="utf-8") == canonical(lena_path, RELEASED)
    after = (site / "data/releases.yaml").read_text(encoding="utf-8")
    added = "      - anna-test\n      - lena-test\n"
    assert after == releases.replace("      - anna-test\n", added)
    assert cli(site, "format", "--check", lena_path, "data/releases.yaml").returncode == 0
    lena = profile(site, "lena-test")
    assert lena["status"] == "exiled" and str(lena["verified"]) == "2025-09-12"
    assert lena["events"][-1] == {"type": "released", "date": parse_date(WAVE).as_date(),
                                  "wave": parse_date(WAVE).as_date(), "destination": "LT",
                                  "sources": ["report-a"]}
    assert wave(site)["people"] == ["anna-test", "lena-test"]


def test_a_second_run_changes_nothing(site):
    assert cli(site, "release", WAVE, "lena-test", "boris-test", "--write").returncode == 0
    before = snapshot(site)
    again = cli(site, "release", WAVE, "--listed", "--write")  # the wave's people: all three
    assert again.returncode == 0, again.stderr
    for slug in ("anna-test", "boris-test", "lena-test"):
        assert f"data/prisoners/{slug}.yaml: unchanged (already released in wave " \
            f"{WAVE}" in again.stdout
    assert "Nothing to change." in again.stdout
    assert snapshot(site) == before


@pytest.mark.parametrize("args", [(), ("boris-test", "--listed")])
def test_a_release_with_no_one_named_is_never_everyone_in_the_wave(site, args):
    """`release WAVE $(cat empty.txt)` names no one: an error, not the wave's whole list
    (that takes --listed, alone)."""
    before = snapshot(site)
    result = cli(site, "release", WAVE, *args, "--write")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--listed" in result.stderr
    assert snapshot(site) == before


def test_one_profile_that_would_fail_the_check_stops_every_write(site):
    eva = site / "data/prisoners/eva-test.yaml"
    eva.write_text(eva.read_text(encoding="utf-8").replace(
        "verified: 2025-09-12\n", "verified: 2025-09-12\nborn: 2025-10\n"), encoding="utf-8")
    before = snapshot(site)
    result = cli(site, "release", WAVE, "boris-test", "lena-test", "eva-test", "--write")
    assert result.returncode == 1
    assert "data/prisoners/eva-test.yaml:6:1 born: 2025-10 is after the released event" \
        in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(site) == before


def test_a_change_out_of_time_order_is_refused_before_the_check(site):
    before = snapshot(site)
    result = cli(site, "status", "released", "boris-test", "lena-test", "--date",
                 "2021-01", "--source", "report-b", "--write")
    assert result.returncode == 1
    assert "lena-test.yaml:13:5 events[0].date: 2021-03 is after the new event (2021-01)" \
        in result.stderr
    assert "boris-test.yaml:13:5 events[0].date: 2022 is after the new event" in result.stderr
    assert snapshot(site) == before


def test_fifty_people_released_in_one_command_read_back_through_the_model(site):
    slugs = []
    for i in range(50):
        withheld = i % 10 == 9
        slug = f"withheld-{100 + i}" if withheld else f"synthetic-{i:02d}"
        name = f"Hidden Personage{i:02d}" if withheld else f"Synthetic Person{i:02d}"
        (site / f"data/prisoners/{slug}.yaml").write_text(
            f"name: {{en: {name}}}\ngender: other\nstatus: imprisoned\n"
            f"verified: 2024-autumn\nname_withheld: {str(withheld).lower()}\nevents:\n"
            f"  - type: detained\n    date: 2023\n    sources: [report-b]\n"
            f"summary: {{en: Synthetic.}}\nsources: [report-b]\n", encoding="utf-8")
        slugs.append(slug)
    listing = site / "released.txt"
    listing.write_text("# the September list\n" + "\n".join(slugs) + "\n", encoding="utf-8")

    result = cli(site, "release", WAVE, "--from", str(listing), "--write")
    assert result.returncode == 0, result.stderr
    assert "Checked and wrote 51 file(s)." in result.stdout
    assert "Personage" not in result.stdout + result.stderr  # withheld names never shown
    assert "withheld-109.yaml: status imprisoned → exiled" in result.stdout

    site_model, _ = builder.load_site(Options(root=site, today=TODAY))
    people = {p.slug: p for p in site_model.prisoners}
    for slug in slugs:
        person = people[slug]
        assert person.status == "exiled"
        assert str(person.verified) == "2025-09-12"
        assert "report-a" in person.sources
        released = person.events[-1]
        assert (released.type, str(released.date), released.wave, released.destination) == \
            ("released", WAVE, WAVE, "LT")
    shown = next(w for w in site_model.waves if w.id == WAVE)
    assert list(shown.people) == ["anna-test", *slugs]


def test_status_changes_with_a_secondary_source(site):
    sources = site / "data/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + (
        "- id: rumour-c\n  title: Report C\n  publisher: Third Org\n  date: 2025-11\n"
        "  secondary: true\n"), encoding="utf-8")
    released = cli(site, "status", "released", "lena-test", "--date", "2025-10", "--source",
                   "report-a", "--write")
    assert released.returncode == 0, released.stderr
    result = cli(site, "status", "re-arrested", "lena-test", "--date", "2025-11",
                 "--source", "rumour-c", "--facility", "sizo-test", "--write")
    assert result.returncode == 0, result.stderr
    lena = profile(site, "lena-test")
    assert lena["status"] == "re-arrested" and lena["reported"] == ["status"]
    assert lena["facility"] == "sizo-test" and lena["verified"] == "2025-11"
    assert lena["events"][-1] == {"type": "re-arrested", "date": "2025-11",
                                  "facility": "sizo-test", "sources": ["rumour-c"],
                                  "reported": ["type", "date", "facility"]}
    assert lena["sources"] == ["report-b", "report-a", "rumour-c"]
    text = (site / "data/prisoners/lena-test.yaml").read_text(encoding="utf-8")
    assert "status: re-arrested\n" in text and text.endswith("reported:\n  - status\n")
    assert cli(site, "format", "--check", "data/prisoners/lena-test.yaml").returncode == 0


def test_a_transfer_moves_held_people_and_only_them(site):
    result = cli(site, "status", "transferred", "boris-test", "clara-test", "--date",
                 "2025-12-01", "--source", "report-a", "--facility", "colony-test", "--write")
    assert result.returncode == 0, result.stderr
    for slug in ("boris-test", "clara-test"):
        person = profile(site, slug)
        assert person["facility"] == "colony-test" and person["status"] == "imprisoned"
        assert person["events"][-1]["type"] == "transferred"
    assert cli(site, "status", "transferred", "boris-test", "--date", "2025-12-01",
               "--source", "report-a", "--facility", "colony-test").stdout.count(
        "unchanged (already has this `transferred` event") == 1
    before = snapshot(site)
    refused = cli(site, "status", "transferred", "anna-test", "--date", "2025-12-01",
                  "--source", "report-a", "--facility", "colony-test", "--write")
    assert refused.returncode == 1 and "a transfer applies to a person held" in refused.stderr
    assert snapshot(site) == before


@pytest.mark.parametrize(("args", "message"), [
    (("release", "2025-09-12", "boris-test"),
     "Error: no wave '2025-09-12' in data/releases.yaml; did you mean 2025-09-11?"),
    (("release", WAVE, "borris-test"),
     "Error: no person 'borris-test' in data/prisoners/; did you mean boris-test?"),
    (("status", "re-arrested", "boris-test", "--date", "2025-11", "--source", "reportA"),
     "Error: no source 'reportA' in data/sources.yaml; did you mean report-a?"),
    (("status", "transferred", "boris-test", "--date", "2025-11", "--source", "report-a",
      "--facility", "colony"),
     "Error: no facility 'colony' in data/facilities.yaml; did you mean colony-test?"),
    (("status", "re-arrested", "boris-test", "--date", "2025-11", "--source", "report-a",
      "--destination", "LT"),
     "Error: re-arrested: --destination is for released and exiled only"),
])
def test_an_unknown_id_is_named_with_the_closest_one(site, args, message):
    before = snapshot(site)
    result = cli(site, *args, "--write")
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert snapshot(site) == before


def test_a_withheld_persons_file_is_summarised_without_a_diff(site):
    result = cli(site, "release", WAVE, "withheld-1")
    assert result.returncode == 0, result.stderr
    assert "Secret" not in result.stdout + result.stderr
    assert "a/data/prisoners/withheld-1.yaml" not in result.stdout
    assert "data/prisoners/withheld-1.yaml: status imprisoned → exiled" in result.stdout


def test_release_status_and_destination_follow_the_wave():
    to_lt = {"id": "w", "date": "2025-09-11", "destinations": ["LT"]}
    two = {**to_lt, "destinations": ["LT", "UA"]}
    home = {**to_lt, "destinations": []}
    citizen, foreigner = {}, {"roles": ["foreign-national"]}
    assert bulkchange.release_status(to_lt, citizen, None) == "exiled"
    assert bulkchange.release_status(home, citizen, None) == "released"
    assert bulkchange.release_status(to_lt, foreigner, None) == "released"
    assert bulkchange.release_status(to_lt, citizen, "released") == "released"
    assert bulkchange.release_destination(to_lt, citizen, "exiled", None) == ("LT", "")
    assert bulkchange.release_destination(to_lt, foreigner, "released", None) == ("LT", "")
    assert bulkchange.release_destination(to_lt, citizen, "released", None) == (None, "")
    assert bulkchange.release_destination(two, citizen, "exiled", "UA") == ("UA", "")
    assert bulkchange.release_destination(two, citizen, "exiled", None)[1].startswith(
        "no destination written: the wave went to LT, UA")


def test_slugs_come_from_arguments_and_files_once_each():
    assert bulkrecords.slugs_from(["a", "data/prisoners/b.yaml"], "# list\nc, d\n a  # x\n\n") == \
        ["a", "b", "c", "d"]


def test_an_undated_event_of_the_same_kind_is_left_for_the_editor(site):
    lena = site / "data/prisoners/lena-test.yaml"
    lena.write_text(lena.read_text(encoding="utf-8").replace(
        "    sources: [report-b]\n\n", "    sources: [report-b]\n  - type: re-arrested\n"
        "    sources: [report-b]\n\n"), encoding="utf-8")
    before = snapshot(site)
    result = cli(site, "status", "re-arrested", "lena-test", "--date", "2025-11", "--source",
                 "report-a", "--write")
    assert result.returncode == 0, result.stderr
    assert "unchanged (events[1] is a `re-arrested` event with no date: if it is this one, " \
        "add `date: 2025-11` to it by hand)" in result.stdout
    assert snapshot(site) == before
