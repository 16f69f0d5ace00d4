"""The decided budget of a saved version, derived on read (domain.md §13b).

The saved version keeps the computed budget and the overrides (with their justifications);
the decided budget — lines as decided, every euro with a payer, co-payments, totals — is the
engine's `decided_budget`, computed when a page, the CSV or the API reads the version. Not
stored, so there is no second copy of the figures to drift from the computed one and no
schema change; only the saved-cases list keeps the decided monthly total in `monthly_total`
(written when the overrides are saved), so that the list needs no calculation per row.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

from budget_engine import Budget, Override, RuleBook, decided_budget, parse_case, uncosted_lines

from .store import CaseVersion


def book_of(rules_version: str) -> RuleBook:
    """The rule book a budget was calculated with when it is at hand (the one in force, or
    a pinned one), else the one in force: its texts and thresholds on the budget's date."""
    current: RuleBook = current_app.extensions["rules"]
    if rules_version == current.version:
        return current
    pinned = current_app.extensions.get("pinned_calculators")
    try:
        found = pinned.get(rules_version) if pinned is not None else None
    except Exception:  # noqa: BLE001 - a pinned book that cannot be rebuilt: the current one
        found = None
    book = getattr(found, "book", None)
    return book if isinstance(book, RuleBook) else current


def overrides_of(stored: list[dict[str, Any]], version: int) -> list[Override]:
    """The stored overrides as the engine takes them; the justification is referred to by
    the version and the override's number, never copied into the budget."""
    return [Override(service=o["service"], units=o.get("units"),
                     amount=o.get("amount"), justification=o.get("justification", ""),
                     reference=f"v{version} #{index + 1}")
            for index, o in enumerate(stored)]


def decided_of(row: CaseVersion, computed: Budget | None = None) -> Budget:
    """The version's budget as decided: the computed one when it has no overrides."""
    computed = computed or Budget.model_validate_json(row.budget_json)
    if not row.overrides:
        return computed
    case = parse_case(json.loads(row.case_json))
    return decided_budget(computed, overrides_of(row.overrides, row.version),
                          book_of(computed.rules_version), case)


def decided_monthly(budget_json: str, case_json: str, stored: list[dict[str, Any]],
                    version: int) -> str:
    """The decided monthly total a version with these overrides shows in the cases list."""
    computed = Budget.model_validate_json(budget_json)
    if not stored:
        return str(computed.totals.monthly)
    decided = decided_budget(computed, overrides_of(stored, version),
                             book_of(computed.rules_version),
                             parse_case(json.loads(case_json)))
    return str(decided.totals.monthly)


def undecided_lines(budget: Budget) -> list[str]:
    """The titles of the granted lines that have no price yet (no rate in force): the
    budget cannot be submitted for approval until each is decided or removed."""
    return [line.title for line in uncosted_lines(budget)]
