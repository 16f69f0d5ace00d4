"""*Lēmuma vēstule*: the decision letter of a saved version, for the municipality's workers
and supervisors (the same access checks as the budget page).

The addressee's name and address are typed here and go only into the letter: nothing of
them is stored or logged (the case stays pseudonymous). The audit log records that a letter
was made, by whom, for which version and in which form. Only an approved version gives the
PDF to send; any other version can be previewed, marked MELNRAKSTS (draft). The letter
reads the decided budget (`decided_of`): with a caseworker's overrides, the decided figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request
from flask_babel import gettext as _
from markupsafe import Markup

from budget_engine import (
    Addressee,
    Case,
    FontMissing,
    LetterInputError,
    build_letter,
    letter_html,
    letter_pdf,
)

from ...access import case_access
from ...auth import role_required
from ...input.form_input import read_date
from ...policy.version_words import rules_name
from ...storage import MUNICIPAL_ROLES, get_store
from ..decided import decided_of
from ..pages import lang, rules
from ..store import CaseVersion

bp = Blueprint("letters", __name__, url_prefix="/cases")
social = role_required(*MUNICIPAL_ROLES)
FIELDS = ("name", "address", "number", "date")


def _labels() -> dict[str, str]:
    return {"name": _("Addressee's name"), "address": _("Addressee's address"),
            "number": _("Decision number"), "date": _("Decision date")}


@bp.route("/<path:case_id>/v/<int:version>/letter", methods=["GET", "POST"])
@social
@case_access(None)
def letter(row: CaseVersion) -> Any:
    approved = row.status == "approved"
    final = approved
    values = {name: request.form.get(name, "") for name in FIELDS}
    if request.method == "GET":
        values["number"] = f"{row.case_id}/{row.version}"
        values["date"] = dt.date.today().strftime("%d.%m.%Y")
        return _page(row, values, {}, None, final, easy=False)
    easy = request.form.get("easy") == "1"
    errors: dict[str, str] = {}
    reading = read_date(values["date"][:40])
    issued_on = dt.date.fromisoformat(reading.value) if reading.value else None
    if issued_on is None:
        errors["date"] = _("%(field)s: write the date as 25.11.2026.", field=_labels()["date"])
    made = None
    if not errors:
        try:
            made = build_letter(
                rules(), decided_of(row),
                Case.model_validate_json(row.case_json),
                addressee=Addressee(values["name"], values["address"]),
                issued_on=issued_on or dt.date.today(), number=values["number"].strip(),
                lang=lang(), easy_read=easy, draft=not final,
                rules_name=rules_name(row.rules_version, lang()))
        except LetterInputError as exc:
            field = {"addressee_name": "name", "addressee_address": "address"}.get(
                exc.field, exc.field)
            errors[field if field in FIELDS else "_form"] = _(
                "%(field)s: fill it in, at most %(limit)s characters, one line.",
                field=_labels().get(field, field), limit=300 if field == "address" else 200)
    if errors or made is None:
        return _page(row, values, errors, None, final, easy, status=422)
    pdf = request.form.get("action") == "pdf"
    if pdf and not final:
        errors["_form"] = _("Only an approved version gives the letter to send; this one can "
                            "be previewed.")
        return _page(row, values, errors, None, final, easy, status=409)
    get_store().audit.add(g.user.name, "made_letter", row.case_id, row.municipality,
                          row.version, ("PDF" if pdf else "preview")
                          + (", easy to read" if easy else ""))
    if not pdf:
        return _page(row, values, {}, Markup(letter_html(made)), final, easy)  # noqa: S704
    try:
        body = letter_pdf(made)
    except FontMissing as exc:
        current_app.logger.error("%s", exc)
        errors["_form"] = _("The PDF cannot be made: its font is not installed on the server.")
        return _page(row, values, errors, None, final, easy, status=503)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in row.case_id)
    kind = "easy" if easy else "letter"
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}-v{row.version}-{kind}.pdf"'})


def _page(row: CaseVersion, values: dict[str, str], errors: dict[str, str],
          preview: Markup | None, final: bool, easy: bool, status: int = 200) -> Any:
    return render_template("letter.html", row=row, values=values, errors=errors,
                           preview=preview, final=final, easy=easy, labels=_labels()), status
