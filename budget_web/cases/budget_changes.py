"""What changed between two budgets of one case, line by line and in total.

One comparison serves every page and answer that sets two budgets side by side: the
recalculated budget against the saved one, a save that met someone else's version, the API's
`recalculate`, and two saved versions chosen by the worker (budget_web/version_compare.py). Money
stays as the budget writes it (strings), so the API can answer it as JSON.
"""

from __future__ import annotations

from typing import Any


def by_service(budget: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The budget's lines by their service."""
    return {line["service"]: line for line in budget["lines"]}


def comparison(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between a saved budget and a new one, line by line and in total."""
    old_lines, new_lines = by_service(old), by_service(new)
    rows = []
    for service in list(dict.fromkeys([*old_lines, *new_lines])):
        a, b = old_lines.get(service), new_lines.get(service)
        before = a["monthly_cost"] if a else None
        after = b["monthly_cost"] if b else None
        units_before = a["approved_units"] if a else None
        units_after = b["approved_units"] if b else None
        if (before, units_before) != (after, units_after):
            rows.append({"service": service, "title": (b or a or {}).get("title", service),
                         "units_before": units_before, "units_after": units_after,
                         "before": before, "after": after})
    return {"rows": rows, "monthly_before": old["totals"]["monthly"],
            "monthly_after": new["totals"]["monthly"],
            "rules_before": old["rules_version"], "rules_after": new["rules_version"],
            "changed": bool(rows) or old["totals"] != new["totals"]}
