"""The decision on a saved budget: overrides only with a written justification, sign-off by a
second person (a supervisor of the same municipality), statuses with who and when, and the
printed decision (item 5 of issue 8)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from test_cases_pages import form_of
from web_helpers import example, store, token_of, user_client

from budget_web.cases.overrides import decided, parse_overrides

CASE = "JELG-2021-0007"


def _saved(client: FlaskClient) -> None:
    response = client.post("/cases/calculate", data=form_of(example("01-adult-esf-project"),
                                                            "save"))
    assert response.status_code == 302


def test_an_override_needs_a_written_justification(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    _saved(worker)
    refused = worker.post(f"/cases/{CASE}/v/1/override", data={
        "override.day_care_centre.units": "15", "override.day_care_centre.justification": " "})
    assert refused.status_code == 422
    assert "Pamatojums: Grozījumam vajadzīgs rakstisks pamatojums." in refused.text
    assert 'name="override.day_care_centre.units" inputmode="numeric" value="15"' in \
        refused.text  # what was typed is kept
    bad_amount = worker.post(f"/cases/{CASE}/v/1/override", data={
        "override.day_care_centre.amount": "daudz",
        "override.day_care_centre.justification": "x"})
    assert bad_amount.status_code == 422 and "Summa mēnesī, EUR: Vajadzīga summa" in \
        bad_amount.text
    assert len(store(app).cases.versions("Jelgavas novads", CASE)) == 1  # nothing saved


def test_override_submit_approve_and_the_printed_decision(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    _saved(worker)
    saved = worker.post(f"/cases/{CASE}/v/1/override", data={
        "override.day_care_centre.amount": "1 200,50",
        "override.day_care_centre.justification": "Klientam vajag pavadoni katru dienu."})
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/v/2")
    v2 = store(app).cases.version("Jelgavas novads", CASE, 2)
    assert v2 is not None and v2.overrides == [{
        "service": "day_care_centre", "units": None, "amount": "1200.50",
        "justification": "Klientam vajag pavadoni katru dienu."}]
    assert v2.budget_json == store(app).cases.version("Jelgavas novads", CASE, 1).budget_json
    page = worker.get(f"/cases/{CASE}/v/2").text
    assert "Klientam vajag pavadoni katru dienu." in page and "1\xa0200,50\xa0€" in page
    assert "melnraksts" in page
    # the worker submits; the worker cannot approve
    assert worker.post(f"/cases/{CASE}/v/2/decision", data={"step": "submit"}
                       ).status_code == 302
    own = worker.post(f"/cases/{CASE}/v/2/decision", data={"step": "approve"})
    assert own.status_code == 409 and "Jūsu loma šo darbību neļauj." in own.text
    # a supervisor of another municipality does not even see it
    other = user_client(app, "ogre-boss", "supervisor", "Ogres novads")
    assert other.post(f"/cases/{CASE}/v/2/decision", data={"step": "approve"}
                      ).status_code == 404
    boss = user_client(app, "supervisor")
    approved = boss.post(f"/cases/{CASE}/v/2/decision", data={"step": "approve",
                                                              "note": "Piekrītu."})
    assert approved.status_code == 302
    printed = boss.get(f"/cases/{CASE}/v/2").text
    assert "apstiprināts" in printed
    decision = printed.split('<section class="signoff">')[1].split("</section>")[0]
    assert "Sagatavoja: <strong>social_worker</strong>" in decision
    assert "Apstiprināja: <strong>supervisor</strong>" in decision
    assert "Klientam vajag pavadoni katru dienu." in decision
    assert "1\xa0200,50\xa0€" in decision
    # the decided total: the engine's, with the line's amount replaced
    assert "1\xa0200,50" in decision
    # approved is final: no further step on this version
    assert boss.post(f"/cases/{CASE}/v/2/decision", data={"step": "return", "note": "x"}
                     ).status_code == 409


def test_approval_by_the_same_person_is_refused(app: Flask) -> None:
    boss = user_client(app, "supervisor")
    _saved(boss)  # a supervisor may prepare a budget too ...
    assert boss.post(f"/cases/{CASE}/v/1/decision", data={"step": "submit"}
                     ).status_code == 302
    refused = boss.post(f"/cases/{CASE}/v/1/decision", data={"step": "approve"})
    assert refused.status_code == 409  # ... but never approve it
    assert "Jāapstiprina otrai personai" in refused.text
    assert store(app).cases.latest("Jelgavas novads", CASE).status == "submitted"
    second = user_client(app, "second-boss", "supervisor")
    # returning needs a note saying what to change
    assert second.post(f"/cases/{CASE}/v/1/decision", data={"step": "return"}
                       ).status_code == 422
    assert second.post(f"/cases/{CASE}/v/1/decision", data={
        "step": "return", "note": "Pārskatiet dienas centra dienas."}).status_code == 302
    events = store(app).cases.events(store(app).cases.latest("Jelgavas novads", CASE).id)
    assert [(e.status, e.by) for e in events] == [("submitted", "supervisor"),
                                                  ("returned", "second-boss")]
    assert events[1].note == "Pārskatiet dienas centra dienas."


def test_decisions_through_the_api(app: Flask) -> None:
    worker, boss = token_of(app, "social_worker"), token_of(app, "supervisor")
    client = app.test_client()
    body = {"case": example("01-adult-esf-project"),
            "overrides": [{"service": "day_care_centre", "units": 15}]}
    refused = client.post("/api/v1/cases", json=body, headers=worker)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "overrides[0].justification"
    body["overrides"][0]["justification"] = "Divas dienas nedēļā ģimene."
    assert client.post("/api/v1/cases", json=body, headers=worker).status_code == 201
    path = f"/api/v1/cases/{CASE}/versions/1/decision"
    assert client.post(path, json={"step": "approve"}, headers=boss).status_code == 409
    assert client.post(path, json={"step": "submit"}, headers=worker).get_json()[
        "status"] == "submitted"
    same = client.post(path, json={"step": "approve"}, headers=worker)
    assert same.status_code == 409 and same.get_json()["reason"] == "role"
    assert client.post(path, json={"step": "approve"}, headers=boss).get_json()[
        "status"] == "approved"
    read = client.get(f"/api/v1/cases/{CASE}", headers=worker).get_json()
    assert read["status"] == "approved" and read["overrides"][0]["units"] == 15
    assert [d["by"] for d in read["decisions"]] == ["social_worker", "supervisor"]


def test_the_decided_totals() -> None:
    budget = {"lines": [
        {"service": "a", "title": "A", "approved_units": 10, "rate": "2.50",
         "monthly_cost": "25.00", "per": "month"},
        {"service": "b", "title": "B", "approved_units": 1, "rate": "100.00",
         "monthly_cost": "100.00", "per": "period"}],
        "totals": {"monthly": "25.00", "one_off": "100.00"}}
    overrides, problems = parse_overrides([
        {"service": "a", "units": "3", "justification": "j"},
        {"service": "b", "amount": "80,005", "justification": "k"}], budget)
    assert problems == []
    result = decided(budget, overrides)
    assert str(result["monthly"]) == "7.50" and str(result["one_off"]) == "80.01"
    _, problems = parse_overrides([{"service": "zzz", "units": 1,
                                              "justification": "x"}], budget)
    assert [p.kind for p in problems] == ["no_line"]
