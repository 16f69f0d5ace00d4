"""Evaluators' page: replay an uploaded file of cases and download the budgets."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request

from budget_engine import Summary, read_csv, read_jsonl, replay_records

from .auth import role_required

bp = Blueprint("replay", __name__, url_prefix="/replay")
evaluator = role_required("evaluator")


def _results_dir() -> Path:
    path = Path(current_app.instance_path) / "replays"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("", methods=["GET", "POST"])
@evaluator
def page() -> Any:
    if request.method == "GET":
        return render_template("replay.html")
    upload = request.files.get("cases")
    if upload is None or not upload.filename:
        return render_template("replay.html", error="no_file"), 422
    stream = io.BytesIO(upload.read())
    summary = Summary()
    records = (read_csv(stream, summary) if upload.filename.lower().endswith(".csv")
               else read_jsonl(stream, summary))
    token = secrets.token_hex(16)
    cases = budgets = 0
    errors: list[str] = []
    limit = current_app.config["REPLAY_MAX_CASES"]
    with open(_results_dir() / f"{token}.jsonl", "w", encoding="utf-8") as out:
        for ok, line in replay_records(records, current_app.extensions["rules"]):
            cases += 1
            budgets += ok
            if not ok and len(errors) < 50:
                errors.append(line)
            out.write(line + "\n")
            if cases >= limit:
                break
    return render_template("replay.html", token=token, cases=cases, budgets=budgets,
                           errors=errors, filename=upload.filename, limit_hit=cases >= limit)


@bp.route("/<token>.jsonl")
@evaluator
def download(token: str) -> Response:
    if not token.isalnum():
        abort(404)
    path = _results_dir() / f"{token}.jsonl"
    if not path.exists():
        abort(404)
    return Response(path.read_text(encoding="utf-8"), mimetype="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="budgets.jsonl"'})
