"""Evaluators' pages: replay a file of cases or a synthetic population, under the current
rules or beside a reform, as a background job; follow its progress, read the report,
download the rows, the report and the aggregates (Latvian Excel CSV)."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from budget_engine import ReformLimits, RuleErrors, failure_reason, load_reform

from ..auth import role_required
from ..formatting import date as show_date
from ..formatting import page_lang, whole
from ..input.form_input import read_date
from ..input.uploads import limits_of, too_large
from ..policy.versions import VersionRecord
from ..storage import get_store
from .job_queue import JobQueue, looked_at, queue_of
from .replay_jobs import DOWNLOADS, Job, JobFolder, TooManyCases, save_counted, save_rule_book

bp = Blueprint("replay", __name__, url_prefix="/replay")
evaluator = role_required("evaluator")
PROFILES = ("vsac-2015", "pilot-2019", "di-children")


def _jobs() -> JobFolder:
    return queue_of(current_app._get_current_object()).folder("replay")  # type: ignore[attr-defined]


def _looked_at() -> JobQueue:
    return looked_at(current_app)


def max_cases() -> int:
    """The most cases one job may calculate (`JOB_MAX_CASES`)."""
    return int(current_app.config["JOB_MAX_CASES"])


def max_cases_text() -> str:
    """That number as the page writes it in a message (`200 000`, en `200,000`)."""
    return f"{max_cases():,}".replace(",", " " if page_lang() == "lv" else ",")


def _user() -> str:
    return str(g.user.name)


def whole_number(text: str, low: int, high: int) -> int | None:
    try:
        value = int(text.strip().replace(" ", ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


def synthetic_choice(form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A synthetic population as the form chose it (profile, size, seed), and the fields
    that are wrong."""
    profile = form.get("profile", "")
    n = whole_number(form.get("n", ""), 1, max_cases())
    seed = whole_number(form.get("seed", "1"), 0, 2**31)
    wrong = {name: name for name, bad in (("profile", profile not in PROFILES),
                                          ("n", n is None), ("seed", seed is None)) if bad}
    return {"profile": profile, "n": n, "seed": seed}, wrong


def send_download(found: Job | None, name: str) -> Response:
    """A file of a job the caller has let the user read (None: 404)."""
    path = found.download(name) if found is not None else None
    if path is None:
        abort(404)
    inline = name == "report.html" and request.args.get("view") == "1"
    response = send_file(path, mimetype=DOWNLOADS[name], as_attachment=not inline,
                         download_name=name)
    if inline:
        # The report is one self-contained file (it must open offline): its styles are
        # inline, which the app's policy (style-src 'self') blocked, so on a phone its
        # tables ran off the screen. It has no script and loads nothing: only its own
        # styles and data: images are allowed.
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


#: What the report, viewed in the browser, may use (`send_download`).
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def _reform_errors(data: bytes, name: str | None) -> tuple[list[str], int]:
    """The reform file checked against the current rules before the run starts: its first
    problems, each as `file:line: what is wrong` in the page's language (the file by the
    name it was uploaded under), and how many more there are (`ReformLimits` bounds it)."""
    limits = ReformLimits(max_bytes=int(current_app.config["REPLAY_REFORM_MAX_BYTES"]))
    shown = Path(name or "").name[:100] or "reform.yaml"
    lang = "lv" if page_lang() == "lv" else "en"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reform.yaml"
        path.write_bytes(data)
        try:
            load_reform(str(path), current_app.extensions["rules"], limits)
        except RuleErrors as exc:
            return [(f"{shown}:{err.line}" if err.line else shown) + f": {err.text(lang)}"
                    for err in exc.errors], exc.more
    return [], 0


def _published() -> list[VersionRecord]:
    """The published rule book versions an evaluator may compare, newest first."""
    return get_store().versions.published()


def _rule_books(base: str, other: str | None) -> Any:
    """What a job's folder needs of the rule books: `base` (the rules in force, or the first
    chosen version) and, to compare two versions, `other`, each as a rules directory."""
    books = get_store().rulebooks

    def prepare(folder: Path) -> dict[str, Any]:
        meta = {"rules": save_rule_book(books.files(base), folder, "rules-base"),
                "base_version": base}
        if other is not None:
            meta.update(compare_rules=save_rule_book(books.files(other), folder,
                                                     "rules-other"), other_version=other)
        return meta
    return prepare


def _labels(base: str, other: str | None, lang: str) -> dict[str, str]:
    """What the report calls the two books: each version's label, and "current rules" only
    for the version in force today (`replay --base-label/--compare-label`)."""
    labels = {v.version: v.label for v in _published()}
    current = str(current_app.extensions["rules"].version)
    current_words = "Pašreizējie noteikumi" if lang == "lv" else "Current rules"

    def name(version: str) -> str:
        label = labels.get(version) or version.split("+")[0]
        return f"{current_words} ({label})" if version == current else label

    found = {"base_label": name(base)}
    if other is not None:
        found["compare_label"] = name(other)
    return found


def _render(form: Any, errors: dict[str, str], reform_errors: list[str] | None = None,
            status: int = 200, reform_more: int = 0) -> Any:
    jobs = _looked_at()
    mine = jobs.folder("replay").of(_user())
    return render_template("replay.html", jobs=mine, form=form, profiles=PROFILES,
                           errors=errors, reform_errors=reform_errors or [],
                           reform_more=whole(reform_more) if reform_more else "",
                           limits={field.name: most for field, most in limits_of("replay.page")},
                           versions=_published(), max_cases=max_cases_text(),
                           places={job.id: jobs.place(job) for job in mine
                                   if job.status() == "waiting"}), status


@bp.route("", methods=["GET", "POST"])
@evaluator
def page() -> Any:
    # A population file is larger than any form: this page takes each file up to its own
    # limit (uploads.py), streamed to the job's folder (never held in memory).
    form = request.form
    if request.method == "GET":
        return _render({}, {})
    errors: dict[str, str] = {}
    upload = request.files.get("cases")
    source = form.get("source", "file")
    has_file = upload is not None and bool(upload.filename)
    settings: dict[str, Any] = {"lang": form.get("lang", "lv") if form.get("lang") in (
        "lv", "en") else "lv", "workers": 2}
    if source == "profile":
        chosen, wrong = synthetic_choice(form)
        settings.update(chosen)
        errors.update(wrong)
        has_file = False
    elif not has_file:
        errors["cases"] = "cases"
    elif too_large("cases", upload) is not None:
        errors["cases"] = "too_large"
    if form.get("on_date", "").strip():  # every case on one day; empty: each its own
        reading = read_date(form["on_date"])
        if reading.value is None:
            errors["on_date"] = reading.problem or "date_format"
        settings["on_date"] = reading.value
    reform_upload = request.files.get("reform")
    has_reform = reform_upload is not None and bool(reform_upload.filename)
    compare = form.get("compare") or ("reform" if has_reform else "none")
    base, other = str(current_app.extensions["rules"].version), None
    if compare == "versions":
        has_reform = False  # a file left in the reform field is not what was chosen
        published = {v.version for v in _published()}
        base, other = form.get("base_version", ""), form.get("other_version", "")
        if base not in published:
            errors["base_version"] = "base_version"
        if other not in published:
            errors["other_version"] = "other_version"
        elif other == base:
            errors["other_version"] = "same_version"
    elif compare == "reform" and not has_reform:
        errors["reform"] = "reform"
    elif compare == "none":
        has_reform = False
    reform: bytes | None = None
    reform_errors: list[str] = []
    reform_more = 0
    if has_reform and reform_upload is not None:
        if too_large("reform", reform_upload) is not None:
            errors["reform"] = "too_large"  # not read: named with its limit
        else:
            reform = reform_upload.read()
            reform_errors, reform_more = _reform_errors(reform, reform_upload.filename)
    if errors or reform_errors:
        oversize = "too_large" in errors.values()
        return _render(form, errors, reform_errors, 413 if oversize else 422, reform_more)
    name = upload.filename if has_file and upload is not None else None
    settings.update(_labels(base, other, settings["lang"]))

    def save(path: Path) -> None:  # counted as it arrives: too many cases stop it
        assert upload is not None
        save_counted(upload.stream, path, max_cases(), path.suffix == ".csv")

    try:
        job = _jobs().create(_user(), settings, save if name else None, name, reform,
                             _rule_books(base, other))
    except TooManyCases:
        return _render(form, {"cases": "too_many"}, [], 422)
    return redirect(url_for("replay.job", job_id=job.id))


@bp.route("/<job_id>")
@evaluator
def job(job_id: str) -> Any:
    jobs = _looked_at()
    found = jobs.folder("replay").get(job_id, _user())
    if found is None:
        abort(404)
    status = found.status()
    summary = ""
    log = found.folder / "progress.log"
    if log.exists():
        lines = [line.strip("\r") for line in log.read_text(
            encoding="utf-8", errors="replace").replace("\r", "\n").splitlines() if line]
        summary = status_line(next((line for line in reversed(lines)
                                    if _STATUS.search(line)), ""))
    labels = {v.version: v for v in _published()}
    sums = _sums(found)
    return render_template("replay_job.html", job=found, status=status, sums=sums,
                           show_date=show_date,
                           place=jobs.place(found) if status == "waiting" else None,
                           delete_url=url_for("replay.delete", job_id=found.id),
                           progress=found.progress(), summary=summary, versions=labels,
                           files=[name for name in DOWNLOADS if found.download(name)],
                           file_url=lambda name, **args: url_for(
                               "replay.download", job_id=found.id, name=name, **args))


#: The command's closing line (`replay`, in either language: `cli.status_words`), which
#: the page says in its own language.
_N = r"(\d[\d\u00a0 ]*)"
_STATUS = re.compile(
    rf"{_N} (?:cases?|lietas?): {_N} (?:budgets?|budžets|budžeti), {_N} (?:errors?|kļūdas?), "
    rf"{_N} (?:blank lines? skipped|tukšas? rindas? izlaistas?) \(([\d.,]+) s\)")


def status_line(line: str) -> str:
    """The run's closing line in the page's language (an unknown line: none shown)."""
    found = _STATUS.search(line)
    if found is None:
        return ""
    cases, budgets, errors, blank = (int(re.sub(r"\D", "", x)) for x in found.groups()[:4])
    return _("%(cases)s cases: %(budgets)s budgets, %(errors)s with errors, %(blank)s "
             "blank lines skipped (%(seconds)s s)", cases=whole(cases), budgets=whole(budgets),
             errors=whole(errors), blank=whole(blank),
             seconds=re.sub("[.,]", "," if page_lang() == "lv" else ".", found.group(5)))


def _sums(found: Job) -> dict[str, Any] | None:
    """What the run's aggregates say that the page shows: the dates, whether anything
    could change, and the first rows with errors (the whole list is in the rows files)."""
    path = found.folder / "sums.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    shown = [row for row in data.get("error_rows", [])[:50] if isinstance(row, dict)]
    lang = page_lang()
    return {"errors": data.get("errors", 0),
            "error_rows": [{"line": row.get("line"), "case_id": row.get("case_id"),
                            "reason": failure_reason(row, lang)} for row in shown],
            "dates": data.get("dates_used") or {}}


@bp.route("/<job_id>/<name>")
@evaluator
def download(job_id: str, name: str) -> Response:
    return send_download(_jobs().get(job_id, _user()), name)


@bp.route("/<job_id>/delete", methods=["POST"])
@evaluator
def delete(job_id: str) -> Any:
    """The owner deletes a run and its folder (a waiting one never starts, a running one
    is stopped first); anyone else's is as if it did not exist."""
    found = _jobs().get(job_id, _user())
    if found is None:
        abort(404)
    deleted(found, f"replay run {found.id}")
    return redirect(url_for("replay.page"))


def deleted(found: Job, what: str) -> None:
    """Delete a job for its owner: the folder gone, the audit log told, the user too."""
    queue_of(current_app._get_current_object()).delete(found)  # type: ignore[attr-defined]
    get_store().audit.add(_user(), "deleted_job", detail=what)
    flash(_("The run and its files are deleted."))
