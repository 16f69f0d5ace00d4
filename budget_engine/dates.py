"""Calendar arithmetic the rules rely on: full years of age and whole months."""

from __future__ import annotations

import datetime as dt

#: Days in each month of a common year (February gains a day in a leap year).
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def date_number(date: dt.date) -> int:
    """A date as the number YYYYMMDD: how dates travel to durable_rules (`fact_value`),
    so that < and > compare them. Here, compiled, since every case's facts hold one."""
    return date.year * 10000 + date.month * 100 + date.day


def age_on(birth: dt.date, date: dt.date) -> int:
    """Full years on `date` (a 29 February birthday counts from 1 March in other years)."""
    return date.year - birth.year - ((date.month, date.day) < (birth.month, birth.day))


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that day does not exist."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(date.day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    """As `calendar.monthrange(year, month)[1]`, without its weekday (a replay asks often)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def months_before(date: dt.date, end: dt.date) -> int:
    """How many of `date`, one month later, two months later, ... fall before `end`: the
    whole months a budget from `date` has before `end` (0 when `end` is not after `date`).
    `add_months` never goes back, so only the month `end` is in needs a look."""
    months = (end.year - date.year) * 12 + end.month - date.month
    if months < 0:
        return 0
    return months + (1 if add_months(date, months) < end else 0)
