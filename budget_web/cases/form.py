"""The posted form <-> the case dict of format 1.

Form fields are named by the case's own field paths (`person.birth_date`,
`requested_services[0].units`, `assessment.items.home_living[2][1]`), so a validation error
from the case model lands next to the field it names. Rows left wholly empty are not input
and are dropped, as are rows whose "remove" box (`_remove.<row path>`) is ticked; the rows
left are numbered again, both in the case and in the text shown back, so indices stay in step.

What the user typed is kept as typed (`fields`) and shown again whenever the form comes back;
only the case gets the values the model reads (ISO dates, amounts with a point, integers).
A value the form cannot read, or one in a panel the chosen assessment mode does not use, is
an error by field path (`errors`) — never dropped, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from budget_engine import AREA_ACTIVITIES

from ..input.form_input import read_amount, read_date, read_whole, too_many_digits

ASSESSMENT_MODES = ("none", "areas", "items", "care_level")
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
SERVICE_ROWS_MIN = 3
MAINTAINER_ROWS_MIN = 1
ROW_LISTS = ("requested_services", "household.maintainers")

DATE_FIELDS = ("calculation_date", "person.birth_date", "residence.left_vsac_on",
               "residence.institution_placed_on", "assessment.assessed_on",
               "di_project.enrolled_on")
#: Fields whose value is a whole number: a form sends text, the case model wants a JSON integer.
INTEGER_FIELDS = ("units", "respite_days_used_this_year", "day_care_centre_created_year",
                  "care_level", "medical_total", "behavioural_total")
INTEGER_GROUPS = ("assessment.areas.", "assessment.items.", "assessment.medical_items[",
                  "assessment.behavioural_items[")
#: Which assessment fields belong to which panel; the others (date, plan, care level) are
#: shared by every mode.
PANELS: dict[str, tuple[str, ...]] = {
    "areas": ("assessment.areas.", "assessment.medical_total", "assessment.behavioural_total",
              "assessment.medical_any_item_2", "assessment.behavioural_any_item_2"),
    "items": ("assessment.items.", "assessment.medical_items[", "assessment.behavioural_items["),
}


#: Totals that are 0 when not given: a 0 there is the default, not something entered.
DEFAULT_ZERO = ("assessment.medical_total", "assessment.behavioural_total")


def _parts(path: str) -> list[str | int]:
    return [m.group(1) if m.group(1) else int(m.group(2)) for m in _TOKEN.finditer(path)]


#: The largest index a form field may name: more than any case has (a grid has 9 rows), few
#: enough that a hostile `assessment.items.home_living[99999999][0]` allocates nothing.
MAX_INDEX = 500
#: The parts of a case that are groups of fields (or rows), never one value.
GROUPS: dict[str, type] = {"person": dict, "household": dict, "residence": dict,
                           "assessment": dict, "di_project": dict, "requested_services": list}


class FormShapeError(ValueError):
    """Field names that describe no case: an index past MAX_INDEX, or one path used both as
    a value and as a group (`person=x` and `person.birth_date=...`). Answered 400."""


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    if len(path) > 300:
        raise FormShapeError(path[:100])
    parts = _parts(path)
    if not parts or any(isinstance(p, int) and p > MAX_INDEX for p in parts):
        raise FormShapeError(path[:100])
    node: Any = tree
    for part, following in zip(parts, parts[1:], strict=False):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int) != isinstance(node, list):
            raise FormShapeError(path[:100])
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = empty
            node = node[part]
        else:
            node = node.setdefault(part, empty)
        if not isinstance(node, list | dict) or isinstance(node, list) != isinstance(
                following, int):
            raise FormShapeError(path[:100])
    last = parts[-1]
    if isinstance(last, int) != isinstance(node, list):
        raise FormShapeError(path[:100])
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    if isinstance(node[last] if isinstance(last, int) else node.get(last), list | dict):
        raise FormShapeError(path[:100])
    node[last] = value


def is_form_only(path: str) -> bool:
    """A tick box of the form that is no field of the case: "no income" beside the client's
    income, "I confirm the value is right" beside an implausible one (`confirm_…`)."""
    last = path.rsplit(".", 1)[-1]
    return last == NO_INCOME.rsplit(".", 1)[-1] or last.startswith("confirm_")


#: The box ticked when the client has no income: the income field is required without it.
NO_INCOME = "household.no_income"
INCOME = "household.monthly_income"


def confirm_box(path: str) -> str:
    """The confirmation box of a field (`household.maintainers[0].confirm_monthly_income`): in
    the field's own group, so it stays with its row when rows are removed and renumbered."""
    head, _dot, last = path.rpartition(".")
    return f"{head}.confirm_{last}" if head else f"confirm_{last}"


def is_money(path: str) -> bool:
    return path.endswith("monthly_income")


def is_whole(path: str) -> bool:
    parts = _parts(path)
    last = parts[-1] if parts else ""
    return last in INTEGER_FIELDS or path.startswith(INTEGER_GROUPS)


@dataclass
class FormReading:
    """A posted form, read: the case for the model, the texts to show again, the problems."""

    case: dict[str, Any]
    fields: dict[str, str]
    mode: str
    #: path -> (kind, the typed text); put into words by budget_web/error_texts.py.
    problems: dict[str, tuple[str, str]] = field(default_factory=dict)


def _renumber_rows(form: Mapping[str, str], removed: set[str]) -> dict[str, str]:
    """The posted texts with removed and empty rows left out and the rest numbered 0, 1, ..."""
    out: dict[str, str] = {}
    rows: dict[str, dict[int, dict[str, str]]] = {name: {} for name in ROW_LISTS}
    row_name = re.compile(r"^(" + "|".join(re.escape(n) for n in ROW_LISTS)
                          + r")\[(\d+)\]\.(\w+)$")
    for name, value in form.items():
        m = row_name.match(name)
        if m is None:
            out[name] = value
        elif f"{m[1]}[{m[2]}]" not in removed:
            rows[m[1]].setdefault(int(m[2]), {})[m[3]] = value
    for list_name, by_index in rows.items():
        kept = [row for _, row in sorted(by_index.items()) if any(v for v in row.values())]
        for index, row in enumerate(kept):
            for key, value in row.items():
                out[f"{list_name}[{index}].{key}"] = value
    return out


def _canonical_municipality(text: str, known: Iterable[str]) -> str:
    """The list's spelling of a name typed in another case or spacing (`jelgavas  novads`)."""
    wanted = " ".join(text.split()).casefold()
    for name in known:
        if name.casefold() == wanted:
            return name
    return text


#: The most characters a field of the case form takes (the app's FORM_FIELD_LIMIT).
FIELD_LIMIT = 1000


def read_form(form: MultiDict[str, str] | Mapping[str, str],
              municipalities: Iterable[str] = (), field_limit: int = FIELD_LIMIT,
              ) -> FormReading:
    """The case the form describes, what was typed, and what could not be read.

    A text longer than `field_limit` is a problem (`too_long`, with its length) and is
    neither read nor shown again: the field comes back empty, the error says it was refused.
    `FormShapeError` when field names describe no case (a 400: no browser sends them).
    """
    posted = {name: form.get(name, "") or "" for name in form}
    for name in posted:  # no browser sends these: refused before anything is built
        if len(name) > 300 or any(isinstance(p, int) and p > MAX_INDEX for p in _parts(name)):
            raise FormShapeError(name[:100])
    removed = {name[len("_remove."):] for name in posted if name.startswith("_remove.")}
    mode = posted.get("assessment_mode", "none")
    if mode not in ASSESSMENT_MODES:
        mode = "none"
    texts = _renumber_rows({n: v for n, v in posted.items()
                            if n not in ("csrf_token", "action", "lang")
                            and not n.startswith("_")}, removed)
    texts["assessment_mode"] = mode
    reading = FormReading(case={}, fields=texts, mode=mode)
    tree: dict[str, Any] = {}
    refused = [name for name, raw in texts.items() if len(raw) > field_limit]
    for name in refused:
        reading.problems[name] = ("too_long", str(len(texts[name])))
        texts[name] = ""
    for name, raw in texts.items():
        value = raw.strip()
        if name == "assessment_mode" or value == "" or is_form_only(name):
            continue
        _set(tree, name, _typed(name, value, reading))
    for group, shape in GROUPS.items():
        if group in tree and not isinstance(tree[group], shape):
            raise FormShapeError(group)
    if not isinstance(tree.get("household", {}).get("maintainers", []), list):
        raise FormShapeError("household.maintainers")
    tree["format"] = 1
    person = tree.setdefault("person", {})
    if isinstance(person.get("municipality"), str):
        person["municipality"] = _canonical_municipality(person["municipality"], municipalities)
    if "diagnoses" in person:
        person["diagnoses"] = [d.strip().upper() for d in re.split(r"[,;\s]+", person["diagnoses"])
                               if d.strip()]
    household = tree.setdefault("household", {})
    _income(household, texts, reading)
    household["maintainers"] = [r for r in household.get("maintainers") or [] if r]
    tree["requested_services"] = [r for r in tree.get("requested_services") or [] if r]
    tree["assessment"] = _assessment(tree.get("assessment") or {}, texts, reading)
    if tree.get("di_project") and not any(tree["di_project"].values()):
        tree["di_project"] = None
    reading.case = tree
    return reading


def _income(household: dict[str, Any], texts: Mapping[str, str], reading: FormReading) -> None:
    """The client's income is required unless "no income" is ticked (then it is 0): an empty
    field is never read as 0 €, and a ticked box beside an amount is a contradiction."""
    typed = texts.get(INCOME, "").strip()
    if not texts.get(NO_INCOME):
        if not typed and INCOME not in reading.problems:
            reading.problems[INCOME] = ("income_required", "")
        return
    if not typed:
        household["monthly_income"] = "0"
    elif INCOME not in reading.problems and not _is_zero(household.get("monthly_income")):
        reading.problems[INCOME] = ("income_and_no_income", typed)


def _is_zero(amount: Any) -> bool:
    try:
        return Decimal(str(amount)) == 0
    except ArithmeticError:
        return False


def _typed(name: str, value: str, reading: FormReading) -> Any:
    """The JSON value a form field stands for: a ticked box is true, a count an integer, a date
    ISO, an amount with a decimal point. A text that is none of these is noted as a problem and
    kept as text, so the case model also names the field."""
    if value == "on":
        return True
    if name in DATE_FIELDS:
        date = read_date(value)
        if date.problem:
            reading.problems[name] = (date.problem, value)
        return date.value or value
    if is_money(name):
        amount = read_amount(value)
        if amount.problem:
            reading.problems[name] = (amount.problem, value)
        return amount.value or value
    if is_whole(name):
        if too_many_digits(value):
            reading.problems[name] = ("whole_digits", "")
            return value
        whole = read_whole(value)
        return value if whole is None or abs(whole) > 10**9 else whole
    return value


def _assessment(assessment: dict[str, Any], texts: Mapping[str, str],
                reading: FormReading) -> dict[str, Any] | None:
    """The assessment of the chosen mode. The date, the support plan and the care level belong
    to every mode; a value in another mode's panel is a problem to ask about, not dropped."""
    mode = reading.mode
    for panel, prefixes in PANELS.items():
        if panel == mode:
            continue
        filled = [n for n, v in texts.items() if n.startswith(prefixes) and v.strip()
                  and not (n in DEFAULT_ZERO and v.strip() == "0")]
        if filled:
            reading.problems["assessment_mode"] = (f"panel_{panel}_filled", "")
        for key in {"areas": ("areas", "medical_total", "behavioural_total",
                              "medical_any_item_2", "behavioural_any_item_2"),
                    "items": ("items", "medical_items", "behavioural_items")}[panel]:
            assessment.pop(key, None)
    if mode == "items":
        _check_grid(assessment, reading)
    return assessment or None


def _check_grid(assessment: dict[str, Any], reading: FormReading) -> None:
    """Every cell of the grid is chosen: an unfilled row is never taken as zeros."""
    items = assessment.get("items") or {}
    for area, count in AREA_ACTIVITIES.items():
        rows = list(items.get(area) or [])
        rows += [None] * (count - len(rows))
        unfilled = [str(i + 1) for i, row in enumerate(rows)
                    if row is None or len(row) < 3 or any(v is None for v in row)]
        if unfilled:
            reading.problems[f"assessment.items.{area}"] = ("grid_unfilled", ", ".join(unfilled))
    for name, count in (("medical_items", 15), ("behavioural_items", 13)):
        values = list(assessment.get(name) or [])
        values += [None] * (count - len(values))
        unfilled = [str(i + 1) for i, v in enumerate(values) if v is None]
        if unfilled:
            reading.problems[f"assessment.{name}"] = ("grid_unfilled", ", ".join(unfilled))


def form_to_case(form: MultiDict[str, str] | Mapping[str, str]) -> dict[str, Any]:
    """The case dict the form describes; the case model checks every value."""
    return read_form(form).case


def assessment_mode(case: dict[str, Any]) -> str:
    assessment = case.get("assessment")
    if not assessment:
        return "none"
    if assessment.get("items"):
        return "items"
    if assessment.get("areas"):
        return "areas"
    return "care_level"


def case_to_fields(case: dict[str, Any], show_date: Any = None,
                   show_amount: Any = None) -> dict[str, str]:
    """Every value of a case as `path -> text`, for filling the form.

    `show_date` and `show_amount` write dates and amounts the way the page's language does
    (`25.04.1988`, `1 200,50`); without them they stay ISO and with a point.
    """
    out: dict[str, str] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list):
            if path == "person.diagnoses":
                out[path] = ", ".join(str(v) for v in node)
                return
            for index, value in enumerate(node):
                walk(value, f"{path}[{index}]")
        elif node is None:
            return
        elif isinstance(node, bool):
            out[path] = "on" if node else ""
        elif show_date is not None and path in DATE_FIELDS and isinstance(node, str):
            try:
                out[path] = show_date(dt.date.fromisoformat(node))
            except ValueError:
                out[path] = node
        elif show_amount is not None and is_money(path) and not isinstance(node, bool):
            try:
                out[path] = show_amount(Decimal(str(node)))
            except ArithmeticError:
                out[path] = str(node)
        else:
            out[path] = str(node)

    walk(case, "")
    household = case.get("household")
    if isinstance(household, dict) and household.get("monthly_income") is not None \
            and _is_zero(household["monthly_income"]):
        out[NO_INCOME] = "on"
    out["assessment_mode"] = assessment_mode(case)
    return out


def rows_in(fields: Mapping[str, str], list_name: str) -> int:
    """How many rows of a list the fields hold (the highest index plus one)."""
    pattern = re.compile(re.escape(list_name) + r"\[(\d+)\]")
    return max((int(m[1]) + 1 for name in fields if (m := pattern.match(name))), default=0)


def row_count(fields: Mapping[str, str], extra: Mapping[str, int]) -> dict[str, int]:
    """Rows to show: those filled, one empty row more, and any the user asked to add."""
    services = rows_in(fields, "requested_services")
    maintainers = rows_in(fields, "household.maintainers")
    return {
        "services": max(SERVICE_ROWS_MIN, services + 1) + extra.get("services", 0),
        "maintainers": max(MAINTAINER_ROWS_MIN, maintainers + 1) + extra.get("maintainers", 0),
    }
