from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pytest

from budget_engine.dates import add_months, age_on, days_in_month, months_before
from budget_engine.money import line_cost, share, to_cents


@pytest.mark.parametrize(("amount", "cents"), [
    ("392.445", "392.45"), ("0.005", "0.01"), ("0.004", "0.00"), ("238.545", "238.55"),
    ("161.952", "161.95"), ("2.675", "2.68"),
])
def test_half_up_rounding(amount: str, cents: str) -> None:
    assert to_cents(Decimal(amount)) == Decimal(cents)


def test_line_cost_is_units_times_rate_in_cents() -> None:
    assert line_cost(216, Decimal("3.83")) == Decimal("827.28")
    assert line_cost(31, Decimal("15.39")) == Decimal("477.09")


def test_share_of_a_line() -> None:
    assert share(Decimal("461.70"), Decimal("0.85")) == Decimal("392.45")


@pytest.mark.parametrize(("birth", "on", "age"), [
    ("2016-02-29", "2024-09-01", 8), ("2016-02-29", "2017-02-28", 0),
    ("2016-02-29", "2017-03-01", 1), ("1979-05-14", "2021-03-01", 41),
    ("2007-03-01", "2025-03-01", 18), ("2007-03-02", "2025-03-01", 17),
])
def test_age_in_full_years(birth: str, on: str, age: int) -> None:
    assert age_on(dt.date.fromisoformat(birth), dt.date.fromisoformat(on)) == age


def test_days_in_month_agrees_with_the_calendar_module() -> None:
    # Every month of four centuries: the leap-year rule repeats every 400 years.
    for year in range(1900, 2300):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (
                year, month)


@pytest.mark.parametrize(("start", "months", "end"), [
    ("2020-07-01", 24, "2022-07-01"), ("2021-08-31", 6, "2022-02-28"),
    ("2024-01-31", 1, "2024-02-29"), ("2022-02-28", 36, "2025-02-28"),
    ("2025-03-01", -12, "2024-03-01"),
])
def test_add_months_keeps_the_day_or_the_month_end(start: str, months: int, end: str) -> None:
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(end)


def test_months_before_counts_the_months_one_by_one() -> None:
    """As the budget period was counted: month by month while the date is before the end
    (month ends, leap days, an end on, before and long after the start)."""
    starts = [dt.date(2020, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)]
    starts += [dt.date(2024, 1, 31), dt.date(2023, 8, 31), dt.date(2024, 2, 29)]
    for start in starts:
        for days in (-40, -1, 0, 1, 27, 28, 29, 30, 31, 59, 365, 366, 1000):
            end = start + dt.timedelta(days=days)
            counted = 0
            while counted < 60 and add_months(start, counted) < end:
                counted += 1
            assert months_before(start, end) == counted, (start, end)
