"""The timeline chart labels an estimate with its qualifier ("over 1,100"), in the page's
language, as the table under it does in words."""

from __future__ import annotations

import pytest
import yaml

from conftest import PROJECT, parse

EXPECTED = {
    "en": {"over": "over", "nearly": "nearly", "about": "about"},
    "be": {"over": "больш за", "nearly": "амаль", "about": "каля"},
    "ru": {"over": "более", "nearly": "почти", "about": "около"},
}


def number(lang: str, count: int) -> str:
    text = f"{count:,}"
    return text if lang == "en" else text.replace(",", "\N{NO-BREAK SPACE}")


@pytest.mark.parametrize("lang", ["en", "be", "ru"])
def test_each_dot_of_the_chart_says_over_nearly_or_about(built_sample, lang):
    points = yaml.safe_load((PROJECT / "data/statistics.yaml").read_text())["statistics"]
    assert {p["qualifier"] for p in points} == {"exact", "over", "nearly", "about"}
    soup = parse(built_sample / f"{lang}/timeline/index.html")
    labels = [" ".join(t.stripped_strings)
              for t in soup.select("svg.chart text.value")]
    expected = [number(lang, p["count"]) if p["qualifier"] == "exact"
                else f'{EXPECTED[lang][p["qualifier"]]} {number(lang, p["count"])}'
                for p in points]
    assert [" ".join(label.split()) for label in labels] == \
        [" ".join(label.split()) for label in expected]
    table = [" ".join(row.find_all("td")[1].find(string=True).split())
             for row in soup.select("table.data tbody tr")]
    for p in points:  # the table under the chart says the same in words
        if p["qualifier"] != "exact":
            assert any(cell.startswith(EXPECTED[lang][p["qualifier"]] + " ")
                       and " ".join(number(lang, p["count"]).split()) in cell
                       for cell in table), (p, table)
