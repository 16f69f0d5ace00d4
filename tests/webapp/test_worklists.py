"""Work comes to the person who must act (issue 27, item 3): the start pages of social
workers and supervisors, the count in the menu, the login landing there, and the same lists
through `GET /api/v1/cases?status=…` — for the right municipality only."""

from __future__ import annotations

import copy
from typing import Any

from a11y_checks import problems
from flask import Flask
from flask.testing import FlaskClient
from test_cases_pages import form_of
from web_helpers import PASSWORD, example, login, store, token_of, user_client

FIRST, SECOND = "JELG-2021-0007", "JELG-2021-0099"
NOTE = "Lūdzu, pārbaudiet klienta ienākumus."


def _case(case_id: str) -> dict[str, Any]:
    case = copy.deepcopy(example("01-adult-esf-project"))
    case["case_id"] = case_id
    return case


def _save(client: FlaskClient, case_id: str) -> None:
    assert client.post("/cases/calculate", data=form_of(_case(case_id), "save")
                       ).status_code == 302


def _step(client: FlaskClient, case_id: str, step: str, note: str = "") -> None:
    assert client.post(f"/cases/{case_id}/v/1/decision", data={"step": step, "note": note}
                       ).status_code == 302


def _section(page: str, status: str) -> str:
    return page.split(f'id="list-{status}"')[1].split("</section>")[0]


def test_the_start_pages_bring_each_role_its_work(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    _save(worker, FIRST)
    _save(worker, SECOND)
    start = worker.get("/work").text
    assert "Neiesniegtie melnraksti (2)" in _section(start, "draft")
    assert FIRST in _section(start, "draft") and SECOND in _section(start, "draft")
    assert "Mani darbi <span class=\"count\">(2)</span>" in start  # the menu's count
    # submitted: SECOND first, then FIRST; the approval queue is oldest first
    _step(worker, SECOND, "submit")
    _step(worker, FIRST, "submit")
    boss = user_client(app, "supervisor")
    queue = _section(boss.get("/work").text, "submitted")
    assert "Gaida apstiprināšanu (vecākie vispirms) (2)" in queue
    assert queue.index(SECOND) < queue.index(FIRST)
    assert "social_worker" in queue and "Iesniedza" in queue
    # the worker's drafts are gone once submitted
    assert "Neiesniegtie melnraksti (0)" in worker.get("/work").text
    # a supervisor of another municipality sees none of them
    ogre = user_client(app, "ogre-boss", "supervisor", "Ogres novads")
    elsewhere = ogre.get("/work").text
    assert "(0)" in _section(elsewhere, "submitted")
    assert FIRST not in elsewhere and SECOND not in elsewhere
    # returned with a note: the worker sees it, and the note, on their start page
    _step(boss, FIRST, "return", NOTE)
    returned = _section(worker.get("/work").text, "returned")
    assert FIRST in returned and NOTE in returned and "supervisor" in returned
    assert SECOND not in returned
    queue = _section(boss.get("/work").text, "submitted")
    assert "(1)" in queue and SECOND in queue and FIRST not in queue
    entries = store(app).audit.entries(user="supervisor")
    assert any(e.action == "searched" and "submitted 1" in e.detail for e in entries)


def test_login_lands_on_the_start_page(app: Flask) -> None:
    for role in ("social_worker", "supervisor"):
        client = app.test_client()
        assert login(client, role, PASSWORD).headers["Location"] == "/"
        assert client.get("/").headers["Location"] == "/work"
    policy = app.test_client()
    login(policy, "policy", PASSWORD)
    assert policy.get("/work").status_code == 403


def test_the_api_lists_cases_by_status_scoped_and_paged(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    _save(worker, FIRST)
    _save(worker, SECOND)
    _step(worker, SECOND, "submit")
    _step(worker, FIRST, "submit")
    _step(user_client(app, "supervisor"), FIRST, "return", NOTE)
    client = app.test_client()
    mine = token_of(app, "api-worker")
    returned = client.get("/api/v1/cases?status=returned", headers=mine).get_json()
    assert returned["total"] == 1 and [c["case_id"] for c in returned["cases"]] == [FIRST]
    assert returned["cases"][0]["step"]["note"] == NOTE
    assert returned["cases"][0]["step"]["by"] == "supervisor"
    submitted = client.get("/api/v1/cases?status=submitted", headers=mine).get_json()
    assert [c["case_id"] for c in submitted["cases"]] == [SECOND]
    # paged: one at a time, the next page's address given until the end
    first_page = client.get("/api/v1/cases?limit=1", headers=mine).get_json()
    assert first_page["total"] == 2 and len(first_page["cases"]) == 1
    second_page = client.get(first_page["next"], headers=mine).get_json()
    assert second_page["next"] is None
    assert {first_page["cases"][0]["case_id"], second_page["cases"][0]["case_id"]} == \
        {FIRST, SECOND}
    # another municipality: nothing listed
    ogre = token_of(app, "ogre-api", "supervisor", "Ogres novads")
    assert client.get("/api/v1/cases?status=submitted", headers=ogre).get_json()["total"] == 0
    assert client.get("/api/v1/cases", headers=ogre).get_json()["cases"] == []
    # a national role has no municipality: 404, as for a single case
    assert client.get("/api/v1/cases", headers=token_of(app, "nat", "policy", None)
                      ).status_code == 404
    # wrong parameters are named
    for query, field in (("status=done", "status"), ("limit=0", "limit"),
                         ("limit=101", "limit"), ("offset=-1", "offset"), ("limit=x", "limit"),
                         ("status=", "status"), ("limit=", "limit")):
        refused = client.get(f"/api/v1/cases?{query}", headers=mine)
        assert refused.status_code == 422
        assert [e["field"] for e in refused.get_json()["errors"]] == [field]
    assert any(e.action == "searched" and "status returned" in e.detail
               for e in store(app).audit.entries(user="api-worker"))


def test_the_override_form_sums_up_its_errors_at_the_top(app: Flask) -> None:
    """The override form's errors as the case form's: "Kļūda:" in the title, the summary
    at the top of the page (before the budget), each error a link to its field."""
    worker = user_client(app, "social_worker")
    _save(worker, FIRST)
    refused = worker.post(f"/cases/{FIRST}/v/1/override", data={
        "override.day_care_centre.units": "15", "override.day_care_centre.justification": " "})
    assert refused.status_code == 422
    page = refused.text
    assert "<title>Kļūda: " in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert page.index('id="error-summary"') < page.index('class="budget-section"')
    assert 'href="#override-day_care_centre-justification"' in summary
    assert "Pamatojums</a>: Grozījumam vajadzīgs rakstisks pamatojums." in summary
    assert 'id="override-day_care_centre-justification"' in page
    assert not problems(page) and not problems(worker.get("/work").text)
    # a page without errors has no summary and no "Kļūda:"
    fine = worker.get(f"/cases/{FIRST}/v/1").text
    assert 'id="error-summary"' not in fine and "<title>Kļūda: " not in fine


def test_an_unsaved_result_has_its_actions_at_the_top(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    draft = worker.post("/cases/calculate", data=form_of(_case(FIRST))).text
    save_at = draft.index('action="/cases/save"')
    assert save_at < draft.index('class="budget-section"')
    assert save_at < draft.index('class="decision"')
    assert draft.count('action="/cases/save"') == 1
