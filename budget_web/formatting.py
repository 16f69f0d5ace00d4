"""Money, dates and numbers as the page's language writes them, through Babel.

Latvian pages show `1 200,50 €` and `25.11.2026`; English pages `€1,200.50` and `2026-11-25`
(unambiguous, where `11/25/26` would not be). JSON, CSV of the API and the engine's own texts
keep their formats: this is for what a person reads on a page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import current_app
from flask_babel import get_locale

#: The date pattern of each language's pages (and of the date fields of the form).
DATE_PATTERNS = {"lv": "dd.MM.yyyy", "en": "yyyy-MM-dd"}


def page_lang() -> str:
    return str(get_locale() or "lv")


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def money(value: Any, lang: str | None = None) -> str:
    """`1 200,50 €` (lv) or `€1,200.50` (en); a missing amount is a dash."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    return str(format_currency(amount, "EUR", locale=lang or page_lang()))


def number(value: Any, lang: str | None = None) -> str:
    """An amount without the currency sign (`1 200,50`), for table cells under a EUR header."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    return str(format_decimal(amount, format="#,##0.00", locale=lang or page_lang()))


def whole(value: int, lang: str | None = None) -> str:
    """A count as the page writes it: `10 000 000` in Latvian, `10,000,000` in English."""
    return str(format_decimal(value, format="#,##0", locale=lang or page_lang()))


def size(value: int, lang: str | None = None) -> str:
    """A size in bytes as a limit is read: `256 KiB`, `1,5 MiB` (lv) or `1.5 MiB` (en)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= scale:
            shown = format_decimal(Decimal(value) / scale, format="#,##0.#",
                                   locale=lang or page_lang())
            return f"{shown}\N{NO-BREAK SPACE}{unit}"
    return f"{whole(value, lang)}\N{NO-BREAK SPACE}B"


def amount_for_input(amount: Decimal, lang: str | None = None) -> str:
    """An amount for a form field, in a form the field reads back (`1 200,50`; en `1200.50`)."""
    lang = lang or page_lang()
    return str(format_decimal(amount, format="#,##0.00" if lang == "lv" else "0.00",
                              locale=lang))


def date(value: Any, lang: str | None = None) -> str:
    """`25.11.2026` (lv) or `2026-11-25` (en); what is not a date is shown as it is."""
    day = _date(value)
    if day is None:
        return "–" if value in (None, "") else str(value)
    lang = lang or page_lang()
    return str(format_date(day, DATE_PATTERNS.get(lang, "yyyy-MM-dd"), locale=lang))


def date_in_words(value: Any, lang: str | None = None) -> str:
    """`1988. gada 25. aprīlis`: how the form says which day it understood."""
    day = _date(value)
    return "" if day is None else str(format_date(day, "long", locale=lang or page_lang()))


def local_time(value: dt.datetime, zone: ZoneInfo | None = None) -> dt.datetime:
    """A stored moment (UTC; SQLite hands it back without its zone) as the office's clock
    shows it: a worker reads "saved at 14:05" as Riga time, not as UTC two hours off."""
    moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone or current_app.config["TIMEZONE"])


def date_time(value: dt.datetime, lang: str | None = None) -> str:
    """`02.12.2026 21:18` on Latvian pages, in the app's time zone (Europe/Riga by default)."""
    moment = local_time(value)
    return f"{date(moment.date(), lang)} {moment:%H:%M}"


def change(value: Any, money_sign: bool = True, lang: str | None = None) -> str:
    """A difference with its sign (`+120,50 €`, `−10`); no difference is a dash."""
    amount = _decimal(value)
    if amount is None or amount == 0:
        return "–"
    sign = "+" if amount > 0 else "\u2212"
    if money_sign:
        return sign + money(abs(amount), lang)
    return sign + str(format_decimal(abs(amount), locale=lang or page_lang()))
