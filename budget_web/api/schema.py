"""The OpenAPI document of the JSON API: what the server accepts and every answer it gives.

The document is the API's contract, and a schema-based test (tests/webapp/test_api_schema.py)
sends what it allows to the server: a value the document allows but the server refuses, or an
answer the document does not list, is a failure there. So the document is built here from the
same sources as the server's checks — the case model, the rule book in force (its
municipalities) — and the answers every route shares (no token, a body that is not JSON in
UTF-8 or too large, a case out of scope) are added to each operation by one function rather
than listed by hand, so a new route cannot forget them.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from budget_engine import Budget, Case, RuleBook, first_calculable_date

#: The pattern the case model gives a date; a date is also a real calendar day (`format`).
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: The years a date of a case may have: Python's dates (a year 0000 is no day).
#: The pattern the case model gives an amount of money in (EUR, at most two decimals).
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
MONEY_TEXT = ("EUR, at most two decimals, not negative, below ten thousand million: a string "
              "such as \"320.00\" (best: no reader loses cents) or a JSON number")
#: The parameter from whose date on a case's municipality is checked against the list.
CHECKED_FROM = "municipality.checked_from"
DATE_TEXT = ("a real calendar day written YYYY-MM-DD (year 0001 to 9999; not a date and "
             "time)")


def _schema(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": _schema(name)}}


#: The JSON bodies of the API's refusals.
ERROR_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error", "message"],
        "description": "A refusal: `error` is the HTTP status in words, `message` says why",
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
    "Errors": {
        "type": "object", "required": ["error", "errors"],
        "description": "The input is wrong: each error names its field (a JSON path) and why",
        "properties": {
            "error": {"type": "string", "const": "Unprocessable Entity"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}}},
    "EngineStopped": {
        "type": "object", "required": ["error", "message"],
        "description": "The rule engine stopped on this case; the error is logged and the "
                       "server goes on",
        "properties": {"error": {"type": "string", "const": "Internal Server Error"},
                       "message": {"type": "string"},
                       "case_id": {"type": ["string", "null"]}}},
}

#: The answers shared by the routes, added to an operation where they can occur.
UNAUTHORIZED = {"description": "No token, or an unknown one (`WWW-Authenticate: Bearer`)",
                "content": _json("Error")}
BODY_ANSWERS = {
    "400": {"description": "The body is not UTF-8 text", "content": _json("Error")},
    "413": {"description": "The body is larger than the server reads (MAX_CONTENT_LENGTH)",
            "content": _json("Error")},
    "415": {"description": "The body is not sent as Content-Type: application/json",
            "content": _json("Error")},
    "422": {"description": "The input is wrong; every error names its field",
            "content": _json("Errors")},
}
NOT_FOUND = {"description": "No such case in your municipality (or not yours to see), or no "
                            "such version", "content": _json("Error")}


def with_shared_answers(paths: dict[str, Any]) -> dict[str, Any]:
    """`paths` with the answers every route can give added where they are missing: 401 to
    each, 400/413/415/422 to each with a body, 404 to each with a path parameter."""
    paths = copy.deepcopy(paths)
    for operations in paths.values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("401", UNAUTHORIZED)
            if "requestBody" in operation:
                for code, answer in BODY_ANSWERS.items():
                    responses.setdefault(code, answer)
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                responses.setdefault("404", NOT_FOUND)
    return paths


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every JSON object in a schema, depth first."""
    if isinstance(node, dict):
        return [node] + [found for value in node.values() for found in _walk(value)]
    if isinstance(node, list):
        return [found for value in node for found in _walk(value)]
    return []


def _digit_above(digit: str) -> str:
    return f"[{int(digit) + 1}-9]" if digit < "8" else "9"


def dates_from(first: dt.date) -> str:
    """A pattern of the `YYYY-MM-DD` texts on or after `first` (the day itself is checked
    by `format: date`): at the first digit that differs from `first`'s, a greater one."""
    digits = first.isoformat().replace("-", "")
    dashed = "{}{}{}{}-{}{}-{}{}"
    choices = [dashed.format(*digits)]
    for at, digit in enumerate(digits):
        if digit == "9":
            continue
        parts = [*digits[:at], _digit_above(digit), *["[0-9]"] * (len(digits) - at - 1)]
        choices.append(dashed.format(*parts))
    return "^(" + "|".join(choices) + ")$"


def case_schema(book: RuleBook) -> dict[str, Any]:
    """The case model's JSON schema, saying what the server's checks say: a date is a real
    day (`format: date`), the calculation date one the rule book calculates on, a
    municipality one of the rule book's."""
    schema = Case.model_json_schema(ref_template="#/components/schemas/Case/$defs/{model}")
    schema["description"] = ("A case of format 1 (case-format.md). A whole number is a JSON "
                             "integer: 5, not 5.0 (which JSON Schema would count as one); "
                             "a yes/no is true or false.")
    for node in _walk(schema):
        if node.get("type") == "string" and node.get("pattern") == DATE_PATTERN:
            node["format"] = "date"
            node["description"] = DATE_TEXT
        elif node.get("type") == "string" and node.get("pattern") == MONEY_PATTERN:
            # Money is read from a string or a JSON number alike (at most two decimals).
            del node["type"], node["pattern"]
            node["anyOf"] = [{"type": "string", "pattern": MONEY_PATTERN},
                             {"type": "number", "minimum": 0, "maximum": 9_999_999_999.99,
                              "multipleOf": 0.01}]
            node["description"] = MONEY_TEXT
    service = schema["$defs"]["ServiceRequest"]["properties"]["service"]
    service["enum"] = sorted(book.services)
    service["description"] = "A service of the rule book in force (services.yaml)"
    first = first_calculable_date(book)
    if first is not None:
        calculation_date = schema["properties"]["calculation_date"]
        calculation_date["pattern"] = dates_from(first)
        calculation_date["description"] = (f"{DATE_TEXT}, on or after {first.isoformat()}: "
                                           "the rules are in force from then on")
    periods = municipality_periods(book)
    if periods:
        schema["$defs"]["Person"]["properties"]["municipality"]["description"] = (
            f"From {periods[0][0].isoformat()} on, a municipality of the rule book in force "
            "on calculation_date (one of the list of its period below); before, any name "
            "(the budget then warns `municipality_unchecked`)")
        # JSON Schema's if/then: the list that applies is the one of calculation_date's period.
        schema["allOf"] = [
            {"if": {"required": ["calculation_date"], "properties": {
                "calculation_date": _date_range(first, after)}},
             "then": {"properties": {"person": {"properties": {
                 "municipality": {"enum": names}}}}}}
            for first, after, names in periods]
    return schema


def _date_range(first: dt.date, after: dt.date | None) -> dict[str, Any]:
    """A date text from `first` to the day before `after` (None: on and on)."""
    found: dict[str, Any] = {"type": "string", "pattern": dates_from(first)}
    if after is not None:
        found["not"] = {"pattern": dates_from(after)}
    return found


def municipality_periods(book: RuleBook) -> list[tuple[dt.date, dt.date | None, list[str]]]:
    """The periods in which the server checks a case's municipality, each with the names in
    force throughout it: (first day, first day after it or None, names).

    The list is checked on the days on or after the parameter `municipality.checked_from`
    in force then (spec: domain.md §12); each period ends where the list or that parameter
    changes.
    """
    checked = book.parameters.parameters.get(CHECKED_FROM)
    if checked is None:
        return []
    one_day = dt.timedelta(days=1)
    cuts = sorted({m.valid_from for m in book.municipalities}
                  | {m.valid_to + one_day for m in book.municipalities if m.valid_to}
                  | {v.valid_from for v in checked.values}
                  | {v.value for v in checked.values if isinstance(v.value, dt.date)})
    periods: list[tuple[dt.date, dt.date | None, list[str]]] = []
    for first, after in zip(cuts, [*cuts[1:], None], strict=True):
        since = checked.on(first)
        if since is None or not isinstance(since.value, dt.date) or first < since.value:
            continue
        names = sorted(m.name for m in book.municipalities if m.in_force(first))
        if periods and periods[-1][1] == first and periods[-1][2] == names:
            periods[-1] = (periods[-1][0], after, names)
        else:
            periods.append((first, after, names))
    return periods


def own_case(municipality: str | None) -> dict[str, Any]:
    """A case the user may save: of their municipality (the server refuses another's)."""
    if municipality is None:
        return {"$ref": "#/components/schemas/Case"}
    return {"description": f"A case of your municipality, {municipality}",
            "allOf": [{"$ref": "#/components/schemas/Case"}, {"properties": {"person": {
                "properties": {"municipality": {"const": municipality}}}}}]}


def openapi_document(book: RuleBook, paths: dict[str, Any], schemas: dict[str, Any],
                     municipality: str | None = None) -> dict[str, Any]:
    """The whole document for the rule book in force, as the user reading it may use it:
    `paths` and `schemas` are the routes' own (api.py, api_cases.py); the shared answers,
    the error bodies and `OwnCase` (a case of the user's `municipality`) are added here."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "budget-engine API", "version": "1",
                 "description": "Individual budgets for Latvia's DI programme (format 1). "
                                "Every answer that is not 2xx has a JSON body."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Case": case_schema(book),
                        "Budget": Budget.model_json_schema(
                            mode="serialization",
                            ref_template="#/components/schemas/Budget/$defs/{model}"),
                        "OwnCase": own_case(municipality), **ERROR_SCHEMAS, **schemas}},
        "security": [{"bearer": []}],
        "paths": with_shared_answers(paths),
    }
