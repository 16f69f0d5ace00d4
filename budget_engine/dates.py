"""Calendar arithmetic the rules rely on: full years of age and whole months."""

from __future__ import annotations

import calendar
import datetime as dt


def age_on(birth: dt.date, date: dt.date) -> int:
    """Full years on `date` (a 29 February birthday counts from 1 March in other years)."""
    return date.year - birth.year - ((date.month, date.day) < (birth.month, birth.day))


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that day does not exist."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
