"""Work comes to the person who must act: the start page of social workers and supervisors.

After a supervisor returned a budget, the worker used to land on an empty case form and find
the return note only inside the case. Now the login lands here: a worker sees their
municipality's budgets returned for changes (with the note) and the drafts not yet
submitted; a supervisor the budgets waiting for approval, oldest first, with who submitted
them and when. The menu shows how many wait (`menu_counts`). The API lists the same
(`GET /api/v1/cases?status=…`, budget_web/api/cases.py) from the same store query.

Each list is bounded (`PAGE_LIMIT`); the rest is found through the saved cases' search.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template

from ..access import case_scope, scope_or_404
from ..auth import role_required
from ..storage import MUNICIPAL_ROLES, User, get_store
from .store import WorkItem

bp = Blueprint("worklists", __name__)
#: The statuses a saved budget stands in (its latest version's).
STATUSES = ("draft", "submitted", "returned", "approved")
#: The lists each role's start page shows, in order.
LISTS_BY_ROLE = {"social_worker": ("returned", "draft"), "supervisor": ("submitted",)}
#: How many cases each list on the page shows at most.
PAGE_LIMIT = 50


def waiting_count(user: User | None) -> int | None:
    """How many budgets wait for `user` to act (None: their role has no start page)."""
    scope = case_scope(user)
    if scope is None or user is None or user.role not in LISTS_BY_ROLE:
        return None
    counts = get_store().cases.count_by_status(scope)
    return sum(counts.get(status, 0) for status in LISTS_BY_ROLE[user.role])


@bp.app_context_processor
def menu_counts() -> dict[str, Any]:
    """The number beside the start page's link in the menu, on every page."""
    return {"work_count": waiting_count(g.get("user"))}


@bp.route("/work")
@role_required(*MUNICIPAL_ROLES)
def start() -> Any:
    """The lists of the user's role: returned and drafts, or waiting for approval."""
    scope = scope_or_404()
    store = get_store()
    lists: list[tuple[str, list[WorkItem], int]] = []
    for status in LISTS_BY_ROLE[g.user.role]:
        items, total = store.cases.waiting(scope, status, PAGE_LIMIT)
        lists.append((status, items, total))
    store.audit.add(g.user.name, "searched", "", scope, None, "start page: " + ", ".join(
        f"{status} {total}" for status, _items, total in lists))
    return render_template("start.html", lists=lists, municipality=scope,
                           page_limit=PAGE_LIMIT)
