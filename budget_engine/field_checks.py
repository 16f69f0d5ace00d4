"""The case model's own checks of single values: dates, amounts, exact integers.

pydantic calls these for every date and amount of every case it reads (several per case), so
they live apart from the models, in a module the compiled build compiles (`runtime/compiled.py`);
models.py, which pydantic must see as plain Python, only names them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONEY_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def iso_date(value: Any) -> dt.date:
    """A date given exactly as `YYYY-MM-DD` (a real calendar day), or a `date` (not a datetime)."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "Input should be a date, not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("date_type",
                                  "Input should be a date given as a string YYYY-MM-DD")
    if not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_invalid", "Input should be a date that exists in the calendar (YYYY-MM-DD)"
        ) from None


def money_in(value: Any) -> Any:
    """An amount as a JSON number or a decimal string; the model's field checks the rest."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise PydanticCustomError(
            "decimal_type", 'Input should be an amount: a number or a string such as "320.00"')
    if isinstance(value, str):
        if not _MONEY_TEXT.fullmatch(value):
            raise PydanticCustomError("decimal_parsing",
                                      'Input should be an amount such as "320.00"')
        return Decimal(value)
    return value


def exactly(expected: int) -> Callable[[Any], Any]:
    """The check of a one-value Literal: the JSON integer itself, not true or 1.0."""

    def check(value: Any) -> Any:
        if type(value) is not int:
            raise PydanticCustomError("literal_error", "Input should be {expected}",
                                      {"expected": str(expected)})
        return value

    return check


def repeated_service(services: list[str]) -> str | None:
    """The first service code that comes twice in a case's requests, if any."""
    seen: set[str] = set()
    for service in services:
        if service in seen:
            return service
        seen.add(service)
    return None
