"""The JSON API for saved cases: save, add a version, read, recalculate, sign off.

The same rules as the pages, from the same places: `access` decides which cases a token's
user sees (out of scope: 404), `case_store` refuses a duplicate number or a stale version
(409), `case_service` calculates and pins the rule book. The routes are added to the API
blueprint (token required, JSON bodies only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, g, jsonify, request, url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter

from budget_engine import Budget, CaseError, CaseInputError, EngineCrash, load_json_object

from ..access import case_access, scope_or_404
from ..cases import service as case_service
from ..cases.budget_changes import comparison
from ..cases.decided import decided_of, undecided_lines
from ..cases.overrides import STEPS, DecisionRefused, parse_overrides
from ..cases.store import CaseExists, CaseVersion, NewVersion, VersionConflict, WorkItem
from ..cases.worklists import STATUSES
from ..db import aware
from ..policy.version_words import rules_naming
from ..storage import get_store
from .budgets import bp, error_list

EXISTS_LV = "lieta ar šo numuru jau ir"


def _unprocessable(errors: list[tuple[str, str]]) -> tuple[Response, int]:
    return jsonify({"error": "Unprocessable Entity", "errors": error_list(errors)}), 422


def _crash(exc: EngineCrash) -> tuple[Response, int]:
    current_app.logger.error("%s", exc)
    return jsonify({"error": "Internal Server Error", "case_id": exc.case_id,
                    "message": "the rule engine stopped; the error is logged"}), 500


def _body() -> dict[str, Any] | tuple[Response, int]:
    try:
        return load_json_object(request.get_data() or b"null")
    except CaseInputError as exc:
        return _unprocessable(exc.errors)


def _lang() -> str:
    wanted = request.args.get("lang", "lv")
    return wanted if wanted in ("lv", "en") else "lv"


@dataclass(frozen=True)
class Prepared:
    """A request's case, its budget and the overrides it asks for, all checked."""

    case: dict[str, Any]
    budget: Budget
    overrides: list[dict[str, Any]]

    def version(self) -> NewVersion:
        """What the store saves: the case, its budget and overrides, with the pinned rules."""
        return case_service.version_of(self.case, self.budget, self.overrides)


Answer = tuple[Response, int]


def _prepared(body: dict[str, Any]) -> Prepared | Answer:
    """The checked case of a request body, or the answer a client gets instead.

    Both routes that save need the same three refusals (422 naming each field, 500 when the
    engine stopped), so they are decided here once.
    """
    try:
        return _checked(body)
    except EngineCrash as exc:
        return _crash(exc)


def _checked(body: dict[str, Any]) -> Prepared | Answer:
    raw = body.get("case")
    if not isinstance(raw, dict):
        return _unprocessable([("case", "expected the case (a format-1 JSON object)")])
    try:
        case, budget = case_service.calculate(raw, _lang())
    except (CaseInputError, CaseError) as exc:
        return _unprocessable([(f"case.{p}" if p else "case", m) for p, m in exc.errors])
    scope = scope_or_404()
    if case["person"]["municipality"] != scope:
        return _unprocessable([("case.person.municipality",
                                f"you can save cases of {scope} only")])
    overrides, problems = parse_overrides(body.get("overrides", []),
                                                    budget.model_dump(mode="json"))
    if problems:
        return _unprocessable([(p.field, p.kind) for p in problems])
    return Prepared(case, budget, overrides)


def _saved(row: CaseVersion) -> tuple[Response, int]:
    response = jsonify({"case_id": row.case_id, "version": row.version,
                        "rules_version": row.rules_version, "status": row.status})
    response.headers["Location"] = url_for("api.get_case", case_id=row.case_id)
    return response, 201


@bp.route("/cases", methods=["POST"])
def create_case() -> Any:
    """A new case: 201, or 409 when the municipality has a case with this number."""
    scope_or_404()
    body = _body()
    if not isinstance(body, dict):
        return body
    prepared = _prepared(body)
    if not isinstance(prepared, Prepared):
        return prepared
    case = prepared.case
    store = get_store()
    try:
        row = store.cases.create(prepared.version(), g.user.name)
    except CaseExists as exc:
        latest = exc.latest.version if exc.latest else None
        store.audit.add(g.user.name, "conflict", case["case_id"], scope_or_404(), latest,
                        "new case under an existing number (API)")
        return jsonify({"error": "Conflict", "message": f"{EXISTS_LV} (a case with this "
                        "number exists)", "case_id": case["case_id"],
                        "latest_version": latest,
                        "location": url_for("api.get_case", case_id=case["case_id"])}), 409
    return _saved(row)


@bp.route("/cases/<path:case_id>/versions", methods=["POST"])
@case_access(None)
def add_version(row: CaseVersion) -> Any:
    """The next version, based on `based_on_version`: 201, or 409 when that is not the latest."""
    body = _body()
    if not isinstance(body, dict):
        return body
    based_on = body.get("based_on_version")
    if isinstance(based_on, bool) or not isinstance(based_on, int):
        return _unprocessable([("based_on_version", "expected the number of the version "
                                                    "the case was edited from")])
    prepared = _prepared(body)
    if not isinstance(prepared, Prepared):
        return prepared
    case = prepared.case
    if case["case_id"] != row.case_id:
        return _unprocessable([("case.case_id", f"expected {row.case_id}, the case of this "
                                                "address")])
    store = get_store()
    try:
        saved = store.cases.add_version(prepared.version(), based_on, g.user.name)
    except VersionConflict as exc:
        store.audit.add(g.user.name, "conflict", row.case_id, row.municipality,
                        exc.latest.version, f"based on version {based_on} (API)")
        return jsonify({"error": "Conflict", "message": f"version {based_on} is not the "
                        f"latest: version {exc.latest.version} was saved by "
                        f"{exc.latest.saved_by}", "latest_version": exc.latest.version}), 409
    return _saved(saved)


#: The longest page of the case list, its default, and the furthest offset read.
LIST_LIMIT, LIST_DEFAULT, OFFSET_LIMIT = 100, 50, 1_000_000


def _whole(name: str, default: int, most: int, least: int) -> int | tuple[str, str]:
    """A query parameter as a whole number from `least` to `most`, or its error."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or not least <= int(raw) <= most:
        return (name, f"expected a whole number from {least} to {most}")
    return int(raw)


def _listed(item: WorkItem) -> dict[str, Any]:
    row, step = item.row, item.step
    return {"case_id": row.case_id, "version": row.version, "status": row.status,
            "municipality": row.municipality, "calculation_date": row.calculation_date,
            "monthly_total": row.monthly_total, "saved_by": row.saved_by,
            "saved_at": aware(row.saved_at).isoformat(),
            "step": None if step is None else {
                "status": step.status, "by": step.by, "at": aware(step.at).isoformat(),
                "note": step.note},
            "location": url_for("api.get_case", case_id=row.case_id)}


@bp.route("/cases", methods=["GET"])
def list_cases() -> Any:
    """The latest versions of the municipality's cases in a status, as the start pages list
    them: submitted oldest first (by when they were submitted), the others newest first."""
    scope = scope_or_404()
    status = request.args.get("status")
    errors: list[tuple[str, str]] = []
    if status is not None and status not in STATUSES:
        errors.append(("status", "expected one of " + ", ".join(STATUSES)))
    limit = _whole("limit", LIST_DEFAULT, LIST_LIMIT, 1)
    offset = _whole("offset", 0, OFFSET_LIMIT, 0)
    errors += [found for found in (limit, offset) if isinstance(found, tuple)]
    if errors or isinstance(limit, tuple) or isinstance(offset, tuple):
        return _unprocessable(errors)
    items, total = get_store().cases.waiting(scope, status, limit, offset)
    get_store().audit.add(g.user.name, "searched", "", scope, None,
                          f"API: status {status or 'any'}, {len(items)} of {total} from "
                          f"{offset}")
    after = offset + len(items)
    return jsonify({"status": status or None, "total": total, "limit": limit,
                    "offset": offset, "cases": [_listed(item) for item in items],
                    "next": url_for("api.list_cases", status=status or None, limit=limit,
                                    offset=after) if after < total else None})


def _version_json(row: CaseVersion) -> dict[str, Any]:
    return {"case_id": row.case_id, "version": row.version, "based_on": row.based_on,
            "municipality": row.municipality, "status": row.status,
            "rules_version": row.rules_version, **rules_naming(row.rules_version),
            "saved_by": row.saved_by, "saved_at": aware(row.saved_at).isoformat(),
            "overrides": row.overrides,
            # The unusual values the worker confirmed (field, value, warning, by, at).
            "confirmations": row.confirmations,
            "case": json.loads(row.case_json), "budget": json.loads(row.budget_json),
            # The budget as decided (domain.md §13b): lines, payers, co-payments and totals
            # with the overrides applied; equal to `budget` (the computed one) without them.
            "decided_budget": decided_of(row).model_dump(mode="json")}


@bp.route("/cases/<path:case_id>")
@case_access("viewed")
def get_case(row: CaseVersion) -> Any:
    """The latest saved case and budget, with its status and overrides."""
    events = get_store().cases.events(row.id)
    return jsonify({**_version_json(row), "decisions": [
        {"status": e.status, "by": e.by, "at": aware(e.at).isoformat(), "note": e.note}
        for e in events]})


@bp.route("/cases/<path:case_id>/recalculate")
@case_access("recalculated")
def recalculate(row: CaseVersion) -> Any:
    """The saved case under its pinned rule book (identical figures) or today's rules."""
    which = request.args.get("rules", "current")
    if which not in ("pinned", "current"):
        return _unprocessable([("rules", "expected pinned or current")])
    try:
        budget = case_service.recalculate(row, "pinned" if which == "pinned" else "current",
                                          _lang())
    except (CaseInputError, CaseError) as exc:
        return _unprocessable([(f"case.{p}" if p else "case", m) for p, m in exc.errors])
    except EngineCrash as exc:
        return _crash(exc)
    if budget is None:
        return jsonify({"error": "Not Found", "message": f"the rule book {row.rules_version} "
                        "is not stored"}), 404
    new = budget.model_dump(mode="json")
    differences = comparison(json.loads(row.budget_json), new)
    return jsonify({"case_id": row.case_id, "version": row.version, "rules": which,
                    "saved_rules_version": row.rules_version,
                    "rules_version": budget.rules_version, "changed": differences["changed"],
                    "differences": differences, "budget": new})


@bp.route("/cases/<path:case_id>/compare")
@case_access(None)
def compare(row: CaseVersion) -> Any:
    """Two saved versions side by side, as the comparison page has them: who saved each,
    when and under which rules, the budget's differences line by line, and the case's
    fields that differ (by their JSON paths)."""
    store = get_store()
    by_number = {v.version: v for v in store.cases.versions(row.municipality, row.case_id)}
    chosen: dict[str, CaseVersion] = {}
    errors: list[tuple[str, str]] = []
    for name in ("first", "second"):
        raw = request.args.get(name, "")
        if not raw.isdigit() or len(raw) > 9:
            errors.append((name, "expected the number of a saved version"))
        elif int(raw) not in by_number:
            errors.append((name, f"this case has no version {int(raw)}"))
        else:
            chosen[name] = by_number[int(raw)]
    if not errors and chosen["first"].version == chosen["second"].version:
        errors.append(("second", "expected a version other than first"))
    if errors:
        return _unprocessable(errors)
    first, second = chosen["first"], chosen["second"]
    for this, other in ((first, second), (second, first)):
        store.audit.add(g.user.name, "viewed", row.case_id, row.municipality, this.version,
                        f"compared with version {other.version} (API)")
    about = ("version", "based_on", "status", "rules_version", "saved_by", "saved_at",
             "overrides")
    return jsonify({
        "case_id": row.case_id,
        "first": {k: v for k, v in _version_json(first).items() if k in about},
        "second": {k: v for k, v in _version_json(second).items() if k in about},
        "differences": comparison(json.loads(first.budget_json), json.loads(second.budget_json)),
        "case_fields_changed": changed_paths(json.loads(first.case_json),
                                             json.loads(second.case_json))})


def changed_paths(first: Any, second: Any, path: str = "") -> list[str]:
    """The paths (`household.monthly_income`, `requested_services[1].units`) whose values
    differ between two cases; a list of another length counts as changed as a whole."""
    if isinstance(first, dict) and isinstance(second, dict):
        return [found for key in dict.fromkeys([*first, *second])
                for found in changed_paths(first.get(key), second.get(key),
                                           f"{path}.{key}" if path else str(key))]
    if isinstance(first, list) and isinstance(second, list) and len(first) == len(second):
        return [found for i, (a, b) in enumerate(zip(first, second, strict=True))
                for found in changed_paths(a, b, f"{path}[{i}]")]
    return [] if first == second else [path]


class VersionNumber(BaseConverter):
    """A version in an address: any one segment, read as its number; a segment that is not
    a version's number (`-1`, `x`, ten digits) is version 0, which no case has: 404. With
    `int` such an address would be the case's own (`cases/<path:case_id>`): 405."""

    regex = "[^/]+"
    weight = 50  # before `path`

    def to_python(self, value: str) -> int:
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0

    def to_url(self, value: Any) -> str:
        return str(value)


@bp.record_once
def _version_converter(state: BlueprintSetupState) -> None:
    """The converter is the app's before the route below is added to it."""
    state.app.url_map.converters["version"] = VersionNumber


@bp.route("/cases/<path:case_id>/versions/<version:version>/decision", methods=["POST"])
@case_access(None)
def decide(row: CaseVersion) -> Any:
    """Submit, approve or return a version: 200 with the new status, 409 when refused."""
    body = _body()
    if not isinstance(body, dict):
        return body
    step, note = body.get("step"), body.get("note", "")
    if not isinstance(step, str) or step not in STEPS or not isinstance(note, str):
        return _unprocessable([("step", "expected submit, approve or return; note a text")])
    undecided = undecided_lines(decided_of(row))
    if step == "submit" and undecided:
        return jsonify({"error": "Conflict", "reason": "undecided_lines", "status": row.status,
                        "message": "granted lines without a price must be decided first: "
                                   + ", ".join(undecided)}), 409
    try:
        done = get_store().cases.decide(row.municipality, row.case_id, row.version, str(step),
                                        g.user.name, g.user.role, note)
    except DecisionRefused as exc:
        return jsonify({"error": "Conflict", "reason": exc.kind, "status": exc.status}), 409
    return jsonify({"case_id": done.case_id, "version": done.version, "status": done.status})


#: A case of the user's municipality: the only one they may save (schema.own_case).
_CASE_REF = {"$ref": "#/components/schemas/OwnCase"}
_ERRORS = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
_STOPPED = {"description": "The rule engine stopped on this case",
            "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/EngineStopped"}}}}
#: A saved version's number, as the server reads it (a negative one is no version: 404).
_VERSION = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
OPENAPI_SCHEMAS: dict[str, Any] = {
    "CaseList": {
        "type": "object", "required": ["total", "limit", "offset", "cases", "next"],
        "description": "A page of the latest versions of your municipality's cases",
        "properties": {
            "status": {"type": ["string", "null"]}, "total": {"type": "integer"},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "next": {"type": ["string", "null"],
                     "description": "The address of the next page, or null at the end"},
            "cases": {"type": "array", "items": {
                "type": "object",
                "required": ["case_id", "version", "status", "saved_by", "saved_at", "step"],
                "properties": {
                    "case_id": {"type": "string"}, "version": {"type": "integer"},
                    "status": {"type": "string", "enum": list(STATUSES)},
                    "municipality": {"type": "string"},
                    "calculation_date": {"type": "string"},
                    "monthly_total": {"type": "string"}, "saved_by": {"type": "string"},
                    "saved_at": {"type": "string"}, "location": {"type": "string"},
                    "step": {"description": "The last sign-off step of this version (who, "
                                            "when, the note): null for a draft",
                             "anyOf": [{"type": "null"}, {"type": "object", "properties": {
                                 "status": {"type": "string"}, "by": {"type": "string"},
                                 "at": {"type": "string"},
                                 "note": {"type": "string"}}}]}}}}}},
    "Override": {"type": "object", "required": ["service", "justification"], "properties": {
        "service": {"type": "string"}, "units": {"type": ["integer", "null"]},
        "amount": {"type": ["string", "null"], "description": "EUR a month, e.g. \"120.50\""},
        "justification": {"type": "string", "minLength": 1}}},
    "SaveCase": {"type": "object", "required": ["case"], "properties": {
        "case": _CASE_REF,
        "overrides": {"type": "array", "items": {"$ref": "#/components/schemas/Override"}}}},
    "SaveVersion": {"type": "object", "required": ["case", "based_on_version"], "properties": {
        "based_on_version": {"type": "integer"}, "case": _CASE_REF,
        "overrides": {"type": "array", "items": {"$ref": "#/components/schemas/Override"}}}},
    "Saved": {"type": "object", "required": ["case_id", "version", "status"], "properties": {
        "case_id": {"type": "string"}, "version": {"type": "integer"},
        "rules_version": {"type": "string"}, "status": {"type": "string"}}},
    "Conflict": {
        "type": "object", "required": ["error"],
        "description": "Refused as it stands: a case with this number exists (case_id, "
                       "latest_version, location), a newer version was saved "
                       "(latest_version), or a decision is not allowed (reason, status)",
        "properties": {
            "error": {"type": "string", "const": "Conflict"}, "message": {"type": "string"},
            "case_id": {"type": "string"}, "location": {"type": "string"},
            "latest_version": {"type": ["integer", "null"]},
            "reason": {"type": "string"}, "status": {"type": "string"}}},
}
_LANG = {"name": "lang", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["lv", "en"]}}
_ID = {"name": "case_id", "in": "path", "required": True, "schema": {"type": "string"}}
_OBJECT = {"application/json": {"schema": {"type": "object"}}}


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


# The answers every route shares (401; 400, 413, 415, 422 with a body; 404 with a case_id)
# are added by schema.with_shared_answers.
OPENAPI_PATHS: dict[str, Any] = {
    "/api/v1/cases": {"get": {
        "summary": "Your municipality's cases in a status (the start pages' lists), paged",
        "description": "The latest version of each case. `submitted` comes oldest first (by "
                       "when it was submitted: the approval queue), every other list newest "
                       "first. Each look is written to the audit log.",
        "parameters": [
            {"name": "status", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(STATUSES)},
             "description": "Absent: every status"},
            {"name": "limit", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 1, "maximum": LIST_LIMIT,
                        "default": LIST_DEFAULT}},
            {"name": "offset", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": 0, "maximum": OFFSET_LIMIT,
                        "default": 0}}],
        "responses": {"200": {"description": "A page of cases", "content": _json("CaseList")},
                      "404": {"description": "Your account has no municipality",
                              "content": _json("Error")},
                      "422": {"description": "status, limit or offset is wrong",
                              "content": _ERRORS}}},
        "post": {
        "summary": "Save a new case of your municipality (version 1)",
        "parameters": [_LANG], "requestBody": {"required": True, "content": _json("SaveCase")},
        "responses": {"201": {"description": "Saved", "content": _json("Saved")},
                      "404": {"description": "Your account has no municipality",
                              "content": _json("Error")},
                      "409": {"description": "A case with this number exists "
                                             f"(\"{EXISTS_LV}\")", "content": _json("Conflict")},
                      "422": {"description": "The case is wrong", "content": _ERRORS},
                      "500": _STOPPED}}},
    "/api/v1/cases/{case_id}/versions": {"post": {
        "summary": "Save a new version, edited from `based_on_version`",
        "parameters": [_ID, _LANG],
        "requestBody": {"required": True, "content": _json("SaveVersion")},
        "responses": {"201": {"description": "Saved", "content": _json("Saved")},
                      "409": {"description": "based_on_version is not the latest version",
                              "content": _json("Conflict")},
                      "422": {"description": "The case is wrong", "content": _ERRORS},
                      "500": _STOPPED}}},
    "/api/v1/cases/{case_id}": {"get": {
        "summary": "The latest saved case and budget, status, overrides and decisions",
        "parameters": [_ID],
        "responses": {"200": {"description": "The latest version", "content": _OBJECT}}}},
    "/api/v1/cases/{case_id}/recalculate": {"get": {
        "summary": "Recalculate under the rules it was saved with (pinned) or today's",
        "parameters": [_ID, _LANG, {"name": "rules", "in": "query", "required": False,
                                    "schema": {"type": "string",
                                               "enum": ["pinned", "current"]}}],
        "responses": {"200": {"description": "budget, rules_version, differences",
                              "content": _OBJECT},
                      "404": {"description": "No such case in your municipality, or its "
                                             "pinned rule book is not stored",
                              "content": _json("Error")},
                      "422": {"description": "rules is not pinned or current, or lang not lv "
                                             "or en", "content": _ERRORS},
                      "500": _STOPPED}}},
    "/api/v1/cases/{case_id}/compare": {"get": {
        "summary": "Two saved versions side by side (who, when, rules, differences)",
        "parameters": [_ID, *[{"name": name, "in": "query", "required": True,
                               "schema": _VERSION} for name in ("first", "second")]],
        "responses": {"200": {"description": "first, second, differences, "
                                             "case_fields_changed", "content": _OBJECT},
                      "422": {"description": "a version the case does not have, or the "
                                             "same twice", "content": _ERRORS}}}},
    "/api/v1/cases/{case_id}/versions/{version}/decision": {"post": {
        "summary": "Submit, approve or return a version (a second person approves)",
        "parameters": [_ID, {"name": "version", "in": "path", "required": True,
                             "schema": _VERSION}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["step"], "properties": {
                "step": {"type": "string", "enum": ["submit", "approve", "return"]},
                "note": {"type": "string"}}}}}},
        "responses": {"200": {"description": "The new status", "content": _json("Saved")},
                      "409": {"description": "Refused: role, status, not the latest version, "
                                             "or the same person",
                              "content": _json("Conflict")}}}},
}
