"""A service added by policy staff following rules/README.md (rule files only) is offered by
the case form once its version is published, in Latvian and English, and its name and
figures are on the result page and in the budget's CSV; the case form of the version before
does not offer it, and a case naming it there is refused beside the field."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from test_budget_csv import download, excel_rows, save
from test_cases_pages import form_of, lv_money
from test_policy_recipes import NEW_SERVICE, RULES, apply_recipes
from web_helpers import HOME, PASSWORD, store

from budget_engine import load_rules
from budget_web.cases.words.form_labels import field_id

CASE: dict[str, Any] = {
    "format": 1, "case_id": "JELG-2026-0042", "calculation_date": "2026-03-01",
    "person": {"birth_date": "1980-01-01", "municipality": HOME, "disability_group": "II",
               "diagnoses": ["F20"]},
    "residence": {"status": "community"},
    "household": {"monthly_income": "600.00", "maintainers": []},
    "assessment": {"assessed_on": "2025-06-01", "support_plan": True, "care_level": 2},
    "requested_services": [{"service": "social_rehabilitation", "units": 10}],
}
OPTION = '<option value="social_rehabilitation" >{}</option>'


def publish_the_recipe(app: Flask, tmp_path: Path) -> None:
    """The README's new-service recipe on a copy of the rules, drafted by one policy user and
    approved by another; the app follows the published version at the next request."""
    target = tmp_path / "draft"
    shutil.copytree(RULES, target)
    apply_recipes(target, *NEW_SERVICE)
    versions = store(app).versions
    for name in ("anna", "berzs"):
        store(app).add_user(name, PASSWORD, "policy")
    draft = versions.draft(load_rules(target), "Sociālā rehabilitācija", "anna")
    versions.approve(draft.id, "berzs")
    app.config["RULES_CHECK_SECONDS"] = 0


def test_the_form_offers_the_services_of_the_published_version(app: Flask, worker: FlaskClient,
                                                               tmp_path: Path) -> None:
    before = worker.get("/cases/new").text
    assert "social_rehabilitation" not in before
    assert '<option value="home_care" >Aprūpe mājās</option>' in before
    refused = worker.post("/cases/calculate", data=form_of(CASE))
    assert refused.status_code == 422
    assert "Spēkā esošajos noteikumos nav pakalpojuma “social_rehabilitation”" in refused.text
    assert f'<a href="#{field_id("requested_services[0].service")}">' in refused.text
    # what was chosen stays chosen, so nothing typed is lost
    assert '<option value="social_rehabilitation" selected>social_rehabilitation' in refused.text

    publish_the_recipe(app, tmp_path)
    assert OPTION.format("Sociālā rehabilitācija") in worker.get("/cases/new").text
    assert OPTION.format("Social rehabilitation") in worker.get("/cases/new?lang=en").text
    worker.get("/cases/new?lang=lv")
    result = worker.post("/cases/calculate", data=form_of(CASE))
    assert result.status_code == 200, result.text[:2000]
    assert "Sociālā rehabilitācija" in result.text and lv_money("125.00") in result.text


def test_the_csv_names_the_new_service(app: Flask, worker: FlaskClient, tmp_path: Path) -> None:
    publish_the_recipe(app, tmp_path)
    worker.get("/cases/new")  # the app takes up the published version
    location = save(worker, CASE)
    rows = excel_rows(download(worker, location)[0])
    line = next(row for row in rows if "Sociālā rehabilitācija" in row)
    assert "125,00" in line
    english = excel_rows(download(worker, location, "en")[0])
    assert any("Social rehabilitation" in row for row in english)
