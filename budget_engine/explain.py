"""Explanations: rule texts in Latvian or English, with the parameters and dates they used.

A social worker must be able to read why each euro is where it is, so every reason carries
its rule id, text, legal basis and the parameter values (with the date each is in force from).
All texts come from the rule book (rule texts, `rules/messages.yaml`); this module only fills
them in, so no sentence is assembled in the arithmetic.
"""

from __future__ import annotations

import bisect
import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from .models import ParameterUse, Reason, Warning
from .rulebook.loader import Note, Rule, RuleBook
from .rulebook.words.text_values import TextForms, counted_forms, plain, text_forms

LANGS = ("lv", "en")
T = TypeVar("T")

#: Parameter types whose values are one `Decimal` (money, a share, a factor).
DECIMAL_TYPES = frozenset({"amount", "share", "factor"})


class ReasonLike(Protocol):
    """A reason as the arithmetic builds it: a `models.Reason`, or on replay's fast path a
    `plan.Explained` that also knows its JSON."""

    rule: str
    text: str
    legal_basis: str
    parameters: dict[str, ParameterUse]


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: dict[str, Any], lang: str = "en") -> str:
    """The template with each `{name}` replaced by its value as the language writes it
    (`text_values.TextForms`: Latvian `1 200,50`, English `1200.50`) and each
    `{name:# diena|# dienas}` by the number with its noun in the form the number takes;
    a name without a value is left as it is, braces and all. (`Templates.fill` is the
    same, faster.)"""
    forms = text_forms(lang)
    pieces = _pieces(template)
    if pieces is not None:
        return _joined(pieces, values, forms)
    return template.format_map(_Blank({k: forms.value(v) for k, v in values.items()}))


#: A template taken apart: each literal piece, followed by the name of the field after it
#: (None after the last) and the field's noun forms ("" for a plain field).
Pieces = list[tuple[str, str | None, str]]


class Templates:
    """`fill`, with each template taken apart once. Every reason and warning of every
    case is filled, and the texts come from the rule book, so there are few templates; a
    template `str.format_map` must read itself (a conversion, an attribute or an index of
    a field) is filled by `fill`."""

    def __init__(self, limit: int = 10_000) -> None:
        self._pieces: dict[str, Pieces | None] = {}
        self._limit = limit

    def fill(self, template: str, values: dict[str, Any], forms: TextForms) -> str:
        if template in self._pieces:
            pieces = self._pieces[template]
        else:
            if len(self._pieces) >= self._limit:
                self._pieces.clear()
            pieces = self._pieces[template] = _pieces(template)
        if pieces is None:
            return fill(template, values, forms.lang)
        return _joined(pieces, values, forms)


def _joined(pieces: Pieces, values: dict[str, Any], forms: TextForms) -> str:
    out: list[str] = []
    for literal, name, spec in pieces:
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            out.append("{" + name + (":" + spec if spec else "") + "}")
        elif spec:
            out.append(forms.counted(values[name], spec))
        else:
            out.append(forms.value(values[name]))
    return "".join(out)


def _pieces(template: str) -> Pieces | None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:  # unbalanced braces: `fill` raises as str.format_map does
        return None
    pieces: Pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (conversion or not name.isidentifier() or
                                 (spec and counted_forms(spec) is None)):
            return None
        pieces.append((literal, name, spec or ""))
    return pieces


def show(value: Any) -> str:
    """A value as the JSON and the English texts print it (plain, not localised: `1200.5`,
    `2026-11-25`); `text_values.TextForms` writes it in a text's language."""
    return plain(value)


def percent(fraction: Decimal) -> Decimal:
    """A share as the percent a text shows (0.85 -> 85), written in the text's language
    when it is filled (`12,5` in Latvian)."""
    return (fraction * 100).normalize()


@dataclass(frozen=True)
class InForce:
    """A parameter's value on a date and how an explanation shows it."""

    value: Any
    use: ParameterUse


@dataclass
class ExplainCaches:
    """What one rule book's explanations reuse across cases: a replay asks the same few
    dates and texts many times. Owned by the `Calculator`, so it lives as long as its book."""

    book: RuleBook
    snapshots: dict[int, dict[str, InForce | None]] = field(default_factory=dict)
    plain_texts: dict[str, str] = field(default_factory=dict)
    #: (rule key, lang, period, use_title) -> text and the parameters its `when` names.
    rule_parts: dict[tuple[str, str, int, bool], tuple[str, dict[str, ParameterUse]]] = (
        field(default_factory=dict))
    limit: int = 20_000
    templates: Templates = field(default_factory=Templates)
    #: How each language writes the values of its texts (Babel read once per language).
    forms: dict[str, TextForms] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.kinds = {name: p.kind for name, p in self.book.parameters.parameters.items()}
        self._changes = self.book.parameters.change_dates()

    def period(self, date: dt.date) -> int:
        """Which stretch between two parameter changes a date falls in."""
        return bisect.bisect_right(self._changes, date)

    def snapshot(self, period: int, date: dt.date) -> dict[str, InForce | None]:
        """Every parameter's value in force in a period (the same on each of its dates)."""
        found = self.snapshots.get(period)
        if found is None:
            found = self.snapshots[period] = {}
            for name, parameter in self.book.parameters.parameters.items():
                value = parameter.on(date)
                found[name] = None if value is None else InForce(
                    value.value, ParameterUse(value=show(value.value),
                                              valid_from=value.valid_from))
        return found

    def forms_of(self, lang: str) -> TextForms:
        found = self.forms.get(lang)
        if found is None:
            found = self.forms[lang] = text_forms(lang)
        return found

    def remember_plain(self, template: str) -> str:
        found = self.plain_texts.get(template)
        if found is None:
            if len(self.plain_texts) >= self.limit:
                self.plain_texts.clear()
            found = self.plain_texts[template] = self.templates.fill(
                template, {}, self.forms_of("en"))
        return found


class Explainer:
    """Reads the parameters in force on one date, and builds reasons and warnings in one
    language. The typed readers (`amount`, `count`, ...) say what kind of value the
    arithmetic expects; asking for the wrong kind is a programming error, raised at once."""

    def __init__(self, book: RuleBook, date: dt.date, lang: str, caches: ExplainCaches
                 ) -> None:
        self.book, self.date, self.lang = book, date, lang
        self._caches = caches
        self._forms = caches.forms_of(lang)
        self._period = caches.period(date)
        self._values = caches.snapshot(self._period, date)
        self._kinds = caches.kinds

    @property
    def period(self) -> int:
        """The stretch between parameter changes this date is in: every parameter, and so
        every text built from parameters alone, is the same on all of its dates."""
        return self._period

    # -- parameters ---------------------------------------------------------------------------
    def param(self, name: str) -> InForce | None:
        """The value in force and how to show it (None: the parameter has no value then)."""
        return self._values[name]

    def _typed(self, name: str, kinds: frozenset[str] | set[str]) -> Any:
        if self._kinds[name] not in kinds:
            raise TypeError(f'parameter "{name}" is a {self._kinds[name]}, read as '
                            f'{"/".join(sorted(kinds))}')
        found = self._values[name]
        return None if found is None else found.value

    def amount(self, name: str) -> Decimal | None:
        """Money, a share (0.85) or a factor."""
        value: Decimal | None = self._typed(name, DECIMAL_TYPES)
        return value

    def count(self, name: str) -> int | None:
        value: int | None = self._typed(name, {"count"})
        return value

    def text(self, name: str) -> str | None:
        value: str | None = self._typed(name, {"text"})
        return value

    def day(self, name: str) -> dt.date | None:
        value: dt.date | None = self._typed(name, {"date"})
        return value

    def counts(self, name: str) -> list[int] | None:
        value: list[int] | None = self._typed(name, {"count_list"})
        return value

    def services(self, name: str) -> list[str] | None:
        value: list[str] | None = self._typed(name, {"service_list"})
        return value

    def amount_by_key(self, name: str) -> dict[str, Decimal] | None:
        """An amount per named key (a rate per tier, a threshold per household member)."""
        value: dict[str, Decimal] | None = self._typed(name, {"amount_table"})
        return value

    def decimal_by_number(self, name: str) -> dict[int, Decimal] | None:
        """A share or a bound per whole number (F6's share by year, the level bands)."""
        value: dict[int, Decimal] | None = self._typed(name, {"share_table", "band_table"})
        return value

    def package(self, name: str) -> dict[int, dict[str, int]] | None:
        value: dict[int, dict[str, int]] | None = self._typed(name, {"package"})
        return value

    def rate(self, name: str, tier: str | None) -> Decimal | None:
        """A service's rate: one amount, or one per rate tier."""
        kind = self.book.parameters.parameters[name].kind
        if kind == "amount_table":
            table = self.amount_by_key(name)
            return table.get(tier) if table is not None and tier else None
        return self.amount(name)

    def required(self, value: T | None, name: str) -> T:
        """A parameter the calculation cannot do without (checked in force beforehand)."""
        if value is None:
            raise LookupError(f'parameter "{name}" has no value on {self.date.isoformat()}')
        return value

    def uses(self, *names: str) -> dict[str, ParameterUse]:
        out = {}
        for name in names:
            found = self.param(name)
            if found is not None:
                out[name] = found.use
        return out

    def use_of(self, name: str, key: str) -> dict[str, ParameterUse]:
        """One entry of a table-valued parameter (a rate tier, a first-person threshold)."""
        found = self.param(name)
        if found is None or not isinstance(found.value, dict) or key not in found.value:
            return {}
        use = self.shared(("use_of", name, key), lambda: ParameterUse(
            value=show(found.value[key]), valid_from=found.use.valid_from))
        return {f"{name}.{key}": use}

    # -- texts --------------------------------------------------------------------------------
    def fill(self, template: str, values: dict[str, Any]) -> str:
        """`fill`, with the template taken apart once for the book (`Templates`)."""
        return self._caches.templates.fill(template, values, self._forms)

    def message(self, key: str, **values: Any) -> str:
        """One of the engine's own texts (rules/messages.yaml), filled in."""
        return self.fill(self.book.messages[key][self.lang], values)

    def rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse] | None = None,
                    values: dict[str, Any] | None = None, use_title: bool = False
                    ) -> ReasonLike:
        template = (rule.title if use_title else rule.text)[self.lang]
        text = self.fill(template, values) if values else self._caches.remember_plain(template)
        # Built from checked rule data: construct without re-validating (hot path).
        return Reason.model_construct(rule=rule.id, text=text,
                                      legal_basis=rule.legal_basis,
                                      parameters=dict(parameters or {}))

    def case_rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse],
                         values: dict[str, Any]) -> ReasonLike:
        """`rule_reason` filled with a case's own numbers (what a client can pay above the
        threshold): seldom the same twice, so a plan keeps only the rest of its JSON."""
        return self.rule_reason(rule, parameters, values)

    def period_rule_reason(self, rule: Rule, parameters: dict[str, ParameterUse],
                           values: dict[str, Any]) -> ReasonLike:
        """`rule_reason` whose `values` come from the period's parameters alone (the order
        in which services take co-payments): the same for every case of the period, so a
        plan fills it once. A value of the case given here would be shown wrong."""
        return self.rule_reason(rule, parameters, values)

    def condition_reason(self, rule: Rule, use_title: bool = False) -> ReasonLike:
        """A rule's reason with the parameters its `when` names and no values to fill in:
        the same on every case of a date, so its parts are prepared once."""
        key = (rule.key, self.lang, self._period, use_title)
        parts = self._caches.rule_parts.get(key)
        if parts is None:
            if len(self._caches.rule_parts) >= self._caches.limit:
                self._caches.rule_parts.clear()
            names = rule.condition_parameters
            template = (rule.title if use_title else rule.text)[self.lang]
            parts = self._caches.rule_parts[key] = (
                self.fill(template, {}), self.uses(*names) if names else {})
        return Reason.model_construct(rule=rule.id, text=parts[0],
                                      legal_basis=rule.legal_basis, parameters=dict(parts[1]))

    def note_reason(self, note: Note, parameters: dict[str, ParameterUse],
                    values: dict[str, Any]) -> ReasonLike:
        return Reason.model_construct(rule=note.id,
                                      text=self.fill(note.text[self.lang], values),
                                      legal_basis=note.legal_basis, parameters=parameters)

    def case_note_reason(self, note: Note, parameters: dict[str, ParameterUse],
                         values: dict[str, Any]) -> ReasonLike:
        """A note filled with a case's own numbers (a contribution): seldom the same twice,
        so a plan renders only the rest of its JSON once (`plan.PeriodPlan`)."""
        return self.note_reason(note, parameters, values)

    def with_parameters(self, reason: ReasonLike, extra: dict[str, ParameterUse]
                        ) -> ReasonLike:
        """The reason also naming `extra` (a line's price joins the rule that grants it)."""
        reason.parameters.update(extra)
        return reason

    def shared(self, key: Any, make: Callable[[], T]) -> T:
        """What every case of the period with this `key` gets alike. This explainer serves
        one case, so it is simply made; a `plan.PeriodPlan` keeps it for the period."""
        return make()

    def with_text(self, reason: ReasonLike, text: str) -> ReasonLike:
        """The reason with another text (a cap that cut the request says so)."""
        reason.text = text
        return reason

    def granted_by(self, service: str, date: dt.date) -> list[Rule]:
        """The eligibility rules in force that cover this service (all of them held)."""
        out = []
        for rule in self.book.eligibility:
            if not rule.in_force(date):
                continue
            scope = rule.services
            if scope == "all" or (scope == "di" and self.book.services[service].di) or (
                    isinstance(scope, list) and service in scope):
                out.append(rule)
        return out

    def warning(self, code: str, parameters: tuple[str, ...] = (), **values: Any) -> Warning:
        """A warning with its text and the parameters it rests on (a missing one is shown
        as not in force on the date, so the reader sees what to add to rules/)."""
        if "payer" in values:
            values["payer"] = self.message(f"payer.{values['payer']}")
        uses = self.uses(*parameters)
        for name in parameters:
            if name not in uses and name in self.book.parameters:
                uses[name] = ParameterUse(value="—", valid_from=None)
        return Warning(code=code, text=self.message(f"warning.{code}", **values),  # type: ignore[arg-type]
                       parameters=uses)

    def service_title(self, code: str) -> str:
        return self.book.services[code].title[self.lang]
