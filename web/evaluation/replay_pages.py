"""Evaluators' pages: replay a file of cases or a synthetic population, under the current
rules or beside a reform, as a background job; follow its progress, read the report,
download the rows, the report and the aggregates (Latvian Excel CSV)."""

from __future__ import annotations

import tempfile
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
    send_file,
    url_for,
)

from budget_engine import RuleErrors, load_reform

from ..auth import role_required
from ..policy.versions import VersionRecord
from ..storage import get_store
from .replay_jobs import DOWNLOADS, Job, JobFolder, save_rule_book

bp = Blueprint("replay", __name__, url_prefix="/replay")
evaluator = role_required("evaluator")
PROFILES = ("vsac-2015", "pilot-2019", "di-children")
MAX_SYNTHETIC = 200_000
MAX_UPLOAD = 1024 * 1024 * 1024


def _jobs() -> JobFolder:
    return JobFolder(Path(current_app.instance_path) / "replay-jobs")


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
    n = whole_number(form.get("n", ""), 1, MAX_SYNTHETIC)
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
    return send_file(path, mimetype=DOWNLOADS[name], as_attachment=not inline,
                     download_name=name)


def _reform_errors(data: bytes) -> list[str]:
    """The reform file checked against the current rules before the run starts."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reform.yaml"
        path.write_bytes(data)
        try:
            load_reform(str(path), current_app.extensions["rules"])
        except RuleErrors as exc:
            return [str(err).replace(str(path), "reform.yaml") for err in exc.errors]
    return []


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


def _render(form: Any, errors: dict[str, str], reform_errors: list[str] | None = None,
            status: int = 200) -> Any:
    return render_template("replay.html", jobs=_jobs().of(_user()), form=form,
                           profiles=PROFILES, errors=errors, reform_errors=reform_errors or [],
                           versions=_published()), status


@bp.route("", methods=["GET", "POST"])
@evaluator
def page() -> Any:
    if request.method == "POST":
        # A population file is larger than any form: this page alone takes up to 1 GiB,
        # streamed to the job's folder (never held in memory).
        request.max_content_length = MAX_UPLOAD
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
    reform_upload = request.files.get("reform")
    reform = reform_upload.read() if reform_upload is not None and reform_upload.filename else None
    compare = form.get("compare") or ("reform" if reform is not None else "none")
    base, other = str(current_app.extensions["rules"].version), None
    if compare == "versions":
        reform = None  # a file left in the reform field is not what was chosen
        published = {v.version for v in _published()}
        base, other = form.get("base_version", ""), form.get("other_version", "")
        if base not in published:
            errors["base_version"] = "base_version"
        if other not in published:
            errors["other_version"] = "other_version"
        elif other == base:
            errors["other_version"] = "same_version"
    elif compare == "reform" and reform is None:
        errors["reform"] = "reform"
    elif compare == "none":
        reform = None
    reform_errors = _reform_errors(reform) if reform is not None else []
    if errors or reform_errors:
        return _render(form, errors, reform_errors, 422)
    save = upload.save if has_file and upload is not None else None
    name = upload.filename if save is not None and upload is not None else None
    job = _jobs().create(_user(), settings, save, name, reform, _rule_books(base, other))
    return redirect(url_for("replay.job", job_id=job.id))


@bp.route("/<job_id>")
@evaluator
def job(job_id: str) -> Any:
    found = _jobs().get(job_id, _user())
    if found is None:
        abort(404)
    summary = ""
    log = found.folder / "progress.log"
    if log.exists():
        lines = [line.strip("\r") for line in log.read_text(
            encoding="utf-8", errors="replace").replace("\r", "\n").splitlines() if line]
        summary = next((line for line in reversed(lines) if "budgets" in line), "")
    labels = {v.version: v for v in _published()}
    return render_template("replay_job.html", job=found, status=found.status(),
                           progress=found.progress(), summary=summary, versions=labels,
                           files=[name for name in DOWNLOADS if found.download(name)],
                           file_url=lambda name, **args: url_for(
                               "replay.download", job_id=found.id, name=name, **args))


@bp.route("/<job_id>/<name>")
@evaluator
def download(job_id: str, name: str) -> Response:
    return send_download(_jobs().get(job_id, _user()), name)
