"""The audit log: who viewed, saved, overrode, approved, downloaded which case and when; an
admin page and `budget-engine audit --case ID`; entries are append-only (item 6 of issue 8)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from test_cases_pages import form_of
from web_helpers import example, store, user_client

from budget_web.cli import main

CASE = "JELG-2021-0007"


def _a_case_with_its_history(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    worker.post("/cases/calculate", data=form_of(example("01-adult-esf-project"), "save"))
    worker.get(f"/cases/{CASE}/v/1")
    worker.get(f"/cases/{CASE}/v/1/budget.csv")
    worker.post(f"/cases/{CASE}/v/1/override", data={
        "override.day_care_centre.units": "15",
        "override.day_care_centre.justification": "Ģimene var divas dienas."})
    worker.post(f"/cases/{CASE}/v/2/decision", data={"step": "submit"})
    user_client(app, "supervisor").post(f"/cases/{CASE}/v/2/decision",
                                        data={"step": "approve"})
    user_client(app, "ogre", municipality="Ogres novads").get(f"/cases/{CASE}/v/1")


def test_every_look_and_change_is_logged(app: Flask) -> None:
    _a_case_with_its_history(app)
    entries = list(reversed(store(app).audit.entries(case_id=CASE)))
    seen = [(e.user, e.action, e.version) for e in entries]
    for expected in [("social_worker", "saved", 1), ("social_worker", "viewed", 1),
                     ("social_worker", "downloaded", 1), ("social_worker", "saved", 2),
                     ("social_worker", "overrode", 2), ("social_worker", "submitted", 2),
                     ("supervisor", "approved", 2), ("ogre", "refused", None)]:
        assert expected in seen, expected
    assert seen.index(("social_worker", "saved", 1)) < seen.index(("supervisor", "approved", 2))
    override = next(e for e in entries if e.action == "overrode")
    assert "Ģimene var divas dienas." in override.detail
    assert all(e.at is not None for e in entries)


def test_the_admin_page_and_the_command(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    _a_case_with_its_history(app)
    admin = user_client(app, "admin", "admin", None)
    page = admin.get(f"/audit?case_id={CASE}")
    assert page.status_code == 200
    assert "apstiprināja lēmumu" in page.text and "grozīja rindu" in page.text
    assert "atteikts: nav lietotāja pārziņā" in page.text
    assert user_client(app, "social_worker").get("/audit").status_code == 403
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", app.config["DATABASE_URL"])
    result = CliRunner().invoke(main, ["audit", "--case", CASE])
    assert result.exit_code == 0
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert ["supervisor", "approved", CASE, "Jelgavas novads", "2"] in [
        line[1:6] for line in lines]
    assert all(line[3] == CASE for line in lines)
    nothing = CliRunner().invoke(main, ["audit", "--case", "NOPE"])
    assert nothing.exit_code == 0 and "no entries" in nothing.output


def test_entries_cannot_be_changed_or_removed(app: Flask) -> None:
    _a_case_with_its_history(app)
    db = store(app).db
    # "user" quoted: a reserved word in PostgreSQL (the statement must reach the trigger).
    for statement in ("""UPDATE audit_log SET "user" = 'nobody'""", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), db.write() as session:
            session.execute(text(statement))
    assert len(store(app).audit.entries(case_id=CASE)) >= 8
    assert not hasattr(store(app).audit, "delete") and not hasattr(store(app).audit, "update")
