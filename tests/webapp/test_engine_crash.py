"""A native crash of the engine costs one answer: the API and the form serve the next one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crashing_worker import CRASHING_CASE, serve_crashing
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import login, store

from budget_engine import IsolatedCalculator
from budget_web.cases.form import case_to_fields

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def _case(case_id: str) -> dict[str, Any]:
    case = json.loads((EXAMPLES / "04-community-adult-copayment.json").read_text("utf-8"))
    case["case_id"] = case_id
    return case


def _crashing(app: Flask) -> None:
    app.extensions["calculator"].close()
    app.extensions["calculator"] = IsolatedCalculator(app.extensions["rules"], workers=1,
                                                      target=serve_crashing)


def test_api_answers_500_naming_the_case_then_goes_on(app: Flask) -> None:
    _crashing(app)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {store(app).new_token('social_worker')}"}
    before = client.post("/api/v1/budgets", json=_case("BEFORE-1"), headers=headers)
    assert before.status_code == 200
    crashed = client.post("/api/v1/budgets", json=_case(CRASHING_CASE), headers=headers)
    assert crashed.status_code == 500
    assert crashed.json is not None and crashed.json["case_id"] == CRASHING_CASE
    assert "Traceback" not in crashed.text
    after = client.post("/api/v1/budgets", json=_case("AFTER-1"), headers=headers)
    assert after.status_code == 200 and after.json is not None
    assert after.json["case_id"] == "AFTER-1"
    assert after.json["totals"] == before.json["totals"]  # type: ignore[index]


def test_form_keeps_the_data_and_names_the_case_then_goes_on(app: Flask) -> None:
    _crashing(app)
    client: FlaskClient = app.test_client()
    assert login(client, "social_worker").status_code == 302
    fields = {**case_to_fields(_case(CRASHING_CASE)), "assessment_mode": "areas",
              "action": "calculate"}
    page = client.post("/cases/calculate", data=fields)
    assert f"Noteikumu dzinējs apstājās, aprēķinot lietu {CRASHING_CASE}." in page.text
    assert f'value="{CRASHING_CASE}"' in page.text  # nothing typed is lost
    fields["case_id"] = "AFTER-2"
    again = client.post("/cases/calculate", data=fields)
    assert again.status_code == 200 and "AFTER-2" in again.text
    assert CRASHING_CASE not in again.text
