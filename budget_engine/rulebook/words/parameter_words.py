"""A parameter's unit and values in words, as policy staff write them.

The rule files keep values as the engine reads them (`3.83`, `2026-01-01`, `{standard: …}`)
and units as short English codes (`EUR/h`, `h/month`); a policy page or `rules show --lang
lv` says `3,83 €/h`, `01.01.2026` and a table with labelled columns. Units the files may
add later and this module does not know are shown as written, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from ..parameters import Parameter
from .condition_words import Titles
from .text_values import noun_form

#: The units of the shipped parameter files: code -> (Latvian, English).
UNIT_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "EUR/h": ("€/h", "€/h"),
    "EUR/day": ("€ dienā", "€ a day"),
    "EUR/month": ("€ mēnesī", "€ a month"),
    "EUR/session": ("€ nodarbībā", "€ a session"),
    "h/month": ("h mēnesī", "h a month"),
    "h/week": ("h nedēļā", "h a week"),
    "days": ("dienas", "days"),
    "days/month": ("dienas mēnesī", "days a month"),
    "days/year": ("dienas gadā", "days a year"),
    "months": ("mēneši", "months"),
    "years": ("gadi", "years"),
    "points": ("punkti", "points"),
    "level": ("līmenis", "level"),
    "care levels": ("aprūpes līmeņi", "care levels"),
    "ICD-10 letter": ("SSK-10 nodaļas burts", "ICD-10 chapter letter"),
    "units per month": ("vienības mēnesī", "units a month"),
    "mean item score (lower bound of each level)": (
        "vidējais vērtējums (katra līmeņa apakšējā robeža)",
        "mean item score (lower bound of each level)"),
    "share": ("", ""), "share by year of operation (0 = creation year)": ("", ""),
    "date": ("", ""), "list": ("", ""), "switch": ("", ""),
})

#: Kinds whose values are shares (0.85): shown as percentages (85 %).
SHARE_KINDS = ("share", "share_table")

#: The key of a table-valued kind: its column heading and its keys in words.
_KEY_HEADINGS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "amount_table": ("Tarifs", "Rate"),
    "band_table": ("Atbalsta līmenis", "Support level"),
    "share_table": ("Darbības gads (0 – izveides gads)", "Year of operation (0 = creation year)"),
    "package": ("Atbalsta līmenis", "Support level"),
})
_KEY_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "standard": ("standarta", "standard"), "intensive": ("intensīvais", "intensive"),
    "first": ("pirmajai personai", "the first person"),
    "further": ("katrai nākamajai personai", "each further person"),
})
#: A table whose keys are the persons of a household (the income thresholds).
_HOUSEHOLD = ("Persona mājsaimniecībā", "Person in the household")
_VALUE_HEADINGS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "amount_table": ("Summa", "Amount"),
    "band_table": ("Apakšējā robeža (vidējais vērtējums)", "Lower bound (mean item score)"),
    "share_table": ("Daļa", "Share"),
})


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "lv" else pair[1]


def unit_words(unit: str, lang: str) -> str:
    """A unit in the language ("h/month" -> "h mēnesī"); an unknown unit as written."""
    pair = UNIT_WORDS.get(unit)
    return _pick(pair, lang) if pair is not None else unit


def number_words(value: Any, lang: str) -> str:
    """A number as the reader writes it: `1 200,50` in Latvian, `1,200.50` in English."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    text = f"{number:,f}"
    if lang == "lv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")


def _share(value: Any, lang: str) -> str:
    try:
        number = Decimal(str(value)) * 100
    except (InvalidOperation, ValueError):
        return str(value)
    shown = number_words(number.normalize() if number == number.to_integral() else number,
                         lang)
    return f"{shown}\u00a0%"


def scalar_words(parameter: Parameter, value: Any, lang: str,
                 titles: Titles | None = None) -> str:
    """One value (not a table) with its unit: `3,83 €/h`, `85 %`, `01.01.2026`, `jā`."""
    if isinstance(value, bool):
        return ("jā" if value else "nē") if lang == "lv" else ("yes" if value else "no")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if lang == "lv" else value.isoformat()
    if isinstance(value, list):
        return ", ".join(_item(parameter, v, lang, titles) for v in value)
    if parameter.kind in SHARE_KINDS or parameter.unit == "share":
        return _share(value, lang)
    if isinstance(value, int | Decimal | float) or parameter.kind in (
            "amount", "count", "factor"):
        unit = unit_words(parameter.unit, lang)
        shown = number_words(value, lang)
        return f"{shown}\u00a0{unit}" if unit else shown
    return str(value)


def _item(parameter: Parameter, value: Any, lang: str, titles: Titles | None) -> str:
    if parameter.kind == "service_list" and titles is not None:
        title = titles.services.get(str(value), {}).get(lang)
        if title:
            return title
    if isinstance(value, int | Decimal):
        return number_words(value, lang)
    return str(value)


@dataclass(frozen=True)
class ValueTable:
    """A table-valued parameter's value as a table: column headings and rows of texts."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _key(key: Any, lang: str) -> str:
    pair = _KEY_WORDS.get(str(key))
    return _pick(pair, lang) if pair is not None else str(key)


def value_table(parameter: Parameter, value: Any, lang: str,
                titles: Titles | None = None) -> ValueTable | None:
    """A mapping value as a table with labelled columns (None for a single value). A
    package (level -> service -> units) has a column per service, by its title."""
    if not isinstance(value, dict):
        return None
    key_heading = _pick(_HOUSEHOLD if set(map(str, value)) <= {"first", "further"} else
                        _KEY_HEADINGS.get(parameter.kind, ("Atslēga", "Key")), lang)
    if value and all(isinstance(v, dict) for v in value.values()):
        services: list[str] = []
        for inner in value.values():
            services += [code for code in inner if code not in services]
        heads = tuple((titles.services.get(code, {}).get(lang) if titles else None) or code
                      for code in services)
        unit = unit_words(parameter.unit, lang)
        columns = (key_heading, *(f"{h} ({unit})" if unit else h for h in heads))
        rows = tuple((_key(k, lang), *(number_words(inner.get(code, ""), lang)
                                       if code in inner else "–" for code in services))
                     for k, inner in value.items())
        return ValueTable(columns, rows)
    value_heading = _pick(_VALUE_HEADINGS.get(parameter.kind, ("Vērtība", "Value")), lang)
    if parameter.kind == "band_table":  # the heading says what the numbers are
        cells = tuple((_key(k, lang), number_words(v, lang)) for k, v in value.items())
    else:
        cells = tuple((_key(k, lang), scalar_words(parameter, v, lang, titles))
                      for k, v in value.items())
    return ValueTable((key_heading, value_heading), cells)


def value_words(parameter: Parameter, value: Any, lang: str,
                titles: Titles | None = None) -> str:
    """Any value on one line: a table as "standarta: 16,24 € dienā; intensīvais: …"."""
    table = value_table(parameter, value, lang, titles)
    if table is None:
        return scalar_words(parameter, value, lang, titles)
    if len(table.columns) == 2:
        return "; ".join(f"{k}: {v}" for k, v in table.rows)
    # a package: the services by their titles, the unit once at the end
    heads = [head.rsplit(" (", 1)[0] for head in table.columns[1:]]
    unit = unit_words(parameter.unit, lang)
    return "; ".join(
        f"{table.columns[0].lower()} {row[0]}: " + ", ".join(
            f"{head} {cell}" for head, cell in zip(heads, row[1:], strict=True))
        for row in table.rows) + (f" ({unit})" if unit else "")


#: The fields of a rule's action that name a parameter (as `actions.py` checks them).
PARAMETER_FIELDS = ("cap", "share", "share_by_year", "cap_share_of_vsac", "threshold", "order")
_PLACEHOLDER = re.compile(r"\{(\w*)(?::([^{}]*))?\}")


def filled_text(template: str, values: Mapping[str, str], lang: str = "lv") -> str:
    """A rule's title or text in `lang` with its `{placeholders}` filled from `values`; one
    the reader cannot know before a case is calculated (`{monthly}`) is "…", never a brace.
    A counted noun (`{cap:# diena|# dienas}`) takes the form its number wants ("31 diena";
    with "…" the second form)."""
    def one(match: re.Match[str]) -> str:
        shown = values.get(match.group(1), "…")
        if not match.group(2):
            return shown
        digits = shown.replace("\u00a0", "").replace(" ", "")
        return noun_form(int(digits) if digits.isdigit() else None, shown, match.group(2),
                         lang)
    return _PLACEHOLDER.sub(one, template)


def rule_text_values(then: Any, parameters: Mapping[str, Parameter], on: dt.date,
                     lang: str) -> dict[str, str]:
    """The placeholders a rule's texts may fill before any case: each field of its action
    naming a parameter (`cap`, `share`, `order`, …), by that parameter's value on `on`
    (a number without its unit: the text says the unit)."""
    out: dict[str, str] = {}
    for name in PARAMETER_FIELDS:
        code = getattr(then, name, None)
        parameter = parameters.get(code) if isinstance(code, str) else None
        current = parameter.on(on) if parameter is not None else None
        if parameter is None or current is None or isinstance(current.value, dict):
            continue
        if isinstance(current.value, int | Decimal | str) and parameter.kind not in (
                "text", "service_list"):
            out[name] = (_share(current.value, lang).removesuffix("\u00a0%")
                         if parameter.kind in SHARE_KINDS else number_words(current.value, lang))
            if parameter.kind in SHARE_KINDS:
                out[f"{name}_pct"] = out[name]
    return out
