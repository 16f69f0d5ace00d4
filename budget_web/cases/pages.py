"""Social workers' pages: the case form, the budget, saving, finding, reopening, comparing."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
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
    SOURCES,
    Budget,
    CaseError,
    CaseInputError,
    EngineCrash,
    load_json_object,
)

from .. import formatting
from ..access import case_access, scope_or_404
from ..auth import role_required
from ..chart import stacked_bar
from ..input.error_texts import form_problem, localise
from ..input.form_input import read_date
from ..input.input_limits import holds_unshowable, json_too_deep, limit
from ..role_words import role_name
from ..storage import MUNICIPAL_ROLES, get_store
from . import service as case_service
from .budget_changes import comparison
from .budget_csv import budget_rows, excel_csv
from .decided import decided_of
from .form import (
    DATE_FIELDS,
    FormReading,
    FormShapeError,
    case_to_fields,
    confirm_box,
    read_form,
    row_count,
)
from .plausibility import confirmations, implausible_fields, shown, unconfirmed
from .signoff import signoff_of, status_label
from .store import CaseExists, CaseNotFound, CaseVersion, VersionConflict
from .version_comparison import choice_labels
from .words.ais_items import item_names
from .words.counted import agree, counted
from .words.field_words import disability_group_words, mode_words, relation_words, residence_words
from .words.form_labels import area_labels, field_id, grid_columns, label
from .words.outcome_words import decide, legal_bases

bp = Blueprint("cases", __name__, url_prefix="/cases")
social = role_required(*MUNICIPAL_ROLES)


def rules() -> Any:
    return current_app.extensions["rules"]


def lang() -> str:
    return str(get_locale() or "lv")


def source_labels() -> dict[str, str]:
    return {"esf": _("ESF"), "state": _("State"), "municipality": _("Municipality"),
            "client": _("Client"), "maintainers": _("Maintainers")}


#: Checks across fields that the case model reports on the object, shown at the field that
#: is missing (so the error summary can link to a control).
SHOWN_AT = {"residence": "residence.left_vsac_on"}


def shown_path(path: str) -> str:
    """The form field an error of the case model belongs to."""
    if path.startswith("person.diagnoses["):
        return "person.diagnoses"
    return SHOWN_AT.get(path, path) or "_form"


def evaluate(case_dict: dict[str, Any], typed: dict[str, str] | None = None,
             ) -> tuple[Budget | None, dict[str, str]]:
    """The budget, or the errors by field path (in the user's language where we can)."""
    calculator = current_app.extensions["calculator"]
    typed = typed or {}
    try:
        return calculator.calculate(calculator.parse(case_dict), lang()), {}
    except (CaseInputError, CaseError) as exc:
        errors: dict[str, str] = {}
        for detail in exc.details:
            path = shown_path(detail.path)
            errors.setdefault(path, localise(detail, typed.get(path, "").strip()))
        return None, errors
    except EngineCrash as exc:
        current_app.logger.error("%s", exc)
        return None, {"_form": _("The rule engine stopped while calculating case %(case)s. "
                                 "Your data is kept below; the error is logged.",
                                 case=exc.case_id)}


def all_errors(reading: FormReading, engine: dict[str, str]) -> dict[str, str]:
    """The form's own problems and the case model's errors, one per field, in form order.

    A field the form could not read also fails in the model; the form's words are kept, and
    the model's errors inside it (the cells of an unfilled grid row) are not repeated.
    """
    errors = {path: form_problem(kind, typed) for path, (kind, typed) in reading.problems.items()}
    for path, message in engine.items():
        if not any(path == p or path.startswith((p + ".", p + "[")) for p in errors):
            errors[path] = message
    order = list(reading.fields)

    def position(path: str) -> int:
        return next((i for i, name in enumerate(order) if name == path
                     or name.startswith((path + ".", path + "["))), len(order))

    return dict(sorted(errors.items(), key=lambda item: position(item[0])))


def known_municipalities() -> list[str]:
    return sorted({m.name for m in rules().municipalities})


def render_form(fields: dict[str, str], errors: dict[str, str] | None = None,
                extra: dict[str, int] | None = None, status: int = 200,
                based_on: int | None = None, existing: CaseVersion | None = None,
                confirmable: set[str] | None = None) -> Any:
    """The form showing `fields` (texts as typed, or written from a case) and any errors;
    a field in `confirmable` (or already confirmed) has its "the value is right" box."""
    book = rules()
    services = service_choices(book, fields)
    calculation_date = read_date(fields.get("calculation_date", "")).value
    on = dt.date.fromisoformat(calculation_date) if calculation_date else dt.date.today()
    municipalities = sorted(book.municipalities_on(on))
    understood = {}
    for path in DATE_FIELDS:
        iso = read_date(fields.get(path, "")).value if fields.get(path, "").strip() else None
        if iso:
            understood[path] = _("understood: %(date)s", date=formatting.date_in_words(iso))
    groups = [*AREA_ACTIVITIES, "medical", "behavioural"]
    return render_template(
        "form.html", fields=fields, errors=errors or {}, rows=row_count(fields, extra or {}),
        mode=fields.get("assessment_mode", "none"), services=services,
        words={"residence": residence_words(), "relation": relation_words(),
               "mode": mode_words(), "disability_group": disability_group_words()},
        areas=AREA_ACTIVITIES, area_labels=area_labels(), municipalities=municipalities,
        understood=understood, label=label, field_id=field_id, grid_columns=grid_columns(),
        item_names={g: item_names(g, lang()) for g in groups}, based_on=based_on,
        existing=existing, plan_hint=plan_hint(book, fields), confirm_box=confirm_box,
        confirmable=(confirmable or set()) | {
            path for path in fields if fields.get(confirm_box(path))}), status


def plan_hint(book: Any, fields: dict[str, str]) -> dict[str, Any]:
    """What the support plan box decides (rule A1), said beside it before calculation: the DI
    services requested that would be refused while it is not ticked, or, with none yet
    chosen, that DI services (home care and respite too, for a child as for an adult) are."""
    if fields.get("assessment.support_plan"):
        return {"text": "", "warn": False}
    chosen = [value for name, value in fields.items()
              if name.startswith("requested_services[") and name.endswith("].service")]
    refused = [book.services[code].title[lang()] for code in dict.fromkeys(chosen)
               if code in book.services and book.services[code].di]
    if refused:
        return {"text": _("Not ticked: these requested services will be refused (no support "
                          "plan): %(services)s.", services=", ".join(refused)), "warn": True}
    return {"text": _("Without a support plan DI services are refused, home care and respite "
                      "included."), "warn": False}


def service_choices(book: Any, fields: dict[str, str]) -> list[tuple[str, str]]:
    """The services of the rule book in force, by their titles in its order. A code the form
    came back with that the book lacks (a case written for another version) stays chosen,
    shown as it is, so nothing typed is lost and its error is shown beside it."""
    choices = [(code, service.title[lang()]) for code, service in book.services.items()]
    for name, value in fields.items():
        if (name.startswith("requested_services[") and name.endswith("].service") and value
                and value not in book.services and (value, value) not in choices):
            choices.append((value, value))
    return choices


def render_case_form(case: dict[str, Any], errors: dict[str, str] | None = None,
                     status: int = 200, based_on: int | None = None,
                     confirmed: Sequence[str] = (), confirmable: set[str] | None = None
                     ) -> Any:
    """The form filled from a case (a saved one, or one coming back from the result page);
    the fields in `confirmed` have their "the value is right" box ticked."""
    fields = case_to_fields(case, show_date=formatting.date,
                            show_amount=formatting.amount_for_input)
    fields.update({confirm_box(path): "on" for path in confirmed})
    return render_form(*refused_fields(fields, errors or {}), status=status,
                       based_on=based_on, confirmable=confirmable)


def refused_fields(fields: dict[str, str], errors: dict[str, str],
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """A case's values longer than a form field takes are not shown: the field is empty and
    its error says the text was refused (before any other error of the field)."""
    most = limit("FORM_FIELD_LIMIT")
    long = {path for path, text in fields.items() if len(text) > most}
    if not long:
        return fields, errors
    refused = {path: form_problem("too_long", str(len(fields[path]))) for path in long}
    return ({path: "" if path in long else text for path, text in fields.items()},
            {**refused, **{path: m for path, m in errors.items() if path not in long}})


def unit_words() -> dict[str, str]:
    return {"hour": _("h"), "day": _("days"), "session": _("sessions")}


def parameter_titles(parameters: dict[str, Any]) -> dict[str, str]:
    """Each parameter's title by its name; a rate read for one tier
    (`rate.group_apartment.intensive`) by its title and the tier in words, never the key."""
    titles = {name: p.title.get(lang()) or name for name, p in parameters.items()}
    for name, title in list(titles.items()):
        for part, word in {**tier_words(), **member_words()}.items():
            titles[f"{name}.{part}"] = f"{title} ({word})"
    return titles


def member_words() -> dict[str, str]:
    """The parts of a threshold read for one household member (`threshold.needy.first`)."""
    return {"first": _("first household member"), "further": _("each further member")}


def parameter_names(text: Any) -> str:
    """Parameter keys inside a text (a legal basis written by policy staff naming
    `copayment.order`) written as the parameter's title in quotes, never the key."""
    titles = parameter_titles(rules().parameters.parameters)
    keys = sorted(titles, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, keys)) + r")(?![\w])")
    return pattern.sub(lambda m: _("“%(title)s”", title=titles[m[1]]), str(text))


def tier_words() -> dict[str, str]:
    return {"standard": _("standard rate"), "intensive": _("intensive rate")}


def warning_names() -> dict[str, str]:
    return {"reassessment_due": _("Reassessment due"),
            "over_indicative_budget": _("Above the indicative budget"),
            "di_funding_ends": _("DI funding ends"), "no_rate": _("No rate in force"),
            "no_threshold": _("No threshold in force"),
            "municipality_unchecked": _("Municipality not checked"),
            "di_enrolment_after_window": _("DI enrolment after the projects ended"),
            "implausible_income": _("Income to check"),
            "implausible_enrolment": _("DI enrolment date to check")}


@bp.app_template_filter("words")
def words_filter(text: Any) -> str:
    """Service codes inside a text (`group_apartment: 30`) written as their names."""
    titles = {code: service.title[lang()] for code, service in rules().services.items()}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, titles)) + r")\b")
    text = pattern.sub(lambda m: titles[m[1]], parameter_names(text))
    if lang() == "lv":
        # The engine writes `556.20` and `2003-01-01` in every language; a Latvian page
        # shows `556,20` and `01.01.2003`.
        text = agree(ISO_DAY.sub(lambda m: formatting.date(m[0]), text))
        text = POINT_DECIMAL.sub(lambda m: f"{m[1]},{m[2]}", text)
    return text


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
POINT_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d{1,2})(?![\d.])")


def render_budget(budget: Budget, case: dict[str, Any], saved: Any = None,
                  compare: dict[str, Any] | None = None, based_on: int | None = None,
                  signoff_input: tuple[dict[str, str], dict[str, str]] | None = None,
                  computed: Budget | None = None, confirmed: Sequence[str] = ()) -> str:
    """The budget's page. With `computed`, `budget` is the decided budget (§13b) and the
    computed figures are shown beside it as "calculated". `confirmed`: the unusual values
    the worker confirmed on the form, carried by the unsaved page to its Save button."""
    book = rules()
    data = budget.model_dump(mode="json")
    computed_data = computed.model_dump(mode="json") if computed is not None else None
    decision = decide(data, {rule.id for rule in book.caps})
    chart = Markup(stacked_bar(  # noqa: S704 - built by escaping
        decision.monthly_by_source, source_labels(), _("Who pays each month"),
        lambda amount: formatting.money(amount), width=420))
    units = unit_words()
    titles = {code: service.title[lang()] for code, service in book.services.items()}
    parameters = book.parameters.parameters
    return render_template(
        "result.html", budget=data, units=units, titles=titles, case=case, chart=chart,
        sources=SOURCES, decision=decision,
        groups={rule.id: rule.title[lang()] for rule in book.target_groups},
        tiers=tier_words(), warning_names=warning_names(),
        parameter_titles=parameter_titles(parameters),
        policy_defaults={name for name, p in parameters.items() if p.policy_default},
        is_child=any(g.startswith("child") for g in data["target_groups"]) or
        _age(case) < 18,
        labels=source_labels(), case_json=json.dumps(case, ensure_ascii=False),
        legal_bases=legal_bases(data),
        saved=saved, compare=compare, based_on=based_on, compare_labels=choice_labels(),
        computed=computed_data,
        computed_lines={line["service"]: line for line in (computed_data or {}).get("lines", [])},
        confirmed=confirmed,
        confirmations=[shown(c, label(c.get("field", ""))) for c in saved["row"].confirmations]
        if saved else [],
        signoff=signoff_of(saved["row"], *(signoff_input or ({}, {})))
        if saved else None)


def _age(case: dict[str, Any]) -> int:
    """Age on the calculation date, for wording only (the engine decides who is a child)."""
    try:
        born = dt.date.fromisoformat(case["person"]["birth_date"])
        on = dt.date.fromisoformat(case["calculation_date"])
    except (KeyError, TypeError, ValueError):
        return 99
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


bp.add_app_template_global(role_name, "role_name")


bp.add_app_template_filter(parameter_names, "parameter_names")
bp.add_app_template_filter(counted, "counted")


@bp.app_template_filter("money")
def money_filter(value: Any) -> str:
    return formatting.money(value)


@bp.app_template_filter("amount")
def amount_filter(value: Any) -> str:
    return formatting.number(value)


@bp.app_template_filter("day")
def day_filter(value: Any) -> str:
    return formatting.date(value)


@bp.app_template_filter("day_time")
def day_time_filter(value: dt.datetime) -> str:
    return formatting.date_time(value)


def blank_case() -> dict[str, Any]:
    return {"format": 1, "calculation_date": dt.date.today().isoformat(),
            "person": {}, "household": {"maintainers": []}, "requested_services": []}


@bp.route("/new")
@social
def new() -> Any:
    return render_case_form(blank_case())


@bp.route("/form", methods=["POST"])
@social
def form_from_json() -> Any:
    """Back from the result page to the form, with the case as it was."""
    case = posted_case()
    if not isinstance(case, dict):
        return case
    return render_case_form(case, based_on=based_on_field(), confirmed=posted_confirmed())


def posted_confirmed() -> list[str]:
    """The fields whose unusual value the worker confirmed on the form, sent back by the
    result page (hidden fields `confirmed`); bounded like any posted list."""
    return [path[:100] for path in request.form.getlist("confirmed")[:20]]


def posted_case() -> Any:
    """The case the result page sent back (its hidden field `case_json`), or the page that
    says it was refused. A browser sends back what the server wrote; a crafted request can
    send anything, so the text is bounded before it is read: its length (CASE_JSON_LIMIT,
    413), its nesting (a pre-scan, 400) and, once read, its characters (a lone surrogate
    such as "\\ud800" cannot be shown, 422)."""
    text = request.form.get("case_json", "")
    most = limit("CASE_JSON_LIMIT")
    if len(text) > most:
        return refused(_("The case sent back with the page is longer than %(most)s "
                         "characters: it was refused.", most=formatting.whole(most)), 413)
    if json_too_deep(text):
        return refused(_("The case sent back with the page is nested too deeply: it was "
                         "refused."), 400)
    try:
        case = load_json_object(text)
    except CaseInputError:
        return refused(_("The case sent back with the page could not be read: it was "
                         "refused."), 400)
    if holds_unshowable(case):
        return refused(_("The case sent back with the page holds characters that cannot be "
                         "shown (such as \\ud800): it was refused."), 422)
    return case


def refused(message: str, status: int) -> Any:
    """The empty case form with `message` in its error summary."""
    return render_case_form(blank_case(), {"_form": message}, status=status)


def based_on_field() -> int | None:
    """The version a posted form was edited from (a hidden field), if any."""
    text = request.form.get("_based_on", "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


@bp.route("/calculate", methods=["POST"])
@social
def calculate_view() -> Any:
    try:
        reading = read_form(request.form, known_municipalities(),
                            limit("FORM_FIELD_LIMIT"))
    except FormShapeError:
        abort(400)
    case = reading.case
    based_on = based_on_field()
    action = request.form.get("action", "calculate")
    if action in ("add_service", "add_maintainer"):
        key = "services" if action == "add_service" else "maintainers"
        return render_form(reading.fields, extra={key: 1}, based_on=based_on)
    budget, engine_errors = evaluate(case, reading.fields)
    errors = all_errors(reading, engine_errors)
    if budget is None or errors:
        return render_form(reading.fields, errors, status=422, based_on=based_on)
    implausible = implausible_fields(budget.model_dump(mode="json"), case)
    if unconfirmed(implausible, reading.fields):
        return render_form(reading.fields, unconfirmed(implausible, reading.fields),
                           status=422, based_on=based_on, confirmable=set(implausible))
    case = current_app.extensions["calculator"].parse(case).model_dump(mode="json")
    if action == "save":
        return save_and_show(case, budget, based_on, confirmations(implausible, case))
    saved = get_store().cases.latest(scope_or_404(), case["case_id"])
    compare = comparison(json.loads(saved.budget_json), budget.model_dump(mode="json")) \
        if saved else None
    return render_budget(budget, case, compare=compare, based_on=based_on,
                         confirmed=list(implausible))


def save_and_show(case: dict[str, Any], budget: Budget, based_on: int | None,
                  confirmed: list[dict[str, str]] | None = None) -> Any:
    """Save a new case (version 1) or the version after `based_on`; never overwrite.

    A new case under a number that exists, or a version based on one that is no longer the
    latest, is a conflict (409): the user sees what is saved and chooses.
    """
    scope = scope_or_404()
    if case["person"]["municipality"] != scope:
        return render_case_form(case, {"person.municipality": _(
            "You can save cases of %(municipality)s only.", municipality=scope)}, status=422,
            based_on=based_on)
    store = get_store()
    new = case_service.version_of(case, budget, confirmations=confirmed)
    try:
        row = (store.cases.create(new, g.user.name) if based_on is None
               else store.cases.add_version(new, based_on, g.user.name))
    except CaseExists as exc:
        store.audit.add(g.user.name, "conflict", case["case_id"], scope, None,
                        "new case under an existing number")
        fields = case_to_fields(case, show_date=formatting.date,
                                show_amount=formatting.amount_for_input)
        return render_form(fields, {"case_id": _("A case with this number exists already.")},
                           status=409, existing=exc.latest)
    except CaseNotFound:
        return render_case_form(case, {"case_id": _(
            "There is no saved case with this number to add a version to.")}, status=409)
    except VersionConflict as exc:
        store.audit.add(g.user.name, "conflict", case["case_id"], scope, exc.latest.version,
                        f"edited from version {based_on}")
        return render_conflict(case, budget, based_on, exc.latest)
    return redirect(url_for("cases.view", case_id=row.case_id, version=row.version))


def render_conflict(case: dict[str, Any], budget: Budget, based_on: int | None,
                    latest: CaseVersion) -> Any:
    """Someone saved in between: both budgets side by side, and the user's two choices."""
    mine = budget.model_dump(mode="json")
    return render_template(
        "conflict.html", case=case, mine=mine, latest=latest, based_on=based_on,
        theirs=json.loads(latest.budget_json),
        compare=comparison(json.loads(latest.budget_json), mine),
        case_json=json.dumps(case, ensure_ascii=False)), 409


@bp.route("/save", methods=["POST"])
@social
def save() -> Any:
    case = posted_case()
    if not isinstance(case, dict):
        return case
    based_on = based_on_field()
    budget, errors = evaluate(case)
    if budget is None:
        return render_case_form(case, errors, status=422, based_on=based_on)
    posted = posted_confirmed()
    implausible = implausible_fields(budget.model_dump(mode="json"), case)
    missing = {path: text for path, text in implausible.items() if path not in posted}
    if missing:  # an unusual value is saved only confirmed, whichever way the save came
        return render_case_form(case, missing, status=422, based_on=based_on,
                                confirmed=posted, confirmable=set(implausible))
    case = current_app.extensions["calculator"].parse(case).model_dump(mode="json")
    return save_and_show(case, budget, based_on, confirmations(implausible, case))


@bp.route("")
@social
def index() -> Any:
    case_id = request.args.get("case_id", "").strip()[:64]
    scope = scope_or_404()
    found = get_store().cases.search(scope, case_id)
    get_store().audit.add(g.user.name, "searched", case_id, scope, None,
                          f"{len(found)} found")
    return render_template("cases.html", cases=found, case_id=case_id, municipality=scope,
                           status_label=status_label)


@bp.route("/<path:case_id>/v/<int:version>")
@bp.route("/<path:case_id>/view")
@social
@case_access("viewed")
def view(row: CaseVersion) -> Any:
    """A saved version: its decided budget (§13b), the computed figures beside it."""
    budget = Budget.model_validate_json(row.budget_json)
    return render_budget(decided_of(row, budget), json.loads(row.case_json), saved={
        "row": row, "versions": get_store().cases.versions(row.municipality, row.case_id)},
        computed=budget if row.overrides else None)


@bp.route("/<path:case_id>/edit")
@social
@case_access("viewed")
def edit(row: CaseVersion) -> Any:
    return render_case_form(json.loads(row.case_json), based_on=row.version)


@bp.route("/<path:case_id>/recalculate")
@social
@case_access("recalculated")
def recalculate(row: CaseVersion) -> Any:
    which: case_service.Which = "pinned" if request.args.get("rules") == "pinned" \
        else "current"
    case = json.loads(row.case_json)
    try:
        budget = case_service.recalculate(row, which, lang())
    except (CaseInputError, CaseError) as exc:
        return render_case_form(case, {d.path or "_form": localise(d) for d in exc.details},
                                status=422, based_on=row.version)
    except EngineCrash as exc:
        current_app.logger.error("%s", exc)
        abort(500)
    if budget is None:
        abort(404)
    return render_budget(budget, case, compare=comparison(json.loads(row.budget_json),
                                                          budget.model_dump(mode="json")),
                         based_on=row.version)


def _attachment(body: str | bytes, mimetype: str, case_id: str, version: int,
                name: str) -> Response:
    filename = f"{_safe(case_id)}-v{version}-{name}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/<path:case_id>/v/<int:version>/budget.json")
@social
@case_access("downloaded")
def download_json(row: CaseVersion) -> Response:
    return _attachment(row.budget_json, "application/json", row.case_id, row.version,
                       "budget.json")


@bp.route("/<path:case_id>/v/<int:version>/case.json")
@social
@case_access("downloaded")
def download_case(row: CaseVersion) -> Response:
    return _attachment(row.case_json, "application/json", row.case_id, row.version,
                       "case.json")


@bp.route("/<path:case_id>/v/<int:version>/budget.csv")
@social
@case_access("downloaded")
def download_csv(row: CaseVersion) -> Response:
    """The budget for Latvian Excel (see budget_csv), in the page's language, with the
    version's overrides and their justifications. The figures are the decided budget's,
    the computed ones beside them as "aprēķināts" (domain.md §13b)."""
    book = rules()
    computed = Budget.model_validate_json(row.budget_json)
    rows = budget_rows(decided_of(row, computed).model_dump(mode="json"),
                       {code: service.title[lang()] for code, service in book.services.items()},
                       unit_words(), source_labels(), {rule.id for rule in book.caps},
                       row.overrides, computed.model_dump(mode="json"))
    return _attachment(excel_csv(rows), "text/csv", row.case_id, row.version, "budget.csv")


def _safe(case_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in case_id)
