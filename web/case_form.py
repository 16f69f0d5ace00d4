"""The posted form <-> the case dict of format 1.

Form fields are named by the case's own field paths (`person.birth_date`,
`requested_services[0].units`, `assessment.items.home_living[2][1]`), so a validation error
from the case model lands next to the field it names. Rows left wholly empty are not input
and are dropped, as are rows whose "remove" box (`_remove.<row path>`) is ticked; the form is then
shown again from the case, so indices stay in step.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

ASSESSMENT_MODES = ("none", "areas", "items", "care_level")
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
SERVICE_ROWS_MIN = 3
MAINTAINER_ROWS_MIN = 1


def _set(tree: dict[str, Any], path: str, value: Any) -> None:
    parts: list[str | int] = [m.group(1) if m.group(1) else int(m.group(2))
                              for m in _TOKEN.finditer(path)]
    node: Any = tree
    for part, following in zip(parts, parts[1:], strict=False):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append(None)
            if node[part] is None:
                node[part] = empty
            node = node[part]
        else:
            node = node.setdefault(part, empty)
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _compact(rows: list[Any] | None) -> list[dict[str, Any]]:
    return [row for row in (rows or []) if isinstance(row, dict) and any(
        v not in (None, "") for v in row.values())]


#: Fields whose value is a whole number: a form sends text, the case model wants a JSON integer.
INTEGER_FIELDS = ("units", "respite_days_used_this_year", "day_care_centre_created_year",
                  "care_level", "medical_total", "behavioural_total")
INTEGER_GROUPS = ("assessment.areas.", "assessment.items.", "assessment.medical_items[",
                  "assessment.behavioural_items[")
_WHOLE = re.compile(r"^-?[0-9]{1,9}$")


def _typed(name: str, value: str) -> Any:
    """The JSON value a form field stands for: a ticked box is true, a count an integer.

    Anything else stays text, so the case model names the field when it is wrong.
    """
    if value == "on":
        return True
    last = _TOKEN.findall(name)[-1][0] if _TOKEN.findall(name) else ""
    if (last in INTEGER_FIELDS or name.startswith(INTEGER_GROUPS)) and _WHOLE.match(value):
        return int(value)
    return value


def form_to_case(form: MultiDict[str, str]) -> dict[str, Any]:
    """The case dict the form describes; the case model checks every value."""
    tree: dict[str, Any] = {}
    # A row whose "remove" box is ticked is left out, whatever it holds.
    removed = {name[len("_remove."):] for name in form if name.startswith("_remove.")}
    for name in form:
        if name in ("csrf_token", "assessment_mode", "action", "lang") or name.startswith("_"):
            continue
        if any(name.startswith(row + ".") for row in removed):
            continue
        value = form.get(name, "").strip()
        if value == "":
            continue
        _set(tree, name, _typed(name, value))
    tree["format"] = 1
    person = tree.setdefault("person", {})
    if "diagnoses" in person:
        person["diagnoses"] = [d.strip().upper() for d in re.split(r"[,;\s]+", person["diagnoses"])
                               if d.strip()]
    household = tree.setdefault("household", {})
    household["maintainers"] = _compact(household.get("maintainers"))
    tree["requested_services"] = _compact(tree.get("requested_services"))
    mode = form.get("assessment_mode", "none")
    assessment = tree.get("assessment") or {}
    if mode == "none" or mode not in ASSESSMENT_MODES:
        tree["assessment"] = None
    else:
        for unused in {"areas": ("items", "medical_items", "behavioural_items"),
                       "items": ("areas", "medical_total", "behavioural_total",
                                 "medical_any_item_2", "behavioural_any_item_2"),
                       "care_level": ("areas", "items", "medical_items", "behavioural_items",
                                      "medical_total", "behavioural_total",
                                      "medical_any_item_2", "behavioural_any_item_2")}[mode]:
            assessment.pop(unused, None)
        tree["assessment"] = assessment
    if tree.get("di_project") and not any(tree["di_project"].values()):
        tree["di_project"] = None
    return tree


def assessment_mode(case: dict[str, Any]) -> str:
    assessment = case.get("assessment")
    if not assessment:
        return "none"
    if assessment.get("items"):
        return "items"
    if assessment.get("areas"):
        return "areas"
    return "care_level"


def case_to_fields(case: dict[str, Any]) -> dict[str, str]:
    """Every value of a case as `path -> text`, for filling the form."""
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
        else:
            out[path] = str(node)

    walk(case, "")
    return out


def row_count(case: dict[str, Any], extra: dict[str, int]) -> dict[str, int]:
    services = len(case.get("requested_services") or [])
    maintainers = len((case.get("household") or {}).get("maintainers") or [])
    return {
        "services": max(SERVICE_ROWS_MIN, services + 1) + extra.get("services", 0),
        "maintainers": max(MAINTAINER_ROWS_MIN, maintainers + 1) + extra.get("maintainers", 0),
    }
