"""Policy staff's page: the rules and parameters in force, readable, with their sources."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Blueprint, current_app, render_template, request

from budget_engine import rules_in_force

from .auth import role_required

bp = Blueprint("policy", __name__, url_prefix="/rules")


@bp.route("")
@role_required("policy")
def rules() -> Any:
    book = current_app.extensions["rules"]
    try:
        on = dt.date.fromisoformat(request.args.get("date", "")) if request.args.get(
            "date") else dt.date.today()
    except ValueError:
        on = dt.date.today()
    found = rules_in_force(book, on)
    rows = []
    for entry in found.rules:
        rule = entry.rule
        rows.append({"rule": rule, "in_force": entry.in_force,
                     "source": f"{rule.file}:{rule.line}",
                     "services": rule.services if isinstance(rule.services, str | list)
                     else f"{{parameter: {rule.services.name}}}",
                     "when": json.dumps(rule.when_source, ensure_ascii=False, default=str)
                     if rule.when_source else "{}",
                     "then": json.dumps(rule.then.model_dump(exclude_defaults=True),
                                       ensure_ascii=False, default=str)})
    params = []
    for item in found.parameters:
        current = item.current
        params.append({"name": item.name, "p": item.parameter,
                       "current": json.dumps(current.value, ensure_ascii=False, default=str)
                       if current else None,
                       "since": current.valid_from if current else None})
    return render_template("rules.html", book=book, rows=rows, params=params, on=on,
                           problems=list(found.problems))
