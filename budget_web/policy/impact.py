"""Policy staff's "impact before publishing": a draft of the rules replayed beside the
current published version, over saved cases or a synthetic population.

A draft should be approved knowing what it does: how many budgets change, by how much and
for whom, who pays more or less, and which rule or parameter made each change (the same
`changed_by` as the evaluators' comparison). The run is a background job
(`replay_jobs.JobFolder`, the evaluators' machinery: its own process, progress, the folder
kept as the record); the saved cases, the two rule books and what the workers decided on
each saved budget (`saved.json`) are written into the job's folder when it starts, and
`impact_result` sums it all up when the replay is done.

Who may replay which saved cases is decided in `access` (a policy user of a municipality:
its cases; a national one: any municipality or all). Every case read is in the audit log.
The results name a case by a pseudonymous row number (`impact_result`); its case number is
shown, as a link, only to a user who may open the case.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)

from budget_engine import SOURCES

from ..access import ALL_MUNICIPALITIES, impact_scope, may_open_case, may_see_impact
from ..auth import role_required
from ..cases.overrides import decided
from ..cases.store import CaseVersion
from ..evaluation.job_queue import looked_at, queue_of
from ..evaluation.replay_jobs import DOWNLOADS, Job, JobFolder, on_date, save_rule_book
from ..evaluation.replay_pages import (
    PROFILES,
    deleted,
    max_cases_text,
    send_download,
    synthetic_choice,
)
from ..formatting import page_lang
from ..input.form_input import read_date
from ..storage import get_store
from .versions import VersionRecord

bp = Blueprint("impact", __name__, url_prefix="/rules/drafts")
policy_only = role_required("policy")


def _jobs() -> JobFolder:
    return queue_of(current_app).folder("impact")


def _draft(draft_id: int) -> VersionRecord:
    found = get_store().versions.get(draft_id)
    if found is None:
        abort(404)
    return found


def _runs(draft_id: int) -> list[Job]:
    """The runs of this draft the user may read (each by its scope, not by who started it:
    the second policy user deciding on the draft reads the author's runs)."""
    return [job for job in _jobs().all() if job.meta.get("draft_id") == draft_id
            and may_see_impact(g.user, job.meta.get("scope"))]


def _municipalities() -> list[str]:
    """The municipalities in force today, and any other that has saved cases (a case saved
    before a merger keeps its old municipality): not every name the list ever had."""
    today = current_app.extensions["rules"].municipalities_on(dt.date.today())
    return sorted(set(today) | set(get_store().cases.municipalities()))


def _saved_record(row: CaseVersion) -> dict[str, Any]:
    """What the summary needs of a saved budget besides the case: who decided what."""
    budget = json.loads(row.budget_json)
    # The decision as the printed budget shows it: an override of units costs them at the
    # line's rate.
    costs = {line["service"]: line["cost"] for line in decided(budget, row.overrides)["rows"]}
    return {"case_id": row.case_id, "municipality": row.municipality, "version": row.version,
            "status": row.status, "saved_by": row.saved_by,
            "saved_at": row.saved_at.isoformat(timespec="minutes"),
            # Never the justification: the impact shows no one why (domain.md §13b).
            "overrides": [{**{k: v for k, v in o.items() if k != "justification"},
                           "decided_cost": f"{costs[o['service']]:.2f}"}
                          for o in row.overrides if o["service"] in costs],
            "lines": {line["service"]: {"units": line["approved_units"],
                                        "monthly_cost": line["monthly_cost"]}
                      for line in budget.get("lines", [])}}


def pseudonymous_order(rows: list[CaseVersion]) -> list[CaseVersion]:
    """The saved cases in a random order of this run: a row's line in it is the row number
    the results show instead of the case number, derivable from nothing about the case."""
    return secrets.SystemRandom().sample(rows, len(rows))


def _preparer(draft: VersionRecord, rows: list[CaseVersion] | None, day: str | None) -> Any:
    """Writes the job's folder: the current and the draft rule book, and the saved cases
    with their decisions (JSON Lines in, one line per case, in the order of `saved.json`:
    `pseudonymous_order`)."""
    books = get_store().rulebooks
    current = str(current_app.extensions["rules"].version)

    def prepare(folder: Path) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "rules": save_rule_book(books.files(current), folder, "rules-base"),
            "compare_rules": save_rule_book(books.files(draft.version), folder,
                                            "rules-other"),
            "base_version": current, "other_version": draft.version}
        if rows is not None:
            ordered = pseudonymous_order(rows)
            with open(folder / "input.jsonl", "w", encoding="utf-8") as cases:
                for row in ordered:
                    cases.write(on_date(row.case_json, day) + "\n")
            (folder / "saved.json").write_text(json.dumps(
                [_saved_record(row) for row in ordered], ensure_ascii=False), encoding="utf-8")
            meta.update(input="input.jsonl", saved_cases=len(rows))
        return meta
    return prepare


def _page(draft: VersionRecord, form: Any, errors: dict[str, str], status: int = 200) -> Any:
    jobs = looked_at(current_app)
    runs = _runs(draft.id)
    return render_template("impact.html", draft=draft, form=form, errors=errors,
                           runs=runs, profiles=PROFILES, max_cases=max_cases_text(),
                           places={job.id: jobs.place(job) for job in runs
                                   if job.status() == "waiting"},
                           municipalities=_municipalities(), all_value=ALL_MUNICIPALITIES,
                           current_version=current_app.extensions["rules"].version), status


def _day(form: Any, errors: dict[str, str]) -> str | None:
    """The day every case is calculated on (ISO), or None: each on its own date."""
    if not form.get("on_date", "").strip():
        return None
    reading = read_date(form["on_date"])
    if reading.value is None:
        errors["on_date"] = reading.problem or "date_format"
    return reading.value


def _saved_cases(wanted: str, errors: dict[str, str]
                 ) -> tuple[str | None, list[CaseVersion] | None]:
    """The scope (a municipality or all) and its saved cases, if the user may replay them."""
    scope = impact_scope(g.user, wanted)
    known = bool(g.user.municipality) or wanted in (ALL_MUNICIPALITIES, *_municipalities())
    if scope is None or not known:
        errors["municipality"] = "municipality"
        return None, None
    rows = get_store().cases.latest_of(None if scope == ALL_MUNICIPALITIES else scope)
    if not rows:
        errors["municipality"] = "no_cases"
    return scope, rows


@bp.route("/<int:draft_id>/impact", methods=["GET", "POST"])
@policy_only
def page(draft_id: int) -> Any:
    draft = _draft(draft_id)
    if request.method == "GET":
        return _page(draft, {}, {})
    form = request.form
    errors: dict[str, str] = {}
    settings: dict[str, Any] = {"kind": "impact", "draft_id": draft.id,
                                "draft_label": draft.label, "lang": page_lang(),
                                "workers": 2, "scope": None}
    day, rows = _day(form, errors), None
    settings["on_date"] = day
    if form.get("source", "saved") == "profile":
        chosen, wrong = synthetic_choice(form)
        errors.update(wrong)
        settings.update(chosen, source_name=f"{chosen['profile']} × {chosen['n']}, "
                                            f"seed {chosen['seed']}")
    else:
        scope, rows = _saved_cases(form.get("municipality", ""), errors)
        settings.update(scope=scope, source_name=scope)
    if errors:
        return _page(draft, form, errors, 422)
    job = _jobs().create(g.user.name, settings, None, None, None, _preparer(draft, rows, day))
    if rows:
        get_store().audit.add_many(g.user.name, "replayed", [
            (row.case_id, row.municipality, row.version) for row in rows],
            f"draft {draft.id} impact, run {job.id}")
    return redirect(url_for("impact.run", draft_id=draft.id, job_id=job.id))


def _job(draft_id: int, job_id: str) -> Job:
    found = _jobs().find(job_id)
    if (found is None or found.meta.get("draft_id") != draft_id
            or not may_see_impact(g.user, found.meta.get("scope"))):
        abort(404)
    return found


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _for_page(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """The kept summary with its amounts as Decimals and times as datetimes (it is JSON on
    disk), each table row with its difference."""
    tables = {t["key"]: {**t, "rows": [
        (label, Decimal(base), _amount(other),
         None if other is None else Decimal(other) - Decimal(base))
        for label, base, other in t["rows"]]} for t in result["tables"][lang]}
    for entries in result["whom"].values():
        for entry in entries:
            entry["monthly"] = Decimal(entry["monthly"])
    for row in result["most_changed"]:
        row["difference"]["by_source"] = {s: Decimal(v) for s, v in
                                          row["difference"]["by_source"].items()}
    for override in result["overrides"]["list"]:
        override["at"] = dt.datetime.fromisoformat(override["at"]) if override["at"] else None
    return {"tables": tables, "shift": [(s, Decimal(result["shift"][s])) for s in SOURCES]}


@bp.route("/<int:draft_id>/impact/<job_id>")
@policy_only
def run(draft_id: int, job_id: str) -> Any:
    draft = _draft(draft_id)
    jobs = looked_at(current_app)
    job = _job(draft_id, job_id)
    status = job.status()
    result_file = job.folder / "impact.json"
    result = (json.loads(result_file.read_text(encoding="utf-8"))
              if status == "done" and result_file.is_file() else None)
    lang = page_lang() if page_lang() in ("lv", "en") else "lv"
    shown = _for_page(result, lang) if result else {"tables": {}, "shift": []}
    return render_template(
        "impact_run.html", draft=draft, job=job, status=status, progress=job.progress(),
        place=jobs.place(job) if status == "waiting" else None,
        delete_url=url_for("impact.delete", draft_id=draft.id, job_id=job.id)
        if job.owner == g.user.name else None,
        result=result, lang=lang, sources=SOURCES, **shown,
        files=[name for name in DOWNLOADS if result and job.download(name)],
        file_url=lambda name, **args: url_for("impact.download", draft_id=draft.id,
                                              job_id=job.id, name=name, **args),
        may_open=lambda found: may_open_case(g.user, found.get("municipality")))


@bp.route("/<int:draft_id>/impact/<job_id>/<name>")
@policy_only
def download(draft_id: int, job_id: str, name: str) -> Response:
    """A file of a summed-up run only: until `impact.json` is written (a run going on or
    broken off) `rows.jsonl` is the replay's own, with case numbers and target groups."""
    job = _job(draft_id, job_id)
    return send_download(job if (job.folder / "impact.json").is_file() else None, name)


@bp.route("/<int:draft_id>/impact/<job_id>/delete", methods=["POST"])
@policy_only
def delete(draft_id: int, job_id: str) -> Any:
    """The run's owner deletes it and its folder (others who may read it may not)."""
    found = _job(draft_id, job_id)
    if found.owner != g.user.name:
        abort(404)
    deleted(found, f"draft {draft_id} impact, run {found.id}")
    return redirect(url_for("impact.page", draft_id=draft_id))
