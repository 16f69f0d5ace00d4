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
from itertools import islice
from typing import Any

from ..budget_parts import BudgetParts
from ..calculator import Calculator, CaseError, Decided
from ..case_io import CaseInputError, ErrorDetail, load_json_object
from ..models import SOURCES, Case
from ..money import ZERO
from ..rulebook.loader import RuleBook
from ..rulebook.variants import Agreement, Change, combine, differences
from ..runtime.session import RuleEngine
from .records import Payload, ReadProblem, Record
from .replay import PHASE_GROUP, crash_row, problem_row, run_chunks
from .replay import error_row as replay_error_row

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
              side: str | None = None, details: list[ErrorDetail] | None = None) -> Row:
    """A case that could not be compared, in replay's error-row shape (plus the side)."""
    row: Row = replay_error_row(line, case_id, errors, details)
    if side is not None:
        row["rules"] = side
    return row


class _Comparing:
    """One record on its way through a group's steps: what each step has made of it, and
    its error row as soon as a step fails (the later steps then pass it by)."""

    def __init__(self, line: int, payload: Payload | dict[str, Any]) -> None:
        self.line, self.payload = line, payload
        self.case_id: Any = None
        self.data: dict[str, Any] | None = None  # None when read quickly
        self.case: Case = None  # type: ignore[assignment]  # set by the first step
        self.decided: list[Decided] = []
        self.outcomes: list[dict[str, Any]] = []
        #: The other book stands as the base does on the case's date (`Agreement`).
        self.alike = False
        self.changed = False
        self.causes: list[str] = []
        self.row: Row | None = None

    def attempt(self, side: str, step: Callable[[_Comparing], object]) -> None:
        """Run a step unless the record has already failed; a failure is its error row, with
        the side whose calculation failed ("base" is not named), as one case at a time."""
        if self.row is not None:
            return
        try:
            step(self)
        except (CaseInputError, CaseError) as exc:
            self.row = error_row(self.line, self.case_id, exc.errors,
                                 None if side == "base" else side, exc.details)
        except Exception as exc:  # noqa: BLE001 - one case must never stop the run
            self.row = error_row(self.line, self.case_id, [
                ("", f"internal error: {type(exc).__name__}: {exc}"[:300])], side)


class Comparer:
    """Calculators for the base book, the other book and each difference alone.

    Build one per process (a worker builds its own); the calculators of the single
    differences are made on first need and share the base calculator's engine.

    A case dated when the other book stands exactly as the base (`Agreement`: a reform
    that starts later, a rule not yet in force) is calculated once: its outcome under the
    other book is the base's, but for the rules version. So is a single difference that
    does not yet apply on the case's date: it is not among the causes, uncalculated.
    `calculate_alike_once=False` calculates every case under both books, as before
    (tests/test_reform_compare.py holds the two ways to the same rows).
    """

    def __init__(self, base: Calculator, other: Calculator,
                 changes: Sequence[Change] | None = None,
                 calculate_alike_once: bool = True) -> None:
        self.base, self.other = base, other
        self.changes = list(differences(base.book, other.book) if changes is None
                            else changes)
        self.calculate_alike_once = calculate_alike_once
        self._agreement = Agreement(base.book, other.book)
        self._alone: dict[Change, Calculator] = {}
        self._alone_agreement: dict[Change, Agreement] = {}

    def alone(self, change: Change) -> Calculator:
        """The calculator of the base book with only `change` taken from the other."""
        calculator = self._alone.get(change)
        if calculator is None:
            book = combine(self.base.book, self.other.book, [change])
            calculator = self._alone[change] = Calculator(book, self.base.engine)
        return calculator

    def compare(self, line: int, payload: Payload | dict[str, Any], lang: str = "lv") -> Row:
        """The comparison row of one case, or its error row; never raises for a bad case."""
        return self.compare_many([(line, payload)], lang)[0]

    def compare_many(self, records: Sequence[tuple[int, Payload | dict[str, Any]]],
                     lang: str = "lv") -> list[Row]:
        """`compare` of each record, in order, the same rows; each group of
        `replay.PHASE_GROUP` cases is taken through one step at a time (all read, then each
        book's decisions and arithmetic for all, then the rows), as replay's workers do:
        one case through every step evicts each step's code and tables from the caches."""
        base = self.base
        steps: tuple[tuple[str, Callable[[_Comparing], object]], ...] = (
            ("base", self._read),
            ("base", lambda one: one.decided.append(base.decide(one.case, lang))),
            ("base", lambda one: one.outcomes.append(
                parts_outcome(base.finish(one.decided[0]), base.book))),
            ("other", lambda one: self._decide_other(one, lang)),
            ("other", self._finish_other),
            ("alone", lambda one: self._judge(one, lang)),
        )
        rows: list[Row] = []
        for start in range(0, len(records), PHASE_GROUP):
            group = [_Comparing(line, payload)
                     for line, payload in records[start:start + PHASE_GROUP]]
            for side, step in steps:
                for one in group:
                    one.attempt(side, step)
            rows += [one.row if one.row is not None else self._row(one) for one in group]
        return rows

    def _read(self, one: _Comparing) -> None:
        """The case of a record: read quickly when it is plainly valid under the base book
        (`Calculator.quick_parse`), else the long way, which names every error."""
        payload = one.payload
        if isinstance(payload, ReadProblem):
            one.row = problem_row(one.line, payload)
            return
        if isinstance(payload, str):
            quick = self.base.quick_parse(payload)
            if quick is not None:
                one.case, one.case_id = quick, quick.case_id
                return
        data = load_json_object(payload) if isinstance(payload, str) else payload
        one.data, one.case_id = data, data.get("case_id")
        one.case = self.base.parse(data)

    def _other_case(self, one: _Comparing) -> Case:
        """The case as the other book reads it: only that book's checks run again (on the
        values of a case read quickly, or on the raw data, which words their errors)."""
        if one.data is None:
            if not self.other.case_book_errors(one.case):
                return one.case
            assert isinstance(one.payload, str)
            one.data = load_json_object(one.payload)
        return self.other.reparse(one.case, one.data)

    def _decide_other(self, one: _Comparing, lang: str) -> None:
        if self.calculate_alike_once and self._agreement.on(one.case.calculation_date):
            one.alike = True
        else:
            one.decided.append(self.other.decide(self._other_case(one), lang))

    def _finish_other(self, one: _Comparing) -> None:
        other = self.other
        if one.alike:  # the base's outcome, the same keys in the same order
            one.outcomes.append({**one.outcomes[0], "rules_version": other.book.version})
        else:
            one.outcomes.append(parts_outcome(other.finish(one.decided[1]), other.book))

    def _judge(self, one: _Comparing, lang: str) -> None:
        before, after = one.outcomes
        one.changed = not one.alike and _decides(before) != _decides(after)
        one.causes = self._causes(one, before, lang) if one.changed else []

    def _row(self, one: _Comparing) -> Row:
        case, (before, after) = one.case, one.outcomes
        if one.data is None:  # read quickly: the raw fields are the case's own values
            date: Any = case.calculation_date.isoformat()
            municipality: Any = case.person.municipality
        else:
            date = one.data.get("calculation_date")
            municipality = (one.data.get("person") or {}).get("municipality")
        return {
            "line": one.line, "case_id": one.case_id,
            "calculation_date": date,
            "municipality": municipality,
            "region": self._region(municipality, date),
            "base": before, "reform": after,
            "difference": difference(before, after),
            "changed": one.changed, "changed_by": one.causes,
        }

    def _causes(self, one: _Comparing, before: dict[str, Any], lang: str) -> list[str]:
        """The differences that alone change this case's outcome (all of them, when there is
        only one: it alone is the whole change)."""
        if len(self.changes) == 1:
            return [self.changes[0].name]
        found = []
        for change in self.changes:
            if self.calculate_alike_once and self._alone_agrees(change, one.case):
                continue  # alone, this difference leaves the case as the base has it
            calculator = self.alone(change)
            if one.data is None and calculator.case_book_errors(one.case):
                found.append(change.name)  # read quickly: this book's checks on its values
                continue
            try:
                case = (one.case if one.data is None
                        else calculator.reparse(one.case, one.data))
                result = calculated_outcome(calculator, case, lang)
            except (CaseInputError, CaseError):
                found.append(change.name)  # alone it makes the case unacceptable
                continue
            if _decides(result) != _decides(before):
                found.append(change.name)
        return found

    def _alone_agrees(self, change: Change, case: Case) -> bool:
        agreement = self._alone_agreement.get(change)
        if agreement is None:
            agreement = self._alone_agreement[change] = Agreement(self.base.book,
                                                                  self.alone(change).book)
        return agreement.on(case.calculation_date)

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
    source = iter(records)
    while group := list(islice(source, PHASE_GROUP)):
        yield from comparer.compare_many(group, lang)


def compare_parallel(base: RuleBook, other: RuleBook, records: Iterable[Record],
                     lang: str = "lv", workers: int = 1) -> Iterator[Row]:
    """The same rows as `compare_records`, from forked workers (replay's pool): in input
    order, and a worker that dies costs only the case it died on."""
    def crashed(line: int, message: str) -> Row:
        return crash_row(line, message)

    return run_chunks(records, comparing(base, other, lang), crashed, workers)


def comparing(base: RuleBook, other: RuleBook, lang: str
              ) -> Callable[[], Callable[[list[Record]], list[Row]]]:
    """The setup of a worker that compares chunks of records: its own engine and the two
    books' calculators (the differences between the books are found once, before the
    workers fork)."""
    changes = differences(base, other)

    def setup() -> Callable[[list[Record]], list[Row]]:
        engine = RuleEngine()
        comparer = Comparer(Calculator(base, engine), Calculator(other, engine), changes)
        return lambda chunk: comparer.compare_many(chunk, lang)
    return setup
