"""A rule-book period compiled into a plan: what every case dated in it shares, made once.

Between two changes of the rule book (a parameter, a rule's validity) every parameter value,
every rule in force and so every explanation that names only those is the same for all
cases. `calculate()` builds each reason as a pydantic model on every case; replay's fast
path (`Calculator.calculate_json`) instead asks a `PeriodPlan`, which hands out `Explained`
reasons that carry their JSON, rendered the first time and reused by every later case of the
period. What is left per case is arithmetic on the case's own numbers and joining strings.

The plan *is* an `Explainer` (the allocator and the calculator cannot tell them apart), so the
arithmetic and every decision stay in one place; tests/test_fast_path.py proves the two
outputs byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any, TypeVar, cast

from .explain import ExplainCaches, Explainer, ReasonLike
from .models import ParameterUse
from .rulebook.loader import Note, Rule, RuleBook

T = TypeVar("T")
#: At most this many shared reasons and pieces of JSON a plan keeps (then it starts afresh).
PLAN_LIMIT = 4_000
_MISSING = object()

#: A string as JSON, escaped exactly as pydantic's serialiser does (checked by the tests).
quote = encode_basestring


def utf8(text: str) -> bytes:
    """Output text as the replay writes it: UTF-8, and a lone surrogate (only ever in an
    error row's copy of bad input) as its escape, so a row is always writable. Character by
    character, so the pieces of a row encoded one by one give the row encoded whole."""
    return text.encode("utf-8", "backslashreplace")


def use_json(use: ParameterUse) -> str:
    """`{"value":…,"valid_from":…}` as `ParameterUse.model_dump_json()` writes it."""
    since = use.valid_from
    return (f'{{"value":{quote(use.value)},"valid_from":'
            f'{"null" if since is None else chr(34) + since.isoformat() + chr(34)}}}')


def parameters_json(parameters: dict[str, ParameterUse]) -> str:
    return "{" + ",".join(f"{quote(name)}:{use_json(use)}"
                          for name, use in parameters.items()) + "}"


class Explained:
    """A reason on the fast path: the fields of `models.Reason` and, once asked, its JSON
    (UTF-8, as budget_json.py joins it).

    Reasons are shared by every case of a period that gives the same one, so they must not
    be changed: `Explainer.with_parameters` and `with_text` give another."""

    __slots__ = ("rule", "text", "legal_basis", "parameters", "_json")

    def __init__(self, rule: str, text: str, legal_basis: str,
                 parameters: dict[str, ParameterUse]) -> None:
        self.rule, self.text, self.legal_basis = rule, text, legal_basis
        self.parameters = parameters
        self._json: bytes | None = None

    def json(self) -> bytes:
        found = self._json
        if found is None:
            found = self._json = utf8(
                f'{{"rule":{quote(self.rule)},"text":{quote(self.text)},"legal_basis":'
                f'{quote(self.legal_basis)},"parameters":{parameters_json(self.parameters)}}}')
        return found


class PeriodPlan(Explainer):
    """The explainer of one period and language, shared by every case dated in the period.

    Every reason it hands out is shared (see `_reason`); a text filled with a case's own
    numbers is still filled afresh each time, and only its JSON is reused."""

    def __init__(self, book: RuleBook, date: dt.date, lang: str, caches: ExplainCaches
                 ) -> None:
        super().__init__(book, date, lang, caches)
        self._conditions: dict[tuple[str, bool], Explained] = {}
        self._granted: dict[str, list[Rule]] = {}
        self._shared: dict[Any, Any] = {}
        #: Kept small: a reason filled with a case's own numbers (a client's capacity to pay)
        #: is rarely met again, and a replay holds a plan per period and language; starting
        #: afresh costs only the re-rendering of the common ones (100,000 generated cases in
        #: one process: peak 120 MB with 20,000 entries a plan, 68 MB with 4,000, as fast).
        self._limit = PLAN_LIMIT

    def rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse] | None = None,
                    values: dict[str, Any] | None = None, use_title: bool = False
                    ) -> Explained:
        used = parameters or {}
        if not values:  # its text is the rule's alone: not filled again on every case
            return self.shared(("plain rule", rule.key, use_title, *used), lambda: self._reason(
                rule.id, self.fill(self._template(rule, use_title), {}), rule.legal_basis,
                used))
        return self._reason(rule.id, self.fill(self._template(rule, use_title), values),
                            rule.legal_basis, used)

    def period_rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse],
                           values: dict[str, Any]) -> Explained:
        return self.shared(("period rule", rule.key, *parameters),
                           lambda: self.rule_reason(rule, parameters, values))

    def case_rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse],
                         values: dict[str, Any]) -> Explained:
        return self._case_reason(rule.id, rule.text[self.lang], rule.legal_basis, parameters,
                                 values)

    def _template(self, rule: Rule, use_title: bool) -> str:
        return (rule.title if use_title else rule.text)[self.lang]

    def condition_reason(self, rule: Rule, use_title: bool = False) -> Explained:
        key = (rule.key, use_title)
        found = self._conditions.get(key)
        if found is None:
            names = rule.condition_parameters
            found = self._conditions[key] = self._reason(
                rule.id, self.fill(self._template(rule, use_title), {}), rule.legal_basis,
                self.uses(*names) if names else {})
        return found

    def note_reason(self, note: Note, parameters: dict[str, ParameterUse],
                    values: dict[str, Any]) -> Explained:
        return self._reason(note.id, self.fill(note.text[self.lang], values), note.legal_basis,
                            parameters)

    def case_note_reason(self, note: Note, parameters: dict[str, ParameterUse],
                         values: dict[str, Any]) -> Explained:
        """Not shared: half of the cases of a population pay a contribution no other case
        pays, and keeping each filled the plan's bound with them. The text is filled as
        `note_reason` fills it; the JSON around it (rule, legal basis, parameters: fixed by
        the period and the parameters' names) is rendered once, and `quote` escapes
        character by character, so the joined JSON is what `Explained.json` writes."""
        return self._case_reason(note.id, note.text[self.lang], note.legal_basis, parameters,
                                 values)

    def _case_reason(self, rule: str, template: str, legal_basis: str,
                     parameters: dict[str, ParameterUse], values: dict[str, Any]
                     ) -> Explained:
        """A reason of this case alone (`case_note_reason`, `case_rule_reason`): its text
        filled, the JSON around the text made once per rule and parameter names."""
        head, tail = self.shared(("case frame", rule, legal_basis, *parameters), lambda: (
            utf8(f'{{"rule":{quote(rule)},"text":'),
            utf8(f',"legal_basis":{quote(legal_basis)},'
                 f'"parameters":{parameters_json(parameters)}}}')))
        reason = Explained(rule, self.fill(template, values), legal_basis, dict(parameters))
        reason._json = head + utf8(quote(reason.text)) + tail
        return reason

    def with_parameters(self, reason: ReasonLike, extra: dict[str, ParameterUse]
                        ) -> Explained:
        return self._reason(reason.rule, reason.text, reason.legal_basis,
                            {**reason.parameters, **extra})

    def with_text(self, reason: ReasonLike, text: str) -> Explained:
        return self._reason(reason.rule, text, reason.legal_basis, reason.parameters)

    def _reason(self, rule: str, text: str, legal_basis: str,
                parameters: dict[str, ParameterUse]) -> Explained:
        """One shared `Explained` per rule, text and parameter names. Within a period a
        parameter's name fixes its value, so these are the reason's every field; the same
        reason met again (the same cap, the same share, a contribution seen before) comes
        with its JSON already written."""
        key = ("reason", rule, text, legal_basis, *parameters)
        return self.shared(key, lambda: Explained(rule, text, legal_basis, dict(parameters)))

    def granted_by(self, service: str, date: dt.date) -> list[Rule]:
        """The eligibility rules covering a service: the same on every date of the period."""
        found = self._granted.get(service)
        if found is None:
            found = self._granted[service] = super().granted_by(service, date)
        return found

    def shared(self, key: Any, make: Callable[[], T]) -> T:
        """What depends only on the period, the language and `key` (a reason, a piece of
        output JSON), made on first use; bounded, like every cache of the engine."""
        found = self._shared.get(key, _MISSING)
        if found is _MISSING:
            if len(self._shared) >= self._limit:
                self._shared.clear()
            found = self._shared[key] = make()
        return cast(T, found)
