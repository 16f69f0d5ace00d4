"""Two saved versions of a case side by side (issue 11, item 11).

A worker who reopens a case months later asks: what did we decide then, what now, and why
did it change? The answer needs, for each service, the units requested and granted, the cost
and who pays it in each version and the difference; what was typed differently in the case
(by the form's labels, in the page's words and formats); and, for each version, the rules
it was calculated with, who saved it and when, its overrides and how far its sign-off went.
The line figures start from the one comparison of two budgets (budget_web/budget_compare.py), so
this page and the recalculation pages cannot disagree about what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from budget_engine import SOURCES

from .. import formatting
from .budget_changes import by_service, comparison
from .form import DATE_FIELDS, case_to_fields, is_money
from .signoff import signoff_of
from .store import CaseVersion
from .words.field_words import coded_fields, relation_words
from .words.form_labels import label

Number = Decimal | int | None


@dataclass(frozen=True)
class TextRow:
    """A row of texts (who saved a version, a field of the case) in each version."""

    label: str
    first: object
    second: object

    @property
    def changed(self) -> bool:
        return self.first != self.second


@dataclass(frozen=True)
class Figure(TextRow):
    """One row of a side-by-side table: a figure in each version (None: there is none)."""

    first: Number
    second: Number
    kind: str = "money"  # or "units"
    unit: str = ""

    @property
    def change(self) -> Number:
        """Second minus first (a version without the figure counts 0); None if neither has it."""
        if self.first is None and self.second is None:
            return None
        return (self.second or 0) - (self.first or 0)


@dataclass
class ServiceSide:
    """A service in one version: granted, cut, refused (with the reasons) or not requested."""

    state: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ServiceRows:
    service: str
    title: str
    first: ServiceSide
    second: ServiceSide
    figures: list[Figure]

    @property
    def changed(self) -> bool:
        return self.first.state != self.second.state or any(f.changed for f in self.figures)


@dataclass
class VersionComparison:
    first: CaseVersion
    second: CaseVersion
    about: list[TextRow]
    services: list[ServiceRows]
    totals: list[Figure]
    inputs: list[TextRow]
    overrides: tuple[list[str], list[str]]
    #: The monthly total as decided, when either version overrides a line.
    decided_total: Figure | None
    rules_changed: bool
    budget_changed: bool


def choice_labels() -> dict[str, str]:
    return {"first": _("First version"), "second": _("Second version")}


def state_words() -> dict[str, str]:
    return {"granted": _("granted"), "cut": _("cut"), "refused": _("refused"),
            "absent": _("not requested")}


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _service_side(budget: dict[str, Any], service: str) -> tuple[ServiceSide,
                                                                 dict[str, Any] | None]:
    line = by_service(budget).get(service)
    if line is not None:
        cut = line["approved_units"] < line["requested_units"]
        return ServiceSide(state_words()["cut" if cut else "granted"]), line
    refusal = next((r for r in budget["refused"] if r["service"] == service), None)
    if refusal is not None:
        return ServiceSide(state_words()["refused"],
                           [r["text"] for r in refusal["reasons"]]), None
    return ServiceSide(state_words()["absent"]), None


def _requested(budget: dict[str, Any], service: str) -> int | None:
    line = by_service(budget).get(service)
    if line is not None:
        return int(line["requested_units"])
    refusal = next((r for r in budget["refused"] if r["service"] == service), None)
    return int(refusal["requested_units"]) if refusal is not None else None


def service_rows(first: dict[str, Any], second: dict[str, Any],
                 decided: tuple[dict[str, Any], dict[str, Any]], units: dict[str, str],
                 sources: dict[str, str]) -> list[ServiceRows]:
    """Every service requested in either version, with its figures in each.

    A payer row appears when that payer pays for the line in either version (five rows of
    zeros would hide the one that matters); the decided units and cost appear when either
    version overrides the line.
    """
    services = list(dict.fromkeys([*by_service(first), *(r["service"] for r in first["refused"]),
                                   *by_service(second),
                                   *(r["service"] for r in second["refused"])]))
    overridden = [{row["service"]: row for row in d["rows"] if row["override"]}
                  for d in decided]
    out = []
    for service in services:
        side_a, line_a = _service_side(first, service)
        side_b, line_b = _service_side(second, service)
        some = line_b or line_a or next(
            (r for r in [*second["refused"], *first["refused"]] if r["service"] == service), {})
        unit = units.get((line_b or line_a or {}).get("unit", ""), "")
        granted_a = line_a["approved_units"] if line_a else (0 if side_a.reasons else None)
        granted_b = line_b["approved_units"] if line_b else (0 if side_b.reasons else None)
        per = (line_b or line_a or {}).get("per", "month")
        figures = [
            Figure(_("Requested"), _requested(first, service), _requested(second, service),
                   "units", unit),
            Figure(_("Granted"), granted_a, granted_b, "units", unit),
            Figure(_("Cost a month") if per == "month" else _("Cost once in the period"),
                   _decimal(line_a["monthly_cost"]) if line_a else None,
                   _decimal(line_b["monthly_cost"]) if line_b else None, "money"),
        ]
        for source in SOURCES:
            a = _decimal(line_a["financing"][source]) if line_a else None
            b = _decimal(line_b["financing"][source]) if line_b else None
            if (a or 0) != 0 or (b or 0) != 0:
                figures.append(Figure(sources[source], a, b, "money"))
        if service in overridden[0] or service in overridden[1]:
            units_decided: list[Number] = []
            cost_decided: list[Number] = []
            for decided_rows, line in zip(overridden, (line_a, line_b), strict=True):
                row = decided_rows.get(service)
                units_decided.append(row["units"] if row else
                                     line["approved_units"] if line else None)
                cost_decided.append(row["cost"] if row else
                                    _decimal(line["monthly_cost"]) if line else None)
            figures.append(Figure(_("Decided units"), units_decided[0], units_decided[1],
                                  "units", unit))
            figures.append(Figure(_("Decided cost"), cost_decided[0], cost_decided[1],
                                  "money"))
        out.append(ServiceRows(service, some.get("title", service), side_a, side_b, figures))
    return out


def total_rows(first: dict[str, Any], second: dict[str, Any],
               decided: tuple[dict[str, Any], dict[str, Any]],
               sources: dict[str, str]) -> list[Figure]:
    """The totals of each version, and the monthly part each payer pays (never adding the
    one-off respite into a monthly figure)."""
    def monthly_by(budget: dict[str, Any], source: str) -> Decimal:
        return sum((Decimal(line["financing"][source]) for line in budget["lines"]
                    if line["per"] == "month"), Decimal("0"))

    rows = [Figure(_("Total per month"), Decimal(first["totals"]["monthly"]),
                   Decimal(second["totals"]["monthly"]), "money")]
    for source in SOURCES:
        a, b = monthly_by(first, source), monthly_by(second, source)
        if a or b:
            rows.append(Figure(_("%(payer)s, a month", payer=sources[source]), a, b, "money"))
    rows.append(Figure(_("One-off (per period)"), Decimal(first["totals"]["one_off"]),
                       Decimal(second["totals"]["one_off"]), "money"))
    rows.append(Figure(_("For the period"), Decimal(first["totals"]["period_total"]),
                       Decimal(second["totals"]["period_total"]), "money"))
    if decided[0]["overridden"] or decided[1]["overridden"]:
        rows.append(Figure(_("Decided total per month"), decided[0]["monthly"],
                           decided[1]["monthly"], "money"))
    return rows


def _shown(path: str, values: list[str | None]) -> list[str]:
    """A field's value in each version as the page writes it: the form's words for a code,
    `jā`/`nē` for a tick box, dates and money in the page's format, "–" for nothing."""
    present = [v for v in values if v is not None]
    if present and all(v in ("on", "") for v in present):
        return [_("yes") if v == "on" else _("no") for v in values]
    words = coded_fields().get(path)
    out = []
    for value in values:
        if value is None or (value == "" and words is None):
            out.append("–")
        elif words is not None:
            out.append(words.get(value, value))
        elif path in DATE_FIELDS:
            out.append(formatting.date(value))
        elif is_money(path):
            out.append(formatting.money(value))
        else:
            out.append(value)
    return out


def _maintainers(case: dict[str, Any]) -> str:
    relations = relation_words()
    found = [f"{relations.get(m.get('relation', ''), m.get('relation', ''))} "
             f"{formatting.money(m.get('monthly_income'))}"
             for m in (case.get("household") or {}).get("maintainers") or []]
    return "; ".join(found) or "–"


def _requested_units(case: dict[str, Any], units: dict[str, str],
                     unit_of: dict[str, str]) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for item in case.get("requested_services") or []:
        service = str(item.get("service", ""))
        out.setdefault(service, []).append(
            f"{item.get('units')} {units.get(unit_of.get(service, ''), '')}".strip())
    return {service: " + ".join(texts) for service, texts in out.items()}


def input_changes(first: dict[str, Any], second: dict[str, Any], titles: dict[str, str],
                  units: dict[str, str], unit_of: dict[str, str]) -> list[TextRow]:
    """Every field of the case typed differently in the two versions, in the form's order,
    by its label; the maintainers as one list, and each requested service by its name."""
    fields = [case_to_fields(first), case_to_fields(second)]
    order: dict[str, None] = {}
    for path in [*fields[1], *fields[0]]:
        if path.startswith("household.maintainers["):
            order["household.maintainers"] = None
        elif path.startswith("requested_services["):
            order["requested_services"] = None
        elif path != "format":
            order[path] = None
    rows = []
    for path in order:
        if path == "household.maintainers":
            texts = [_maintainers(first), _maintainers(second)]
            if texts[0] != texts[1]:
                rows.append(TextRow(label(path), *texts))
        elif path == "requested_services":
            requested = [_requested_units(c, units, unit_of) for c in (first, second)]
            for service in dict.fromkeys([*requested[0], *requested[1]]):
                a, b = (r.get(service, "–") for r in requested)
                if a != b:
                    rows.append(TextRow(f"{label(path)}: {titles.get(service, service)}", a, b))
        else:
            a, b = _shown(path, [f.get(path) for f in fields])
            if a != b:
                rows.append(TextRow(label(path), a, b))
    return rows


def _override_texts(signoff: dict[str, Any], budget: dict[str, Any],
                    units: dict[str, str]) -> list[str]:
    unit_of = {line["service"]: units.get(line["unit"], "") for line in budget["lines"]}
    texts = []
    for row in signoff["decided"]["rows"]:
        if row["override"]:
            # (the units' text is made outside the call: Babel's extractor skips f-strings)
            decided_units = f"{row['units']} {unit_of.get(row['service'], '')}".strip()
            texts.append(_("%(service)s: %(units)s, %(cost)s a month — „%(why)s”",
                           service=row["title"], units=decided_units,
                           cost=formatting.money(row["cost"]),
                           why=row["override"]["justification"]))
    return texts


def _about(signoff: dict[str, Any], row: CaseVersion) -> list[str]:
    """What the page says about one version, in the order of `about_labels`."""
    def step(event: Any) -> str:
        return f"{event.by}, {formatting.date_time(event.at)}" if event else "–"

    returned = [e for e in signoff["events"] if e["status"] == _("returned for changes")]
    return [row.saved_by, formatting.date_time(row.saved_at),
            str(row.based_on) if row.based_on else _("none (a new case)"),
            formatting.date(row.calculation_date), row.rules_version,
            signoff["status_label"], step(signoff["submitted"]), step(signoff["approved"]),
            "; ".join(f"{e['by']}: „{e['note']}”" for e in returned) or "–"]


def about_labels() -> list[str]:
    return [_("Saved by"), _("Saved at"), _("Edited from version"), _("Calculation date"),
            _("Rules version"), _("Status"), _("Submitted by"), _("Approved by"),
            _("Returned for changes")]


def compare_versions(first: CaseVersion, second: CaseVersion, titles: dict[str, str],
                     units: dict[str, str], unit_of: dict[str, str],
                     sources: dict[str, str]) -> VersionComparison:
    """Everything the comparison page shows of two saved versions of one case."""
    budgets = json.loads(first.budget_json), json.loads(second.budget_json)
    signoffs = signoff_of(first), signoff_of(second)
    decided = signoffs[0]["decided"], signoffs[1]["decided"]
    about = [TextRow(name, a, b) for name, a, b in zip(
        about_labels(), _about(signoffs[0], first), _about(signoffs[1], second), strict=True)]
    changes = comparison(*budgets)
    services = service_rows(*budgets, decided, units, sources)
    totals = total_rows(*budgets, decided, sources)
    overridden = decided[0]["overridden"] or decided[1]["overridden"]
    return VersionComparison(
        first=first, second=second, about=about, services=services, totals=totals,
        decided_total=totals[-1] if overridden else None,
        inputs=input_changes(json.loads(first.case_json), json.loads(second.case_json),
                             titles, units, unit_of),
        overrides=(_override_texts(signoffs[0], budgets[0], units),
                   _override_texts(signoffs[1], budgets[1], units)),
        rules_changed=changes["rules_before"] != changes["rules_after"],
        budget_changed=changes["changed"] or any(s.changed for s in services))
