"""No silent overwrite: duplicate numbers and stale versions are conflicts the user sees and
decides on; concurrent saves never give a 500 and never lose an acknowledged save. And the
JSON API for cases (item 3 of issue 8)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from flask import Flask
from test_cases_pages import form_of
from web_helpers import example, store, token_of, user_client

CASE = "JELG-2021-0007"


def _post_all(app: Flask, path: str, bodies: list[dict[str, Any]],
              headers: list[dict[str, str]]) -> list[Any]:
    """Post each body from its own thread, all released at once; the responses."""
    results: list[Any] = [None] * len(bodies)
    barrier = threading.Barrier(len(bodies))

    def run(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        results[index] = client.post(path, json=bodies[index], headers=headers[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_ten_saves_of_the_same_version_at_once_make_one_version(app: Flask) -> None:
    headers = [token_of(app, f"w{i}") for i in range(10)]
    client = app.test_client()
    case = example("01-adult-esf-project")
    assert client.post("/api/v1/cases", json={"case": case}, headers=headers[0]
                       ).status_code == 201
    bodies = []
    for i in range(10):
        edited = example("01-adult-esf-project")
        edited["requested_services"][1]["units"] = 10 + i
        bodies.append({"based_on_version": 1, "case": edited})
    responses = _post_all(app, f"/api/v1/cases/{CASE}/versions", bodies, headers)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 409: 9}
    winner = next(i for i, r in enumerate(responses) if r.status_code == 201)
    assert responses[winner].get_json()["version"] == 2
    for response in responses:
        if response.status_code == 409:
            assert response.get_json()["latest_version"] == 2
    # the acknowledged save is the one stored
    latest = client.get(f"/api/v1/cases/{CASE}", headers=headers[0]).get_json()
    assert latest["version"] == 2 and latest["saved_by"] == f"w{winner}"
    assert latest["case"]["requested_services"][1]["units"] == 10 + winner


def test_ten_new_cases_under_one_number_at_once_make_one_case(app: Flask) -> None:
    headers = [token_of(app, f"n{i}") for i in range(10)]
    bodies = [{"case": example("01-adult-esf-project")} for _ in range(10)]
    responses = _post_all(app, "/api/v1/cases", bodies, headers)
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 9}
    conflict = next(r for r in responses if r.status_code == 409).get_json()
    assert "lieta ar šo numuru jau ir" in conflict["message"]
    assert conflict["latest_version"] == 1
    assert len(store(app).cases.versions("Jelgavas novads", CASE)) == 1


def test_a_stale_edit_on_the_page_shows_both_and_lets_the_user_choose(app: Flask) -> None:
    anna, berta = user_client(app, "anna"), user_client(app, "berta")
    case = example("01-adult-esf-project")
    assert anna.post("/cases/calculate", data=form_of(case, "save")).status_code == 302
    # both open version 1 to edit
    assert 'name="_based_on" value="1"' in anna.get(f"/cases/{CASE}/edit").text
    assert 'name="_based_on" value="1"' in berta.get(f"/cases/{CASE}/edit").text
    case["requested_services"][1]["units"] = 10
    first = anna.post("/cases/calculate", data={**form_of(case, "save"), "_based_on": "1"})
    assert first.headers["Location"].endswith("/v/2")
    theirs = example("01-adult-esf-project")
    theirs["requested_services"][0]["units"] = 20
    stale = berta.post("/cases/calculate", data={**form_of(theirs, "save"), "_based_on": "1"})
    assert stale.status_code == 409
    text = stale.text
    assert "Kāds pa to laiku saglabāja šo lietu" in text and "anna" in text
    assert "731,90\xa0€" in text  # the saved version 2 ...
    assert "Saglabāt manējo kā 3. versiju" in text  # ... beside mine, and the choices
    assert f'href="/cases/{CASE}/v/2"' in text
    # choosing "save mine": a version 3 based on 2; version 2 is kept
    import html
    import re

    case_json = html.unescape(re.search(r'name="case_json" value="([^"]*)"', text).group(1))
    chosen = berta.post("/cases/save", data={"case_json": case_json, "_based_on": "2"})
    assert chosen.headers["Location"].endswith("/v/3")
    versions = store(app).cases.versions("Jelgavas novads", CASE)
    assert [(v.version, v.based_on, v.saved_by) for v in versions] == [
        (3, 2, "berta"), (2, 1, "anna"), (1, None, "anna")]


def test_api_cases_save_read_and_version(app: Flask) -> None:
    headers = token_of(app, "social_worker")
    client = app.test_client()
    case = example("01-adult-esf-project")
    created = client.post("/api/v1/cases", json={"case": case}, headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body == {"case_id": CASE, "version": 1, "status": "draft",
                    "rules_version": app.extensions["rules"].version}
    assert created.headers["Location"].endswith(f"/api/v1/cases/{CASE}")
    again = client.post("/api/v1/cases", json={"case": case}, headers=headers)
    assert again.status_code == 409
    read = client.get(f"/api/v1/cases/{CASE}", headers=headers).get_json()
    assert read["version"] == 1 and read["budget"]["totals"]["monthly"] == "924.70"
    assert read["case"]["case_id"] == CASE and read["status"] == "draft"
    case["requested_services"][1]["units"] = 10
    stale = {"based_on_version": 0, "case": case}
    assert client.post(f"/api/v1/cases/{CASE}/versions", json=stale,
                       headers=headers).status_code == 409
    v2 = client.post(f"/api/v1/cases/{CASE}/versions",
                     json={"based_on_version": 1, "case": case}, headers=headers)
    assert v2.status_code == 201 and v2.get_json()["version"] == 2
    assert client.get(f"/api/v1/cases/{CASE}", headers=headers).get_json()["budget"][
        "totals"]["monthly"] == "731.90"
    # wrong bodies name their field
    for bad, field in (({"case": case}, "based_on_version"),
                       ({"based_on_version": 2, "case": {**case, "case_id": "OTHER-1"}},
                        "case.case_id"),
                       ({"based_on_version": 2, "case": "x"}, "case")):
        response = client.post(f"/api/v1/cases/{CASE}/versions", json=bad, headers=headers)
        assert response.status_code == 422, bad
        assert response.get_json()["errors"][0]["field"] == field
    broken = {"case": {**case, "person": {**case["person"], "birth_date": "1979-02-30"}}}
    response = client.post("/api/v1/cases", json=broken, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "case.person.birth_date"
    assert client.get("/api/v1/cases/NOPE-1", headers=headers).status_code == 404


def test_api_recalculate_current(app: Flask) -> None:
    headers = token_of(app, "social_worker")
    client = app.test_client()
    client.post("/api/v1/cases", json={"case": example("01-adult-esf-project")},
                headers=headers)
    answer = client.get(f"/api/v1/cases/{CASE}/recalculate?rules=current", headers=headers)
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["changed"] is False and data["rules"] == "current"
    assert data["budget"]["totals"]["monthly"] == "924.70"
    assert client.get(f"/api/v1/cases/{CASE}/recalculate?rules=old",
                      headers=headers).status_code == 422
