"""Administrators' view of the background jobs' disk: how much the replays and drafts'
impact runs keep, each job's size, owner and age; never what they calculated (no case
data, no file names). Folders go after `JOB_RETENTION_DAYS` or when their owner deletes
them (`job_queue`)."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from ..auth import role_required
from ..evaluation.job_queue import looked_at, totals
from ..formatting import page_lang

bp = Blueprint("jobs_admin", __name__, url_prefix="/jobs")


def size_text(size: int) -> str:
    """Bytes as megabytes, as the page writes numbers (`1 234,5 MB`)."""
    return f"{format_decimal(size / 1_000_000, format='#,##0.0', locale=page_lang())} MB"


@bp.route("")
@role_required("admin")
def disk() -> Any:
    uses = looked_at(current_app).usage()
    kinds = {"replay": _("Replays"), "impact": _("Drafts' impact")}
    return render_template("jobs_admin.html", uses=uses, totals=totals(uses), kinds=kinds,
                           size=size_text,
                           retention=int(current_app.config["JOB_RETENTION_DAYS"]))
