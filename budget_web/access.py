"""Who may see and change which saved case: decided here, and nowhere else.

A social worker or supervisor sees the cases of their own municipality; no other role sees
a case at all. A policy user may replay saved cases under a draft of the rules (its impact,
`impact_scope`): figures and overrides under pseudonymous row numbers, never the case, its
number, its target groups or an override's justification; a policy user of a municipality
that municipality's cases only. Every page and API route that reads or
writes a saved case gets it through `case_access` (a decorator) or `scope_or_404` — so the
rule cannot be forgotten in one view, and a test checks that every route with a `case_id`
goes through here. A case out of scope answers 404, exactly as a case that does not exist:
nothing says it is there. Every look at a case is written to the audit log, and so is every
refused attempt.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, g, request

from .audit import excerpt
from .cases.store import CaseVersion
from .storage import MUNICIPAL_ROLES, User, get_store

F = TypeVar("F", bound=Callable[..., Any])
#: The attribute `case_access` puts on a view (tests find unguarded case routes by it).
MARK = "case_access_action"


def case_scope(user: User | None) -> str | None:
    """The municipality whose cases `user` works on, or None (sees no case)."""
    if user is None or user.role not in MUNICIPAL_ROLES or not user.municipality:
        return None
    return user.municipality


#: A national policy user's choice of every municipality's saved cases.
ALL_MUNICIPALITIES = "*"
IMPACT_ROLE = "policy"


def impact_scope(user: User | None, wanted: str) -> str | None:
    """Whose saved cases `user` may replay as a draft's impact: the municipality `wanted`
    (or `ALL_MUNICIPALITIES`), or None when that is not theirs to replay. A policy user
    of a municipality replays only its cases ("" means theirs); a national one any or all."""
    if user is None or user.role != IMPACT_ROLE:
        return None
    if user.municipality:
        return user.municipality if wanted in ("", user.municipality) else None
    return wanted or None


def may_see_impact(user: User | None, scope: str | None) -> bool:
    """Whether `user` may read an impact run over the saved cases of `scope` (None: a
    synthetic population, no saved case in it)."""
    if user is None or user.role != IMPACT_ROLE:
        return False
    return scope is None or not user.municipality or scope == user.municipality


def may_open_case(user: User | None, municipality: str | None) -> bool:
    """Whether a link to a saved case of `municipality` would open for `user`."""
    scope = case_scope(user)
    return scope is not None and scope == municipality


def scope_or_404(case_id: str = "") -> str:
    """The user's municipality; a user without one is answered 404 (and it is logged)."""
    user: User | None = g.get("user")
    scope = case_scope(user)
    if scope is None:
        _refused(user, case_id)
        abort(404)
    return scope


def saved_case(case_id: str, version: int | None = None, action: str | None = "viewed"
               ) -> CaseVersion:
    """The version (latest when None) of a case in the user's scope, or 404. Logged."""
    scope = scope_or_404(case_id)
    store = get_store()
    row = store.cases.version(scope, case_id, version)
    if row is None:
        _refused(g.user, case_id)
        abort(404)
    if action:
        store.audit.add(g.user.name, action, row.case_id, row.municipality, row.version,
                        excerpt(request.path))
    return row


def case_access(action: str | None = "viewed") -> Callable[[F], F]:
    """Guard a view of one saved case: it gets `row`, the version, instead of looking it up.

    The view takes `case_id` and optionally `version` from its URL; `action` is what the
    audit log says the user did (None: the view logs it itself, with the outcome).
    """
    def wrap(view: F) -> F:
        @functools.wraps(view)
        def inner(case_id: str, version: int | None = None, **kwargs: Any) -> Any:
            row = saved_case(case_id, version, action)
            return view(row=row, **kwargs)
        setattr(inner, MARK, action or "self")
        return inner  # type: ignore[return-value]
    return wrap


def _refused(user: User | None, case_id: str) -> None:
    name = user.name if user is not None else "-"
    get_store().audit.add(name, "refused", case_id,
                          user.municipality or "" if user is not None else "", None,
                          excerpt(request.path))
