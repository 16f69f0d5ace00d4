"""No unlabelled control, header without scope or missing skip link on any page (issue 11,
item 13 and its Done-when check), in Latvian and in English.

Each page is rendered by the app as a user reaches it (blank form, form with every error,
the full AIS grid open, a draft and a saved budget, two versions compared, the saved cases,
the users page, …) and
checked by `a11y_checks.problems`; the browser tests run axe-core on the same pages.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from a11y_checks import control_count, problems
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, home_care_rate_rules, login, store, token_of, user_client

from budget_engine import load_rules
from budget_web.cases.form import case_to_fields

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def posted(case: dict[str, Any], mode: str, action: str = "calculate") -> dict[str, str]:
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    return {**fields, "assessment_mode": mode, "action": action}


def assert_accessible(html: str) -> None:
    found = problems(html)
    assert not found, "\n".join(found)


def test_the_checker_finds_what_it_looks_for() -> None:
    """The checks are real: each kind of problem on a small page is reported."""
    bad = """<html><body><a href="/x">x</a><main id="main">
      <input name="a"><select name="b" title="B"></select>
      <label for="c">C <abbr class="req">*</abbr></label><input id="c" name="c">
      <input id="d" name="d" required><label for="d">D</label><button></button>
      <table><tr><th>Head</th></tr></table><p id="c"></p></main></body></html>"""
    found = "\n".join(problems(bad))
    for expected in ('unlabelled control <input name="a">', 'unlabelled control <select name="b">',
                     'marked required but not required: <input id="c"',
                     'required but not marked in its label: <input id="d"',
                     "button without a name", "table header without scope: 'Head'",
                     "the first link is not the skip link", "duplicate id 'c'",
                     "<html> has no lang"):
        assert expected in found
    good = """<html lang="lv"><body><a class="skip" href="#main">Uz saturu</a><main id="main">
      <label>A <input name="a"></label><select name="b" aria-label="B"></select>
      <label for="c">C <abbr class="req">*</abbr></label><input id="c" name="c" required>
      <table><tr><th scope="col">Head</th></tr></table></main></body></html>"""
    assert problems(good) == []


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_form_blank_with_errors_and_with_the_full_grid(worker: FlaskClient,
                                                          lang: str) -> None:
    blank = worker.get(f"/cases/new?lang={lang}")
    assert_accessible(blank.text)
    # the 171 grid selects, 28 extra items, the row fields and the paste boxes are all there
    assert control_count(blank.text) > 171 + 28 + 20
    errors = worker.post("/cases/calculate", data={"action": "calculate",
                                                   "assessment_mode": "items",
                                                   "person.birth_date": "41988"})
    assert errors.status_code == 422 and "error-summary" in errors.text
    assert_accessible(errors.text)
    case = example("04-community-adult-copayment")
    grid = worker.post("/cases/calculate", data=posted(case, "items", "add_maintainer"))
    assert 'id="panel-items" data-panel="items" open' in grid.text
    assert_accessible(grid.text)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_result_draft_and_saved_and_the_saved_cases(app: Flask, lang: str) -> None:
    for name in ("01-adult-esf-project", "03-child-home-care-cap"):
        case = example(name)
        municipality = case["person"]["municipality"]
        worker = user_client(app, f"sw-{name[:2]}", municipality=municipality)
        worker.get(f"/cases/new?lang={lang}")
        mode = "areas" if case.get("assessment", {}).get("areas") else "none"
        draft = worker.post("/cases/calculate", data=posted(case, mode))
        assert draft.status_code == 200 and 'class="budget"' in draft.text
        assert_accessible(draft.text)
        saved = worker.post("/cases/calculate", data=posted(case, mode, "save"))
        assert saved.status_code == 302
        page = worker.get(saved.headers["Location"])
        assert page.status_code == 200 and 'class="signoff"' in page.text  # override form
        assert_accessible(page.text)
        # the same number saved again as a new case: the conflict page, both budgets
        conflict = worker.post("/cases/calculate", data=posted(case, mode, "save"))
        assert conflict.status_code == 409
        assert_accessible(conflict.text)
        again = worker.post("/cases/calculate",
                            data={**posted(case, mode, "save"), "_based_on": "1"})
        versions = worker.get(again.headers["Location"])  # version 2, with the versions list
        assert 'id="compare-first"' in versions.text  # the choice of two versions
        assert_accessible(versions.text)
        compared = worker.get(f"/cases/{case['case_id']}/compare?first=1&second=2")
        assert compared.status_code == 200 and 'class="compare-services"' in compared.text
        assert_accessible(compared.text)
        wrong = worker.get(f"/cases/{case['case_id']}/compare?first=x&second=2")
        assert wrong.status_code == 422 and "error-summary" in wrong.text
        assert_accessible(wrong.text)
        override = worker.post(f"{again.headers['Location']}/override", data={
            "override.day_care_centre.units": "x"})
        assert override.status_code == 422
        assert_accessible(override.text)
        listing = worker.get("/cases")
        assert case["case_id"] in listing.text
        assert_accessible(listing.text)
        assert_accessible(worker.get("/cases?case_id=NOTHING").text)
        recalculated = worker.get(f"/cases/{case['case_id']}/recalculate")
        assert recalculated.status_code == 200
        assert_accessible(recalculated.text)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_login_and_users_pages(app: Flask, lang: str) -> None:
    client = app.test_client()
    assert_accessible(client.get(f"/login?lang={lang}").text)
    assert login(client, "admin").status_code == 302
    assert_accessible(client.get("/users").text)
    assert_accessible(client.get("/audit").text)
    refused = client.post("/users", data={"name": "x", "password": "short", "role": "admin"})
    assert refused.status_code == 422
    assert_accessible(refused.text)


def test_the_replay_page(app: Flask) -> None:
    client = app.test_client()
    assert login(client, "evaluator").status_code == 302
    assert_accessible(client.get("/replay").text)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_policy_pages_browser_editor_versions_and_diff(app: Flask, lang: str) -> None:
    """The rules browser, both editors (blank and refused), a draft's page for its author
    and for the approver, the versions list and a diff."""
    anna = user_client(app, "anna", "policy", None)
    berzs = user_client(app, "berzs", "policy", None)
    for client in (anna, berzs):
        client.get(f"/rules?lang={lang}")
    for path in ("/rules", "/rules/rule/eligibility:E8", "/rules/parameter/rate.assistant",
                 "/rules/parameter/rate.day_care_centre",
                 "/rules/edit/parameter/rate.home_care",
                 "/rules/edit/parameter/copayment.maintainers_obliged",
                 "/rules/edit/parameter/rate.day_care_centre",
                 "/rules/edit/parameter/indicative.package",
                 "/rules/edit/rule/eligibility:E6", "/rules/edit/rule/cap:E8",
                 "/rules/edit/rule/target_group:adult_grt"):
        page = anna.get(path)
        assert page.status_code == 200, path
        assert_accessible(page.text)
    asked = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "x", "valid_from": "22.12.2015", "value": "3,90"})
    assert asked.status_code == 422 and 'name="confirm"' in asked.text
    assert_accessible(asked.text)
    wrong_date = anna.get("/rules?date=31.02.2026")
    assert wrong_date.status_code == 422
    assert_accessible(wrong_date.text)
    refused = anna.post("/rules/edit/parameter/rate.home_care", data={
        "valid_from": "31.02.2026", "value": "4,1x"})
    assert refused.status_code == 422 and "field-error" in refused.text
    assert_accessible(refused.text)
    checked = anna.post("/rules/edit/rule/eligibility:E6", data={
        "label": "x", "title.lv": "A", "title.en": "A", "text.lv": "B", "text.en": "B",
        "when": "agee: 3"})
    assert checked.status_code == 422 and "field-error" in checked.text
    assert_accessible(checked.text)
    saved = anna.post("/rules/edit/parameter/rate.home_care", data={
        "label": "Aprūpe mājās", "valid_from": "01.01.2026", "value": "4,10"})
    draft = saved.headers["Location"]
    assert_accessible(anna.get(draft).text)  # the author's page: editing and submitting
    anna.post(f"{draft}/submit")
    assert_accessible(anna.get(draft).text)
    decision = berzs.get(draft)  # the approver's: the comment and the two buttons
    assert "Approve" in decision.text or "Apstiprināt" in decision.text
    assert_accessible(decision.text)
    assert_accessible(berzs.get("/rules/versions").text)
    number = draft.rsplit("/", 1)[1]
    assert_accessible(berzs.get(f"/rules/diff?from=1&to={number}").text)

def test_the_replay_page_with_errors_and_versions(app: Flask) -> None:
    client = app.test_client()
    assert login(client, "evaluator").status_code == 302
    refused = client.post("/replay", data={"source": "profile", "profile": "vsac-2015",
                                           "n": "x", "compare": "versions"})
    assert refused.status_code == 422 and "Pamata versija" in refused.text
    assert_accessible(refused.text)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_impact_pages(app: Flask, tmp_path: Path, lang: str) -> None:
    """The impact of a draft: the form (national and municipal, with errors) and a finished
    run with overrides listed."""
    case = {**example("04-community-adult-copayment"), "case_id": "A11Y-1",
            "calculation_date": "2026-03-01"}
    case["person"] = {**case["person"], "municipality": "Jelgavas novads"}
    saved = app.test_client().post("/api/v1/cases", headers=token_of(app, "w"), json={
        "case": case, "overrides": [{"service": "home_care", "units": 20,
                                     "justification": "Vajag mazāk"}]})
    assert saved.status_code == 201, saved.get_json()
    store(app).add_user("anna", PASSWORD, "policy")
    draft = store(app).versions.draft(load_rules(home_care_rate_rules(tmp_path)), "x", "anna")
    client = app.test_client()
    assert login(client, "policy").status_code == 302
    client.get(f"/rules?lang={lang}")
    assert_accessible(client.get(f"/rules/drafts/{draft.id}/impact").text)
    refused = client.post(f"/rules/drafts/{draft.id}/impact",
                          data={"source": "profile", "profile": "x", "n": "0", "seed": "-1"})
    assert refused.status_code == 422
    assert_accessible(refused.text)
    def finished_run(**form: str) -> str:
        url = client.post(f"/rules/drafts/{draft.id}/impact", data={
            "source": "saved", "municipality": "Jelgavas novads", **form}).headers["Location"]
        deadline = time.monotonic() + 120
        page = client.get(url).text
        while 'http-equiv="refresh"' in page and time.monotonic() < deadline:
            time.sleep(0.1)
            page = client.get(url).text
        return page

    page = finished_run()
    assert 'class="overrides"' in page
    assert_accessible(page)
    # on a day before the draft's rate applies: the page says so
    page = finished_run(on_date="31.12.2024")
    assert '<p class="hint" role="note">' in page
    assert_accessible(page)
    municipal = user_client(app, "p-jelgava", role="policy", municipality="Jelgavas novads")
    municipal.get(f"/rules?lang={lang}")
    assert_accessible(municipal.get(f"/rules/drafts/{draft.id}/impact").text)
