"""Missing or implausible money facts never pass silently (issue 27, item 4): the client's
income is required unless "no income" is ticked; an income above the plausible bound of
rules/ or a DI enrolment before the programme began is shown only once the worker ticks
"Apstiprinu, ka vērtība ir pareiza" beside it; the API answers with the warning."""

from __future__ import annotations

import html
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from web_helpers import example, store, token_of, user_client

from budget_web.cases.form import case_to_fields


def posted(case: dict[str, Any], **extra: str) -> dict[str, str]:
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    return {**fields, "action": "calculate", **extra}


def calculate(client: FlaskClient, data: dict[str, str]) -> Any:
    client.get("/cases/new?lang=lv")
    return client.post("/cases/calculate", data=data)


def test_an_empty_income_is_an_error_not_zero(worker: FlaskClient) -> None:
    data = posted(example("04-community-adult-copayment"))
    del data["household.monthly_income"]
    page = calculate(worker, data)
    assert page.status_code == 422
    assert "Klienta ienākumi mēnesī" in page.text and "Klientam nav ienākumu" in page.text
    assert 'id="f-household-monthly_income-error"' in page.text
    assert "Klients maksā" not in page.text


def test_no_income_ticked_gives_zero_and_a_contradiction_is_an_error(
        worker: FlaskClient) -> None:
    data = posted(example("04-community-adult-copayment"))
    del data["household.monthly_income"]
    page = calculate(worker, {**data, "household.no_income": "on"})
    assert page.status_code == 200 and "id=\"decision-title\"" in page.text
    page = calculate(worker, {**data, "household.no_income": "on",
                              "household.monthly_income": "320,00"})
    assert page.status_code == 422 and 'id="f-household-monthly_income-error"' in page.text


def test_a_saved_zero_income_comes_back_ticked() -> None:
    case = example("04-community-adult-copayment")
    case["household"]["monthly_income"] = "0.00"
    assert case_to_fields(case)["household.no_income"] == "on"


def test_an_implausible_income_must_be_confirmed(worker: FlaskClient) -> None:
    data = posted(example("04-community-adult-copayment"),
                  **{"household.monthly_income": "1000000"})
    page = calculate(worker, data)
    assert page.status_code == 422
    assert "Apstiprinu, ka vērtība ir pareiza" in page.text
    assert re.search(r"Vairāk nekā 20\W000,00\W€ mēnesī ir neparasti", page.text)
    box = 'name="household.confirm_monthly_income"'
    assert box in page.text
    page = calculate(worker, {**data, "household.confirm_monthly_income": "on"})
    assert page.status_code == 200 and "Jāpārbauda ienākumi" in page.text


def test_a_maintainers_income_is_confirmed_in_its_row(worker: FlaskClient) -> None:
    case = example("02-adult-left-vsac-money-follows")
    case["household"]["maintainers"] = [{"relation": "child", "monthly_income": "900"},
                                        {"relation": "spouse", "monthly_income": "90000"}]
    page = calculate(worker, posted(case))
    assert page.status_code == 422
    assert 'name="household.maintainers[1].confirm_monthly_income"' in page.text
    assert 'name="household.maintainers[0].confirm_monthly_income"' not in page.text


def test_an_enrolment_before_the_programme_must_be_confirmed(worker: FlaskClient) -> None:
    case = example("01-adult-esf-project")
    case["di_project"] = {"enrolled_on": "1990-07-01"}
    page = calculate(worker, posted(case))
    assert page.status_code == 422 and "16.06.2015" in page.text
    page = calculate(worker, posted(case, **{"di_project.confirm_enrolled_on": "on"}))
    assert page.status_code == 200


def test_the_api_answers_with_the_warning(app: Flask) -> None:
    case = example("04-community-adult-copayment")
    case["household"]["monthly_income"] = "1000000.00"
    answer = app.test_client().post("/api/v1/budgets", json=case,
                                    headers=token_of(app, "api_worker"))
    assert answer.status_code == 200, answer.text
    codes = [w["code"] for w in answer.get_json()["warnings"]]
    assert "implausible_income" in codes


def _esf_case_fields(**extra: str) -> dict[str, str]:
    """Example 01 (Jelgava, the worker's municipality) with an unusual client income."""
    case = example("01-adult-esf-project")
    case["household"]["monthly_income"] = "25000.00"
    return {**posted(case), "assessment_mode": "areas", **extra}


def _confirmations_section(page: str) -> str:
    assert 'id="confirmed-title"' in page
    return page.split('id="confirmed-title"')[1].split("</section>")[0]


def test_a_confirmation_is_saved_with_the_version_and_in_the_audit_log(
        app: Flask, worker: FlaskClient) -> None:
    """Issue 27: the worker's confirmation of an unusual value is part of the saved version:
    shown on the saved budget (who, when) and kept in the audit trail; a later version that
    decides a line on the same case carries it with its first who and when."""
    saved = calculate(worker, _esf_case_fields(**{
        "household.confirm_monthly_income": "on", "action": "save"}))
    assert saved.status_code == 302, saved.text[:1000]
    page = worker.get(saved.headers["Location"]).text  # read back from the database
    shown = _confirmations_section(page)
    assert "Klienta ienākumi mēnesī" in shown and re.search(r"25\W000,00\W€", shown)
    assert "pareizību apstiprināja social_worker" in shown
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", shown)
    row = store(app).cases.latest("Jelgavas novads", "JELG-2021-0007")
    assert row is not None and [(c["field"], c["value"], c["warning"], c["by"])
                                for c in row.confirmations] == [
        ("household.monthly_income", "25000.00", "implausible_income", "social_worker")]
    logged = [e for e in store(app).audit.entries(case_id="JELG-2021-0007")
              if e.action == "confirmed"]
    assert [(e.user, e.version, e.detail) for e in logged] == [
        ("social_worker", 1, "household.monthly_income: 25000.00 (implausible_income)")]
    audit_page = user_client(app, "admin-1", role="admin", municipality=None).get(
        "/audit?case_id=JELG-2021-0007&lang=lv")
    assert audit_page.status_code == 200
    assert "apstiprināja neparastu vērtību" in audit_page.text

    decided = worker.post(saved.headers["Location"] + "/override", data={
        "override.day_care_centre.units": "15",
        "override.day_care_centre.justification": "Vajag vairāk dienu."})
    assert decided.status_code == 302
    again = _confirmations_section(worker.get(decided.headers["Location"]).text)
    assert again == shown  # the same confirmation, the same who and when
    assert len([e for e in store(app).audit.entries(case_id="JELG-2021-0007")
                if e.action == "confirmed"]) == 1


def test_the_save_button_of_the_result_page_carries_the_confirmation(
        worker: FlaskClient) -> None:
    page = calculate(worker, _esf_case_fields(**{"household.confirm_monthly_income": "on"}))
    assert page.status_code == 200
    assert '<input type="hidden" name="confirmed" value="household.monthly_income">' in page.text
    case_json = re.search(r'name="case_json" value="([^"]*)"', page.text)
    assert case_json is not None
    text = html.unescape(case_json.group(1))
    unconfirmed = worker.post("/cases/save", data={"case_json": text})
    assert unconfirmed.status_code == 422  # a crafted save without it is asked again
    assert 'name="household.confirm_monthly_income"' in unconfirmed.text
    saved = worker.post("/cases/save", data={"case_json": text,
                                             "confirmed": "household.monthly_income"})
    assert saved.status_code == 302
    assert "pareizību apstiprināja social_worker" in _confirmations_section(
        worker.get(saved.headers["Location"]).text)
