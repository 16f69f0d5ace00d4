"""Policy staff's pages: the rules and parameters in force, each rule with its texts, legal
basis and the scenarios that exercise it, each parameter with its history."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from budget_engine import (
    all_facts,
    condition_sentence,
    filled_text,
    number_words,
    parameter_value_table,
    parameter_value_words,
    rule_text_values,
    rules_in_force,
    titles_of,
    unit_words,
)

from .. import formatting
from ..auth import role_required
from ..chart import step_chart
from ..input.form_input import read_date
from .editor import own_drafts

#: Per rule id, the scenarios whose budgets show it (`budget-engine rules coverage --save`;
#: a test keeps it current).
SCENARIOS_FILE = Path(__file__).resolve().parent / "rule_scenarios.json"
CHARTED_KINDS = ("amount", "share", "factor", "count", "amount_table")

bp = Blueprint("policy", __name__, url_prefix="/rules")


@bp.route("")
@role_required("policy")
def rules() -> Any:
    book = current_app.extensions["rules"]
    typed = request.args.get("date", "").strip()[:40]
    reading = read_date(typed) if typed else None
    if reading is not None and reading.value is None:
        # a date we cannot read is said, and kept as typed; never silently today
        return render_template("rules.html", book=book, rows=[], params=[], on=None,
                               typed=typed, date_error=True, kind_words={}, problems=[]), 422
    on = dt.date.fromisoformat(reading.value) if reading is not None and reading.value \
        else dt.date.today()
    found = rules_in_force(book, on)
    lang = _lang()
    titles, facts = titles_of(book), all_facts(book.services)
    rows = []
    for entry in found.rules:
        rule = entry.rule
        fills = rule_text_values(rule.then, book.parameters.parameters, on, lang)
        rows.append({"rule": rule, "in_force": entry.in_force,
                     "source": f"{rule.file}:{rule.line}",
                     "title": filled_text(rule.title[lang], fills, lang),
                     "services": service_words(book, rule.services),
                     "when": condition_sentence(rule.when, lang, titles, facts),
                     "then": filled_text(rule.text[lang], fills, lang)})
    params = []
    for item in found.parameters:
        current = item.current
        params.append({"name": item.name, "p": item.parameter,
                       "current": parameter_value_words(item.parameter, current.value, lang,
                                                        titles) if current else None,
                       "since": current.valid_from if current else None})
    return render_template("rules.html", book=book, rows=rows, params=params, on=on,
                           typed=typed or formatting.date(on), date_error=False,
                           kind_words=kind_words(), problems=list(found.problems))


def _lang() -> str:
    return "lv" if str(get_locale() or "lv") == "lv" else "en"


def service_words(book: Any, services: Any) -> str:
    """Which services a rule speaks of, by their names ("all", "di" and codes are the files'
    words, not the reader's)."""
    lang = str(get_locale() or "lv")
    if services == "all":
        return _("all services")
    if services == "di":
        return _("DI services (1–7)")
    if isinstance(services, list):
        return ", ".join(book.services[code].title[lang] if code in book.services else code
                         for code in services)
    return _("the list in parameter %(name)s", name=services.name)


def kind_words() -> dict[str, str]:
    """What each kind of rule decides, in the page's language (not its code)."""
    return {"target_group": _("target group"), "eligibility": _("eligibility"),
            "cap": _("limit"), "financing": _("financing"), "copayment": _("co-payment")}


@bp.app_template_filter("lvdate")
def shown_date(value: dt.date) -> str:
    """A date as the reader writes it: 25.11.2026 on Latvian pages, 2026-11-25 in English."""
    return value.strftime("%d.%m.%Y") if str(get_locale()) == "lv" else value.isoformat()


def _scenarios() -> dict[str, list[str]]:
    found: dict[str, list[str]] = current_app.extensions.get("rule_scenarios") or {}
    if not found and SCENARIOS_FILE.is_file():
        found = json.loads(SCENARIOS_FILE.read_text(encoding="utf-8"))
        current_app.extensions["rule_scenarios"] = found
    return found


@bp.route("/rule/<path:key>")
@role_required("policy")
def rule_detail(key: str) -> Any:
    book = current_app.extensions["rules"]
    rule = book.rules_by_key.get(key)
    if rule is None:
        abort(404)
    when = yaml.safe_dump(json.loads(json.dumps(rule.when_source, default=str)),
                          allow_unicode=True, sort_keys=False) if rule.when_source else ""
    then = rule.then.model_dump(exclude_defaults=True)
    today = dt.date.today()
    lang = _lang()
    fills = rule_text_values(rule.then, book.parameters.parameters, today, lang)
    return render_template("rule.html", rule=rule, when=when,
                           then=yaml.safe_dump(then, allow_unicode=True) if then else "",
                           title=filled_text(rule.title[lang], fills, lang),
                           text=filled_text(rule.text[lang], fills, lang),
                           condition=condition_sentence(rule.when, lang, titles_of(book),
                                                        all_facts(book.services)),
                           services=service_words(book, rule.services),
                           scenarios=_scenarios().get(rule.id, []), today=today,
                           drafts=own_drafts(), edit_endpoint="rule_editor.rule",
                           edit_args={"key": rule.key})


@bp.route("/parameter/<name>")
@role_required("policy")
def parameter_detail(name: str) -> Any:
    book = current_app.extensions["rules"]
    parameter = book.parameters.parameters.get(name)
    if parameter is None:
        abort(404)
    series: dict[str, list[tuple[dt.date, Decimal]]] = {}
    if parameter.kind in CHARTED_KINDS:
        for value in parameter.values:
            if isinstance(value.value, dict):
                for key, amount in value.value.items():
                    series.setdefault(str(key), []).append((value.valid_from, Decimal(amount)))
            else:
                series.setdefault(name, []).append((value.valid_from, Decimal(value.value)))
    today = dt.date.today()
    lang = _lang()
    titles = titles_of(book)
    unit = unit_words(parameter.unit, lang)
    title = parameter.title.get(lang) or parameter.title.get("lv") or name
    chart = Markup(step_chart(  # noqa: S704 - built escaped
        {_series_name(parameter, key, lang): values for key, values in series.items()},
        today, unit, label=_("%(title)s over time: the history table below gives every value.",
                             title=title),
        shown=lambda value: number_words(value, lang)))
    current = parameter.on(today)
    history = []
    for value in reversed(parameter.values):
        table = parameter_value_table(parameter, value.value, lang, titles)
        history.append({"from": value.valid_from, "table": table,
                        "value": parameter_value_words(parameter, value.value, lang, titles),
                        "reference": value.reference or parameter.source,
                        "current": current is value})
    # a table of two columns (key, value) each dated value, e.g. the standard and the
    # intensive rate: the history has a column per key; a package keeps its own tables
    flat = [row["table"] for row in history if row["table"] is not None]
    columns: list[str] = []
    if flat and all(len(t.columns) == 2 for t in flat):
        for t in flat:
            columns += [key for key, _ in t.rows if key not in columns]
        for row in history:
            cells = dict(row["table"].rows) if row["table"] is not None else {}
            row["cells"] = [cells.get(key, "–") for key in columns]
    return render_template(
        "parameter.html", p=parameter, title=title, unit=unit, history=history,
        columns=columns, chart=chart,
        rules=[rule for rule in book.all_rules() if name in rule.parameters_used()],
        services=[service for service in book.services.values() if service.rate == name],
        drafts=own_drafts(), edit_endpoint="rule_editor.parameter", edit_args={"name": name})


def _series_name(parameter: Any, key: str, lang: str) -> str:
    """A line of the chart by its key in words (the standard rate, the first person)."""
    if key == parameter.name:
        return str(parameter.title.get(lang) or key)
    table = parameter_value_table(parameter, {key: "0"}, lang)
    return table.rows[0][0] if table is not None and table.rows else key
