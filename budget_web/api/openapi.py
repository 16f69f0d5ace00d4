"""The API's OpenAPI document: the budget routes' paths and the saved cases' (`cases`) put
together here, above both, so that neither route module imports the other; `schema` makes
the document say what the server accepts (for this user, under the rule book in force)."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify

from ..access import case_scope
from .budgets import OPENAPI_PATHS_HERE, bp
from .cases import OPENAPI_PATHS, OPENAPI_SCHEMAS
from .schema import openapi_document


@bp.route("/openapi.json")
def openapi() -> Any:
    # As this user may use it: the cases they may save are their municipality's.
    return jsonify(openapi_document(current_app.extensions["rules"],
                                    {**OPENAPI_PATHS_HERE, **OPENAPI_PATHS}, OPENAPI_SCHEMAS,
                                    case_scope(g.user)))
