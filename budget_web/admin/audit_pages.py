"""The audit log for administrators: who did what to which case, and when (read only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..auth import role_required
from ..storage import get_store

bp = Blueprint("audit", __name__, url_prefix="/audit")


def action_labels() -> dict[str, str]:
    """The log's actions in words (the stored codes stay English, for the command line)."""
    return {"viewed": _("viewed"), "searched": _("searched"), "saved": _("saved"),
            "overrode": _("overrode a line"), "submitted": _("submitted"),
            "approved": _("approved the decision"), "returned": _("returned"),
            "downloaded": _("downloaded"), "recalculated": _("recalculated"),
            "conflict": _("save refused: conflict"),
            "refused": _("refused: not in the user's scope"),
            "drafted": _("changed a rules draft"),
            "published": _("approved and published rules"),
            "replayed": _("replayed in a draft's impact"),
            "deleted_job": _("deleted a run and its files"),
            "made_letter": _("made a decision letter"),
            "confirmed": _("confirmed an unusual value")}


@bp.route("")
@role_required("admin")
def log() -> Any:
    case_id = request.args.get("case_id", "").strip()[:200]
    user = request.args.get("user", "").strip()[:64]
    entries = get_store().audit.entries(case_id=case_id, user=user)
    return render_template("audit.html", entries=entries, case_id=case_id, user=user,
                           labels=action_labels())
