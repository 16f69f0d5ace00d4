"""The policy workflow end to end, from the command line: export the rules, change the
home-care rate from 2026-01-01, see exactly that change in words, draft it as one policy
user, be refused approving one's own draft, have a second user approve it; the API then
calculates with it, and a budget saved before recalculates with its pinned rules unchanged."""

from __future__ import annotations

import copy
from pathlib import Path

from click.testing import CliRunner, Result
from flask import Flask
from web_helpers import PASSWORD, example, store, token_of

from budget_web.cli import build_cli

CASE = copy.deepcopy(example("03-child-home-care-cap"))


def run(*args: str, password: str | None = None) -> Result:
    """The command; `password` typed at its prompt."""
    return CliRunner().invoke(build_cli(), list(args),
                              input=None if password is None else password + "\n")


def test_draft_approve_publish_and_pinned_budgets(app: Flask, tmp_path: Path) -> None:
    app.config["RULES_CHECK_SECONDS"] = 0
    for name in ("anna", "berzs"):
        store(app).add_user(name, PASSWORD, "policy")
    headers = token_of(app, "worker", municipality=CASE["person"]["municipality"])
    client = app.test_client()
    case = {**CASE, "calculation_date": "2026-03-01", "case_id": "LIEP-2026-0001"}
    saved = client.post("/api/v1/cases", json={"case": case}, headers=headers)
    assert saved.status_code == 201, saved.get_json()
    old = client.get("/api/v1/cases/LIEP-2026-0001", headers=headers).get_json()["budget"]
    assert old["lines"][0]["rate"] == "3.83"

    draft = tmp_path / "draft"
    assert run("rules", "export", str(draft)).exit_code == 0
    rates = draft / "parameters" / "rates.yaml"
    lines = rates.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if 'value: "3.83"' in line)
    lines.insert(at + 1, '      - {from: 2026-01-01, value: "4.10"}')
    rates.write_text("\n".join(lines), encoding="utf-8")
    published = run("rules", "versions")
    current = next(line.split("\t")[2] for line in published.output.splitlines()
                   if line.startswith("*"))
    diff = run("rules", "diff", current, str(draft))
    assert diff.output.splitlines() == [("Aprūpe mājās – stundas tarifs (rate.home_care): "
                                         "3,83\u00a0€/h → 4,10\u00a0€/h no 01.01.2026")]

    drafted = run("rules", "draft", str(draft), "--label", "Aprūpe mājās 4,10 €",
                  "--user", "anna", password=PASSWORD)
    assert drafted.exit_code == 0, drafted.output
    draft_id = drafted.stdout.split("\t")[0]
    own = run("rules", "approve", draft_id, "--user", "anna", password=PASSWORD)
    assert own.exit_code == 2 and "another policy user must approve" in own.output
    worker = run("rules", "approve", draft_id, "--user", "worker", password=PASSWORD)
    assert worker.exit_code == 2 and "is not a policy user" in worker.output
    approved = run("rules", "approve", draft_id, "--user", "berzs", password=PASSWORD)
    assert approved.exit_code == 0, approved.output
    listing = run("rules", "versions").output
    assert "Aprūpe mājās 4,10 €\tanna\tberzs" in listing

    fresh = client.post("/api/v1/budgets", json=case, headers=headers)
    assert fresh.status_code == 200, fresh.get_json()
    assert fresh.get_json()["lines"][0]["rate"] == "4.10"
    pinned = client.get("/api/v1/cases/LIEP-2026-0001/recalculate?rules=pinned",
                        headers=headers).get_json()
    assert pinned["changed"] is False
    assert pinned["budget"]["lines"] == old["lines"]
    current_rules = client.get("/api/v1/cases/LIEP-2026-0001/recalculate?rules=current",
                               headers=headers).get_json()
    assert current_rules["budget"]["lines"][0]["rate"] == "4.10"


def test_a_broken_draft_is_refused_with_file_and_line(app: Flask, tmp_path: Path) -> None:
    store(app).add_user("anna", PASSWORD, "policy")
    draft = tmp_path / "draft"
    assert run("rules", "export", str(draft)).exit_code == 0
    rates = draft / "parameters" / "rates.yaml"
    rates.write_text(rates.read_text(encoding="utf-8").replace('"3.83"', '"3,83"'),
                     encoding="utf-8")
    refused = run("rules", "draft", str(draft), "--label", "x", "--user", "anna",
                  password=PASSWORD)
    assert refused.exit_code == 1
    assert "rates.yaml:" in refused.output and "decimal comma" in refused.output
    assert "the draft is not stored" in refused.output
    assert "\tdraft\t" not in run("rules", "versions", "--all").output
