"""A rule's condition as a Latvian or English sentence, from the fact catalogue's labels.

Policy staff and lawyers check a rule against the act it cites; they read "Ja persona ir
pilngadīga, personai ir GRT diagnoze un invaliditātes grupa ir I vai II.", not
`{"is_child": false, "has_grt": true, …}`. The rules browser, `rules show`, the rule book
diff and the draft pages all say a condition with `condition_sentence`, so they say it
alike. A fact is named by its label, a service and a parameter by their titles in the rule
book; a parameter's code follows its title in parentheses, for the reader who looks it up.

Parts of an `all` are joined with "un"/"and", of an `any` with "vai"/"or"; a combination
inside another is put in parentheses, and an `any` of combinations at the top is listed as
"viens no: 1) …; 2) …", as the acts themselves list alternatives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..conditions import AllOf, AnyOf, Compare, Condition, Not, ParamRef, negate
from ..fact_catalogue import ALL_FACTS, FactType

_WORDS = MappingProxyType({
    "lv": {"and": "un", "or": "vai", "always": "vienmēr (bez nosacījuma)",
           "never": "nekad", "if": "Ja", "one_of": "ir izpildīts viens no nosacījumiem:",
           "not": "nav tā, ka", "neither": "nav ne", "nor": "ne", "yes": "jā", "no": "nē"},
    "en": {"and": "and", "or": "or", "always": "always (no condition)", "never": "never",
           "if": "If", "one_of": "one of these holds:", "not": "it is not so that",
           "neither": "is neither", "nor": "nor", "yes": "yes", "no": "no"},
})

#: How a number or a date is compared, in words (the numeric facts' labels are masculine
#: nouns in Latvian: "vecums", "skaits", "līmenis").
_NUMBER_OPS = MappingProxyType({
    "lv": {"=": "ir", "!=": "nav", "<": "ir mazāks par", "<=": "nepārsniedz",
           ">": "ir lielāks par", ">=": "ir vismaz"},
    "en": {"=": "is", "!=": "is not", "<": "is less than", "<=": "is at most",
           ">": "is more than", ">=": "is at least"},
})
_DATE_OPS = MappingProxyType({
    "lv": {"=": "ir", "!=": "nav", "<": "ir pirms", "<=": "ir ne vēlāk kā", ">": "ir pēc",
           ">=": "ir ne agrāk kā"},
    "en": {"=": "is", "!=": "is not", "<": "is before", "<=": "is on or before",
           ">": "is after", ">=": "is on or after"},
})
OPERATOR_WORDS = MappingProxyType({"number": _NUMBER_OPS, "date": _DATE_OPS})


@dataclass(frozen=True)
class Titles:
    """The rule book's own names a condition may mention: parameter name -> {lv, en} and
    service code -> {lv, en}. `titles_of(book)` takes them from a loaded rule book."""

    parameters: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({}))
    services: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({}))


def titles_of(book: Any) -> Titles:
    """The parameter and service titles of a `RuleBook` (anything with `.parameters
    .parameters` and `.services` whose entries have a `title` mapping)."""
    return Titles(
        MappingProxyType({name: p.title for name, p in book.parameters.parameters.items()}),
        MappingProxyType({code: s.title for code, s in book.services.items()}))


def _lang(lang: str) -> str:
    return "lv" if lang == "lv" else "en"


def _quoted(text: str, lang: str) -> str:
    return f"„{text}”" if lang == "lv" else f"“{text}”"


def _number(value: int, lang: str) -> str:
    text = f"{abs(value):,}".replace(",", " " if lang == "lv" else ",")
    return ("−" if value < 0 else "") + text


def value_words(fact: str, value: Any, lang: str, titles: Titles | None = None,
                facts: Mapping[str, FactType] = ALL_FACTS) -> str:
    """One value a fact is compared with, as the reader writes it: 01.11.2023, 1 000, a
    choice in words, a service by its title, a parameter by its title (code)."""
    lang = _lang(lang)
    titles = titles or Titles()
    if isinstance(value, ParamRef):
        title = titles.parameters.get(value.name, {}).get(lang)
        return f"{_quoted(title, lang)} ({value.name})" if title else f"({value.name})"
    if isinstance(value, bool):
        return _WORDS[lang]["yes" if value else "no"]
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if lang == "lv" else value.isoformat()
    if isinstance(value, int):
        return _number(value, lang)
    text = str(value)
    if fact == "service":
        title = titles.services.get(text, {}).get(lang)
        return f"{_quoted(title, lang)} ({text})" if title else f"({text})"
    ftype = facts.get(fact)
    words = ftype.choice_words.get(text) if ftype is not None else None
    if words is not None:
        return words[0] if lang == "lv" else words[1]
    return f"({text})"


def _listed(items: Sequence[str], last: str, lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_WORDS[lang][last]} " + items[-1]


def fact_label(fact: str, lang: str, holds: bool = True,
               facts: Mapping[str, FactType] = ALL_FACTS) -> str:
    """A fact's label in the language (for a yes/no fact: that it holds, or that it does
    not); a fact the catalogue does not know is shown by its code in parentheses."""
    ftype = facts.get(fact)
    text = ftype.label.text(_lang(lang), holds) if ftype is not None else ""
    return text or f"({fact})"


def _compare_words(cmp: Compare, lang: str, titles: Titles,
                   facts: Mapping[str, FactType]) -> str:
    ftype = facts.get(cmp.fact)
    kind = ftype.kind if ftype is not None else "enum"
    w = _WORDS[lang]
    if kind == "bool" and isinstance(cmp.value, bool) and cmp.op in ("=", "!="):
        return fact_label(cmp.fact, lang, cmp.value == (cmp.op == "="), facts)
    if kind == "bool" and isinstance(cmp.value, tuple) and all(
            isinstance(v, bool) for v in cmp.value):
        wanted = set(cmp.value)
        if len(wanted) == 1:
            (only,) = wanted
            return fact_label(cmp.fact, lang, only == (cmp.op == "in"), facts)
        return w["always"] if cmp.op == "in" else w["never"]
    label = fact_label(cmp.fact, lang, True, facts)
    if cmp.op in ("in", "not_in") and isinstance(cmp.value, tuple):
        values = [value_words(cmp.fact, v, lang, titles, facts) for v in cmp.value]
        if cmp.op == "in":
            verb = _NUMBER_OPS[lang]["="]
            return f"{label} {verb} {_listed(values, 'or', lang)}"
        if len(values) == 1:
            return f"{label} {_NUMBER_OPS[lang]['!=']} {values[0]}"
        return f"{label} {w['neither']} " + f", {w['nor']} ".join(values)
    if cmp.op in ("in", "not_in"):  # a parameter holding the list
        verb = ("ir viens no" if cmp.op == "in" else "nav neviens no") if lang == "lv" else \
            ("is one of" if cmp.op == "in" else "is none of")
        return f"{label} {verb} {value_words(cmp.fact, cmp.value, lang, titles, facts)}"
    ops = _DATE_OPS if kind == "date" else _NUMBER_OPS
    verb = ops[lang].get(cmp.op, cmp.op)
    return f"{label} {verb} {value_words(cmp.fact, cmp.value, lang, titles, facts)}"


def _compound(cond: Condition) -> bool:
    return isinstance(cond, AllOf | AnyOf) and len(cond.parts) > 1


def condition_words(cond: Condition, lang: str, titles: Titles | None = None,
                    facts: Mapping[str, FactType] = ALL_FACTS, *, top: bool = True) -> str:
    """A condition as a clause in the language, without "Ja"/"If" and the full stop."""
    lang = _lang(lang)
    titles = titles or Titles()
    w = _WORDS[lang]
    if isinstance(cond, Compare):
        return _compare_words(cond, lang, titles, facts)
    if isinstance(cond, Not):
        if isinstance(cond.part, Compare):
            return _compare_words(negate(cond.part), lang, titles, facts)  # type: ignore[arg-type]
        inner = condition_words(cond.part, lang, titles, facts, top=False)
        return f"{w['not']} {inner if inner.startswith('(') else '(' + inner + ')'}"
    if not cond.parts:
        return w["always"] if isinstance(cond, AllOf) else w["never"]
    if len(cond.parts) == 1:
        return condition_words(cond.parts[0], lang, titles, facts, top=top)

    def part(sub: Condition) -> str:
        text = condition_words(sub, lang, titles, facts, top=False)
        return f"({text})" if _compound(sub) else text

    if isinstance(cond, AnyOf) and top and any(_compound(p) for p in cond.parts):
        return w["one_of"] + " " + "; ".join(
            f"{n}) {condition_words(p, lang, titles, facts, top=False)}"
            for n, p in enumerate(cond.parts, 1))
    joiner = "and" if isinstance(cond, AllOf) else "or"
    return _listed([part(p) for p in cond.parts], joiner, lang)


def condition_sentence(cond: Condition, lang: str, titles: Titles | None = None,
                       facts: Mapping[str, FactType] = ALL_FACTS) -> str:
    """A condition as one sentence: "Ja persona ir pilngadīga un … ." / "If … ."; a rule
    with no condition reads "Vienmēr (bez nosacījuma)." / "Always (no condition)."."""
    lang = _lang(lang)
    clause = condition_words(cond, lang, titles, facts)
    if isinstance(cond, AllOf) and not cond.parts:
        return clause[0].upper() + clause[1:] + "."
    return f"{_WORDS[lang]['if']} {clause}."
