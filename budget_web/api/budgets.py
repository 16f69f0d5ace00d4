"""JSON API: the same case in and budget out as the form, authenticated by per-user token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request

from budget_engine import CaseError, CaseInputError, EngineCrash, load_json_object

from ..audit import excerpt
from ..policy.version_words import RULES_NAMING, rules_naming
from ..storage import get_store

bp = Blueprint("api", __name__, url_prefix="/api/v1")
#: The longest error message or field path an answer carries: a 20 MiB field is not echoed.
MESSAGE_LIMIT = 300


@bp.before_request
def token_required() -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""  # the scheme in any case
    user = get_store().user_by_token(token) if token and len(token) < 200 else None
    if user is None:
        response = jsonify({"error": "Unauthorized",
                            "message": "send Authorization: Bearer TOKEN "
                                       "(budget-engine users token NAME prints one)"})
        response.headers["WWW-Authenticate"] = 'Bearer realm="budget-engine"'
        return response, 401
    g.user = user
    return None


@bp.before_request
def json_bodies_only() -> Any:
    """A body is JSON in UTF-8, or the request is refused before anything reads it."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.mimetype != "application/json":
        return jsonify({"error": "Unsupported Media Type",
                        "message": "send the body as Content-Type: application/json"}), 415
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    try:
        if charset not in ("utf-8", "utf8"):
            raise UnicodeError(charset)
        request.get_data().decode("utf-8")
    except UnicodeError:
        return jsonify({"error": "Bad Request", "message": "the body is not UTF-8 text"}), 400
    return None


@bp.before_request
def known_language() -> Any:
    """`lang`, wherever it is given, is lv or en: another is refused, not read as lv."""
    lang = request.args.get("lang")
    if lang is not None and lang not in ("lv", "en"):
        return _errors([("lang", "expected lv or en")])
    return None


def error_list(errors: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Errors as the API answers them: each field and message cut to a short excerpt."""
    return [{"field": excerpt(p, MESSAGE_LIMIT), "message": excerpt(m, MESSAGE_LIMIT)}
            for p, m in errors[:200]]


def _errors(errors: list[tuple[str, str]]) -> tuple[Response, int]:
    return jsonify({"error": "Unprocessable Entity", "errors": error_list(errors)}), 422


@bp.route("/budgets", methods=["POST"])
def budgets() -> Any:
    try:
        # The same reader as every other door: no body can raise anything but an input error.
        data = load_json_object(request.get_data() or b"null")
    except CaseInputError as exc:
        return _errors(exc.errors)
    lang = request.args.get("lang", "lv")
    if lang not in ("lv", "en"):
        return _errors([("lang", "expected lv or en")])
    calculator = current_app.extensions["calculator"]
    try:
        budget_json = calculator.calculate_json(calculator.parse(data), lang)
    except (CaseInputError, CaseError) as exc:
        return _errors(exc.errors)
    except EngineCrash as exc:
        current_app.logger.error("%s", exc)
        return jsonify({"error": "Internal Server Error", "case_id": exc.case_id,
                        "message": f"the rule engine stopped while calculating case "
                                   f"{exc.case_id}; the error is logged and the server goes "
                                   "on"}), 500
    return Response(budget_json, mimetype="application/json")


@bp.route("/rules/version")
def rules_version() -> Any:
    book = current_app.extensions["rules"]
    return jsonify({"rules_version": book.version, "label": book.label,
                    **rules_naming(book.version)})


#: The document's part for the routes of this module (cases.py has the cases'; openapi.py
#: puts them together).
OPENAPI_PATHS_HERE: dict[str, Any] = {
    "/api/v1/budgets": {"post": {
        "summary": "Calculate the individual budget of a case",
        "parameters": [{"name": "lang", "in": "query", "required": False,
                        "schema": {"type": "string", "enum": ["lv", "en"]}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Case"}}}},
        "responses": {
            "200": {"description": "The budget", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Budget"}}}},
            "500": {"description": "The rule engine stopped on this case", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/"
                                                        "EngineStopped"}}}}}}},
    "/api/v1/rules/version": {"get": {
        "summary": "The rules_version budgets are calculated with",
        "responses": {"200": {"description": "rules_version and label", "content": {
            "application/json": {"schema": {
                "type": "object", "required": ["rules_version", "label"],
                "properties": {"rules_version": {"type": "string"},
                               "label": {"type": "string"}, **RULES_NAMING}}}}}}}},
    "/api/v1/openapi.json": {"get": {
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {
            "application/json": {"schema": {"type": "object", "required": ["openapi"]}}}}}}},
}
