"""Every saved budget keeps the rule book it was calculated with (stored once, by its
`rules_version`): recalculating with it gives the same figures after the rules change."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from web_helpers import HOME, PASSWORD, example, login, store, token_of

from budget_engine import load_rules
from budget_web import create_app
from budget_web.rulebooks import RuleBookStore, rule_files

RULES = Path(__file__).resolve().parents[2] / "rules"
CASE = "JELG-2021-0007"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _app(tmp_path: Path, rules: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'pin.sqlite'}")
    monkeypatch.setenv("BUDGET_ENGINE_RULES", str(rules))
    return create_app({"WTF_CSRF_ENABLED": False, "LOGIN_FAIL_DELAY": 0, "TESTING": True})


def _close(app: Flask) -> None:
    app.extensions["pinned_calculators"].close()
    app.extensions["calculator"].close()
    store(app).close()


@pytest.fixture
def apps(tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
         ) -> Iterator[list[Flask]]:
    made: list[Flask] = []
    yield made
    for app in made:
        _close(app)


def test_pinned_recalculation_is_identical_after_a_rate_changes(
        tmp_path: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch,
        apps: list[Flask]) -> None:
    before = _app(tmp_path, rules_copy, monkeypatch)
    apps.append(before)
    headers = token_of(before, "social_worker")
    client = before.test_client()
    saved = client.post("/api/v1/cases", json={"case": example("01-adult-esf-project")},
                        headers=headers)
    assert saved.status_code == 201
    pinned_version = saved.get_json()["rules_version"]
    saved_budget = client.get(f"/api/v1/cases/{CASE}", headers=headers).get_json()["budget"]

    # Policy changes a rate: the day care centre's daily rates go up by one euro.
    rates = rules_copy / "parameters" / "rates.yaml"
    text = rates.read_text(encoding="utf-8")
    changed = text.replace('{standard: "16.24", intensive: "19.28"}',
                           '{standard: "17.24", intensive: "20.28"}')
    assert changed != text
    rates.write_text(changed, encoding="utf-8")
    # ... and publishes it: drafted by one policy user, approved by another.
    versions = store(before).versions
    for name in ("policy1", "policy2"):
        store(before).add_user(name, PASSWORD, "policy")
    draft = versions.draft(load_rules(rules_copy), "Dienas centrs +1 €", "policy1")
    versions.approve(draft.id, "policy2")
    after = _app(tmp_path, rules_copy, monkeypatch)  # the same database, the new rules
    apps.append(after)
    assert after.extensions["rules"].version != pinned_version
    client = after.test_client()
    pinned = client.get(f"/api/v1/cases/{CASE}/recalculate?rules=pinned", headers=headers)
    assert pinned.status_code == 200
    data = pinned.get_json()
    assert data["rules_version"] == data["saved_rules_version"] == pinned_version
    assert data["changed"] is False
    assert data["budget"]["lines"] == saved_budget["lines"]
    assert data["budget"]["totals"] == saved_budget["totals"]
    current = client.get(f"/api/v1/cases/{CASE}/recalculate?rules=current",
                         headers=headers).get_json()
    assert current["changed"] is True and current["rules_version"] != pinned_version
    rows = {row["service"]: row for row in current["differences"]["rows"]}
    assert rows["day_care_centre"]["before"] != rows["day_care_centre"]["after"]
    # the page says the same
    page = after.test_client()
    login(page, "social_worker")
    assert "izmaiņu nav" in page.get(f"/cases/{CASE}/recalculate?rules=pinned").text
    assert "noteikumi mainījušies" in page.get(f"/cases/{CASE}/recalculate").text
    # both rule books are stored, each once
    stored = store(after).rulebooks.versions()
    assert sorted(v for v, _, _ in stored) == sorted({pinned_version,
                                                     after.extensions["rules"].version})
    assert all(status == "published" for _, status, _ in stored)


def test_a_rule_book_is_stored_once_and_rebuilds_to_its_version(app: Flask) -> None:
    book = app.extensions["rules"]
    rulebooks: RuleBookStore = store(app).rulebooks
    assert rulebooks.remember(book) == book.version
    assert rulebooks.remember(book) == book.version
    assert [v for v, _, _ in rulebooks.versions()] == [book.version]
    files = rulebooks.files(book.version)
    assert files == rule_files(book.directory)
    assert "parameters/rates.yaml" in files and "eligibility.yaml" in files
    pinned = app.extensions["pinned_calculators"].get(book.version)
    assert pinned is app.extensions["calculator"]  # the rules in force are not rebuilt
    assert app.extensions["pinned_calculators"].get("nope+sha256:0") is None
    assert load_rules(book.directory).version == book.version
    assert HOME and PASSWORD
