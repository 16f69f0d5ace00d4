"""Policy staff browse the rules: each rule with its texts, legal basis and the scenarios
that exercise it; each parameter with its history as a table and a step chart."""

from __future__ import annotations

from flask import Flask
from web_helpers import login


def policy_client(app: Flask):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert login(client, "policy").status_code == 302
    return client


def test_rule_page_shows_texts_basis_and_scenarios(app: Flask) -> None:
    client = policy_client(app)
    listing = client.get("/rules?date=2026-01-01").get_data(as_text=True)
    assert 'href="/rules/rule/eligibility:E8"' in listing
    page = client.get("/rules/rule/eligibility:E8").get_data(as_text=True)
    assert "Invaliditātes likums" in page
    assert "disability_group" in page  # the condition as written
    assert "Scenāriji, kas to pārbauda" in page
    assert "<li>Tiesības uz pakalpojumiem un to apjoms: " in page


def test_parameter_page_has_history_and_a_step_chart(app: Flask) -> None:
    client = policy_client(app)
    page = client.get("/rules/parameter/rate.assistant").get_data(as_text=True)
    assert "<svg" in page and "<path" in page
    assert page.index("01.04.2023") < page.index("01.01.2023")  # newest first, Latvian dates
    assert "5.11" in page and "4.79" in page
    assert "Cenu nosaka pakalpojumiem" in page and "Asistenta pakalpojums" in page
    cap = client.get("/rules/parameter/cap.assistant.adult").get_data(as_text=True)
    assert 'href="/rules/rule/cap:E8"' in cap
    english = client.get("/rules/parameter/rate.assistant?lang=en").get_data(as_text=True)
    assert "2023-04-01" in english


def test_unknown_rule_or_parameter_is_a_404_and_others_are_refused(app: Flask) -> None:
    client = policy_client(app)
    assert client.get("/rules/rule/eligibility:E99").status_code == 404
    assert client.get("/rules/parameter/rate.nothing").status_code == 404
    worker = app.test_client()
    login(worker, "social_worker")
    assert worker.get("/rules/parameter/rate.assistant").status_code == 403
