"""The kinds of value a parameter may hold, checked when the rule files load.

Policy staff type these values by hand; a rate of "3,83", a share of 1.5 or a negative rate
must be refused with the file and line, never reach the arithmetic as a string or a float.
Each kind converts the YAML value to what the engine computes with (money as `Decimal`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal

from .messages import VALUE_PROBLEM_TEXTS, fill

ParamType = Literal[
    "amount", "amount_table", "share", "share_table", "factor", "count", "count_list", "date",
    "switch", "text", "service_list", "band_table", "package",
]

_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
#: No rate, threshold or count of this domain comes near a billion, nor needs more than six
#: decimals; a value past that is a slip of the keyboard, and one of 5,000 digits would reach
#: the money arithmetic (28 significant digits) and stop every budget calculated with it.
_MOST_DIGITS, _MOST_DECIMALS = 9, 6


def excerpt(value: Any, most: int = 40) -> str:
    """A value as a message quotes it: never more than `most` characters of it."""
    shown = repr(value) if not isinstance(value, int) or abs(value) < 10 ** most else "…"
    return shown if len(shown) <= most else shown[:most] + "…"


class ValueProblem(ValueError):
    """What is wrong with one value, in words a policy officer can act on: `str()` in
    English, `lv` in Latvian (`messages.VALUE_PROBLEM_TEXTS[kind]` filled from `context`)."""

    def __init__(self, message: str, kind: str = "", context: dict[str, Any] | None = None,
                 key: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.context = context or {}
        template = VALUE_PROBLEM_TEXTS.get(kind)
        text = fill(template, self.context) if template is not None else message
        #: The table's key the value stands under ("intensive: …"), in both texts.
        self.key = key
        self.lv = f"{key}: {text}" if key else text


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or raw is None:
        raise ValueProblem(f"expected a number, got {raw!r}", "not_number",
                           {"value": excerpt(raw)})
    if isinstance(raw, int | float):
        text = repr(raw)
    elif isinstance(raw, str):
        text = raw.strip()
    else:
        raise ValueProblem(f"expected a number, got {raw!r}", "not_number",
                           {"value": excerpt(raw)})
    if text.startswith("-"):
        raise ValueProblem(f"must not be negative, got {excerpt(text)}", "negative",
                           {"value": excerpt(text)})
    if "," in text and _NUMBER.match(text.replace(",", ".")):
        raise ValueProblem(f'"{text}" uses a decimal comma: write "{text.replace(",", ".")}"',
                           "decimal_comma", {"value": text, "fixed": text.replace(",", ".")})
    if not _NUMBER.match(text):
        raise ValueProblem(f"expected a number such as \"3.83\", got {excerpt(raw)}",
                           "not_number", {"value": excerpt(raw)})
    whole, _, decimals = text.partition(".")
    if len(whole.lstrip("0")) > _MOST_DIGITS or len(decimals) > _MOST_DECIMALS:
        raise ValueProblem(f"too many digits ({excerpt(text)}): at most {_MOST_DIGITS} before "
                           f"the point and {_MOST_DECIMALS} after it", "too_many_digits",
                           {"value": excerpt(text), "whole": _MOST_DIGITS,
                            "decimals": _MOST_DECIMALS})
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already holds
        raise ValueProblem(f"expected a number, got {raw!r}") from None


def _share(raw: Any) -> Decimal:
    value = _decimal(raw)
    if value > 1:
        raise ValueProblem(f"a share must be between 0 and 1 (0.85 = 85 %), got {raw!r}",
                           "share_range", {"value": excerpt(raw)})
    return value


def _count(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValueProblem(f"expected a whole number, got {raw!r}", "not_whole",
                           {"value": excerpt(raw)})
    if raw < 0:
        raise ValueProblem(f"must not be negative, got {excerpt(raw)}", "negative",
                           {"value": excerpt(raw)})
    if raw >= 10 ** _MOST_DIGITS:
        raise ValueProblem(f"too large ({excerpt(raw)}): at most {_MOST_DIGITS} digits",
                           "too_large", {"value": excerpt(raw), "whole": _MOST_DIGITS})
    return raw


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date):
        raise ValueProblem(f"expected a date YYYY-MM-DD, got {raw!r}", "not_date",
                           {"value": excerpt(raw)})
    return raw


def _switch(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueProblem(f"expected true or false, got {raw!r}", "not_bool",
                           {"value": excerpt(raw)})
    return raw


def _text(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValueProblem(f"expected a text, got {raw!r}", "not_text",
                           {"value": excerpt(raw)})
    return raw


def _list(raw: Any) -> list[Any]:
    if not isinstance(raw, list) or not raw:
        raise ValueProblem(f"expected a non-empty list, got {raw!r}", "not_list",
                           {"value": excerpt(raw)})
    return raw


def _mapping(raw: Any) -> dict[Any, Any]:
    if not isinstance(raw, dict) or not raw:
        raise ValueProblem(f"expected a table (key: value), got {raw!r}", "not_table",
                           {"value": excerpt(raw)})
    return dict(raw)


def _service(raw: Any, services: Collection[str]) -> str:
    """A code of the book's own services (services.yaml), not a fixed list."""
    if not isinstance(raw, str) or raw not in services:
        raise ValueProblem(f'unknown service "{raw}" (expected one of {", ".join(services)})',
                           "unknown_service", {"value": excerpt(raw), "known": ", ".join(services)})
    return raw


def _keyed(raw: Any, key: Any, convert: Any) -> Any:
    try:
        return convert(raw)
    except ValueProblem as exc:
        raise ValueProblem(f"{key}: {exc}", exc.kind, exc.context,
                           f"{key}: {exc.key}" if exc.key else str(key)) from None


_SCALARS: Mapping[str, Callable[[Any], Any]] = MappingProxyType({
    "amount": _decimal, "share": _share, "factor": _decimal, "count": _count, "date": _date,
    "switch": _switch, "text": _text,
})


def convert(kind: ParamType, raw: Any, services: Collection[str]) -> Any:
    """The value as the engine uses it; raises `ValueProblem` saying what was expected.
    `services` are the codes of the book's services.yaml, which a service list names."""
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(raw)
    if kind == "count_list":
        return [_count(v) for v in _list(raw)]
    if kind == "service_list":
        return [_service(v, services) for v in _list(raw)]
    table = _mapping(raw)
    if kind == "amount_table":
        return {str(k): _keyed(v, k, _decimal) for k, v in table.items()}
    if kind in ("share_table", "band_table", "package"):
        out: dict[int, Any] = {}
        for key, value in table.items():
            number = _keyed(key, key, _count)
            if kind == "share_table":
                out[number] = _keyed(value, key, _share)
            elif kind == "band_table":
                out[number] = _keyed(value, key, _decimal)
            else:
                units = _keyed(value, key, _mapping)
                out[number] = {_keyed(s, key, lambda code: _service(code, services)):
                               _keyed(u, f"{key}.{s}", _count)
                               for s, u in units.items()}
        return out
    raise ValueProblem(f"unknown parameter type {kind!r}")  # pragma: no cover
