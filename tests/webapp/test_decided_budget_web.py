"""The decided budget (domain.md §13b) through the API and on the pages: a case saved with an
override carries a decided budget whose payers carry every decided euro, no EU or state
payer pays more than for the computed line, and a granted line without a price must be
decided before the budget is submitted (issue 27, items 1 and 2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from web_helpers import example, store, token_of, user_client

SOURCES = ("esf", "state", "municipality", "client", "maintainers")


def _sum(financing: dict[str, str]) -> Decimal:
    return sum((Decimal(financing[s]) for s in SOURCES), Decimal("0"))


def _check(decided: dict[str, Any], computed: dict[str, Any]) -> None:
    was = {line["service"]: line for line in computed["lines"]}
    monthly = Decimal("0")
    for line in decided["lines"]:
        assert _sum(line["financing"]) == Decimal(line["monthly_cost"] or "0")
        for source in ("esf", "state"):
            assert Decimal(line["financing"][source]) <= Decimal(
                was[line["service"]]["financing"][source])
        if line["per"] == "month":
            monthly += Decimal(line["monthly_cost"] or "0")
    assert Decimal(decided["totals"]["monthly"]) == monthly
    assert _sum(decided["totals"]["by_source"]) == monthly + Decimal(
        decided["totals"]["one_off"])


def test_a_case_saved_with_an_override_carries_its_decided_budget(app: Flask) -> None:
    client = app.test_client()
    headers = token_of(app, "ogre-api", municipality="Ogres novads")
    case = example("04-community-adult-copayment")
    saved = client.post("/api/v1/cases", headers=headers, json={"case": case, "overrides": [
        {"service": "home_care", "amount": "300.00", "justification": "Vajag vairāk stundu."},
        {"service": "support_group", "units": 2, "justification": "Pietiek ar divām."}]})
    assert saved.status_code == 201, saved.get_json()
    got = client.get(f"/api/v1/cases/{case['case_id']}", headers=headers).get_json()
    decided, computed = got["decided_budget"], got["budget"]
    _check(decided, computed)
    lines = {line["service"]: line for line in decided["lines"]}
    assert lines["home_care"]["monthly_cost"] == "300.00"
    assert _sum(lines["home_care"]["financing"]) == Decimal("300.00")
    assert Decimal(decided["totals"]["monthly"]) == Decimal(computed["totals"]["monthly"]) + (
        Decimal("300.00") - Decimal("229.80")) - Decimal(lines["support_group"]["rate"]) * 2
    # the justification stays with the case, out of the budget (§13b, data minimisation)
    assert "Vajag vairāk stundu." not in str(decided)
    assert any(r["rule"] == "§13b" for r in lines["home_care"]["reasons"])
    # the saved-cases list shows the decided monthly total
    row = store(app).cases.latest("Ogres novads", case["case_id"])
    assert row is not None and Decimal(row.monthly_total) == Decimal(decided["totals"]["monthly"])


def test_a_decision_below_an_esf_line_cuts_the_state_then_the_fund(app: Flask) -> None:
    client = app.test_client()
    headers = token_of(app, "jelg-api")
    case = example("01-adult-esf-project")
    computed_line = None
    saved = client.post("/api/v1/cases", headers=headers, json={"case": case, "overrides": [
        {"service": "day_care_centre", "amount": "10.00", "justification": "Mazāk dienu."}]})
    assert saved.status_code == 201, saved.get_json()
    got = client.get(f"/api/v1/cases/{case['case_id']}", headers=headers).get_json()
    _check(got["decided_budget"], got["budget"])
    computed_line = next(ln for ln in got["budget"]["lines"] if ln["service"] == "day_care_centre")
    line = next(ln for ln in got["decided_budget"]["lines"] if ln["service"] == "day_care_centre")
    assert Decimal(computed_line["financing"]["esf"]) > Decimal("10.00")
    assert line["financing"]["esf"] == "10.00" and line["financing"]["state"] == "0.00"


def _no_rate_case() -> dict[str, Any]:
    return {"format": 1, "case_id": "JELG-NORATE-1", "calculation_date": "2020-06-01",
            "person": {"birth_date": "1975-01-01", "municipality": "Jelgavas novads",
                       "disability_group": "II", "diagnoses": ["F70"]},
            "in_individual_budget_pilot": True,
            "requested_services": [{"service": "support_person", "units": 5}]}


def test_a_line_without_a_price_is_said_so_and_blocks_submitting(app: Flask) -> None:
    client = app.test_client()
    headers = token_of(app, "jelg-api-2")
    saved = client.post("/api/v1/cases", headers=headers, json={"case": _no_rate_case()})
    assert saved.status_code == 201, saved.get_json()
    worker = user_client(app, "social_worker")
    page = worker.get("/cases/JELG-NORATE-1/v/1").text
    assert "izmaksas nav aprēķinātas" in page  # the computed budget's "no rate" warning
    assert "piešķirts, bet nav izmaksu — nav spēkā esoša tarifa no 01.06.2020" in page
    refused = client.post("/api/v1/cases/JELG-NORATE-1/versions/1/decision", headers=headers,
                          json={"step": "submit"})
    assert refused.status_code == 409 and refused.get_json()["reason"] == "undecided_lines"
    on_page = worker.post("/cases/JELG-NORATE-1/v/1/decision", data={"step": "submit"})
    assert on_page.status_code == 409
    assert "Atbalsta persona lēmumu pieņemšanā" in on_page.text.split("<h1")[1]
    # decided: 6 h for 120,50 € (the worked example of §13b)
    decided = worker.post("/cases/JELG-NORATE-1/v/1/override", data={
        "override.support_person.units": "6", "override.support_person.amount": "120,50",
        "override.support_person.justification": "Tarifu noteica pašvaldība."})
    assert decided.status_code == 302
    page = worker.get("/cases/JELG-NORATE-1/v/2").text
    assert "120,50\xa0€" in page.split('id="decision-title"')[1].split("</section>")[0]
    assert "aprēķināts: 0,00\xa0€" in page
    assert "izmaksas nav aprēķinātas" not in page  # decided: the warning no longer holds
    assert worker.post("/cases/JELG-NORATE-1/v/2/decision", data={"step": "submit"}
                       ).status_code == 302
