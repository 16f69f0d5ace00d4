"""The `when` language of the rule files, and its translation to durable_rules patterns.

A condition is a mapping; its keys all have to hold:
  `fact: value` (equals), `fact: {op: value, ...}` with op one of = != < <= > >= in not_in,
  `all: [condition, ...]`, `any: [condition, ...]`, `not: condition`.
A value may be `{parameter: name}`: the parameter's value in force on the date is put in when
the rules are compiled for that date. durable_rules has no `not`, so negation is pushed down
to the comparisons before translation.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Union

from ..dates import date_number
from .fact_catalogue import FactType
from .messages import FACT_KIND_WORDS
from .yaml_source import LineDict, RuleError

OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "in", "not_in")
_NEGATED = MappingProxyType({"=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
                             "in": "not_in", "not_in": "in"})
_DURABLE = MappingProxyType({"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"})


@dataclass(frozen=True)
class ParamRef:
    name: str


@dataclass(frozen=True)
class Compare:
    fact: str
    op: str
    value: Any  # a literal, a tuple of literals for in/not_in, or a ParamRef


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


Condition = Union[Compare, AllOf, AnyOf, Not]  # noqa: UP007 - a runtime alias


#: How deep `all`, `any` and `not` may nest, and how many parts one condition may list (the
#: terms of an `all`/`any`, the facts of a mapping, the values of an `in`). The shipped
#: rules nest 3 deep with at most 6 parts; the bounds keep every walk of a condition
#: (negation, translation, the editor's display) small, whatever a rule file holds.
MAX_DEPTH = 8
MAX_TERMS = 50


def parse(raw: Any, facts: Mapping[str, FactType], params: set[str], file: str, line: int,
          depth: int = 0) -> Condition:
    """Check a `when` against the fact catalogue and turn it into a condition tree."""
    if raw is None:
        return AllOf(())
    if not isinstance(raw, dict):
        raise RuleError(file, line, f"a condition must be a mapping, got {_shown(raw)}",
                        "condition_mapping", {"value": _shown(raw)})
    if depth > MAX_DEPTH:
        raise RuleError(file, line, f"conditions nest more than {MAX_DEPTH} levels deep "
                        "(all, any, not): write the rule more simply", "condition_depth",
                        {"most": MAX_DEPTH})
    if len(raw) > MAX_TERMS:
        raise RuleError(file, line, f"a condition has more than {MAX_TERMS} parts",
                        "condition_terms", {"most": MAX_TERMS})
    parts: list[Condition] = []
    for key, value in raw.items():
        at = raw.line_of(key) if isinstance(raw, LineDict) else line
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise RuleError(file, at, f'"{key}" takes a non-empty list of conditions',
                                "condition_list", {"key": key})
            if len(value) > MAX_TERMS:
                raise RuleError(file, at, f'"{key}" lists more than {MAX_TERMS} conditions',
                                "condition_terms", {"most": MAX_TERMS})
            subs = tuple(parse(v, facts, params, file, getattr(v, "line", at), depth + 1)
                         for v in value)
            parts.append(AllOf(subs) if key == "all" else AnyOf(subs))
        elif key == "not":
            parts.append(Not(parse(value, facts, params, file, getattr(value, "line", at),
                                   depth + 1)))
        elif key in facts:
            parts.extend(_comparisons(key, value, facts[key], params, file, at))
        else:
            raise RuleError(file, at, f'unknown fact "{_cut(str(key))}" '
                            f'(known: {", ".join(sorted(facts))})', "unknown_fact",
                            _unknown_fact(str(key), facts))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _unknown_fact(typed: str, facts: Mapping[str, FactType]) -> dict[str, Any]:
    """What an unknown fact's message names: the fact as typed and, when one is close
    (`has_grtt`), the fact meant, by its code and its Latvian label."""
    close = difflib.get_close_matches(typed, list(facts), n=1)
    hint = f" (vai domājāt „{close[0]}” – {facts[close[0]].label.lv}?)" if close else ""
    return {"fact": _cut(typed), "known": ", ".join(sorted(facts)), "hint_lv": hint}


def _shown(value: Any, most: int = 80) -> str:
    """A value in a message, cut short: the message names it, it does not repeat a page."""
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # nested past Python's depth; a huge integer
        text = f"<{type(value).__name__}>"
    return _cut(text, most)


def _cut(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most] + "…"


def _comparisons(fact: str, value: Any, ftype: FactType, params: set[str], file: str, line: int
                 ) -> list[Condition]:
    if isinstance(value, dict) and set(value) != {"parameter"}:
        out: list[Condition] = []
        for op, operand in value.items():
            if op not in OPERATORS:
                raise RuleError(file, line, f'unknown operator "{_cut(str(op))}" for "{fact}" '
                                f"(expected one of {' '.join(OPERATORS)})", "unknown_operator",
                                {"op": _cut(str(op)), "fact": fact, "known": " ".join(OPERATORS)})
            out.append(Compare(fact, op, _operand(fact, op, operand, ftype, params, file, line)))
        return out
    return [Compare(fact, "=", _operand(fact, "=", value, ftype, params, file, line))]


def _operand(fact: str, op: str, value: Any, ftype: FactType, params: set[str], file: str,
             line: int) -> Any:
    if isinstance(value, dict) and set(value) == {"parameter"}:
        if value["parameter"] not in params:
            name = _cut(str(value["parameter"]))
            raise RuleError(file, line, f'unknown parameter "{name}"', "unknown_parameter",
                            {"name": name})
        return ParamRef(value["parameter"])
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise RuleError(file, line, f'"{op}" for "{fact}" takes a non-empty list',
                            "list_needed", {"op": op, "fact": fact})
        if len(value) > MAX_TERMS:
            raise RuleError(file, line, f'"{op}" for "{fact}" lists more than {MAX_TERMS} '
                            "values", "condition_terms", {"most": MAX_TERMS})
        return tuple(_literal(fact, v, ftype, file, line) for v in value)
    if op in ("<", "<=", ">", ">=") and ftype.kind not in ("int", "date"):
        raise RuleError(file, line, f'"{op}" needs a number or date fact; "{fact}" is {ftype.kind}',
                        "order_needs_number", {"op": op, "fact": fact, "kind": ftype.kind,
                                               "kind_lv": FACT_KIND_WORDS[ftype.kind]})
    return _literal(fact, value, ftype, file, line)


def _literal(fact: str, value: Any, ftype: FactType, file: str, line: int) -> Any:
    low, high = ftype.bounds
    expected = {
        "bool": "true or false", "int": f"a whole number from {low} to {high}",
        "date": "a date YYYY-MM-DD", "enum": "one of " + ", ".join(ftype.choices),
    }[ftype.kind]
    expected_lv = {
        "bool": "true vai false", "int": f"veselam skaitlim no {low} līdz {high}",
        "date": "datumam GGGG-MM-DD", "enum": "vienai no vērtībām: " + ", ".join(ftype.choices),
    }[ftype.kind]
    ok = (
        (ftype.kind == "bool" and isinstance(value, bool))
        or (ftype.kind == "int" and isinstance(value, int) and not isinstance(value, bool)
            and low <= value <= high)
        or (ftype.kind == "date" and isinstance(value, dt.date))
        or (ftype.kind == "enum" and isinstance(value, str) and value in ftype.choices)
    )
    if not ok:
        in_range = ftype.kind == "int" and isinstance(value, int) and not isinstance(value, bool)
        raise RuleError(file, line, f'"{fact}" cannot be {_shown(value)}: expected {expected}',
                        "literal_range" if in_range else "literal_type",
                        {"fact": fact, "value": _shown(value), "low": low, "high": high,
                         "expected": expected, "expected_lv": expected_lv})
    return value


def parameters_used(cond: Condition) -> set[str]:
    if isinstance(cond, Compare):
        return {cond.value.name} if isinstance(cond.value, ParamRef) else set()
    if isinstance(cond, Not):
        return parameters_used(cond.part)
    return set().union(*(parameters_used(p) for p in cond.parts)) if cond.parts else set()


def facts_used(cond: Condition) -> set[str]:
    if isinstance(cond, Compare):
        return {cond.fact}
    if isinstance(cond, Not):
        return facts_used(cond.part)
    return set().union(*(facts_used(p) for p in cond.parts)) if cond.parts else set()


def negate(cond: Condition) -> Condition:
    if isinstance(cond, Compare):
        return Compare(cond.fact, _NEGATED[cond.op], cond.value)
    if isinstance(cond, Not):
        return cond.part
    if isinstance(cond, AllOf):
        return AnyOf(tuple(negate(p) for p in cond.parts))
    return AllOf(tuple(negate(p) for p in cond.parts))


TRUE = AllOf(())
FALSE = AnyOf(())


def to_durable(cond: Condition, resolve: Any) -> dict[str, Any] | bool:
    """The durable_rules pattern of a condition, or True/False when it is constant.

    `resolve(name)` gives a parameter's value in force for the ruleset being compiled.
    """
    if isinstance(cond, Not):
        return to_durable(negate(cond.part), resolve)
    if isinstance(cond, Compare):
        value = resolve(cond.value.name) if isinstance(cond.value, ParamRef) else cond.value
        if cond.op in ("in", "not_in"):
            values = list(value)
            if cond.op == "in":
                alts = [{cond.fact: fact_value(v)} for v in values]
                return alts[0] if len(alts) == 1 else {"$or": alts}
            nots = [{"$neq": {cond.fact: fact_value(v)}} for v in values]
            return nots[0] if len(nots) == 1 else {"$and": nots}
        if cond.op == "=":
            return {cond.fact: fact_value(value)}
        return {_DURABLE[cond.op]: {cond.fact: fact_value(value)}}
    parts = [to_durable(p, resolve) for p in cond.parts]
    # `all` is decided by one constant false part, `any` by one constant true part; parts
    # that are constant the other way drop out, and an empty combination is that constant.
    every = isinstance(cond, AllOf)
    if any(p is (not every) for p in parts):
        return not every
    kept = [p for p in parts if isinstance(p, dict)]
    if not kept:
        return every
    return kept[0] if len(kept) == 1 else {"$and" if every else "$or": kept}


def fact_value(value: Any) -> Any:
    """Dates travel to durable_rules as numbers YYYYMMDD so that < and > work on them."""
    if isinstance(value, dt.date):
        return date_number(value)
    return value
