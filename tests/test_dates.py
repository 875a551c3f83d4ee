import datetime as dt

import pytest

from portal.content.dates import DATE_FIX, PartialDate, corrected, date_fix, parse_date


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


@pytest.mark.parametrize("value, meant", [
    ("14.03.2025", "2025-03-14"),          # day first, as in Belarus and Russia
    ("4.3.2025", "2025-03-04"),
    ("03.04.2025", "2025-04-03"),          # dots are always day first
    ("14/03/2025", "2025-03-14"),
    ("03/14/2025", "2025-03-14"),          # only one way to read it
    ("2025.03.14", "2025-03-14"),
    ("2025/3/4", "2025-03-04"),
    ("2025-3-14", "2025-03-14"),
    ("03.2025", "2025-03"),
    ("March 2025", "2025-03"),
    ("Sept. 2025", "2025-09"),
    ("14 March 2025", "2025-03-14"),
    ("March 14, 2025", "2025-03-14"),
    ("14 сакавіка 2025 г.", "2025-03-14"),
    ("сакавік 2025", "2025-03"),
    ("14 марта 2025 года", "2025-03-14"),
    ("summer 2024", "2024-summer"),
])
def test_a_date_written_another_way_is_corrected(value, meant):
    assert corrected(value) == meant
    assert date_fix(value) == f"write {meant}"


@pytest.mark.parametrize("value", [
    "03/04/2025",   # the 3rd of April, or the 4th of March
    "11-09-2025",
    "31.02.2025",   # no such day
    "14.03.25",     # which century
    "1.2.1800",     # before the first year
    "next year", "Smarch 2025", "2025-09-11", None, 2025.5,
])
def test_only_a_date_that_can_be_read_one_way_is_suggested(value):
    assert corrected(value) is None
    assert date_fix(value) == DATE_FIX
