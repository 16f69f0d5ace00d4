"""Administrators' page: the users and their roles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import role_required
from ..storage import ROLES, UserError, get_store

bp = Blueprint("admin", __name__, url_prefix="/users")


def user_error_text(error: UserError) -> str:
    """Why a user was not added, in the user's language: by the error's kind."""
    if error.kind == "unknown_role":
        return _("Choose one of the roles.")
    if error.kind == "bad_name":
        return _("A user name is 1–64 characters.")
    if error.kind == "short_password":
        return _("A password has at least 8 characters.")
    if error.kind == "municipality_needed":
        return _("A social worker or supervisor belongs to a municipality: choose it.")
    if error.kind == "unknown_municipality":
        return _("Choose a municipality from the list.")
    if error.kind == "user_exists":
        return _("The user %(name)s exists already.", name=error.name)
    return _("There is no user %(name)s.", name=error.name)


@bp.route("", methods=["GET", "POST"])
@role_required("admin")
def users() -> Any:
    error = None
    municipalities = known_municipalities()
    if request.method == "POST":
        try:
            get_store().add_user(request.form.get("name", "").strip(),
                                 request.form.get("password", ""), request.form.get("role", ""),
                                 request.form.get("municipality", ""), municipalities)
        except UserError as exc:
            error = user_error_text(exc)
        else:
            flash(_("User added."))
            return redirect(url_for("admin.users"))
    return render_template("users.html", users=get_store().users(), roles=ROLES, error=error,
                           municipalities=municipalities, form=request.form), (
        422 if error else 200)


def known_municipalities() -> list[str]:
    """Every municipality the rules name, past and present (a user may outlive a reform)."""
    return sorted({m.name for m in current_app.extensions["rules"].municipalities})
