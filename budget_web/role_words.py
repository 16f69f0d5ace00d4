"""Roles in words ("sociālais darbinieks"), for the page header; the codes stay in the data."""

from __future__ import annotations

from flask_babel import gettext as _


def role_name(role: str) -> str:
    """The role as people say it, in the page's language; an unknown code stays visible
    rather than vanishing (a role added to storage before it has words here)."""
    names = {"social_worker": _("social worker"), "supervisor": _("supervisor"),
             "policy": _("policy officer"),
             "evaluator": _("evaluator"), "admin": _("administrator")}
    return names.get(role, role)
