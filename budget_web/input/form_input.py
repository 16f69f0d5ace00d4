"""Reading what a Latvian social worker types: dates `25.04.1988`, amounts `1 200,50`.

A form field is text; the case model wants ISO dates and amounts with a decimal point. This
module turns the habits of Latvian writing (and ISO, and the decimal point) into those, and
nothing more: a text it cannot read unambiguously is an error with a reason, never a guess
(`1,200` could be 1.2 or 1200, so it is refused; `25.04.88` could be 1988 or 2088, so too).
Pure functions, no Flask: the reasons are kinds that budget_web/case_form.py puts into words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: Spaces people (and Babel's Latvian number format) put between groups of digits.
_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PACKED = re.compile(r"(\d{2})(\d{2})(\d{4})")
_AMOUNT = re.compile(r"(-?)(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d{1,2}))?")
_WHOLE = re.compile(r"(-?)(\d{1,3}(?: \d{3})+|\d+)")
_CURRENCY = re.compile(r"\s*(€|eur|euro)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a typed text stands for: `value` (the case's own text) or `problem` (a kind)."""

    value: str | None = None
    problem: str | None = None


def _spaces_to_one(text: str) -> str:
    for space in _GROUP_SPACES[1:]:
        text = text.replace(space, " ")
    return re.sub(" +", " ", text.strip())


def read_date(text: str) -> Reading:
    """`25.04.1988`, `25.4.1988`, `25/04/1988`, `25041988` (day first) or `1988-04-25`.

    Kinds: `date_format` (not a way of writing a date we read), `date_invalid` (no such day).
    """
    text = _spaces_to_one(text).replace(" ", "")
    if m := _ISO.fullmatch(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif (m := _DAY_FIRST.fullmatch(text)) or (m := _PACKED.fullmatch(text)):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        return Reading(problem="date_format")
    try:
        return Reading(value=dt.date(year, month, day).isoformat())
    except ValueError:
        return Reading(problem="date_invalid")


def read_amount(text: str) -> Reading:
    """`320,50`, `320.50`, `1 200`, `1 200,50`, `1 200,50 €`: the amount as `1200.50`.

    A minus sign is kept, for the case model to refuse with its own words. Kind:
    `amount_format` (three decimals, two separators, letters, ...).
    """
    text = _CURRENCY.sub("", _spaces_to_one(text))
    m = _AMOUNT.fullmatch(text)
    if m is None:
        return Reading(problem="amount_format")
    whole = m[2].replace(" ", "")
    return Reading(value=f"{m[1]}{whole}.{m[3]}" if m[3] else f"{m[1]}{whole}")


#: The most digits a whole number typed in a form may have: more than any count of a case
#: or a rule, few enough that Python converts it (it refuses more than 4,300 digits).
WHOLE_DIGITS = 15


def read_whole(text: str) -> int | None:
    """A whole number (`12`, `1 200`), or None when the text is not one or has more than
    WHOLE_DIGITS digits (`too_many_digits` tells which)."""
    m = _WHOLE.fullmatch(_spaces_to_one(text))
    if m is None or too_many_digits(m[2]):
        return None
    return int(m[1] + m[2].replace(" ", ""))


def too_many_digits(text: str) -> bool:
    """Whether a text holds more than WHOLE_DIGITS digits (counted without converting)."""
    return sum(c.isdigit() for c in text) > WHOLE_DIGITS
