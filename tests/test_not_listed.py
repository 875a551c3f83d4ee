"""A profiled person no source shows as a political prisoner (`political_prisoner: false`):
kept out of the lists of political prisoners and their counts, still on the timeline and
on their own page."""

from __future__ import annotations

import csv
import json

from conftest import build, errors, parse, replace_in

PROFILE = "data/prisoners/anna-test.yaml"


def listed_slugs(page) -> set[str]:
    return {a["href"].strip("/").rsplit("/", 1)[-1]
            for a in page.select("li.person .person-name a")}


def test_a_person_not_shown_as_a_political_prisoner_is_left_off_the_lists(project):
    root = project()
    replace_in(root, PROFILE, "roles: [journalist]\n",
               "roles: [journalist]\npolitical_prisoner: false\n")
    assert errors(root) == []
    build(root)
    site = root / "site"

    everyone = parse(site / "en/prisoners/index.html")
    assert "anna-test" not in listed_slugs(everyone)
    assert "boris-test" in listed_slugs(everyone)
    assert everyone.find(id="released") is None  # she was the only released person
    assert not (site / "en/prisoners/released/index.html").exists()

    profile = parse(site / "en/prisoners/anna-test/index.html")
    assert profile.h1.get_text(strip=True) == "Anna Test"
    wave = parse(site / "en/timeline/index.html").find(id="wave-2025-09-11")
    assert "../prisoners/anna-test/" in {a["href"] for a in wave.find_all("a")}

    people = json.loads((site / "data/prisoners.json").read_text(encoding="utf-8"))
    anna = next(p for p in people["prisoners"] if p["slug"] == "anna-test")
    assert anna["political_prisoner"] is False
    rows = list(csv.DictReader((site / "data/prisoners.csv").open(encoding="utf-8")))
    assert {r["slug"]: r["political_prisoner"] for r in rows}["anna-test"] == "no"
    assert {r["slug"]: r["political_prisoner"] for r in rows}["boris-test"] == "yes"


def test_by_default_everyone_profiled_is_listed(built_fixture):
    everyone = parse(built_fixture / "en/prisoners/index.html")
    assert "anna-test" in listed_slugs(everyone)
    assert everyone.find(id="released") is not None


def test_political_prisoner_must_be_true_or_false(project):
    root = project()
    line = replace_in(root, PROFILE, "roles: [journalist]\n",
                      "roles: [journalist]\npolitical_prisoner: maybe\n")
    found = [str(p) for p in errors(root)]
    assert any(f"{PROFILE}:{line + 1}" in p and "political_prisoner" in p
               and "true or false" in p for p in found), found
