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
from typing import Any

from budget_engine import Budget, Case, RuleBook

#: The pattern the case model gives a date; a date is also a real calendar day (`format`).
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: The years a date of a case may have: Python's dates (a year 0000 is no day).
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


def case_schema(book: RuleBook) -> dict[str, Any]:
    """The case model's JSON schema, saying what the server's checks say: a date is a real
    day (`format: date`), a municipality is one of the rule book's."""
    schema = Case.model_json_schema(ref_template="#/components/schemas/Case/$defs/{model}")
    for node in _walk(schema):
        if node.get("type") == "string" and node.get("pattern") == DATE_PATTERN:
            node["format"] = "date"
            node["description"] = DATE_TEXT
    names = sorted({m.name for m in book.municipalities})
    person = schema["$defs"]["Person"]["properties"]["municipality"]
    person.pop("minLength", None)
    person.pop("maxLength", None)
    person["enum"] = names
    person["description"] = ("A municipality of the rule book that is in force on "
                             "calculation_date (the list changes with the reforms)")
    return schema


def openapi_document(book: RuleBook, paths: dict[str, Any],
                     schemas: dict[str, Any]) -> dict[str, Any]:
    """The whole document for the rule book in force: `paths` and `schemas` are the routes'
    own (api.py, api_cases.py); the shared answers and error bodies are added here."""
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
                        **ERROR_SCHEMAS, **schemas}},
        "security": [{"bearer": []}],
        "paths": with_shared_answers(paths),
    }
