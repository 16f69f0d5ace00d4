"""The social worker's job through the form: calculate, save, find, reopen, change, compare."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_currency
from engine import calculate
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from web_helpers import user_client

from budget_engine import parse_case
from budget_web.cases.form import case_to_fields
from budget_web.cases.words.form_labels import field_id

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def form_of(case: dict[str, Any], action: str = "calculate") -> dict[str, str]:
    """What a browser posts for this case: the fields, the assessment mode, the button."""
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    assessment = case.get("assessment") or {}
    fields["assessment_mode"] = ("items" if assessment.get("items") else "areas"
                                 if assessment.get("areas") else "care_level"
                                 if assessment else "none")
    fields["action"] = action
    return fields


def on_latvian_page(text: str) -> str:
    """An engine text as a Latvian page shows it: `01.11.2023` and `556,20`."""
    text = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", r"\3.\2.\1", text)
    return re.sub(r"(?<![\d.])(\d+)\.(\d{1,2})(?![\d.])", r"\1,\2", text)


def lv_money(amount: Any) -> str:
    """An amount as a Latvian page shows it: `1 200,50 €` (Babel's Latvian format)."""
    return str(format_currency(Decimal(str(amount)), "EUR", locale="lv"))


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("0*.json")
                                        if not p.stem.endswith(".expected")))
def test_every_example_through_the_form_gives_the_engines_totals(worker: FlaskClient,
                                                                 name: str) -> None:
    case = example(name)
    page = worker.post("/cases/calculate", data=form_of(case))
    assert page.status_code == 200, re.findall(r"<li><a .*?</li>", page.text)
    budget = calculate(parse_case(case), lang="lv")
    text = page.text
    assert f"<strong>{lv_money(budget.totals.monthly)}</strong>" in text
    assert f"<strong>{lv_money(budget.totals.period_total)}</strong>" in text
    for line in budget.lines:
        assert str(escape(line.title)) in text
    for refusal in budget.refused:
        for reason in refusal.reasons:
            assert str(escape(on_latvian_page(reason.text))) in text
    assert "<svg" in text


def test_save_reopen_edit_recalculate(worker: FlaskClient) -> None:
    case = example("01-adult-esf-project")
    saved = worker.post("/cases/calculate", data=form_of(case, "save"))
    assert saved.status_code == 302
    view = worker.get(saved.headers["Location"])
    assert view.status_code == 200 and lv_money("924.70") in view.text
    # find it again
    assert "JELG-2021-0007" in worker.get("/cases?case_id=jelg-2021").text
    assert "JELG-2021-0007" not in worker.get("/cases?case_id=RIGA").text
    # recalculate under the current rules: nothing changed
    same = worker.get("/cases/JELG-2021-0007/recalculate")
    assert "Salīdzinājumā ar saglabāto budžetu izmaiņu nav" in same.text
    # edit: the form comes back filled in
    edit = worker.get("/cases/JELG-2021-0007/edit")
    assert 'value="JELG-2021-0007"' in edit.text and 'value="14.05.1979"' in edit.text
    # change a service and calculate: the comparison shows it
    case["requested_services"][1]["units"] = 10
    changed = worker.post("/cases/calculate", data=form_of(case))
    assert f"{lv_money('924.70')} → <strong>{lv_money('731.90')}</strong>" in changed.text
    # saving it as a new case is refused: the number exists; nothing is lost
    duplicate = worker.post("/cases/calculate", data=form_of(case, "save"))
    assert duplicate.status_code == 409 and "Lieta ar šo numuru jau ir." in duplicate.text
    assert 'href="/cases/JELG-2021-0007/v/1"' in duplicate.text  # offered to open it
    assert 'value="10"' in duplicate.text
    # saved as a version edited from version 1: version 2, version 1 kept
    again = worker.post("/cases/calculate", data={**form_of(case, "save"), "_based_on": "1"})
    assert again.headers["Location"].endswith("/v/2")
    assert lv_money("731.90") in worker.get("/cases/JELG-2021-0007/v/2").text
    assert lv_money("924.70") in worker.get("/cases/JELG-2021-0007/v/1").text
    listing = worker.get("/cases").text
    assert listing.count("JELG-2021-0007</a>") == 1 and "731,90\xa0€" in listing


def test_downloads(app: Flask) -> None:
    worker = user_client(app, "valmiera", municipality="Valmieras novads")
    case = example("02-adult-left-vsac-money-follows")
    worker.post("/cases/calculate", data=form_of(case, "save"))
    budget = worker.get("/cases/VALM-2024-0031/v/1/budget.json")
    assert budget.status_code == 200 and "attachment" in budget.headers["Content-Disposition"]
    data = budget.get_json()
    assert data["format"] == 1 and data["totals"]["monthly"] == "958.57"
    rows = list(csv.DictReader(io.StringIO(worker.get(
        "/cases/VALM-2024-0031/v/1/budget.csv").text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4 + 3  # four lines and three totals (test_budget_csv.py: the rest)
    assert rows[-3]["Summa, EUR"] == "958,57"
    saved_case = worker.get("/cases/VALM-2024-0031/v/1/case.json").get_json()
    assert saved_case["case_id"] == "VALM-2024-0031"


def test_save_from_the_result_page(app: Flask) -> None:
    worker = user_client(app, "riga", municipality="Rīga")
    case = example("05-no-support-plan")
    page = worker.post("/cases/calculate", data=form_of(case))
    case_json = re.search(r'name="case_json" value="([^"]*)"', page.text)
    assert case_json is not None
    import html

    response = worker.post("/cases/save", data={"case_json": html.unescape(case_json.group(1))})
    assert response.status_code == 302 and response.headers["Location"].endswith("/v/1")
    back = worker.post("/cases/form", data={"case_json": html.unescape(case_json.group(1))})
    assert back.status_code == 200 and 'value="RIGA-2023-1001"' in back.text


def test_rows_can_be_added_without_javascript(worker: FlaskClient) -> None:
    case = example("04-community-adult-copayment")
    page = worker.post("/cases/calculate", data=form_of(case, "add_service"))
    assert page.status_code == 200
    assert 'name="requested_services[5].service"' in page.text  # 4 filled + 1 empty + 1 added
    assert 'value="OGRE-2025-0210"' in page.text
    page = worker.post("/cases/calculate", data=form_of(case, "add_maintainer"))
    assert 'name="household.maintainers[3].relation"' in page.text


def test_full_grid_of_activities(worker: FlaskClient) -> None:
    case = example("04-community-adult-copayment")
    counts = {"lifelong_learning": 9}
    areas = ("home_living", "community_living", "lifelong_learning", "employment",
             "health_safety", "social_activities", "advocacy")
    for totals in ("areas", "medical_total", "behavioural_total"):
        case["assessment"].pop(totals)
    case["assessment"]["items"] = {a: [[1, 1, 1]] * counts.get(a, 8) for a in areas}
    case["assessment"]["medical_items"] = [0] * 15
    case["assessment"]["behavioural_items"] = [0] * 12 + [2]
    page = worker.post("/cases/calculate", data=form_of(case))
    assert page.status_code == 200
    # the engine writes a whole mean as a whole number (8,18 keeps its decimals)
    assert "vidējais vērtējums 3 → līmenis 2; īpašas uzvedības vajadzības → līmenis 3" in \
        page.text


def test_english_switch(worker: FlaskClient) -> None:
    page = worker.get("/cases/new?lang=en")
    assert "Calculate the budget" in page.text and "Aprēķināt budžetu" not in page.text
    result = worker.post("/cases/calculate", data=form_of(example("03-child-home-care-cap")))
    assert "Home care" in result.text and "Total per month" in result.text


BAD = [
    ("person.birth_date", "1979-02-30", "person.birth_date"),
    ("requested_services[0].units", "0", "requested_services[0].units"),
    ("requested_services[0].units", "many", "requested_services[0].units"),
    ("person.municipality", "Atlantīda", "person.municipality"),
    ("assessment.areas.home_living", "200", "assessment.areas.home_living"),
    ("person.diagnoses", "schizophrenia", "person.diagnoses"),
    ("household.monthly_income", "-10", "household.monthly_income"),
    ("household.monthly_income", "a lot", "household.monthly_income"),
    ("assessment.care_level", "7", "assessment.care_level"),
    ("case_id", "has spaces", "case_id"),
    ("household.maintainers[0].relation", "neighbour", "household.maintainers[0].relation"),
    ("person.agee", "33", "person.agee"),
    ("requested_services[1].service", "home_care", "requested_services"),
    ("residence.status", "left_vsac", "residence.left_vsac_on"),
    ("calculation_date", "", "calculation_date"),
]


@pytest.mark.parametrize(("field", "value", "error_path"), BAD, ids=[b[0] + "=" + b[1]
                                                                     for b in BAD])
def test_bad_input_gets_a_field_error_and_keeps_the_values(worker: FlaskClient, field: str,
                                                           value: str, error_path: str) -> None:
    case = example("04-community-adult-copayment")
    data = form_of(case)
    if value:
        data[field] = value
    else:
        data.pop(field, None)
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 422
    assert "Traceback" not in page.text
    assert f'<a href="#{field_id(error_path)}">' in page.text, re.findall(
        r"<li><a .*?</li>", page.text)
    assert 'value="Ogres novads"' in page.text or field == "person.municipality"
    if field not in ("person.agee", "requested_services[1].service"):
        assert 'class="field-error"' in page.text


@pytest.mark.parametrize(("field", "value", "lv", "en"), [
    ("requested_services[0].units", "0", "Vajadzīgs vismaz 1.", "Expected at least 1."),
    ("person.birth_date", "1988-02-30", "Tādas dienas nav: “1988-02-30”.",
     "There is no such day: “1988-02-30”."),
    ("person.municipality", "Atlantīda",
     "01.02.2025 nebija pašvaldības ar nosaukumu “Atlantīda”",
     "There was no municipality called “Atlantīda” on 2025-02-01"),
    ("person.diagnoses", "X", "Vajadzīgs SSK-10 kods", "Expected an ICD-10 code"),
])
def test_field_errors_speak_the_users_language(worker: FlaskClient, field: str, value: str,
                                               lv: str, en: str) -> None:
    data = form_of(example("04-community-adult-copayment"))
    data[field] = value
    assert lv in worker.post("/cases/calculate", data=data).text
    worker.get("/cases/new?lang=en")
    english = worker.post("/cases/calculate", data=data).text
    assert en in english and lv not in english


def test_rows_marked_for_removal_are_left_out(worker: FlaskClient) -> None:
    case = example("04-community-adult-copayment")
    data = form_of(case)
    data["_remove.requested_services[0]"] = "on"  # home care
    data["_remove.household.maintainers[1]"] = "on"
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 200
    assert "Aprūpe mājās" not in page.text.split("<tbody>")[1].split("</tbody>")[0]
    expected = calculate(parse_case({
        **case, "requested_services": case["requested_services"][1:],
        "household": {**case["household"], "maintainers": case["household"]["maintainers"][:1]},
    }), lang="lv")
    assert f"<strong>{lv_money(expected.totals.monthly)}</strong>" in page.text
