"""The API's OpenAPI document: the budget routes' paths and the saved cases' (`cases`) put
together here, above both, so that neither route module imports the other."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from budget_engine import Budget, Case

from .budgets import bp
from .cases import OPENAPI_PATHS, OPENAPI_SCHEMAS


@bp.route("/openapi.json")
def openapi() -> Any:
    error = {"type": "object", "properties": {
        "error": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "field": {"type": "string"}, "message": {"type": "string"}}}}}}
    return jsonify({
        "openapi": "3.1.0",
        "info": {"title": "budget-engine API", "version": "1",
                 "description": "Individual budgets for Latvia's DI programme (format 1)."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Case": Case.model_json_schema(ref_template="#/components/schemas/"
                                                       "Case/$defs/{model}"),
                        "Budget": Budget.model_json_schema(
                            mode="serialization",
                            ref_template="#/components/schemas/Budget/$defs/{model}"),
                        "Errors": error, **OPENAPI_SCHEMAS}},
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/budgets": {"post": {
                "summary": "Calculate the individual budget of a case",
                "parameters": [{"name": "lang", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["lv", "en"]}}],
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Case"}}}},
                "responses": {
                    "200": {"description": "The budget", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Budget"}}}},
                    "400": {"description": "The body is not UTF-8"},
                    "401": {"description": "No or unknown token"},
                    "415": {"description": "The body is not application/json"},
                    "422": {"description": "The case is wrong; every error names its field",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Errors"}}}}}}},
            "/api/v1/rules/version": {"get": {
                "summary": "The rules_version budgets are calculated with",
                "responses": {"200": {"description": "rules_version and label"},
                              "401": {"description": "No or unknown token"}}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            **OPENAPI_PATHS,
        },
    })
