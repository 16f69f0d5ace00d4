"""The sign-off of a saved budget as its pages show it: the status in words, the steps taken,
and what the user may do next. Read by the budget page, the version comparison and the
override and sign-off forms, so it lives below all three.
"""

from __future__ import annotations

import json
from typing import Any

from flask import g
from flask_babel import gettext as _

from ..storage import get_store
from . import overrides
from .decided import decided_of, undecided_lines
from .store import CaseVersion


def status_label(status: str) -> str:
    return {"draft": _("draft"), "submitted": _("submitted for approval"),
            "approved": _("approved"), "returned": _("returned for changes")}.get(status, status)


def signoff_of(row: CaseVersion, values: dict[str, str] | None = None,
                errors: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the decision part of a saved budget's page shows and offers."""
    store = get_store()
    latest = store.cases.latest(row.municipality, row.case_id)
    is_latest = latest is not None and latest.version == row.version
    events = store.cases.events(row.id)
    submitted = next((e for e in reversed(events) if e.status == "submitted"), None)
    approved = next((e for e in reversed(events) if e.status == "approved"), None)
    user = g.user
    four_eyes_ok = user.name not in (row.saved_by, submitted.by if submitted else None)
    undecided = undecided_lines(decided_of(row))
    return {
        "row": row, "status": row.status, "status_label": status_label(row.status),
        "events": [{"status": status_label(e.status), "by": e.by, "at": e.at, "note": e.note}
                   for e in events],
        "decided": overrides.decided(json.loads(row.budget_json), row.overrides),
        "submitted": submitted, "approved": approved, "is_latest": is_latest,
        "can_override": is_latest and row.status in ("draft", "returned"),
        "can_submit": is_latest and row.status in ("draft", "returned"),
        #: Granted lines without a price: no submitting until each is decided (§13b).
        "undecided": undecided,
        "can_decide": is_latest and row.status == "submitted" and user.role == "supervisor",
        "four_eyes_ok": four_eyes_ok,
        "posted": values or {}, "errors": errors or {},
        "summary": summary_items(errors or {}, json.loads(row.budget_json)),
    }


def summary_items(errors: dict[str, str], budget: dict[str, Any]
                  ) -> list[tuple[str, str, str]]:
    """The override and sign-off errors as the error summary at the top of the page lists
    them: (the id of the field to link to, its label, the message); a message about the
    whole form has no field (""). The field ids are those signoff.html gives the inputs."""
    titles = {line["service"]: line["title"] for line in budget.get("lines", [])}
    fields = {"units": _("Units"), "amount": _("Amount a month, EUR"),
              "justification": _("Justification")}
    items = []
    for key, message in errors.items():
        if key == "_form":
            items.append(("", "", message))
        elif key == "note":
            items.append(("signoff-note", _("Note"), message))
        else:
            service, _dot, field = key.rpartition(".")
            items.append((f"override-{service}-{field}",
                          f"{titles.get(service, service)}: {fields.get(field, field)}",
                          message))
    return items
