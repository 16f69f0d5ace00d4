"""The last look before publishing (GOV.UK "check your answers"): what the approver sees
between pressing "Apstiprināt un publicēt" and the version reaching every municipality.

Publishing was one click; a value dated eleven months back went out with no word that the
budgets saved in those months change on recalculation. Now the decision form leads here
first: the changes in words (`rules_diff`, with a changed rule text shown old beside new),
the latest impact run of this very draft (or a prompt to run one when the latest is older
than the draft), and a warning for every value that takes effect before today, counting the
saved budgets calculated in that period. Only the confirmation on this page publishes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import current_app, g, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from budget_engine import RuleBook, RuleChange, rules_diff

from ..access import may_see_impact
from ..evaluation.job_queue import queue_of
from ..formatting import date as day_text
from ..formatting import page_lang
from ..storage import get_store
from .versions import VersionRecord


@dataclass(frozen=True)
class BackDated:
    """A value taking effect before today: what, from when, and the saved budgets whose
    calculation date falls in its period (from `start` until the next value, or today)."""

    subject: str
    start: dt.date
    end: dt.date
    months: int
    budgets: int

    def text(self) -> str:
        """"no 01.01.2026 — 11 mēnešus atpakaļ: 4 saglabātie budžeti šajā periodā mainīsies
        pēc pārrēķina"."""
        ago = (ngettext("%(num)s month ago", "%(num)s months ago", self.months)
               if self.months else _("this month"))
        changed = ngettext("%(num)s saved budget in this period will change on "
                           "recalculation", "%(num)s saved budgets in this period will "
                           "change on recalculation", self.budgets)
        return _("%(subject)s: from %(date)s — %(ago)s: %(changed)s", subject=self.subject,
                 date=day_text(self.start), ago=ago, changed=changed)


@dataclass(frozen=True)
class SideBySide:
    """A rule's text as it was and as the draft has it."""

    subject: str
    old: str
    new: str


def months_back(start: dt.date, today: dt.date) -> int:
    """Whole months from `start` to `today` (01.01.2026 to 07.12.2026: 11)."""
    months = (today.year - start.year) * 12 + today.month - start.month
    return max(0, months - (1 if today.day < start.day else 0))


def back_dated(old: RuleBook, new: RuleBook, today: dt.date,
               count: Any) -> list[BackDated]:
    """Every parameter value the draft adds, changes or removes from a date before today.

    Its period runs to the next value's `from` date (in either book) or today; `count`
    (start, end) gives the saved budgets calculated in it."""
    found: list[BackDated] = []
    old_params, new_params = old.parameters.parameters, new.parameters.parameters
    for name in sorted(set(old_params) | set(new_params)):
        was = {v.valid_from: v for v in old_params[name].values} if name in old_params else {}
        now = {v.valid_from: v for v in new_params[name].values} if name in new_params else {}
        starts = sorted(set(was) | set(now))
        for index, start in enumerate(starts):
            before, after = was.get(start), now.get(start)
            same = (before is not None and after is not None and before.value == after.value)
            if same or start >= today:
                continue
            end = min(starts[index + 1], today) if index + 1 < len(starts) else today
            title = (new_params.get(name) or old_params[name]).title
            label = title.get(page_lang(), "") or title.get("lv", "") or name
            found.append(BackDated(f"{label} ({name})", start, end,
                                   months_back(start, today), count(start, end)))
    return found


def side_by_side(old: RuleBook, new: RuleBook, lang: str) -> list[SideBySide]:
    """A rule whose text changed: the old text beside the new (the diff only says that it
    changed)."""
    shown = []
    for key, rule in new.rules_by_key.items():
        before = old.rules_by_key.get(key)
        if before is not None and before.text != rule.text:
            shown.append(SideBySide(f"{rule.id} – {rule.title[lang]}", before.text[lang],
                                    rule.text[lang]))
    return shown


def latest_impact(draft: VersionRecord) -> dict[str, Any]:
    """The newest impact run of this draft the user may read: whether it is of the draft as
    it is now (else it is older than the draft: run it again), and its summary if done."""
    runs = [job for job in queue_of(current_app).folder("impact").all()
            if job.meta.get("draft_id") == draft.id
            and may_see_impact(g.user, job.meta.get("scope"))]
    page = url_for("impact.page", draft_id=draft.id)
    if not runs:
        return {"state": "none", "page": page}
    job = runs[0]
    link = url_for("impact.run", draft_id=draft.id, job_id=job.id)
    if job.meta.get("other_version") != draft.version:
        return {"state": "older", "page": page, "link": link, "started": job.started}
    result_file = job.folder / "impact.json"
    if job.status() != "done" or not result_file.is_file():
        return {"state": "running", "page": page, "link": link, "started": job.started}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    monthly = sum((Decimal(v) for v in result.get("shift", {}).values()), Decimal(0))
    return {"state": "done", "page": page, "link": link, "started": job.started,
            "budgets": int(result.get("budgets", 0)), "changed": int(result.get("changed", 0)),
            "errors": int(result.get("errors", 0)), "monthly": monthly,
            "source": job.meta.get("source_name") or ""}


def render_last_look(record: VersionRecord, comment: str = "", error: str | None = None
                     ) -> str:
    """The page: the version's name, its changes, the impact, the warnings, the confirm."""
    store = get_store()
    versions = store.versions
    base = versions.based_on(record.id)
    lang = page_lang()
    changes: list[RuleChange] = []
    late: list[BackDated] = []
    texts: list[SideBySide] = []
    if base is not None and base != record.version:
        old, new = versions.book(base), versions.book(record.version)
        changes = rules_diff(old, new)
        late = back_dated(old, new, dt.date.today(), store.cases.count_calculated)
        texts = side_by_side(old, new, lang)
    return render_template("last_look.html", record=record, changes=changes, late=late,
                           texts=texts, impact=latest_impact(record), lang=lang,
                           comment=comment, error=error)
