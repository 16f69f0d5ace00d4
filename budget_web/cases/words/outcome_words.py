"""The decision in plain words, for the top of the result page (issue 11, item 5).

A budget lists lines, refusals and totals for machines and auditors; a worker and a client
first want to know: what is granted, what is cut and why, what is refused and why, and what
the client and the relatives pay each month. This module picks that out of a budget (format
1, as JSON data), and splits who pays into the monthly part and the one-off part (respite is
paid once for the period), which the budget's own `by_source` adds together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budget_engine import SOURCES


@dataclass
class Granted:
    title: str
    approved: int
    requested: int
    unit: str
    cost: str | None
    per: str
    #: The cap's text when fewer units are granted than requested.
    cut_reason: str | None = None


@dataclass
class Refused:
    title: str
    requested: int
    reasons: list[str]


@dataclass
class Decision:
    granted: list[Granted] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    monthly_by_source: dict[str, Decimal] = field(default_factory=dict)
    one_off_by_source: dict[str, Decimal] = field(default_factory=dict)

    @property
    def cut(self) -> list[Granted]:
        return [g for g in self.granted if g.approved < g.requested]


def _split(lines: Iterable[dict[str, Any]], per: str) -> dict[str, Decimal]:
    sums = {source: Decimal("0") for source in SOURCES}
    for line in lines:
        if line["per"] == per:
            for source in SOURCES:
                sums[source] += Decimal(str(line["financing"][source]))
    return sums


def decide(budget: dict[str, Any], cap_rules: set[str]) -> Decision:
    """The decision of a budget; `cap_rules` are the ids of the rules that limit units."""
    decision = Decision(monthly_by_source=_split(budget["lines"], "month"),
                        one_off_by_source=_split(budget["lines"], "period"))
    for line in budget["lines"]:
        cut = None
        if line["approved_units"] < line["requested_units"]:
            caps = [r["text"] for r in line["reasons"] if r["rule"] in cap_rules]
            cut = caps[-1] if caps else None
        decision.granted.append(Granted(line["title"], line["approved_units"],
                                        line["requested_units"], line["unit"],
                                        line["monthly_cost"], line["per"], cut))
    for refusal in budget["refused"]:
        decision.refused.append(Refused(refusal["title"], refusal["requested_units"],
                                        [r["text"] for r in refusal["reasons"]]))
    return decision


def legal_bases(budget: dict[str, Any]) -> list[str]:
    """Every act the lines' reasons cite, once each, in order of first use.

    Most reasons cite the same few acts; printed in every row of the rule tables they made
    a usual adult case run to three pages. The printout numbers them and lists them once.
    """
    return list(dict.fromkeys(reason["legal_basis"] for line in budget["lines"]
                              for reason in line["reasons"]))
