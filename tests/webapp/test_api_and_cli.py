"""The JSON API (tokens, budgets, errors, OpenAPI) and the web commands of budget-engine."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from engine import calculate
from flask import Flask
from web_helpers import store

from budget_engine import parse_case
from web.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def token(app: Flask) -> str:
    return str(store(app).new_token("social_worker"))


def test_api_needs_a_token(app: Flask) -> None:
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        response = client.post("/api/v1/budgets", json=example("01-adult-esf-project"),
                               headers=headers)
        assert response.status_code == 401
        assert "Bearer" in response.headers["WWW-Authenticate"]
        assert client.get("/api/v1/rules/version", headers=headers).status_code == 401


def test_api_budget_equals_the_engine(app: Flask, token: str) -> None:
    client = app.test_client()
    case = example("02-adult-left-vsac-money-follows")
    response = client.post("/api/v1/budgets?lang=en", json=case,
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    expected = calculate(parse_case(case), lang="en").model_dump(mode="json")
    assert response.get_json() == expected


@pytest.mark.parametrize(("change", "field"), [
    (lambda c: c["person"].update(birth_date="2020-13-01"), "person.birth_date"),
    (lambda c: c.update(unknown=1), "unknown"),
    (lambda c: c["requested_services"][0].update(units=1000), "requested_services[0].units"),
    (lambda c: c["person"].update(municipality="Nekur"), "person.municipality"),
])
def test_api_errors_are_422_with_field_paths(app: Flask, token: str, change: Any,
                                             field: str) -> None:
    case = example("02-adult-left-vsac-money-follows")
    change(case)
    response = app.test_client().post("/api/v1/budgets", json=case,
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert field in [e["field"] for e in response.get_json()["errors"]]


def test_api_refuses_broken_json(app: Flask, token: str) -> None:
    response = app.test_client().post("/api/v1/budgets", data="{oops",
                                      content_type="application/json",
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert "not valid JSON" in response.get_json()["errors"][0]["message"]


def test_rules_version_and_openapi(app: Flask, token: str) -> None:
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    version = client.get("/api/v1/rules/version", headers=auth).get_json()
    assert version["rules_version"] == app.extensions["rules"].version
    spec = client.get("/api/v1/openapi.json", headers=auth).get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/v1/budgets", "/api/v1/rules/version", "/api/v1/openapi.json", "/api/v1/cases",
        "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/versions",
        "/api/v1/cases/{case_id}/recalculate", "/api/v1/cases/{case_id}/compare",
        "/api/v1/cases/{case_id}/versions/{version}/decision"}
    # every API route is in the document
    routes = {re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", r.rule)
              for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    assert routes == set(spec["paths"])
    assert "Case" in spec["components"]["schemas"]
    assert "422" in spec["paths"]["/api/v1/budgets"]["post"]["responses"]


def test_users_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'u.sqlite'}")
    runner = CliRunner()
    added = runner.invoke(main, ["users", "add", "ilze", "--role", "policy",
                                 "--password-stdin"], input="long enough pw\n")
    assert added.exit_code == 0 and "ilze (policy) added" in added.output
    again = runner.invoke(main, ["users", "add", "ilze", "--role", "policy",
                                 "--password-stdin"], input="long enough pw\n")
    assert again.exit_code == 2 and "exists already" in again.output
    short = runner.invoke(main, ["users", "add", "x", "--role", "admin", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 2 and "at least 8" in short.output
    bad_role = runner.invoke(main, ["users", "add", "y", "--role", "boss", "--password-stdin"],
                             input="long enough pw\n")
    assert bad_role.exit_code == 2
    token = runner.invoke(main, ["users", "token", "ilze"])
    assert token.exit_code == 0 and len(token.output.strip()) > 30
    assert runner.invoke(main, ["users", "token", "nobody"]).exit_code == 2
    assert "ilze\tpolicy" in runner.invoke(main, ["users", "list"]).output


def test_serve_tells_how_to_create_the_first_user(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 's.sqlite'}")
    served: dict[str, Any] = {}
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: served.update(kw))
    result = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert result.exit_code == 0
    assert "budget-engine users add NAME --role admin" in result.output
    assert served["port"] == 8123 and served["host"] == "127.0.0.1"


def test_the_engine_commands_are_still_there() -> None:
    result = CliRunner().invoke(main, ["calculate", str(EXAMPLES / "05-no-support-plan.json")])
    assert result.exit_code == 0 and json.loads(result.output)["totals"]["monthly"] == "306.60"


def test_policy_replay_and_users_pages(app: Flask) -> None:
    from web_helpers import login

    policy = app.test_client()
    login(policy, "policy")
    rules = policy.get("/rules?date=2026-01-01")
    assert rules.status_code == 200 and "E9" in rules.text and "rate.assistant" in rules.text
    assert "in_individual_budget_pilot" in rules.text and "eligibility.yaml:" in rules.text
    admin = app.test_client()
    login(admin, "admin")
    nowhere = admin.post("/users?lang=en", data={"name": "jānis", "password": "long enough pw",
                                                 "role": "social_worker"})
    assert nowhere.status_code == 422 and "belongs to a municipality" in nowhere.text
    assert 'value="jānis"' in nowhere.text  # what was typed is kept
    added = admin.post("/users?lang=lv", data={"name": "jānis", "password": "long enough pw",
                                               "role": "social_worker",
                                               "municipality": "Ogres novads"})
    assert added.status_code == 302
    listing = admin.get("/users").text
    assert "jānis" in listing and "sociālais darbinieks" in listing and "Ogres novads" in listing
    refused = admin.post("/users", data={"name": "x", "password": "short", "role": "admin"})
    assert refused.status_code == 422 and "Parolē ir vismaz 8 rakstzīmes." in refused.text
    again = admin.post("/users?lang=en", data={"name": "jānis", "password": "long enough pw",
                                                "role": "policy"})
    assert again.status_code == 422 and "The user jānis exists already." in again.text
    no_role = admin.post("/users?lang=en", data={"name": "y", "password": "long enough pw",
                                                 "role": "boss"})
    assert no_role.status_code == 422 and "Choose one of the roles." in no_role.text


def test_commands_report_a_bad_database_or_rules_without_a_trace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", "nosuchdb://x/y")
    for args in (["users", "list"], ["serve"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1 and "cannot open the database" in result.output
        assert "Traceback" not in result.output
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'ok.sqlite'}")
    monkeypatch.setenv("BUDGET_ENGINE_RULES", str(tmp_path / "no-rules"))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1 and "not a directory of rule files" in result.output
