"""No unlabelled control, header without scope or missing skip link on any page (issue 11,
item 13 and its Done-when check), in Latvian and in English.

Each page is rendered by the app as a user reaches it (blank form, form with every error,
the full AIS grid open, a draft and a saved budget, two versions compared, the saved cases,
the users page, …) and
checked by `a11y_checks.problems`; the browser tests run axe-core on the same pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from a11y_checks import control_count, problems
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import login, user_client

from web.case_form import case_to_fields

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
