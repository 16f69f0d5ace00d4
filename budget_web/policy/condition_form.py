"""A rule's condition edited with pickers: each clause a row (fact, comparison, value).

Policy staff who do not write YAML change a condition by choosing a fact by its label, a
comparison in words valid for the fact's type, and a value typed by that type (yes/no, a
whole number, a date dd.mm.gggg, a choice from the list); clauses are grouped with "un"/"vai"
and a group may be negated ("nav"). The form is plain HTML: adding or removing a clause posts
the form, which comes back with everything typed (no JavaScript needed).

The pickers produce the very mapping a person writes in the rule file's `when`
(`{is_child: true, age: {">=": 5}}`); the editor then writes and checks it as it does typed
YAML (editor.py, edits.py): the loader's check is the last word. What is read here is the
form: a value of the wrong type, a choice not in the list, an impossible date are refused
beside their field in the page's language, and a crafted post (an unknown fact, more clauses
or deeper nesting than the loader allows) gets the same kind of answer, never a crash.

Form field names follow the tree: the outermost group is `c`, its parts `c-0`, `c-1`, their
parts `c-1-0`, ...; each node has `<path>.kind` (group or clause), a group `.join` (all/any)
and `.not`, a clause `.fact`, `.op`, `.value`, `.values` (ticked choices) and `.param`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from budget_engine import (
    CASE_FACTS,
    CONDITION_MAX_DEPTH,
    CONDITION_MAX_TERMS,
    FactType,
    YamlLimitError,
    all_facts,
    condition_sentence,
    fact_label,
    load_plain_yaml,
    titles_of,
    value_words,
)

from ..formatting import page_lang, whole
from ..input.error_texts import form_problem, too_long_text
from ..input.form_input import read_date, read_whole

ROOT = "c"
#: The most characters a value field holds (a number, a date, a list of numbers).
VALUE_LIMIT = 200
#: The most clauses one condition's pickers hold, all groups together: as many as the loader
#: lets one list hold (the shipped rules have at most 13).
MAX_CLAUSES = CONDITION_MAX_TERMS
_NAME = re.compile(r"^c(?:-(\d{1,3}))*\.(kind|join|not|fact|op|value|values|param)$")
_PATH = re.compile(r"^c(?:-\d{1,3})*$")

#: The comparisons a fact of each type is offered, in the order of the list.
OPS_BY_KIND: Mapping[str, tuple[str, ...]] = {
    "bool": ("=",),
    "int": ("=", "!=", ">=", "<=", ">", "<", "in", "not_in"),
    "date": ("=", "!=", ">=", "<=", ">", "<"),
    "enum": ("=", "!=", "in", "not_in"),
}
def _op_words() -> dict[str, dict[str, str]]:
    """The comparisons in the page's language ("vismaz", "ne vairāk kā", "viens no")."""
    number = {"=": _("is"), "!=": _("is not"), ">=": _("at least"), "<=": _("at most"),
              ">": _("more than"), "<": _("less than"), "in": _("one of"),
              "not_in": _("none of")}
    return {"int": number, "enum": number, "bool": number,
            "date": {**number, ">=": _("on or after"), "<=": _("on or before"),
                     ">": _("after"), "<": _("before")}}


#: The parameter kinds a fact of each type may be compared with (`{parameter: name}`).
PARAM_KINDS = {"int": "count", "date": "date"}


def op_words(kind: str) -> list[tuple[str, str]]:
    """The comparisons offered for a fact type: (operator, its words)."""
    words = _op_words()[kind]
    return [(op, words[op]) for op in OPS_BY_KIND[kind]]


@dataclass
class Clause:
    """One row as typed: texts, checked only when the form is saved."""

    fact: str = ""
    op: str = "="
    value: str = ""
    values: list[str] = field(default_factory=list)
    param: str = ""


@dataclass
class Group:
    """Clauses and groups joined by "un" (all) or "vai" (any); `negated`: "nav" before it."""

    join: str = "all"
    negated: bool = False
    parts: list[Clause | Group] = field(default_factory=list)


class NotPickable(Exception):
    """A condition the pickers cannot show (say, a list of dates): edited as YAML only."""


class BadForm(Exception):
    """A post no page of ours makes (a field name out of the tree): answered with 400."""


# -- a stored condition as rows ------------------------------------------------------------
def from_source(source: Any, facts: Mapping[str, FactType]) -> Group:
    """The rows of a rule's `when` as the rule file has it (raises NotPickable)."""
    if source is None:
        return Group()
    group = _from_mapping(source, facts)
    if not group.negated and group.join == "all" and len(group.parts) == 1 and isinstance(
            group.parts[0], Group):
        return group.parts[0]  # {any: [...]} is shown as one "vai" group, not inside an "un"
    return group


def _from_mapping(raw: Any, facts: Mapping[str, FactType]) -> Group:
    if not isinstance(raw, dict):
        raise NotPickable
    group = Group()
    for key, value in raw.items():
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise NotPickable
            group.parts.append(Group(key, False, [_item(v, facts) for v in value]))
        elif key == "not":
            inner = _from_mapping(value, facts)
            if inner.negated:
                raise NotPickable
            inner.negated = True
            group.parts.append(inner)
        elif key in facts:
            group.parts.extend(_clauses(key, value, facts[key]))
        else:
            raise NotPickable
    return group


def _item(raw: Any, facts: Mapping[str, FactType]) -> Clause | Group:
    """A part of an `all`/`any` list: a single clause is shown as a row, not a group."""
    group = _from_mapping(raw, facts)
    if not group.negated and len(group.parts) == 1:
        return group.parts[0]
    return group


def _clauses(fact: str, value: Any, ftype: FactType) -> list[Clause]:
    if isinstance(value, dict) and set(value) != {"parameter"}:
        return [_clause(fact, op, operand, ftype) for op, operand in value.items()]
    return [_clause(fact, "=", value, ftype)]


def _clause(fact: str, op: str, value: Any, ftype: FactType) -> Clause:
    if ftype.kind == "bool":
        if op not in ("=", "!=") or not isinstance(value, bool):
            raise NotPickable
        return Clause(fact, "=", "true" if value == (op == "=") else "false")
    if op not in OPS_BY_KIND[ftype.kind]:
        raise NotPickable
    if isinstance(value, dict):
        if op in ("in", "not_in") or ftype.kind not in PARAM_KINDS:
            raise NotPickable
        return Clause(fact, op, param=str(value["parameter"]))
    if op in ("in", "not_in"):
        if not isinstance(value, list):
            raise NotPickable
        if ftype.kind == "enum":
            return Clause(fact, op, values=[str(v) for v in value])
        return Clause(fact, op, "; ".join(str(v) for v in value))
    if isinstance(value, dt.date):
        return Clause(fact, op, value.strftime("%d.%m.%Y"))
    return Clause(fact, op, str(value))


# -- the posted form as rows ----------------------------------------------------------------
def posted(form: MultiDict[str, str]) -> bool:
    """Whether the post holds the pickers (a post of the YAML alone does not)."""
    return f"{ROOT}.kind" in form


def from_form(form: MultiDict[str, str]) -> Group:
    """The rows as posted, every text kept as typed. A field name out of the tree (a part
    whose group is missing, an index of more than three digits) raises BadForm."""
    kinds: dict[tuple[int, ...], str] = {}
    for name in form:
        if not (name.startswith(ROOT + ".") or name.startswith(ROOT + "-")):
            continue
        if not _NAME.match(name):
            raise BadForm(name)
        path, _dot, what = name.partition(".")
        if what == "kind":
            kinds[_indices(path)] = form.get(name, "")
    if kinds.get(()) != "group":
        raise BadForm(ROOT)
    for at, kind in kinds.items():  # every part's group posted, and each a group or a row
        if kind not in ("group", "clause") or (at and kinds.get(at[:-1]) != "group"):
            raise BadForm(path_of(at))
    return _node_from_form((), kinds, form)  # type: ignore[return-value]


def _indices(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in path.split("-")[1:])


def path_of(indices: tuple[int, ...]) -> str:
    return "-".join([ROOT, *(str(i) for i in indices)])


def _node_from_form(at: tuple[int, ...], kinds: dict[tuple[int, ...], str],
                    form: MultiDict[str, str]) -> Clause | Group:
    name = path_of(at)
    if kinds[at] == "clause":
        return Clause(form.get(f"{name}.fact", ""), form.get(f"{name}.op", "="),
                      form.get(f"{name}.value", ""), form.getlist(f"{name}.values"),
                      form.get(f"{name}.param", ""))
    children = sorted(k for k in kinds if len(k) == len(at) + 1 and k[:len(at)] == at)
    return Group("any" if form.get(f"{name}.join") == "any" else "all",
                 form.get(f"{name}.not") == "1",
                 [_node_from_form(k, kinds, form) for k in children])


# -- the buttons that change the rows -------------------------------------------------------
def apply(group: Group, action: str, facts: Mapping[str, FactType]) -> str | None:
    """Do what a button asks ("add:c-1", "group:c", "remove:c-0-2", "refresh:c-1"); the
    path of the row to put the focus on afterwards. A path that names no row changes
    nothing (a page opened before the rows changed)."""
    verb, _colon, path = action.partition(":")
    _fit_ops(group, facts)
    if not _PATH.match(path):
        return None
    at = _indices(path)
    if verb == "refresh":
        return path
    if verb in ("add", "group"):
        target = _node(group, at)
        if not isinstance(target, Group) or count_clauses(group) >= MAX_CLAUSES:
            return None
        if verb == "group":
            if depth(group) + 2 > CONDITION_MAX_DEPTH:
                return None
            target.parts.append(Group("any", False, [Clause()]))
        else:
            target.parts.append(Clause())
        return path_of((*at, len(target.parts) - 1))
    if verb == "remove" and at:
        parent = _node(group, at[:-1])
        if isinstance(parent, Group) and at[-1] < len(parent.parts):
            del parent.parts[at[-1]]
            return path_of(at[:-1])
    return None


def _node(group: Group, at: tuple[int, ...]) -> Clause | Group | None:
    node: Clause | Group = group
    for index in at:
        if not isinstance(node, Group) or index >= len(node.parts):
            return None
        node = node.parts[index]
    return node


def _fit_ops(group: Group, facts: Mapping[str, FactType]) -> None:
    """After a fact is changed, a comparison its type does not have becomes the first it has
    (the row shows the fact's own comparisons; the value typed stays)."""
    for part in group.parts:
        if isinstance(part, Group):
            _fit_ops(part, facts)
        elif part.fact in facts and part.op not in OPS_BY_KIND[facts[part.fact].kind]:
            part.op = OPS_BY_KIND[facts[part.fact].kind][0]


def count_clauses(group: Group) -> int:
    return sum(count_clauses(p) if isinstance(p, Group) else 1 for p in group.parts)


def depth(group: Group) -> int:
    """How deep the rule file's `when` written from these rows nests (all, any, not), as
    the loader counts it."""
    return _data_depth(_group_data(group, lambda c: (c.fact, c.value)))


def _data_depth(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    most = 0
    for key, value in data.items():
        if key in ("all", "any") and isinstance(value, list):
            most = max(most, 1 + max((_data_depth(v) for v in value), default=0))
        elif key == "not":
            most = max(most, 1 + _data_depth(value))
    return most


# -- rows to the rule file's `when` ---------------------------------------------------------
@dataclass
class Reading:
    """What the rows say: the `when` (None when a field has a problem), and the problems by
    field name, each with the field's label."""

    when: dict[str, Any] | None
    problems: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


def read(group: Group, facts: Mapping[str, FactType], params: Mapping[str, Any]) -> Reading:
    """Check every row and, if all are sound, the `when` they make. `params` are the rule
    book's parameters (name -> parameter with `.kind`)."""
    reading = Reading(None)
    if count_clauses(group) > MAX_CLAUSES:
        reading.problems[ROOT + ".join"] = _(
            "A condition may have at most %(most)s clauses.", most=MAX_CLAUSES)
        reading.labels[ROOT + ".join"] = _("Condition")
        return reading
    values: dict[int, Any] = {}
    _check_group(group, (), facts, params, reading, values)
    if reading.problems:
        return reading
    data = _group_data(group, lambda c: values[id(c)])
    if _data_depth(data) > CONDITION_MAX_DEPTH:
        reading.problems[ROOT + ".join"] = _(
            "Groups nest more than %(most)s levels deep: write the condition more simply.",
            most=CONDITION_MAX_DEPTH)
        reading.labels[ROOT + ".join"] = _("Condition")
        return reading
    reading.when = data
    return reading


def number_of(at: tuple[int, ...]) -> str:
    """A row's number as the page shows it: "1", "2.1", "2.3.1"."""
    return ".".join(str(i + 1) for i in at) if at else ""


def _check_group(group: Group, at: tuple[int, ...], facts: Mapping[str, FactType],
                 params: Mapping[str, Any], reading: Reading, values: dict[int, Any]) -> None:
    if at and not group.parts:
        name = path_of(at) + ".join"
        reading.problems[name] = _("The group is empty: add a clause to it or remove it.")
        reading.labels[name] = _("Group %(number)s", number=number_of(at))
    if not at and group.join == "any" and not group.parts:
        reading.problems[ROOT + ".join"] = _("“or” needs at least one clause.")
        reading.labels[ROOT + ".join"] = _("Condition")
    for index, part in enumerate(group.parts):
        here = (*at, index)
        if isinstance(part, Group):
            _check_group(part, here, facts, params, reading, values)
        else:
            _check_clause(part, here, facts, params, reading, values)


def _check_clause(clause: Clause, at: tuple[int, ...], facts: Mapping[str, FactType],
                  params: Mapping[str, Any], reading: Reading, values: dict[int, Any]) -> None:
    name = path_of(at)
    row = _("Clause %(number)s", number=number_of(at))

    def problem(what: str, label: str, text: str) -> None:
        reading.problems[f"{name}.{what}"] = text
        reading.labels[f"{name}.{what}"] = f"{row}, {label}"

    ftype = facts.get(clause.fact)
    if ftype is None:
        problem("fact", _("fact"), _("Choose a fact from the list."))
        return
    if clause.op not in OPS_BY_KIND[ftype.kind]:
        problem("op", _("comparison"), _("Choose a comparison from the list."))
        return
    label = _("value (%(fact)s)", fact=fact_label(clause.fact, "lv" if _is_lv() else "en",
                                                  True, facts))
    try:
        values[id(clause)] = _value(clause, ftype, params)
    except ValueError as exc:
        problem("values" if ftype.kind == "enum" and clause.op in ("in", "not_in")
                else "value", label, str(exc))


def _is_lv() -> bool:
    return page_lang() == "lv"


def _value(clause: Clause, ftype: FactType, params: Mapping[str, Any]) -> Any:
    """The value of a row as the rule file writes it; ValueError with the reason."""
    typed = clause.value.strip()
    if len(clause.value) > VALUE_LIMIT:
        raise ValueError(too_long_text(len(clause.value), VALUE_LIMIT))
    if ftype.kind == "bool":
        if typed not in ("true", "false"):
            raise ValueError(_("Choose yes or no."))
        return typed == "true"
    if ftype.kind == "enum":
        return _choices(clause, ftype)
    if clause.param:
        kind = PARAM_KINDS.get(ftype.kind)
        found = params.get(clause.param)
        if found is None or getattr(found, "kind", None) != kind or clause.op in (
                "in", "not_in"):
            raise ValueError(_("Choose a parameter from the list."))
        if typed:
            raise ValueError(_("Type a value or choose a parameter, not both."))
        return {"parameter": clause.param}
    if clause.op in ("in", "not_in"):
        items = [t.strip() for t in re.split(r"[;,]", typed) if t.strip()]
        if not items:
            raise ValueError(_("Type at least one number (several: 1; 2; 3)."))
        if len(items) > CONDITION_MAX_TERMS:
            raise ValueError(_("At most %(most)s values.", most=CONDITION_MAX_TERMS))
        return [_whole(item, ftype) for item in items]
    if not typed:
        raise ValueError(_("This field is required."))
    if ftype.kind == "date":
        day = read_date(typed)
        if day.problem:
            raise ValueError(form_problem(day.problem, typed))
        return dt.date.fromisoformat(str(day.value))
    return _whole(typed, ftype)


def _whole(typed: str, ftype: FactType) -> int:
    number = read_whole(typed)
    low, high = ftype.bounds
    if number is None or not low <= number <= high:
        raise ValueError(_("Type a whole number from %(low)s to %(high)s (typed: “%(typed)s”).",
                           low=whole(low), high=whole(high), typed=typed))
    return number


def _choices(clause: Clause, ftype: FactType) -> Any:
    if clause.op in ("in", "not_in"):
        picked = clause.values or ([clause.value] if clause.value else [])
        if not picked:
            raise ValueError(_("Tick at least one value."))
        if len(picked) > CONDITION_MAX_TERMS or any(p not in ftype.choices for p in picked):
            raise ValueError(_("Choose values from the list."))
        return list(dict.fromkeys(picked))
    picked_one = clause.value or (clause.values[0] if len(clause.values) == 1 else "")
    if picked_one not in ftype.choices:
        raise ValueError(_("Choose a value from the list."))
    return picked_one


def _group_data(group: Group, value_of: Any) -> dict[str, Any]:
    """The `when` mapping of a group, as a person writes it: an "un" group's clauses as the
    keys of one mapping (`{is_child: true, age: {">=": 5}}`; two comparisons of one fact
    share its key), a "vai" group as `any: [...]`, "nav" as `not: {...}`. What cannot share
    the mapping (a fact compared twice the same way) goes into `all: [...]` beside it."""
    if group.negated:
        return {"not": _group_data(Group(group.join, False, group.parts), value_of)}
    if group.join == "any":
        return {"any": [_item_data(p, value_of) for p in group.parts]}
    mapping: dict[str, Any] = {}
    rest: list[dict[str, Any]] = []
    for part in group.parts:
        if isinstance(part, Group):
            key, data = _sub_group(part, value_of)
            if key in mapping:
                rest.append({key: data})
            else:
                mapping[key] = data
            continue
        value = value_of(part)
        if part.fact not in mapping:
            mapping[part.fact] = value if part.op == "=" and not isinstance(value, dict) \
                else {part.op: value}
            continue
        existing = mapping[part.fact]
        if isinstance(existing, dict) and set(existing) != {"parameter"} and part.op != "=" \
                and part.op not in existing:
            existing[part.op] = value
        else:
            rest.append(_item_data(part, value_of))
    if rest:
        return {"all": ([mapping] if mapping else []) + rest}
    return mapping


def _sub_group(group: Group, value_of: Any) -> tuple[str, Any]:
    if group.negated:
        return "not", _group_data(Group(group.join, False, group.parts), value_of)
    return group.join, [_item_data(p, value_of) for p in group.parts]


def _item_data(part: Clause | Group, value_of: Any) -> dict[str, Any]:
    if isinstance(part, Group):
        return _group_data(part, value_of)
    value = value_of(part)
    return {part.fact: value if part.op == "=" and not isinstance(value, dict)
            else {part.op: value}}


# -- the `when` as YAML text (the advanced view, and what is written to the rule file) ------
def when_yaml(when: Mapping[str, Any]) -> str:
    """The `when` in the rule files' style: one line if it is short (`{adult_grt: true}`),
    else a block with one fact per line and `any:` lists as `- ` items."""
    line = _flow(when)
    if len(line) <= 80:
        return line
    return "\n".join(_block(when, 0))


def _block(data: Mapping[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if key in ("all", "any") and isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                inner = _block(item, indent + 4) if isinstance(item, dict) and item else [
                    " " * (indent + 4) + _flow(item)]
                lines.append(f"{pad}  - " + inner[0].lstrip())
                lines.extend(inner[1:])
        elif key == "not" and isinstance(value, dict) and len(_flow(value)) > 60:
            lines.append(f"{pad}not:")
            lines.extend(_block(value, indent + 2))
        else:
            lines.append(f"{pad}{_key(key)}: {_flow(value)}")
    return lines


def _key(key: str) -> str:
    return key if re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", key) else json.dumps(key)


def _flow(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = str(value)
    return text if re.match(r"^[A-Za-z_][A-Za-z0-9_.]*$", text) and text.lower() not in (
        "true", "false", "yes", "no", "on", "off", "null", "y", "n") else json.dumps(
        text, ensure_ascii=False)


# -- what the template shows ----------------------------------------------------------------
@dataclass
class View:
    """What the condition editor's template needs besides the rows."""

    facts: Mapping[str, FactType]
    #: fact -> its label; the facts of a rule about a service first, then the person's
    fact_groups: list[tuple[str, list[tuple[str, str]]]]
    #: fact type -> [(parameter name, its title)] a value may be taken from
    params: dict[str, list[tuple[str, str]]]
    choices: dict[str, list[tuple[str, str]]]
    problems: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    focus: str | None = None
    max_depth: int = CONDITION_MAX_DEPTH
    max_clauses: int = MAX_CLAUSES

    def kind(self, fact: str) -> str:
        found = self.facts.get(fact)
        return found.kind if found is not None else ""

    def ops(self, fact: str) -> list[tuple[str, str]]:
        kind = self.kind(fact)
        return op_words(kind) if kind else []

    def checks(self, fact: str, op: str) -> dict[str, str]:
        """The value field's rule as data attributes, for static/conditions.js to check a
        value as it is typed: the same bounds and the same (translated) messages as the
        server's check on saving, which stays the authority. `{typed}` stands for the text."""
        ftype = self.facts.get(fact)
        if ftype is None:
            return {}
        if ftype.kind == "date":
            return {"data-kind": "date", "data-bad": form_problem("date_format", "{typed}"),
                    "data-none": form_problem("date_invalid", "{typed}")}
        if ftype.kind != "int":
            return {}
        low, high = ftype.bounds
        return {"data-kind": "integer", "data-min": str(low), "data-max": str(high),
                "data-list": "1" if op in ("in", "not_in") else "0",
                "data-bad": _("Type a whole number from %(low)s to %(high)s (typed: "
                              "“%(typed)s”).", low=whole(low), high=whole(high),
                              typed="{typed}")}

    def yes_no(self, fact: str) -> tuple[str, str]:
        lang = "lv" if _is_lv() else "en"
        return (fact_label(fact, lang, True, self.facts), fact_label(fact, lang, False,
                                                                     self.facts))


def view(facts: Mapping[str, FactType], line_facts: bool, book: Any) -> View:
    """The pickers' lists for a rule of a book: facts by label (the service's facts apart
    from the person's), each choice fact's choices in words, the parameters by title."""
    lang = "lv" if _is_lv() else "en"
    titles = titles_of(book)
    person: list[tuple[str, str]] = []
    service: list[tuple[str, str]] = []
    for code in facts:
        entry = (code, fact_label(code, lang, True, facts))
        (person if code in CASE_FACTS else service).append(entry)
    groups = [(_("The person"), sorted(person, key=lambda e: e[1].lower()))]
    if line_facts and service:
        groups.insert(0, (_("The service"),
                          sorted(service, key=lambda e: e[1].lower())))
    choices = {code: [(c, value_words(code, c, lang, titles, facts)) for c in ftype.choices]
               for code, ftype in facts.items() if ftype.kind == "enum"}
    params: dict[str, list[tuple[str, str]]] = {"int": [], "date": []}
    for name, parameter in book.parameters.parameters.items():
        for kind, param_kind in PARAM_KINDS.items():
            if parameter.kind == param_kind:
                params[kind].append((name, f"{parameter.title.get(lang, name)} ({name})"))
    return View(facts, groups, params, choices)


# -- the rule editor's page: which of the two views a post changes --------------------------
def facts_of(rule: Any, book: Any) -> Mapping[str, FactType]:
    """The facts a rule's condition may read (a target group's: the person's only)."""
    return CASE_FACTS if rule.kind == "target_group" else all_facts(book.services)


@dataclass
class Posted:
    """What a post of the rule editor means for its condition.

    `rerender`: a row button was pressed (show the form again, nothing checked or stored);
    `chosen`: the rows are what is saved (`when`, or `problems` by field); otherwise the
    YAML view is (it was changed and the rows were not). `unchanged`: neither was changed.
    """

    group: Group | None
    when_text: str
    when_shown: str
    rerender: bool = False
    chosen: bool = False
    unchanged: bool = False
    when: dict[str, Any] | None = None
    problems: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    focus: str | None = None


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))


def _shown_data(text: str) -> Any:
    try:
        data = load_plain_yaml(text)
    except (yaml.YAMLError, YamlLimitError, ValueError):
        return object()  # equal to nothing the rows make
    return {} if data is None else data


def from_post(form: MultiDict[str, str], facts: Mapping[str, FactType],
              params: Mapping[str, Any], typed_when: str) -> Posted:
    """Read a post of the rule editor's condition (raises BadForm for a crafted tree).

    The hidden `when_shown` holds the YAML the page showed: a YAML view that differs from it
    was edited. The rows are saved unless only the YAML was changed; both changed is a
    question back to the user, not a guess."""
    shown = form.get("when_shown", typed_when)
    if not posted(form):
        return Posted(None, typed_when, shown)
    group = from_form(form)
    yaml_changed = _norm(typed_when) != _norm(shown)
    action = form.get("action", "save")
    if action != "save":
        focus = apply(group, action, facts)
        reading = read(group, facts, params)
        if not yaml_changed and reading.when is not None:
            typed_when = shown = when_yaml(reading.when)
        return Posted(group, typed_when, shown, rerender=True, focus=focus)
    reading = read(group, facts, params)
    rows_changed = reading.when is None or reading.when != _shown_data(shown)
    if yaml_changed and rows_changed:
        return Posted(group, typed_when, shown, chosen=True, problems={"when": _(
            "The condition was changed both with the pickers and in the YAML view: undo one "
            "of the two changes.")})
    if yaml_changed:
        return Posted(group, typed_when, shown)
    if not rows_changed:
        return Posted(group, typed_when, shown, chosen=True, unchanged=True)
    if reading.when is None:
        return Posted(group, typed_when, shown, chosen=True, problems=reading.problems,
                      labels=reading.labels)
    text = when_yaml(reading.when)
    return Posted(group, text, text, chosen=True, when=reading.when)


def page(rule: Any, book: Any, source_text: str, post: Posted | None = None,
         problems: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The template's `cond`: the rows (as posted, or from the rule), the lists to pick from,
    the condition in words, and the YAML the page shows (to tell later whether it was
    edited)."""
    facts = facts_of(rule, book)
    if post is not None and post.group is not None:
        group: Group | None = post.group
    else:
        try:
            group = from_source(_plain(rule.when_source), facts)
        except NotPickable:
            group = None
    shown = view(facts, rule.kind != "target_group", book)
    if post is not None:
        shown.problems, shown.labels, shown.focus = dict(post.problems), dict(post.labels), \
            post.focus
    lang = "lv" if _is_lv() else "en"
    return {"group": group, "view": shown, "when_shown": post.when_shown if post else
            source_text, "sentence": condition_sentence(rule.when, lang, titles_of(book), facts),
            "yaml_open": bool(problems and "when" in problems) or (
                post is not None and post.group is not None and not post.chosen
                and not post.rerender)}


def _plain(source: Any) -> Any:
    if isinstance(source, dict):
        return {key: _plain(value) for key, value in source.items()}
    if isinstance(source, list):
        return [_plain(value) for value in source]
    return source
