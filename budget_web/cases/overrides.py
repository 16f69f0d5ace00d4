"""The decision on a saved budget: overrides with a written justification, and sign-off.

A social worker may decide differently from the engine on a line — other units or another
amount — but only with a written justification, kept with the version. The budget then is
final only when a second person (a supervisor of the same municipality, never the one who
saved or submitted it) approves it: draft -> submitted -> approved, or -> returned (and
then submitted again). Pure rules here; the store applies them inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

STATUSES = ("draft", "submitted", "approved", "returned")
#: What each step needs the version to be, and what it makes it.
STEPS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "approve": (frozenset({"submitted"}), "approved"),
    "return": (frozenset({"submitted"}), "returned"),
}
#: Who may take each step (besides seeing the case at all).
STEP_ROLES = {"submit": ("social_worker", "supervisor"), "approve": ("supervisor",),
              "return": ("supervisor",)}
#: The longest justification or note kept: a page of text.
NOTE_LIMIT = 4000
CENT = Decimal("0.01")

Refusal = Literal["role", "status", "not_latest", "same_person"]
Problem = Literal["no_line", "no_change", "units", "amount", "justification", "duplicate"]


class DecisionRefused(Exception):
    """A step that may not be taken now (`kind` says why, for the user's language)."""

    def __init__(self, kind: Refusal, status: str = "") -> None:
        self.kind, self.status = kind, status
        super().__init__(f"{kind} (status {status})")


@dataclass(frozen=True)
class OverrideProblem:
    field: str  # e.g. overrides[0].justification
    kind: Problem


def check_step(step: str, role: str, user: str, status: str, saved_by: str,
               submitted_by: str | None) -> str:
    """The status after `step`, or `DecisionRefused` saying why it may not be taken."""
    if step not in STEPS or role not in STEP_ROLES[step]:
        raise DecisionRefused("role", status)
    allowed_from, to = STEPS[step]
    if status not in allowed_from:
        raise DecisionRefused("status", status)
    if step in ("approve", "return") and user in (saved_by, submitted_by):
        raise DecisionRefused("same_person", status)
    return to


def parse_overrides(raw: Any, budget: dict[str, Any]) -> tuple[list[dict[str, Any]],
                                                               list[OverrideProblem]]:
    """Overrides as stored (`service`, `units`, `amount`, `justification`) and every problem.

    An override names a line of the budget and gives other units, another monthly amount or
    both, and says why in writing; anything else is a problem naming its field.
    """
    lines = {line["service"]: line for line in budget.get("lines", [])}
    clean: list[dict[str, Any]] = []
    problems: list[OverrideProblem] = []
    if not isinstance(raw, list):
        return [], [OverrideProblem("overrides", "no_line")]
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"overrides[{index}]"
        item = item if isinstance(item, dict) else {}
        service = str(item.get("service") or "")
        if service not in lines:
            problems.append(OverrideProblem(f"{where}.service", "no_line"))
            continue
        if service in seen:
            problems.append(OverrideProblem(f"{where}.service", "duplicate"))
            continue
        seen.add(service)
        units = _units(item.get("units"))
        amount = _amount(item.get("amount"))
        if units == "bad":
            problems.append(OverrideProblem(f"{where}.units", "units"))
        if amount == "bad":
            problems.append(OverrideProblem(f"{where}.amount", "amount"))
        if units is None and amount is None:
            problems.append(OverrideProblem(f"{where}.units", "no_change"))
        justification = str(item.get("justification") or "").strip()
        if not justification:
            problems.append(OverrideProblem(f"{where}.justification", "justification"))
        if units == "bad" or amount == "bad" or (units is None and amount is None):
            continue
        if units is not None and amount is None and lines[service].get("rate") is None:
            problems.append(OverrideProblem(f"{where}.amount", "amount"))
            continue
        clean.append({"service": service, "units": units,
                      "amount": None if amount is None else str(amount),
                      "justification": justification[:NOTE_LIMIT]})
    return clean, problems


def _units(value: Any) -> int | None | Literal["bad"]:
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return "bad"
    return number if 0 <= number <= 100_000 else "bad"


def _amount(value: Any) -> Decimal | None | Literal["bad"]:
    """A euro amount; a Latvian decimal comma and spaces between thousands are fine."""
    if value in (None, ""):
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    text = text.replace(",", ".")
    if len(text) > 15:
        return "bad"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return "bad"
    if not amount.is_finite() or amount < 0 or amount > Decimal("1000000"):
        return "bad"
    return amount.quantize(CENT, ROUND_HALF_UP)


def decided(budget: dict[str, Any], overrides: list[dict[str, Any]]) -> dict[str, Any]:
    """The budget as decided: each line's engine figures beside the decision, and totals.

    An overridden line costs its override amount, or its units at the line's rate. Totals
    change by the difference; the split among payers is the engine's (an override is a
    decision on the amount, and the printed decision says so).
    """
    by_service = {o["service"]: o for o in overrides}
    rows = []
    monthly = Decimal(budget["totals"]["monthly"])
    one_off = Decimal(budget["totals"]["one_off"])
    for line in budget["lines"]:
        override = by_service.get(line["service"])
        engine_cost = Decimal(line["monthly_cost"] or "0")
        cost = engine_cost
        units = line["approved_units"]
        if override is not None:
            units = override["units"] if override["units"] is not None else units
            cost = (Decimal(override["amount"]) if override["amount"] is not None
                    else (Decimal(line["rate"]) * units).quantize(CENT, ROUND_HALF_UP))
            if line.get("per") == "period":
                one_off += cost - engine_cost
            else:
                monthly += cost - engine_cost
        rows.append({"service": line["service"], "title": line["title"],
                     "engine_units": line["approved_units"], "engine_cost": engine_cost,
                     "units": units, "cost": cost, "override": override})
    return {"rows": rows, "monthly": monthly, "one_off": one_off,
            "engine_monthly": Decimal(budget["totals"]["monthly"]),
            "overridden": bool(overrides)}
