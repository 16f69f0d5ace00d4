"""Social workers' pages: the case form, the budget, saving, finding, reopening, comparing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
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
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from budget_engine import (
    AREA_ACTIVITIES,
    SERVICE_CODES,
    SOURCES,
    Budget,
    CaseError,
    CaseInputError,
    EngineCrash,
)

from .auth import role_required
from .case_form import assessment_mode, case_to_fields, form_to_case, row_count
from .chart import stacked_bar
from .error_texts import localise
from .storage import get_store

bp = Blueprint("cases", __name__, url_prefix="/cases")
social = role_required("social_worker")


def rules() -> Any:
    return current_app.extensions["rules"]


def lang() -> str:
    return str(get_locale() or "lv")


def source_labels() -> dict[str, str]:
    return {"esf": _("ESF"), "state": _("State"), "municipality": _("Municipality"),
            "client": _("Client"), "maintainers": _("Maintainers")}


def area_labels() -> dict[str, str]:
    return {"home_living": _("Home living"), "community_living": _("Community living"),
            "lifelong_learning": _("Lifelong learning"), "employment": _("Employment"),
            "health_safety": _("Health and safety"), "social_activities": _("Social activities"),
            "advocacy": _("Protection and advocacy")}


def evaluate(case_dict: dict[str, Any]) -> tuple[Budget | None, dict[str, str]]:
    """The budget, or the errors by field path (in the user's language where we can)."""
    calculator = current_app.extensions["calculator"]
    try:
        return calculator.calculate(calculator.parse(case_dict), lang()), {}
    except (CaseInputError, CaseError) as exc:
        errors: dict[str, str] = {}
        for detail in exc.details:
            errors.setdefault(detail.path or "_form", localise(detail))
        return None, errors
    except EngineCrash as exc:
        current_app.logger.error("%s", exc)
        return None, {"_form": _("The rule engine stopped while calculating case %(case)s. "
                                 "Your data is kept below; the error is logged.",
                                 case=exc.case_id)}


def render_form(case: dict[str, Any], errors: dict[str, str] | None = None,
                extra: dict[str, int] | None = None, status: int = 200) -> Any:
    book = rules()
    services = [(code, book.services[code].title[lang()]) for code in SERVICE_CODES]
    municipalities = sorted(book.municipalities_on(dt.date.today()))
    return render_template(
        "form.html", fields=case_to_fields(case), errors=errors or {},
        rows=row_count(case, extra or {}), mode=assessment_mode(case), services=services,
        areas=AREA_ACTIVITIES, area_labels=area_labels(), municipalities=municipalities,
        general_error=(errors or {}).get("_form") or (errors or {}).get("")), status


def render_budget(budget: Budget, case: dict[str, Any], saved: Any = None,
                  compare: dict[str, Any] | None = None) -> str:
    data = budget.model_dump(mode="json")
    amounts = {s: Decimal(data["totals"]["by_source"][s]) for s in SOURCES}
    chart = Markup(stacked_bar(amounts, source_labels()))  # noqa: S704 - built by escaping
    units = {"hour": _("h"), "day": _("days"), "session": _("sessions")}
    titles = {code: service.title[lang()] for code, service in rules().services.items()}
    return render_template(
        "result.html", budget=data, units=units, titles=titles, case=case, chart=chart,
        sources=SOURCES,
        labels=source_labels(), case_json=json.dumps(case, ensure_ascii=False),
        saved=saved, compare=compare)


def comparison(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between a saved budget and a new one, line by line and in total."""
    def by_service(budget: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {ln["service"]: ln for ln in budget["lines"]}

    old_lines, new_lines = by_service(old), by_service(new)
    rows = []
    for service in list(dict.fromkeys([*old_lines, *new_lines])):
        a, b = old_lines.get(service), new_lines.get(service)
        before = a["monthly_cost"] if a else None
        after = b["monthly_cost"] if b else None
        units_before = a["approved_units"] if a else None
        units_after = b["approved_units"] if b else None
        if (before, units_before) != (after, units_after):
            rows.append({"service": service, "title": (b or a or {}).get("title", service),
                         "units_before": units_before, "units_after": units_after,
                         "before": before, "after": after})
    return {"rows": rows, "monthly_before": old["totals"]["monthly"],
            "monthly_after": new["totals"]["monthly"],
            "rules_before": old["rules_version"], "rules_after": new["rules_version"],
            "changed": bool(rows) or old["totals"] != new["totals"]}


def blank_case() -> dict[str, Any]:
    return {"format": 1, "calculation_date": dt.date.today().isoformat(),
            "person": {}, "household": {"maintainers": []}, "requested_services": []}


@bp.route("/new")
@social
def new() -> Any:
    return render_form(blank_case())


@bp.route("/form", methods=["POST"])
@social
def form_from_json() -> Any:
    """Back from the result page to the form, with the case as it was."""
    try:
        case = json.loads(request.form.get("case_json", ""))
        assert isinstance(case, dict)
    except (ValueError, AssertionError):
        abort(400)
    return render_form(case)


@bp.route("/calculate", methods=["POST"])
@social
def calculate_view() -> Any:
    case = form_to_case(request.form)
    action = request.form.get("action", "calculate")
    if action in ("add_service", "add_maintainer"):
        key = "services" if action == "add_service" else "maintainers"
        return render_form(case, extra={key: 1})
    budget, errors = evaluate(case)
    if budget is None:
        return render_form(case, errors, status=422)
    case = current_app.extensions["calculator"].parse(case).model_dump(mode="json")
    saved = get_store().version(case["case_id"])
    compare = comparison(json.loads(saved.budget_json), budget.model_dump(mode="json")) \
        if saved else None
    if action == "save":
        return save_and_show(case, budget)
    return render_budget(budget, case, compare=compare)


def save_and_show(case: dict[str, Any], budget: Budget) -> Any:
    data = budget.model_dump(mode="json")
    row = get_store().save(case, data, json.dumps(case, ensure_ascii=False),
                       budget.model_dump_json(), g.user.name)
    return redirect(url_for("cases.view", case_id=row.case_id, version=row.version))


@bp.route("/save", methods=["POST"])
@social
def save() -> Any:
    try:
        case = json.loads(request.form.get("case_json", ""))
    except ValueError:
        abort(400)
    budget, errors = evaluate(case)
    if budget is None:
        return render_form(case if isinstance(case, dict) else blank_case(), errors, status=422)
    return save_and_show(current_app.extensions["calculator"].parse(case).model_dump(mode="json"),
                         budget)


@bp.route("")
@social
def index() -> Any:
    case_id = request.args.get("case_id", "").strip()
    municipality = request.args.get("municipality", "").strip()
    found = get_store().search(case_id, municipality)
    return render_template("cases.html", cases=found, case_id=case_id,
                           municipality=municipality)


def _version_or_404(case_id: str, version: int | None) -> Any:
    row = get_store().version(case_id, version)
    if row is None:
        abort(404)
    return row


@bp.route("/<path:case_id>/v/<int:version>")
@bp.route("/<path:case_id>/view")
@social
def view(case_id: str, version: int | None = None) -> Any:
    row = _version_or_404(case_id, version)
    budget = Budget.model_validate_json(row.budget_json)
    return render_budget(budget, json.loads(row.case_json),
                         saved={"row": row, "versions": get_store().versions(case_id)})


@bp.route("/<path:case_id>/edit")
@social
def edit(case_id: str) -> Any:
    return render_form(json.loads(_version_or_404(case_id, None).case_json))


@bp.route("/<path:case_id>/recalculate")
@social
def recalculate(case_id: str) -> Any:
    row = _version_or_404(case_id, None)
    case = json.loads(row.case_json)
    budget, errors = evaluate(case)
    if budget is None:
        return render_form(case, errors, status=422)
    return render_budget(budget, case, compare=comparison(json.loads(row.budget_json),
                                                          budget.model_dump(mode="json")))


def _attachment(body: str, mimetype: str, case_id: str, version: int, name: str) -> Response:
    filename = f"{_safe(case_id)}-v{version}-{name}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<path:case_id>/v/<int:version>/budget.json")
@social
def download_json(case_id: str, version: int) -> Response:
    row = _version_or_404(case_id, version)
    return _attachment(row.budget_json, "application/json", case_id, version, "budget.json")


@bp.route("/<path:case_id>/v/<int:version>/case.json")
@social
def download_case(case_id: str, version: int) -> Response:
    row = _version_or_404(case_id, version)
    return _attachment(row.case_json, "application/json", case_id, version, "case.json")


@bp.route("/<path:case_id>/v/<int:version>/budget.csv")
@social
def download_csv(case_id: str, version: int) -> Response:
    row = _version_or_404(case_id, version)
    budget = json.loads(row.budget_json)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_id", "calculation_date", "service", "unit", "requested_units",
                     "approved_units", "rate", "cost", "per", *SOURCES, "rules"])
    for line in budget["lines"]:
        writer.writerow([budget["case_id"], budget["calculation_date"], line["service"],
                         line["unit"], line["requested_units"], line["approved_units"],
                         line["rate"] or "", line["monthly_cost"] or "", line["per"],
                         *[line["financing"][s] for s in SOURCES],
                         " ".join(r["rule"] for r in line["reasons"])])
    for refusal in budget["refused"]:
        writer.writerow([budget["case_id"], budget["calculation_date"], refusal["service"], "",
                         refusal["requested_units"], 0, "", "", "refused",
                         *[""] * len(SOURCES), " ".join(r["rule"] for r in refusal["reasons"])])
    t = budget["totals"]
    writer.writerow([budget["case_id"], budget["calculation_date"], "TOTAL_MONTHLY", "", "", "",
                     "", t["monthly"], "month", *[t["by_source"][s] for s in SOURCES], ""])
    return _attachment("\ufeff" + out.getvalue(), "text/csv", case_id, version, "budget.csv")


def _safe(case_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in case_id)
