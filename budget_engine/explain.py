"""Explanations: rule texts in Latvian or English, with the parameters and dates they used.

A social worker must be able to read why each euro is where it is, so every reason carries
its rule id, text, legal basis and the parameter values (with the date each is in force from).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from .models import ParameterUse, Reason, Warning
from .rulebook.loader import Note, Rule, RuleBook

LANGS = ("lv", "en")

WARNING_TEXTS: dict[str, dict[str, str]] = {
    "reassessment_due": {
        "lv": "Izvērtējums veikts {assessed_on}, pirms vairāk nekā {months} mēnešiem: "
              "jāveic atkārtots izvērtējums.",
        "en": "The assessment of {assessed_on} is more than {months} months old: "
              "a reassessment is due.",
    },
    "over_indicative_budget": {
        "lv": "Mēneša budžets {monthly} EUR pārsniedz {share_pct} % no indikatīvā budžeta "
              "{indicative} EUR: nepieciešams pamatojums.",
        "en": "The monthly budget {monthly} EUR is above {share_pct} % of the indicative budget "
              "{indicative} EUR: it needs justification.",
    },
    "di_funding_ends": {
        "lv": "DI projekta (ESF) finansējums beidzas {ends}: budžeta periods ir {months} mēn.",
        "en": "DI project (ESF) funding ends on {ends}: the budget period is {months} months.",
    },
    "no_rate": {
        "lv": "Pakalpojumam \"{service}\" nav spēkā esoša tarifa {date}: izmaksas nav aprēķinātas.",
        "en": "No rate in force on {date} for \"{service}\": no cost is calculated.",
    },
    "no_threshold": {
        "lv": "Parametrs \"{parameter}\" nav spēkā {date}: {payer} līdzmaksājums netiek "
              "aprēķināts.",
        "en": "Parameter \"{parameter}\" is not in force on {date}: no co-payment is taken "
              "from the {payer}.",
    },
    "di_enrolment_after_window": {
        "lv": "Iesaistīšanās DI projektā {enrolled_on} ir pēc DI projektu beigām ({ends}): "
              "ESF šo budžetu nefinansē.",
        "en": "The DI project enrolment of {enrolled_on} is after the DI projects ended "
              "({ends}): the ESF pays nothing in this budget.",
    },
    "municipality_unchecked": {
        "lv": "Pašvaldība \"{municipality}\" nav sarakstā, kas bija spēkā {date}; pieņemta "
              "nepārbaudīta.",
        "en": "Municipality \"{municipality}\" is not in the list in force on {date}; accepted "
              "unchecked.",
    },
}
PAYERS = {"client": {"lv": "klienta", "en": "client"},
          "maintainers": {"lv": "apgādnieku", "en": "maintainers"}}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.lru_cache(maxsize=512)
def _plain(template: str) -> str:
    """A template with no values: its placeholders stay as they are."""
    return fill(template, {})


def fill(template: str, values: dict[str, Any]) -> str:
    return template.format_map(_Blank({k: _show(v) for k, v in values.items()}))


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
        return text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value)


def percent(fraction: Decimal) -> str:
    return _show((fraction * 100).normalize())


class Explainer:
    """Builds reasons and warnings for one calculation, in one language."""

    def __init__(self, book: RuleBook, date: dt.date, lang: str,
                 cache: dict[tuple[str, dt.date], Any]) -> None:
        self.book, self.date, self.lang = book, date, lang
        self._cache = cache

    def value(self, name: str) -> Any:
        """A parameter the calculation cannot do without (checked in force beforehand)."""
        found = self.param(name)
        if found is None:
            raise LookupError(f'parameter "{name}" has no value on {self.date.isoformat()}')
        return found[0]

    def param(self, name: str) -> tuple[Any, ParameterUse] | None:
        """The value in force and how to show it; memoised per rule book and date."""
        key = (name, self.date)
        cache = self._cache
        if key in cache:
            return cache[key]
        found = self.book.parameters.on(name, self.date)
        result = None if found is None else (
            found.value, ParameterUse(value=_show(found.value), valid_from=found.valid_from))
        cache[key] = result
        return result

    def uses(self, *names: str) -> dict[str, ParameterUse]:
        out = {}
        for name in names:
            found = self.param(name)
            if found is not None:
                out[name] = found[1]
        return out

    def use_of(self, name: str, key: str) -> dict[str, ParameterUse]:
        """One entry of a table-valued parameter (a rate tier, a first-person threshold)."""
        found = self.param(name)
        if found is None or not isinstance(found[0], dict) or key not in found[0]:
            return {}
        return {f"{name}.{key}": ParameterUse(value=_show(found[0][key]),
                                              valid_from=found[1].valid_from)}

    def rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse] | None = None,
                    values: dict[str, Any] | None = None, use_title: bool = False) -> Reason:
        template = (rule.title if use_title else rule.text)[self.lang]
        text = fill(template, values) if values else _plain(template)
        # Built from checked rule data: construct without re-validating (hot path).
        return Reason.model_construct(rule=rule.id, text=text,
                                      legal_basis=rule.legal_basis,
                                      parameters=dict(parameters or {}))

    def note_reason(self, note: Note, parameters: dict[str, ParameterUse],
                    values: dict[str, Any]) -> Reason:
        return Reason.model_construct(rule=note.id, text=fill(note.text[self.lang], values),
                                      legal_basis=note.legal_basis, parameters=parameters)

    def warning(self, code: str, parameters: tuple[str, ...] = (), **values: Any) -> Warning:
        """A warning with its text and the parameters it rests on (a missing one is shown
        as not in force on the date, so the reader sees what to add to rules/)."""
        if "payer" in values:
            values["payer"] = PAYERS[values["payer"]][self.lang]
        uses = self.uses(*parameters)
        for name in parameters:
            if name not in uses and name in self.book.parameters:
                uses[name] = ParameterUse(value="—", valid_from=None)
        return Warning(code=code, text=fill(WARNING_TEXTS[code][self.lang], values),  # type: ignore[arg-type]
                       parameters=uses)

    def service_title(self, code: str) -> str:
        return self.book.services[code].title[self.lang]
