import datetime as dt

import pytest

from portal.dates import PartialDate, parse_date


@pytest.mark.parametrize("value, expected, precision", [
    (dt.date(2025, 9, 11), PartialDate(2025, 9, 11), "day"),
    ("2025-09", PartialDate(2025, 9), "month"),
    (2024, PartialDate(2024), "year"),
    ("2024-summer", PartialDate(2024, season="summer"), "season"),
])
def test_parses_each_precision(value, expected, precision):
    date = parse_date(value)
    assert date == expected
    assert date.precision == precision


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "next year", "2024-monsoon", None])
def test_rejects_what_is_not_a_date(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_orders_seasons_between_months():
    dates = [parse_date(x) for x in ["2024-09", "2024-summer", "2024-07", dt.date(2024, 8, 1)]]
    ordered = sorted(dates, key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == ["2024-07", "2024-summer", "2024-08-01", "2024-09"]
