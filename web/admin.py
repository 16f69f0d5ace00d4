"""Administrators' page: the users and their roles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .auth import role_required
from .storage import ROLES, UserError, get_store

bp = Blueprint("admin", __name__, url_prefix="/users")


def user_error_text(error: UserError) -> str:
    """Why a user was not added, in the user's language: by the error's kind."""
    if error.kind == "unknown_role":
        return _("Choose one of the roles.")
    if error.kind == "bad_name":
        return _("A user name is 1–64 characters.")
    if error.kind == "short_password":
        return _("A password has at least 8 characters.")
    if error.kind == "user_exists":
        return _("The user %(name)s exists already.", name=error.name)
    return _("There is no user %(name)s.", name=error.name)


@bp.route("", methods=["GET", "POST"])
@role_required("admin")
def users() -> Any:
    error = None
    if request.method == "POST":
        try:
            get_store().add_user(request.form.get("name", "").strip(),
                                 request.form.get("password", ""), request.form.get("role", ""))
        except UserError as exc:
            error = user_error_text(exc)
        else:
            flash(_("User added."))
            return redirect(url_for("admin.users"))
    return render_template("users.html", users=get_store().users(), roles=ROLES, error=error), (
        422 if error else 200)
