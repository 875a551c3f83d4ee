"""A count that an undated source gives only as after some day (`date: after 2025-09-11` in
data/statistics.yaml) is shown as such, never as of that day."""

from __future__ import annotations

import json

from conftest import build, errors, parse, replace_in

STATS = "data/statistics.yaml"


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_a_count_after_a_day_says_after_on_the_home_page_timeline_and_data(project):
    root = project()
    replace_in(root, STATS, "- date: 2025-09-11\n", "- date: after 2025-09-11\n")
    assert errors(root) == []
    build(root)
    site = root / "site"
    assert text(parse(site / "en/index.html").find(class_="count-meta")).startswith(
        "As of a date after September 11, 2025")  # the fixture writes en-US dates
    assert text(parse(site / "ru/index.html").find(class_="count-meta")).startswith(
        "По состоянию на дату после 11 сентября 2025")
    assert text(parse(site / "be/index.html").find(class_="count-meta")).startswith(
        "Па стане на дату пасля 11 верасня 2025")
    rows = parse(site / "be/timeline/index.html").find("table", class_="data").tbody("tr")
    assert text(rows[0].td) == "пасля 11 верасня 2025 г."  # newest first
    assert "пасля" not in text(rows[1].td)
    points = json.loads((site / "data/statistics.json").read_text(encoding="utf-8"))
    assert [p["date"] for p in points["statistics"]] == ["2024-autumn", "after 2025-09-11"]
    assert all("after" not in p for p in points["statistics"])


def test_the_old_flag_is_no_longer_a_field(project):
    root = project()
    replace_in(root, STATS, "- date: 2025-09-11\n", "- date: 2025-09-11\n  after: true\n")
    assert any("after" in str(p) for p in errors(root))


def test_a_count_is_as_of_its_date_by_default(built_fixture):
    meta = text(parse(built_fixture / "en/index.html").find(class_="count-meta"))
    assert meta.startswith("As of September 11, 2025")
