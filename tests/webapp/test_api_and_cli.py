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
from sqlalchemy import update
from web_helpers import PASSWORD, home_care_rate_rules, login, store

from budget_engine import load_rules, parse_case
from budget_web import settings
from budget_web.cli import main
from budget_web.policy.versions import ApprovalRefused
from budget_web.storage import User

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

    class Server:
        def run(self) -> None:
            served["ran"] = True

    def create_server(app: Any, **kw: Any) -> Server:
        served.update(kw)
        return Server()

    monkeypatch.setattr(waitress, "create_server", create_server)
    result = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert result.exit_code == 0
    assert "budget-engine users add NAME --role admin" in result.output
    assert served["port"] == 8123 and served["host"] == "127.0.0.1" and served["ran"]
    assert served["max_request_body_size"] >= 1 << 30  # what the largest page takes
    assert "Serving on http://127.0.0.1:8123/" in result.output
    assert "rules in force 20" in result.output and "note:" not in result.output


@pytest.mark.parametrize("debug", [False, True])
def test_serve_on_a_busy_port_says_so_in_one_line(tmp_path: Path, debug: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 's.sqlite'}")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)]
                                    + (["--debug"] if debug else []))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Serving on" not in result.output
    refusal = [line for line in result.output.splitlines() if "cannot serve" in line]
    assert len(refusal) == 1 and f"127.0.0.1:{port}" in refusal[0], result.output
    assert "--port" in refusal[0]


def test_the_engine_commands_are_still_there() -> None:
    result = CliRunner().invoke(main, ["calculate", str(EXAMPLES / "05-no-support-plan.json")])
    assert result.exit_code == 0 and json.loads(result.output)["totals"]["monthly"] == "306.60"


def test_policy_replay_and_users_pages(app: Flask) -> None:
    from web_helpers import login

    policy = app.test_client()
    login(policy, "policy")
    rules = policy.get("/rules?date=2026-01-01")
    assert rules.status_code == 200 and "E9" in rules.text and "rate.assistant" in rules.text
    # the condition in words (issue 29), the file and line for developers
    assert "persona piedalās individuālā budžeta izmēģinājumā" in rules.text
    assert "eligibility.yaml:" in rules.text
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


# -- the policy commands act for the user they name only with that user's password ----------
def _policy_users(app: Flask) -> None:
    for name in ("anna", "berzs"):
        store(app).add_user(name, PASSWORD, "policy")


def _rules(*args: str, password: str | None = None, stdin: bool = True) -> Any:
    """`budget-engine rules …`; `password` on standard input (`--password-stdin`) or, with
    `stdin=False`, typed at the prompt."""
    given = ["--password-stdin"] if password is not None and stdin else []
    return CliRunner().invoke(main, ["rules", *args, *given],
                              input=None if password is None else password + "\n")


def _drafted(app: Flask, tmp_path: Path) -> str:
    """A draft by anna (the home-care rate changed), submitted: its id."""
    drafted = _rules("draft", str(home_care_rate_rules(tmp_path)), "--label", "Tarifs",
                     "--user", "anna", password=PASSWORD)
    assert drafted.exit_code == 0, drafted.output
    return str(drafted.output.split("\t")[0])


def test_the_policy_commands_check_the_named_users_password(
        app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed by one shell user, `--user berzs` alone published anna's draft: now the step is
    refused without berzs's password, a wrong one counts toward the web login's lock, a
    locked account is refused with the right one, and the right one approves."""
    monkeypatch.setattr(settings, "LOGIN_LOCK_AFTER", 2)
    monkeypatch.setattr(settings, "LOGIN_FAIL_DELAY", 0)
    _policy_users(app)
    draft_id = _drafted(app, tmp_path)
    published = store(app).versions.current_version()
    # the old form, --user alone: no password, nothing published
    alone = CliRunner().invoke(main, ["rules", "approve", draft_id, "--user", "berzs"])
    assert alone.exit_code != 0 and "published" not in alone.output
    wrong = _rules("approve", draft_id, "--user", "berzs", password="not berzs's")
    assert wrong.exit_code == 2
    assert "wrong user name or password, or too many failed attempts" in wrong.output
    assert store(app).user("berzs").failed_logins == 1  # type: ignore[union-attr]
    unknown = _rules("approve", draft_id, "--user", "nobody", password=PASSWORD)
    assert unknown.exit_code == 2 and unknown.output == wrong.output  # nothing tells which
    assert _rules("approve", draft_id, "--user", "berzs", password="again wrong",
                  stdin=False).exit_code == 2
    locked = store(app).user("berzs")
    assert locked is not None and locked.locked_until is not None
    # locked: the right password is refused too, here and on the login page alike
    refused = _rules("approve", draft_id, "--user", "berzs", password=PASSWORD)
    assert refused.exit_code == 2 and refused.output == wrong.output
    assert login(app.test_client(), "berzs").status_code == 401
    assert store(app).versions.current_version() == published
    assert store(app).versions.get(int(draft_id)).status == "submitted"  # type: ignore[union-attr]
    # the lock over, the right password (typed at the prompt) approves; the count is reset
    with store(app).db.write() as session:
        session.execute(update(User).where(User.name == "berzs").values(locked_until=None))
    approved = _rules("approve", draft_id, "--user", "berzs", password=PASSWORD, stdin=False)
    assert approved.exit_code == 0, approved.output
    assert "Password of berzs" in approved.output and PASSWORD not in approved.output
    assert store(app).user("berzs").failed_logins == 0  # type: ignore[union-attr]
    assert store(app).versions.current_version() != published


def test_the_commands_audit_entries_are_the_webs(app: Flask, tmp_path: Path) -> None:
    """Approving and returning from the command line writes what the pages write: the
    authenticated user, the step, the version."""
    _policy_users(app)
    by_command = _drafted(app, tmp_path)
    assert _rules("return", by_command, "--user", "berzs", "--comment", "Ne tā",
                  password=PASSWORD).exit_code == 0
    on_page = store(app).versions.draft(load_rules(home_care_rate_rules(tmp_path, "4.50")),
                                        "Tarifs 2", "anna")
    berzs = app.test_client()
    assert login(berzs, "berzs").status_code == 302
    assert berzs.post(f"/rules/drafts/{on_page.id}/decision",
                      data={"step": "return", "comment": "Ne tā"}).status_code == 302
    entries = [e for e in store(app).audit.entries(user="berzs") if e.action == "returned"]
    assert len(entries) == 2
    page_entry, command_entry = entries  # newest first
    assert command_entry.detail == page_entry.detail.replace(
        f"version {on_page.id} (Tarifs 2)", f"version {by_command} (Tarifs)").replace(
        on_page.version, store(app).versions.get(int(by_command)).version)  # type: ignore[union-attr]
    assert (command_entry.case_id, command_entry.municipality, command_entry.version) == (
        page_entry.case_id, page_entry.municipality, page_entry.version)
    drafted = [e for e in store(app).audit.entries(user="anna") if e.action == "drafted"]
    assert len(drafted) == 2 and all(e.user == "anna" for e in drafted)


def test_a_draft_of_the_published_rules_is_refused(app: Flask, tmp_path: Path) -> None:
    """`rules draft` of a directory identical to the current version stores nothing
    ("nothing changed"); on the web a draft edited back to the published rules cannot be
    submitted, nor approved: two versions never share a rules_version."""
    _policy_users(app)
    current = store(app).versions.current_version()
    shipped = tmp_path / "same"
    assert CliRunner().invoke(main, ["rules", "export", str(shipped)]).exit_code == 0
    same = _rules("draft", str(shipped), "--label", "Nekas", "--user", "anna",
                  password=PASSWORD)
    assert same.exit_code == 2 and "nothing changed" in same.output
    assert f"({current}), published already" in same.output
    assert [v.version for v in store(app).versions.all()] == [current]
    # the web: a draft changed, then changed back to the published rules
    versions = store(app).versions
    changed = load_rules(home_care_rate_rules(tmp_path))
    draft = versions.draft(changed, "Turp un atpakaļ", "anna", submit=False)
    assert current is not None
    versions.edit(draft.id, versions.book(current), "anna", expected=changed.version)
    anna = app.test_client()
    assert login(anna, "anna").status_code == 302
    submitted = anna.post(f"/rules/drafts/{draft.id}/submit")
    assert submitted.status_code == 409
    assert "Nekas netiek mainīts: šie noteikumi ir jau publicēta versija." in submitted.text
    with pytest.raises(ApprovalRefused, match="nothing changed"):
        versions.draft(versions.book(current), "Nekas", "anna", submit=False)
    # two drafts of the same rules: once one is published, the other is not published too
    first, twin = (versions.draft(changed, label, "anna") for label in ("Pirmais", "Dvīnis"))
    assert versions.approve(first.id, "berzs").status == "published"
    with pytest.raises(ApprovalRefused, match="nothing changed"):
        versions.approve(twin.id, "berzs")
    with pytest.raises(ApprovalRefused, match="nothing changed"):
        versions.draft(changed, "Vēlreiz", "anna")
    assert sorted(v.version for v in versions.published()) == sorted([current,
                                                                       changed.version])
