"""Rule books derived from another: what differs between two books, and a book with only
some of those differences applied.

An evaluator asks "which change moved this case?". To answer it, each difference between a
base book and another (a reform, or a whole other rules directory) is named (`Change`), and a
book is built that is the base with just that change taken from the other (`combine`). The
derived book is a new `RuleBook` with its own digest, so its compiled rulesets and its
`rules_version` never collide with the base's.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .compiler import period_starts
from .loader import Rule, RuleBook
from .parameters import Parameter, ParameterTable

#: The rule lists of a book, in the order the engine reads them.
RULE_KINDS = ("target_groups", "eligibility", "caps", "financing", "copayment")
#: Parts of a book compared and replaced as a whole (no finer unit decides a budget).
WHOLE_PARTS = ("regions", "municipalities", "notes", "messages")


@dataclass(frozen=True, order=True)
class Change:
    """One difference between two books: a parameter, a rule, a service or a whole part.

    `name` is what a report shows: the parameter's own name, `rule:E8`, `service:home_care`,
    or the part (`regions`, `messages`, ...).
    """

    kind: str  # parameter | rule | service | part
    key: str

    @property
    def name(self) -> str:
        return self.key if self.kind == "parameter" else (
            self.key if self.kind == "part" else f"{self.kind}:{self.key}")


def derive(base: RuleBook, label: str, digest: str, **replaced: Any) -> RuleBook:
    """A copy of `base` with some fields replaced, a new digest and fresh caches."""
    book = dataclasses.replace(base, label=label, digest=digest, rules_by_key={},
                               _municipalities_by_period={}, _municipality_changes=[],
                               **replaced)
    book.rules_by_key = {r.key: r for r in book.all_rules()}
    return book


def _parameter_differs(a: Parameter, b: Parameter) -> bool:
    return a.kind != b.kind or [(v.valid_from, v.value) for v in a.values] != [
        (v.valid_from, v.value) for v in b.values]


def _rule_signature(rule: Rule) -> tuple[Any, ...]:
    """What decides a budget (and its texts), not where the rule stands in its file."""
    return _rule_content(rule) + (rule.valid_from, rule.valid_to)


def _rule_content(rule: Rule) -> tuple[Any, ...]:
    """What a rule in force decides and says (its dates say only when it is in force)."""
    return (rule.id, rule.kind, rule.title, rule.text, rule.legal_basis, repr(rule.services),
            rule.when_source, rule.then, rule.enabled_by)


def differences(base: RuleBook, other: RuleBook) -> list[Change]:
    """Every change that turns `base` into `other`, parameters first, then rules, services
    and whole parts; empty when the two books decide alike."""
    changes: list[Change] = []
    a, b = base.parameters.parameters, other.parameters.parameters
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b or _parameter_differs(a[name], b[name]):
            changes.append(Change("parameter", name))
    ra = {r.key: r for r in base.all_rules()}
    rb = {r.key: r for r in other.all_rules()}
    for key in list(ra) + [k for k in rb if k not in ra]:
        if key not in ra or key not in rb or _rule_signature(ra[key]) != _rule_signature(rb[key]):
            changes.append(Change("rule", key))
    for code in sorted(set(base.services) | set(other.services)):
        if base.services.get(code) != other.services.get(code):
            changes.append(Change("service", code))
    for part in WHOLE_PARTS:
        if getattr(base, part) != getattr(other, part):
            changes.append(Change("part", part))
    return changes


def _merge_rules(base: list[Rule], other: list[Rule], keys: set[str]) -> list[Rule]:
    """Base's rules with those named in `keys` taken from `other` (or dropped when `other`
    has none); a rule only `other` has goes where `other` puts it."""
    theirs = {r.key: r for r in other}
    out: list[Rule] = []
    for rule in base:
        if rule.key not in keys:
            out.append(rule)
        elif rule.key in theirs:
            out.append(theirs[rule.key])
    mine = {r.key for r in base}
    for index, rule in enumerate(other):
        if rule.key in keys and rule.key not in mine:
            out.insert(min(index, len(out)), rule)
    return out


def combine(base: RuleBook, other: RuleBook, changes: Iterable[Change]) -> RuleBook:
    """`base` with exactly `changes` taken from `other`.

    A rule taken alone brings along the parameters it names that `base` lacks, and a service
    its rate parameter, so the combined book always compiles and prices every line.
    """
    chosen = sorted(set(changes))
    by_kind: dict[str, set[str]] = {}
    for change in chosen:
        by_kind.setdefault(change.kind, set()).add(change.key)
    params = dict(base.parameters.parameters)
    wanted = set(by_kind.get("parameter", set()))
    for key in by_kind.get("rule", set()):
        rule = other.rules_by_key.get(key)
        if rule is not None:
            wanted |= {n for n in rule.parameters_used() if n not in params}
    for code in by_kind.get("service", set()):
        # A new service taken alone brings its rate, or its lines could not be priced.
        service = other.services.get(code)
        if service is not None and service.rate not in params:
            wanted.add(service.rate)
    for name in wanted:
        if name in other.parameters.parameters:
            params[name] = other.parameters.parameters[name]
        else:
            params.pop(name, None)
    replaced: dict[str, Any] = {"parameters": ParameterTable(params)}
    rule_keys = by_kind.get("rule", set())
    for kind in RULE_KINDS:
        replaced[kind] = _merge_rules(getattr(base, kind), getattr(other, kind), rule_keys)
    services = dict(base.services)
    for code in by_kind.get("service", set()):
        if code in other.services:
            services[code] = other.services[code]
        else:
            services.pop(code, None)
    replaced["services"] = services
    for part in by_kind.get("part", set()):
        replaced[part] = getattr(other, part)
    digest = hashlib.sha256("\0".join(
        [base.digest, other.digest, *(c.name for c in chosen)]).encode()).hexdigest()
    return derive(base, base.label, digest, **replaced)


class Agreement:
    """The dates on which two books decide every case alike, so that a comparison needs to
    calculate a case dated then only once.

    A budget reads its book only as the book stands on the case's calculation date: the
    parameters in force then (`Explainer`'s snapshot), the rules in force then (the ruleset
    compiled for that date's period), the services and the whole parts (`WHOLE_PARTS`). On
    a date when all of these are equal in both books, including each parameter value's
    start date and citation, both books give every case the same budget but for its
    `rules_version`. A reform that starts on 1 January 2025 leaves every case
    dated before then as it was. Answered once per stretch of dates in which neither book
    changes (`compiler.period_starts` of both)."""

    def __init__(self, base: RuleBook, other: RuleBook) -> None:
        self.base, self.other = base, other
        self._parts_agree = base.services == other.services and all(
            getattr(base, part) == getattr(other, part) for part in WHOLE_PARTS)
        self._starts = sorted(set(period_starts(base)) | set(period_starts(other)))
        self._by_stretch: dict[int, bool] = {}

    def on(self, date: dt.date) -> bool:
        """Whether the two books decide alike every case dated `date`."""
        if not self._parts_agree:
            return False
        stretch = bisect.bisect_right(self._starts, date)
        found = self._by_stretch.get(stretch)
        if found is None:
            found = self._by_stretch[stretch] = (
                _standing_on(self.base, date) == _standing_on(self.other, date))
        return found

    def next_difference(self, date: dt.date) -> dt.date | None:
        """The first day from `date` on which the two books differ (None: never after)."""
        if not self.on(date):
            return date
        for start in self._starts[bisect.bisect_right(self._starts, date):]:
            if not self.on(start):
                return start
        return None


def _standing_on(book: RuleBook, date: dt.date) -> tuple[Any, ...]:
    """What of a book a budget dated `date` can read: each parameter's kind and value in
    force (None before its first), and each kind's rules in force, in order, as they decide
    and read (not the dates they are in force between)."""
    parameters = {name: (parameter.kind, parameter.on(date))
                  for name, parameter in book.parameters.parameters.items()}
    rules = tuple(tuple(_rule_content(rule) for rule in getattr(book, kind)
                        if rule.in_force(date))
                  for kind in RULE_KINDS)
    return parameters, rules
