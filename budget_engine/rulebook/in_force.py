"""The rule book as it stands on a date: which rules are in force, each parameter's value,
and the rules left out that day (and why). What the policy page and `rules check` show.

It compiles the rules of that date exactly as a calculation dated that day would, so what it
reports left out is what a budget of that date goes without.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .compiler import Compiler
from .loader import Rule, RuleBook
from .parameters import Parameter, ParameterValue


@dataclass(frozen=True)
class RuleOnDate:
    rule: Rule
    in_force: bool


@dataclass(frozen=True)
class ParameterOnDate:
    name: str
    parameter: Parameter
    #: The value in force on the date, or None when the parameter has none then.
    current: ParameterValue | None


@dataclass(frozen=True)
class RulesInForce:
    on: dt.date
    #: Every rule of the book, in the order of the rule files, marked in force or not.
    rules: tuple[RuleOnDate, ...]
    #: Every parameter, by name.
    parameters: tuple[ParameterOnDate, ...]
    #: Rules left out on the date, and why (e.g. a parameter they need is not in force).
    problems: tuple[str, ...]


def rules_in_force(book: RuleBook, on: dt.date) -> RulesInForce:
    """The rules and parameters of `book` on the date `on`, and what is left out that day."""
    compiled = Compiler(book).for_date(on)
    return RulesInForce(
        on=on,
        rules=tuple(RuleOnDate(rule, rule.in_force(on)) for rule in book.all_rules()),
        parameters=tuple(ParameterOnDate(name, parameter, parameter.on(on))
                         for name, parameter in sorted(book.parameters.parameters.items())),
        problems=tuple(compiled.problems),
    )
