"""Policy staff's page: the rules and parameters in force, readable, with their sources."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flask import Blueprint, current_app, render_template, request

from budget_engine.rulebook.compiler import Compiler

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
    compiled = Compiler(book).for_date(on)
    rows = []
    for rule in book.all_rules():
        rows.append({"rule": rule, "in_force": rule.in_force(on),
                     "source": f"{rule.file}:{rule.line}",
                     "services": rule.services if isinstance(rule.services, str | list)
                     else f"{{parameter: {rule.services.name}}}",
                     "when": json.dumps(rule.when_source, ensure_ascii=False, default=str)
                     if rule.when_source else "{}",
                     "then": json.dumps(rule.then.model_dump(exclude_defaults=True),
                                       ensure_ascii=False, default=str)})
    params = []
    for name, parameter in sorted(book.parameters.parameters.items()):
        current = parameter.on(on)
        params.append({"name": name, "p": parameter,
                       "current": json.dumps(current.value, ensure_ascii=False, default=str)
                       if current else None,
                       "since": current.valid_from if current else None})
    return render_template("rules.html", book=book, rows=rows, params=params, on=on,
                           problems=compiled.problems)
