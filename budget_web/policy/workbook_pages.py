"""The parameter tables as an Excel workbook on the policy pages: download a version's
workbook, upload an edited one as a new draft (the same reading and checks as `rules
import-xlsx`, `workbooks.py`), the problems listed by sheet and cell in the page's words.

The upload has its own size limit (`PARAMETER_WORKBOOK_MAX_BYTES`, budget_web/input/uploads.py),
set before the form is read; the workbook's unpacked size, sheets and rows are bounded when
it is read.
"""

from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from budget_engine import write_parameter_workbook

from ..auth import role_required
from ..formatting import page_lang
from ..input.uploads import too_large
from ..storage import get_store
from .version_words import refusal_text
from .versions import ApprovalRefused
from .workbooks import WorkbookLimits, WorkbookRefused, draft_from_workbook

bp = Blueprint("rule_workbooks", __name__, url_prefix="/rules")
LABEL_LIMIT = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(problems: list[str], label: str = "", status: int = 200) -> Any:
    versions = get_store().versions
    return render_template("workbook.html", problems=problems, label=label,
                           published=versions.published(), lang=page_lang()), status


@bp.route("/workbook", methods=["GET"])
@role_required("policy")
def page() -> Any:
    return _page([])


@bp.route("/workbook.xlsx")
@role_required("policy")
def download() -> Any:
    """A published version's parameters (default: the current one) as a workbook."""
    versions = get_store().versions
    raw = request.args.get("version", "")
    record = (versions.get(int(raw)) if raw.isdigit() and len(raw) <= 19 else None) if raw \
        else next(iter(versions.published()), None)
    if record is None or record.status != "published":
        abort(404)
    out = io.BytesIO()
    write_parameter_workbook(versions.book(record.version), out)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True,
                     download_name=f"parametri-versija-{record.number or record.id}.xlsx")


@bp.route("/workbook", methods=["POST"])
@role_required("policy")
def upload() -> Any:
    """An edited workbook becomes the user's new draft of the current rules."""
    label = request.form.get("label", "").strip()[:LABEL_LIMIT]
    upload = request.files.get("workbook")
    problems: list[str] = []
    if not label:
        problems.append(_("Draft label: say in a few words what the draft changes."))
    if upload is None or not upload.filename:
        problems.append(_("Parameter workbook: choose the edited .xlsx file."))
    elif (most := too_large("workbook", upload)) is not None:
        problems.append(_("Parameter workbook: the file is larger than %(most)s bytes, so it "
                          "was not read.", most=most))
    if problems or upload is None:
        return _page(problems, label, 422)
    limits = WorkbookLimits(file_bytes=int(current_app.config["PARAMETER_WORKBOOK_MAX_BYTES"]))
    store = get_store()
    try:
        record = draft_from_workbook(store.versions, store.rulebooks, upload.read(), label,
                                     g.user.name, submit=False, lang=page_lang(),
                                     limits=limits)
    except WorkbookRefused as exc:
        return _page(exc.problems, label, 422)
    except ApprovalRefused as exc:
        return _page([refusal_text(exc)], label, 409)
    return redirect(url_for("rule_versions.draft", draft_id=record.id))
