"""Implausible values the worker must confirm (issue 27, item 4).

The engine calculates a case whose income is above the plausible bound of rules/, or whose
DI enrolment is before the programme began, and warns (`implausible_income`,
`implausible_enrolment`). The form does not let such a value pass silently: each field it
concerns gets an error and a tick box beside it, "I confirm the value is right", and the
budget is shown only once every such box is ticked. Which fields: the engine's warning
carries the bound it used, so the form compares the same bound and never keeps one of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from .. import formatting
from .form import confirm_box

INCOME_BOUND = "plausibility.monthly_income_max"
ENROLMENT_START = "plausibility.di_enrolment_from"
ENROLMENT = "di_project.enrolled_on"


def implausible_fields(budget: Mapping[str, Any], case: Mapping[str, Any]) -> dict[str, str]:
    """Each field the budget's warnings call implausible, with what to say beside it."""
    found: dict[str, str] = {}
    for warning in budget.get("warnings") or []:
        used = (warning.get("parameters") or {})
        if warning.get("code") == "implausible_income" and INCOME_BOUND in used:
            try:
                most = Decimal(str(used[INCOME_BOUND]["value"]))
            except (InvalidOperation, KeyError, TypeError):
                continue
            for path, amount in _incomes(case):
                if amount > most:
                    found[path] = _("More than %(most)s a month is unusual: check the amount, "
                                    "or tick the box below if it is right.",
                                    most=formatting.money(most))
        elif warning.get("code") == "implausible_enrolment" and ENROLMENT_START in used:
            found[ENROLMENT] = _("An enrolment before the DI programme began (%(day)s) is "
                                 "unusual: check the date, or tick the box below if it is "
                                 "right.", day=formatting.date(used[ENROLMENT_START]["value"]))
    return found


def _incomes(case: Mapping[str, Any]) -> list[tuple[str, Decimal]]:
    household = case.get("household") or {}
    paths = [("household.monthly_income", household.get("monthly_income"))]
    paths += [(f"household.maintainers[{i}].monthly_income", m.get("monthly_income"))
              for i, m in enumerate(household.get("maintainers") or [])]
    out = []
    for path, value in paths:
        try:
            out.append((path, Decimal(str(value))))
        except InvalidOperation:
            continue
    return out


def unconfirmed(found: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, str]:
    """The implausible fields whose confirmation box is not ticked."""
    return {path: text for path, text in found.items() if not fields.get(confirm_box(path))}


def confirmations(found: Mapping[str, str], case: Mapping[str, Any]) -> list[dict[str, str]]:
    """What a save keeps of the values confirmed in `found`: the field, the value as the
    case holds it and the warning it answered (who and when are added by the store)."""
    incomes = dict(_incomes(case))
    out = []
    for path in found:
        if path == ENROLMENT:
            value = str((case.get("di_project") or {}).get("enrolled_on") or "")
            out.append({"field": path, "value": value, "warning": "implausible_enrolment"})
        elif path in incomes:
            out.append({"field": path, "value": str(incomes[path]),
                        "warning": "implausible_income"})
    return out


def shown(confirmation: Mapping[str, Any], label: str) -> dict[str, str]:
    """A kept confirmation as the saved budget shows it: the field by its label, the value
    in the page's format (an amount, a date), who confirmed it and when."""
    value = str(confirmation.get("value", ""))
    when = str(confirmation.get("at", ""))
    try:
        moment = formatting.date_time(dt.datetime.fromisoformat(when))
    except ValueError:
        moment = when
    return {"label": label, "by": str(confirmation.get("by", "")), "at": moment,
            "value": formatting.date(value) if confirmation.get("warning") ==
            "implausible_enrolment" else formatting.money(value)}
