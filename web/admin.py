"""Administrators' page: the users and their roles."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .auth import role_required
from .storage import ROLES, get_store

bp = Blueprint("admin", __name__, url_prefix="/users")


@bp.route("", methods=["GET", "POST"])
@role_required("admin")
def users() -> Any:
    error = None
    if request.method == "POST":
        try:
            get_store().add_user(request.form.get("name", "").strip(),
                                 request.form.get("password", ""), request.form.get("role", ""))
        except ValueError as exc:
            error = str(exc)
        else:
            flash(_("User added."))
            return redirect(url_for("admin.users"))
    return render_template("users.html", users=get_store().users(), roles=ROLES, error=error), (
        422 if error else 200)
