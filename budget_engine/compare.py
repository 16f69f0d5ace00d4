"""Every case under two rule books: both budgets' outcomes, the difference, and its causes.

An evaluator's question is "what would this change cost, and for whom?" — and for each
case, *why* it changed. `Comparer.compare` calculates a case under the base book and the
other book (a reform or another rules directory); when the outcome differs it recalculates
under each difference alone (`rulebook.variants`), and `changed_by` names the differences
that alone alter the case. Outcomes compare what a budget decides (lines, units, costs, who
pays, refusals and their rules, the support level, the counterfactual, warning codes), not its
wording.

`compare_records` runs in the caller's process (a web background job can call it with its
two calculators); `compare_parallel` runs the same through replay's worker pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from .calculator import BudgetParts, Calculator, CaseError
from .case_io import CaseInputError, load_json_object
from .evaluation import RuleEngine
from .models import SOURCES, Case
from .money import ZERO
from .replay import Payload, ReadProblem, Record, run_records
from .replay import error_row as replay_error_row
from .rulebook.loader import RuleBook
from .rulebook.variants import Change, combine, differences

#: A comparison row (JSON-ready: money as strings with two decimals).
Row = dict[str, Any]


def parts_outcome(parts: BudgetParts, book: RuleBook) -> dict[str, Any]:
    """What the budget these parts make decides, as JSON-ready values (money as two-decimal
    strings), without making it: a comparison reads figures, rules and codes only, so no
    model and no explanation text is built (tests/test_reform_compare.py proves it equal to
    the same read from `Calculator.calculate()`'s budget, on generated cases)."""
    by_source, counterfactual = parts.by_source, parts.counterfactual
    services = book.services
    return {
        "rules_version": book.version,
        "monthly": _money(parts.monthly),
        "one_off": _money(parts.one_off),
        "period_months": parts.period_months,
        "period_total": _money(parts.monthly * parts.period_months + parts.one_off),
        "by_source": {s: _money(by_source[s]) for s in SOURCES},
        "support_level": parts.result.support_level,
        "target_groups": sorted(parts.groups),
        "lines": [{"service": item.service, "units": item.approved,
                   "monthly_cost": None if item.cost is None else _money(item.cost),
                   "per": services[item.service].per,
                   "by_source": {s: _money(item.parts[s]) for s in SOURCES}}
                  for item in parts.allocation.lines],
        "refused": [{"service": r.service, "rules": [reason.rule for reason in r.reasons]}
                    for r in parts.allocation.refused],
        "counterfactual": {
            "monthly_cost": _money(counterfactual.monthly_cost),
            "state_funded": counterfactual.state_funded,
            "client_contribution": _money(counterfactual.client_contribution)},
        "warnings": sorted({w.code for w in parts.warnings}),
    }


def calculated_outcome(calculator: Calculator, case: Case, lang: str) -> dict[str, Any]:
    """The outcome of a case under a calculator (`CaseError` if it has none)."""
    return parts_outcome(calculator.calculate_parts(case, lang), calculator.book)


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _decides(result: dict[str, Any]) -> dict[str, Any]:
    """An outcome without its rules_version: equal when two books decided alike."""
    return {k: v for k, v in result.items() if k != "rules_version"}


def error_row(line: int, case_id: Any, errors: list[tuple[str, str]],
              side: str | None = None) -> Row:
    """A case that could not be compared, in replay's error-row shape (plus the side)."""
    row: Row = replay_error_row(line, case_id, errors)
    if side is not None:
        row["rules"] = side
    return row


class Comparer:
    """Calculators for the base book, the other book and each difference alone.

    Build one per process (a worker builds its own); the calculators of the single
    differences are made on first need and share the base calculator's engine.
    """

    def __init__(self, base: Calculator, other: Calculator,
                 changes: Sequence[Change] | None = None) -> None:
        self.base, self.other = base, other
        self.changes = list(differences(base.book, other.book) if changes is None
                            else changes)
        self._alone: dict[Change, Calculator] = {}

    def alone(self, change: Change) -> Calculator:
        """The calculator of the base book with only `change` taken from the other."""
        calculator = self._alone.get(change)
        if calculator is None:
            book = combine(self.base.book, self.other.book, [change])
            calculator = self._alone[change] = Calculator(book, self.base.engine)
        return calculator

    def compare(self, line: int, payload: Payload | dict[str, Any], lang: str = "lv") -> Row:
        """The comparison row of one case, or its error row; never raises for a bad case."""
        if isinstance(payload, ReadProblem):
            return error_row(line, None, [("", payload.message)])
        case_id: Any = None
        side = "base"
        try:
            data = load_json_object(payload) if isinstance(payload, str) else payload
            case_id = data.get("case_id")
            case = self.base.parse(data)
            before = calculated_outcome(self.base, case, lang)
            side = "other"
            after = calculated_outcome(self.other, self.other.reparse(case, data), lang)
            changed = _decides(before) != _decides(after)
            side = "alone"
            causes = self._causes(case, data, before, lang) if changed else []
        except (CaseInputError, CaseError) as exc:
            return error_row(line, case_id, exc.errors, None if side == "base" else side)
        except Exception as exc:  # noqa: BLE001 - one case must never stop the run
            return error_row(line, case_id, [
                ("", f"internal error: {type(exc).__name__}: {exc}"[:300])], side)
        person = data.get("person") or {}
        return {
            "line": line, "case_id": case_id,
            "calculation_date": data.get("calculation_date"),
            "municipality": person.get("municipality"),
            "region": self._region(person.get("municipality"), data.get("calculation_date")),
            "base": before, "reform": after,
            "difference": difference(before, after),
            "changed": changed, "changed_by": causes,
        }

    def _causes(self, case: Case, data: dict[str, Any], before: dict[str, Any], lang: str
                ) -> list[str]:
        """The differences that alone change this case's outcome (all of them, when there is
        only one: it alone is the whole change)."""
        if len(self.changes) == 1:
            return [self.changes[0].name]
        found = []
        for change in self.changes:
            calculator = self.alone(change)
            try:
                result = calculated_outcome(calculator, calculator.reparse(case, data), lang)
            except (CaseInputError, CaseError):
                found.append(change.name)  # alone it makes the case unacceptable
                continue
            if _decides(result) != _decides(before):
                found.append(change.name)
        return found

    def _region(self, municipality: Any, date: Any) -> str | None:
        try:
            day = dt.date.fromisoformat(date)
        except (TypeError, ValueError):
            return None
        found = self.base.book.municipalities_on(day).get(municipality)
        return found.region if found is not None else None


def difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """After minus before: the monthly total, the one-off total and each payer's total."""
    return {
        "monthly": _money(Decimal(after["monthly"]) - Decimal(before["monthly"])),
        "one_off": _money(Decimal(after["one_off"]) - Decimal(before["one_off"])),
        "by_source": {s: _money(Decimal(after["by_source"][s]) - Decimal(before["by_source"][s]))
                      for s in SOURCES},
    }


def moved(row: Row) -> Decimal:
    """How much money a row's change moves: half the sum of every payer's absolute change
    plus the change of the total (a pure shift between payers counts once, not twice)."""
    diff = row.get("difference")
    if not diff:
        return ZERO
    shifts = sum((abs(Decimal(v)) for v in diff["by_source"].values()), ZERO)
    total = abs(Decimal(diff["monthly"]) + Decimal(diff["one_off"]))
    return (shifts + total) / 2


def compare_records(base: Calculator, other: Calculator, records: Iterable[Record],
                    lang: str = "lv", changes: Sequence[Change] | None = None
                    ) -> Iterator[Row]:
    """Comparison rows for (line, payload) records, in order, in this process.

    The entry point for callers that run their own jobs (a web background task): give it
    the two calculators and any iterable of records (`replay.read_jsonl`, `tabular.read_table`).
    """
    comparer = Comparer(base, other, changes)
    for line, payload in records:
        yield comparer.compare(line, payload, lang)


def compare_parallel(base: RuleBook, other: RuleBook, records: Iterable[Record],
                     lang: str = "lv", workers: int = 1) -> Iterator[Row]:
    """The same rows as `compare_records`, from forked workers (replay's pool): in input
    order, and a worker that dies costs only the case it died on."""
    def crashed(line: int, message: str) -> Row:
        return error_row(line, None, [("", message)])

    return run_records(records, comparing(base, other, lang), crashed, workers)


def comparing(base: RuleBook, other: RuleBook, lang: str
              ) -> Callable[[], Callable[[int, Payload], Row]]:
    """The setup of a worker that compares: its own engine and the two books' calculators
    (the differences between the books are found once, before the workers fork)."""
    changes = differences(base, other)

    def setup() -> Callable[[int, Payload], Row]:
        engine = RuleEngine()
        comparer = Comparer(Calculator(base, engine), Calculator(other, engine), changes)
        return lambda line, payload: comparer.compare(line, payload, lang)
    return setup
