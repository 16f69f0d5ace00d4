"""Missing or implausible money facts never pass silently (issue 27, item 4): the client's
income is required unless "no income" is ticked; an income above the plausible bound of
rules/ or a DI enrolment before the programme began is shown only once the worker ticks
"Apstiprinu, ka vērtība ir pareiza" beside it; the API answers with the warning."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from web_helpers import example, token_of

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
