"""Each municipality sees only its own cases (pages, downloads, API), checked in one place;
and the security fixes found by probing (item 7 of issue 8)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from flask import Flask
from test_cases_pages import form_of
from web_helpers import HOME, PASSWORD, example, login, store, token_of, user_client

from budget_web.access import MARK
from budget_web.cli import main

JELGAVA_CASE = "JELG-2021-0007"


def _save_jelgava_case(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    saved = worker.post("/cases/calculate", data=form_of(example("01-adult-esf-project"),
                                                         "save"))
    assert saved.status_code == 302


CASE_PAGES = [f"/cases/{JELGAVA_CASE}/view", f"/cases/{JELGAVA_CASE}/v/1",
              f"/cases/{JELGAVA_CASE}/edit", f"/cases/{JELGAVA_CASE}/recalculate",
              f"/cases/{JELGAVA_CASE}/recalculate?rules=pinned",
              f"/cases/{JELGAVA_CASE}/v/1/budget.json", f"/cases/{JELGAVA_CASE}/v/1/budget.csv",
              f"/cases/{JELGAVA_CASE}/v/1/case.json", f"/cases/{JELGAVA_CASE}/compare"]


def test_a_worker_of_another_municipality_sees_nothing_of_a_case(app: Flask) -> None:
    _save_jelgava_case(app)
    own = user_client(app, "social_worker")
    other = user_client(app, "ogre", municipality="Ogres novads")
    other_supervisor = user_client(app, "ogre-boss", "supervisor", "Ogres novads")
    for path in CASE_PAGES:
        assert own.get(path).status_code == 200, path
        for client in (other, other_supervisor):
            refused = client.get(path)
            assert refused.status_code == 404, path
            assert JELGAVA_CASE not in refused.text and "924" not in refused.text
    assert JELGAVA_CASE in own.get("/cases").text
    assert JELGAVA_CASE not in other.get("/cases").text
    assert f"{JELGAVA_CASE}</a>" not in other.get(f"/cases?case_id={JELGAVA_CASE}").text
    # writes: a decision, an override
    for path in (f"/cases/{JELGAVA_CASE}/v/1/decision", f"/cases/{JELGAVA_CASE}/v/1/override"):
        assert other.post(path, data={"step": "submit"}).status_code == 404
    # the API, with the same rule
    api = app.test_client()
    mine, theirs = token_of(app, "social_worker"), token_of(app, "ogre")
    for path in (f"/api/v1/cases/{JELGAVA_CASE}",
                 f"/api/v1/cases/{JELGAVA_CASE}/recalculate?rules=pinned"):
        assert api.get(path, headers=mine).status_code == 200
        assert api.get(path, headers=theirs).status_code == 404
    body = {"based_on_version": 1, "case": example("01-adult-esf-project")}
    assert api.post(f"/api/v1/cases/{JELGAVA_CASE}/versions", json=body,
                    headers=theirs).status_code == 404
    assert api.post(f"/api/v1/cases/{JELGAVA_CASE}/versions/1/decision",
                    json={"step": "submit"}, headers=theirs).status_code == 404
    # and every refusal is in the audit log
    refused = store(app).audit.entries(user="ogre")
    assert {e.action for e in refused} >= {"refused"}


def test_national_roles_see_no_case(app: Flask) -> None:
    _save_jelgava_case(app)
    for role in ("policy", "evaluator", "admin"):
        headers = token_of(app, role)
        assert app.test_client().get(f"/api/v1/cases/{JELGAVA_CASE}",
                                     headers=headers).status_code == 404


def test_a_case_of_another_municipality_cannot_be_saved(app: Flask) -> None:
    worker = user_client(app, "social_worker")  # Jelgavas novads
    page = worker.post("/cases/calculate", data=form_of(example("05-no-support-plan"), "save"))
    assert page.status_code == 422
    assert "Jūs varat saglabāt tikai pašvaldības Jelgavas novads lietas." in page.text
    assert 'value="RIGA-2023-1001"' in page.text  # nothing typed is lost
    response = app.test_client().post("/api/v1/cases", json={"case": example(
        "05-no-support-plan")}, headers=token_of(app, "social_worker"))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "case.person.municipality"


def test_case_numbers_are_unique_per_municipality_only(app: Flask) -> None:
    case = example("05-no-support-plan")  # Rīga
    riga = token_of(app, "riga", municipality="Rīga")
    client = app.test_client()
    assert client.post("/api/v1/cases", json={"case": case}, headers=riga).status_code == 201
    case["person"]["municipality"] = "Ogres novads"
    ogre = token_of(app, "ogre", municipality="Ogres novads")
    assert client.post("/api/v1/cases", json={"case": case}, headers=ogre).status_code == 201
    assert client.get("/api/v1/cases/RIGA-2023-1001", headers=riga).get_json()[
        "municipality"] == "Rīga"
    assert client.get("/api/v1/cases/RIGA-2023-1001", headers=ogre).get_json()[
        "municipality"] == "Ogres novads"


def test_every_route_of_a_case_goes_through_the_one_check(app: Flask) -> None:
    guarded = [r.rule for r in app.url_map.iter_rules() if "case_id" in r.arguments]
    assert len(guarded) >= 12
    for rule in app.url_map.iter_rules():
        if "case_id" in rule.arguments:
            assert getattr(app.view_functions[rule.endpoint], MARK, None), rule.rule


def test_users_add_with_a_municipality(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 'u.sqlite'}")
    runner = CliRunner()

    def add(*args: str) -> object:
        return runner.invoke(main, ["users", "add", *args, "--password-stdin"],
                             input="long enough pw\n")

    ok = add("anna", "--role", "social_worker", "--municipality", "Ogres novads")
    assert ok.exit_code == 0 and "anna (social_worker, Ogres novads) added" in ok.output
    missing = add("bert", "--role", "supervisor")
    assert missing.exit_code == 2 and "belongs to a municipality" in missing.output
    unknown = add("cita", "--role", "social_worker", "--municipality", "Atlantīda")
    assert unknown.exit_code == 2 and "no municipality 'Atlantīda'" in unknown.output
    assert add("dace", "--role", "policy").exit_code == 0  # national
    listing = runner.invoke(main, ["users", "list"]).output
    assert "anna\tsocial_worker\tOgres novads" in listing and "dace\tpolicy\t(national)" in listing


# -- item 7: security fixes --------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example/", "/%0a/evil.example",
                                    "%2F%2Fevil.example", "/%20/evil.example"])
def test_login_next_stays_on_this_site(app: Flask, target: str) -> None:
    response = app.test_client().post(f"/login?next={target}",
                                      data={"name": "social_worker", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_on_this_site_is_followed(app: Flask) -> None:
    response = app.test_client().post("/login?next=/cases%3Fcase_id%3DJ",
                                      data={"name": "social_worker", "password": PASSWORD})
    assert response.headers["Location"] == "/cases?case_id=J"


@pytest.mark.parametrize(("target", "landing"), [
    ("/.%2F/evil.example", "/evil.example"), ("/..%2F%2Fevil.example", "/evil.example"),
    ("/%2e%2F/evil.example", "/evil.example"), ("/%2E%2E//evil.example/", "/evil.example/"),
    ("//evil", "/"), ("https://evil", "/"), ("/\\evil", "/"), ("%2F%2Fevil", "/"),
    ("/cases/.//x%3Fcase_id%3DJ", "/cases/x?case_id=J")])
def test_login_next_is_normalised_to_a_path_of_this_site(app: Flask, target: str,
                                                        landing: str) -> None:
    """Issue 24, 9b: `/.%2F/evil.example` came back as `/.//evil.example`, which a browser
    resolves to the path `//evil.example`; every `next` lands on one plain path here."""
    response = app.test_client().post(f"/login?next={target}",
                                      data={"name": "social_worker", "password": PASSWORD})
    location = response.headers["Location"]
    assert response.status_code == 302 and location == landing
    assert urlsplit(urljoin("http://budget.example/login", location)).netloc == \
        "budget.example"
    assert "//" not in location and "/./" not in location


def test_logout_ends_the_session_on_the_server(app: Flask) -> None:
    client = app.test_client()
    login(client, "social_worker")
    cookie = client.get_cookie("session")
    assert cookie is not None
    copied = app.test_client()
    copied.set_cookie("session", cookie.value)
    assert copied.get("/cases").status_code == 200
    client.post("/logout")
    assert copied.get("/cases").status_code == 302  # the copied cookie is dead too


def test_unknown_user_wrong_password_and_locked_do_the_same_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing tells an unknown name, a wrong password and a locked account apart.

    Measured as what it means, not by a wall clock (which a busy machine stretches): each
    failure hashes the password exactly once, with a hash of the same method and cost as a
    real user's, and then waits until the configured delay after the request began.
    """
    import budget_web.logins
    import budget_web.storage
    from budget_web import create_app

    monkeypatch.setenv("BUDGET_ENGINE_INSTANCE", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_ENGINE_DATABASE_URL", f"sqlite:///{tmp_path / 't.sqlite'}")
    app = create_app({"WTF_CSRF_ENABLED": False, "LOGIN_FAIL_DELAY": 0.4,
                      "LOGIN_LOCK_AFTER": 2})
    try:
        store(app).add_user("known", PASSWORD, "policy")
        store(app).add_user("locked", PASSWORD, "policy")
        client = app.test_client()
        for _ in range(2):
            login(client, "locked", "wrong password")
        user_hash = store(app).user("known").password_hash
        method = user_hash.split("$", 1)[0]
        assert budget_web.storage._DUMMY_HASH.split("$", 1)[0] == method  # same algorithm and cost

        hashed: list[str] = []
        clock = [1000.0]
        waited: list[float] = []
        real_check = budget_web.storage.check_password_hash

        def counting_check(pwhash: str, password: str) -> bool:
            hashed.append(pwhash.split("$", 1)[0])
            clock[0] += 0.05  # the hash's work, on the fake clock
            return real_check(pwhash, password)

        def fake_sleep(seconds: float) -> None:
            waited.append(seconds)
            clock[0] += seconds

        monkeypatch.setattr(budget_web.storage, "check_password_hash", counting_check)
        monkeypatch.setattr(budget_web.logins, "time", SimpleNamespace(monotonic=lambda: clock[0],
                                                                sleep=fake_sleep))

        def attempt(name: str, password: str) -> tuple[int, list[str], float]:
            hashed.clear()
            started = clock[0]
            status = login(client, name, password).status_code
            return status, list(hashed), clock[0] - started

        for name, password in (("nobody", PASSWORD), ("known", "nope nope"),
                               ("locked", PASSWORD)):
            status, hashes, spent = attempt(name, password)
            assert status == 401, name
            assert hashes == [method], (name, hashes)  # one hash of the same cost
            assert spent == pytest.approx(0.4), (name, spent)  # the configured delay
        assert len(waited) == 3 and all(w == pytest.approx(0.35) for w in waited), waited
        status, hashes, spent = attempt("known", PASSWORD)
        assert status == 302 and hashes == [method]
    finally:
        app.extensions["calculator"].close()
        store(app).close()


def test_api_takes_json_bodies_only(app: Flask) -> None:
    headers = token_of(app, "social_worker")
    client = app.test_client()
    case = example("01-adult-esf-project")
    import json

    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        response = client.post("/api/v1/budgets", data=json.dumps(case), headers=headers,
                               content_type=content_type)
        assert response.status_code == 415, content_type
    latin = client.post("/api/v1/budgets", data='{"case_id": "Ā"}'.encode("utf-16"),
                        headers=headers, content_type="application/json")
    assert latin.status_code == 400 and "UTF-8" in latin.get_json()["message"]
    cases = client.post("/api/v1/cases", data=b'{"case": "\xff"}', headers=headers,
                        content_type="application/json")
    assert cases.status_code == 400


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer", "bEaReR"])
def test_api_accepts_bearer_in_any_case(app: Flask, scheme: str) -> None:
    token = store(app).new_token("social_worker")
    response = app.test_client().get("/api/v1/rules/version",
                                     headers={"Authorization": f"{scheme} {token}"})
    assert response.status_code == 200


def test_errors_echo_only_an_excerpt_of_a_huge_field(app: Flask) -> None:
    huge = "Ā" * (10 * 1024 * 1024)  # 20 MiB of UTF-8
    case = example("04-community-adult-copayment")
    case["person"]["municipality"] = huge
    import json

    for path in ("/api/v1/budgets", "/api/v1/cases"):
        body = case if path.endswith("budgets") else {"case": case}
        response = app.test_client().post(path, data=json.dumps(body, ensure_ascii=False),
                                          content_type="application/json",
                                          headers=token_of(app, "social_worker"))
        assert response.status_code == 422
        assert len(response.data) < 10_000
    # The form: a field that large is refused as too large, in words, without echoing it.
    page = user_client(app, "social_worker").post("/cases/calculate", data=form_of(case))
    assert page.status_code == 413 and len(page.data) < 10_000
    assert "Veidlapa ir pārāk liela" in page.text
    # A long (but readable) wrong value: the error names the field, not the whole value.
    case["person"]["municipality"] = "Ā" * 100_000
    case["case_id"] = "OGRE-1"
    page = user_client(app, "social_worker").post("/cases/calculate", data=form_of(case))
    assert page.status_code == 422
    summary = page.text.split('class="error-summary"')[1].split("</div>")[0]
    assert len(summary) < 2_000  # the errors; the field itself keeps what was typed


@pytest.mark.parametrize("fields", [
    {"requested_services[20000000].units": "1"},
    {"assessment.items.home_living[99999999][0]": "1"},
    {"person": "x", "person.birth_date": "1980-01-01"},
    {"requested_services[0]": "x", "requested_services[0].units": "1"},
    {"household.maintainers.relation": "parent"},
])
def test_form_field_names_of_no_case_shape_are_a_400(app: Flask, fields: dict[str, str]
                                                       ) -> None:
    data = {**form_of(example("04-community-adult-copayment")), **fields}
    started = time.monotonic()
    response = user_client(app, "social_worker").post("/cases/calculate", data=data)
    assert response.status_code == 400 and "Traceback" not in response.text
    assert time.monotonic() - started < 2


def test_the_sqlite_file_is_readable_by_its_owner_only(app: Flask) -> None:
    path = app.config["DATABASE_URL"].removeprefix("sqlite:///")
    if not os.path.exists(path):
        pytest.skip("not a SQLite database")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert HOME  # the users of the fixture belong to it
