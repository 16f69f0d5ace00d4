"""The decision on a saved budget, on its page: overrides, submitting, approving, returning.

An override is saved as a new version (the same case and budget, the override and its
justification added), so what the engine said and what the worker decided both stay. A
sign-off step applies to the latest version only; who and when are kept with each step and
printed on the decision.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, g, redirect, request, url_for
from flask_babel import gettext as _

from ..access import case_access
from ..auth import role_required
from ..input.error_texts import too_long_text
from ..storage import MUNICIPAL_ROLES, get_store
from . import overrides
from . import service as case_service
from .decided import decided_of, undecided_lines
from .overrides import DecisionRefused, OverrideProblem
from .pages import render_budget
from .signoff import signoff_of, status_label
from .store import CaseVersion, VersionConflict

bp = Blueprint("decisions", __name__, url_prefix="/cases")
case_roles = role_required(*MUNICIPAL_ROLES)


def problem_text(problem: OverrideProblem) -> str:
    """Why an override cannot be saved, in the user's language (by the problem's kind)."""
    return {"no_line": _("There is no such line in the budget."),
            "duplicate": _("This line is overridden twice."),
            "no_change": _("Give other units or another amount."),
            "units": _("Expected a whole number of units from 0 to 100 000."),
            "amount": _("Expected an amount in euros, e.g. 1 200,50."),
            "justification": _("An override needs a written justification.")}[problem.kind]


def _posted_overrides(row: CaseVersion,
                      ) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """The override rows the worker filled in (by service), the posted values, and the
    errors of fields longer than NOTE_LIMIT: such a text is refused whole (never cut and
    stored) and not shown again."""
    budget = json.loads(row.budget_json)
    items, values, refused = [], {}, {}
    for line in budget["lines"]:
        service = line["service"]
        posted = {k: request.form.get(f"override.{service}.{k}", "")
                  for k in ("units", "amount", "justification")}
        fields = {k: "" if len(v) > overrides.NOTE_LIMIT else v for k, v in posted.items()}
        refused.update({f"{service}.{k}": too_long_text(len(v), overrides.NOTE_LIMIT)
                        for k, v in posted.items() if len(v) > overrides.NOTE_LIMIT})
        values.update({f"{service}.{k}": v for k, v in fields.items()})
        if any(v.strip() for v in fields.values()):
            items.append({"service": service, **fields})
    return items, values, refused


@bp.route("/<path:case_id>/v/<int:version>/override", methods=["POST"])
@case_roles
@case_access(None)
def override(row: CaseVersion) -> Any:
    """Save the overrides as a new version; refused without a justification."""
    items, values, refused = _posted_overrides(row)
    clean, problems = overrides.parse_overrides(items, json.loads(row.budget_json))
    errors = {f"{items[int(p.field.split('[')[1].split(']')[0])]['service']}."
              f"{p.field.rsplit('.', 1)[1]}": problem_text(p) for p in problems
              if p.field.startswith("overrides[")}
    errors.update(refused)
    if not items and not refused:
        errors["_form"] = _("Fill in the line you decide differently on, with a justification.")
    if errors or not signoff_of(row)["can_override"]:
        if not errors:
            errors["_form"] = _("Only the latest draft or returned version can be changed.")
        return _page(row, values, errors, render_budget), 422
    try:
        saved = get_store().cases.add_version(case_service.with_overrides(row, clean),
                                              row.version, g.user.name)
    except VersionConflict as exc:
        return _page(row, values, {"_form": _(
            "Version %(version)s was saved in the meantime; open it and decide there.",
            version=exc.latest.version)}, render_budget), 409
    return redirect(url_for("cases.view", case_id=saved.case_id, version=saved.version))


@bp.route("/<path:case_id>/v/<int:version>/decision", methods=["POST"])
@case_roles
@case_access(None)
def decide(row: CaseVersion) -> Any:
    """Submit, approve or return the latest version (a second person approves)."""
    step = request.form.get("step", "")
    if step not in overrides.STEPS:
        abort(400)
    note = request.form.get("note", "")
    if len(note) > overrides.NOTE_LIMIT:  # refused whole, never cut and stored; said at
        # the top of the sign-off, as the note field is shown only to a supervisor
        return _page(row, {"note": ""}, {"_form": _("Note") + ": " + too_long_text(
            len(note), overrides.NOTE_LIMIT)}, render_budget), 422
    if step == "return" and not note.strip():
        return _page(row, {"note": note}, {"note": _(
            "Say what is to be changed (the note goes back to the worker).")},
            render_budget), 422
    undecided = undecided_lines(decided_of(row))
    if step == "submit" and undecided:
        return _page(row, {"note": note}, {"_form": _(
            "The budget cannot be submitted for approval until every line without a price "
            "is decided (an amount, or 0 units to remove it)") + ": " + ", ".join(undecided)},
            render_budget), 409
    try:
        get_store().cases.decide(row.municipality, row.case_id, row.version, step,
                                 g.user.name, g.user.role, note)
    except DecisionRefused as exc:
        message = {"role": _("Your role cannot take this step."),
                   "status": _("This step is not possible in the status %(status)s.",
                               status=status_label(exc.status)),
                   "not_latest": _("A newer version exists; decide on the latest one."),
                   "same_person": _("A second person must approve: you saved or submitted "
                                    "this version.")}[exc.kind]
        return _page(row, {"note": note}, {"_form": message}, render_budget), 409
    return redirect(url_for("cases.view", case_id=row.case_id, version=row.version))


def _page(row: CaseVersion, values: dict[str, str], errors: dict[str, str],
          render_budget: Any) -> str:
    from budget_engine import Budget

    computed = Budget.model_validate_json(row.budget_json)
    page: str = render_budget(
        decided_of(row, computed), json.loads(row.case_json),
        computed=computed if row.overrides else None,
        saved={"row": row, "versions": get_store().cases.versions(row.municipality,
                                                                  row.case_id)},
        signoff_input=(values, errors))
    return page
