"""Amounts, dates and unit words as a letter writes them (`1 200,50 €`, `25.11.2026`).

A letter is read by a person, so figures follow the reader's language, never the JSON's.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import MappingProxyType

from babel.numbers import format_currency

from ..money import to_cents

LOCALES = MappingProxyType({"lv": "lv_LV", "en": "en_GB"})


def money(amount: Decimal, lang: str) -> str:
    """`1 200,50 €` in Latvian, `€1,200.50` in English, as CLDR writes them (Babel; the
    spaces are no-break spaces, so an amount never breaks across lines)."""
    return str(format_currency(to_cents(amount), "EUR", locale=LOCALES.get(lang, "lv_LV")))


def date(day: dt.date, lang: str) -> str:
    """`25.11.2026` in Latvian, `25 November 2026` in English."""
    if lang == "lv":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def plural_form(count: int, lang: str) -> str:
    """Which unit word a count takes: Latvian uses the singular after 1, 21, 31 … (not 11)."""
    if lang == "lv":
        return "one" if count % 10 == 1 and count % 100 != 11 else "many"
    return "one" if count == 1 else "many"


def add_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of whole months from `start` (1 Feb + 12 → 31 Jan)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last_day)) - dt.timedelta(days=1)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RULE_IN_BRACKETS = re.compile(r"\s*\((?:[A-Z]{1,4}\d{0,2})(?:,\s*[A-Z]{1,4}\d{0,2})*\)")
_CODE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain(text: str, service_titles: dict[str, str], lang: str) -> str:
    """A rule's text for the client: service codes as their names, dates as the reader
    writes them, a rule's id in brackets left out (the id is the engine's, not the law's)."""
    text = _CODE.sub(lambda m: service_titles.get(m.group(0), m.group(0)), text)
    text = _ISO_DATE.sub(
        lambda m: date(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), lang), text)
    return _RULE_IN_BRACKETS.sub("", text)
