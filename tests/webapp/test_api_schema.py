"""The JSON API keeps to its OpenAPI document: schemathesis sends what the document allows
(and what it does not) to the app and runs all its checks on every answer — a status the
document does not list, a body that is not as described, a 405 without `Allow`, a value the
document allows but the server refuses. A new route whose document drifts fails here.

In-process (WSGI, no server), authenticated with a social worker's token, a bounded number of
examples, derandomized so the same cases are sent on every run.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import settings
from schemathesis.config import SchemathesisConfig
from web_helpers import HOME, example, token_of

from budget_web.api.schema import dates_from

#: Examples per operation and phase: the whole file runs in about 20 s on one core.
MAX_EXAMPLES = 25

#: What schemathesis counts as accepting a request the document allows (its default).
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
#: Where a request the document allows may still be refused (422, naming the field): for
#: what one field's schema cannot say — a birth date after the calculation date, a service
#: asked twice — or what only the saved case or its budget decides (an override names a
#: line of the budget; compared versions exist). Each field's own form the document says
#: exactly: a value it refuses is refused by the server (checked everywhere).
JUDGED_ON_THE_CASE = ("/api/v1/budgets", "/api/v1/cases", "/api/v1/cases/{case_id}/versions",
                      "/api/v1/cases/{case_id}/compare")


@pytest.fixture
def api_schema(app: Flask, request: pytest.FixtureRequest) -> Any:
    # schemathesis 4.32 renames the test item through `_nodeid`, which pytest 9.2 no longer
    # has; the item answers to that name again (reporting only).
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    headers = token_of(app, "schema-worker")
    config = SchemathesisConfig.from_dict({
        "headers": headers,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True,
                       "database": "none"},
        "checks": {"enabled": True},
        "operations": [{"include-path": list(JUDGED_ON_THE_CASE), "checks": {
            "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}}],
    })
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config,
                                            headers=headers)
    loaded.hook(map_body)
    return loaded


def map_body(context: Any, body: Any) -> Any:
    """The body with each whole float (`5.0`) written as the integer (`5`).

    To JSON Schema 2020-12, 5.0 is an integer and schemathesis sends it for one; the case
    format reads a whole number from a JSON integer only (the document says so). A float
    in a place for a string or an object stays as wrong as before."""
    if isinstance(body, float) and body.is_integer():
        return int(body)
    if isinstance(body, dict):
        return {key: map_body(context, value) for key, value in body.items()}
    if isinstance(body, list):
        return [map_body(context, value) for value in body]
    return body


schema = schemathesis.pytest.from_fixture("api_schema")


#: A case number may hold "/" (`JN/2021/014`), so a case's own address `cases/{case_id}` (GET)
#: also matches the addresses below it: `Allow` there rightly lists GET as well, which the
#: document cannot say of `cases/{case_id}/versions`. That one check is left out below it.
UNDER_A_CASE = "/api/v1/cases/{case_id}/"


@schema.parametrize()
@settings(deadline=None, derandomize=True, max_examples=MAX_EXAMPLES, database=None)
def test_api_keeps_to_its_document(case: schemathesis.Case) -> None:
    excluded = ([schemathesis.checks.allow_header_conformance]
                if case.operation.path.startswith(UNDER_A_CASE) else [])
    case.call_and_validate(excluded_checks=excluded)


# What the schemathesis run found, one answer each (each failed before its fix).


def test_a_405_names_the_methods_allowed(app: Flask, worker: Any) -> None:
    headers = token_of(app, "allow-worker")
    api = app.test_client().open("/api/v1/rules/version", method="TRACE", headers=headers)
    assert api.status_code == 405 and api.is_json
    assert set(api.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    page = worker.put("/logout")
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert "POST" in page.headers["Allow"]


def test_wrong_requests_are_refused_by_name_never_500(app: Flask) -> None:
    headers = token_of(app, "refused-worker")
    client = app.test_client()
    case = example("01-adult-esf-project")
    assert client.post("/api/v1/cases", json={"case": case}, headers=headers).status_code == 201
    decision = f"/api/v1/cases/{case['case_id']}/versions/{{}}/decision"
    for version in ("-1", "x", "0", "1234567890"):  # no version of the case: 404, not 405
        answer = client.post(decision.format(version), json={"step": "submit"},
                             headers=headers)
        assert answer.status_code == 404 and answer.get_json()["error"] == "Not Found", version
    # a step that is not a text (was a 500: a dict is not hashable)
    answer = client.post(decision.format(1), json={"step": {}}, headers=headers)
    assert answer.status_code == 422
    assert answer.get_json()["errors"][0]["field"] == "step"
    # a date before the rules are in force: the engine worker's error reaches the server
    # whole (was a 500: the error did not survive being pickled)
    early = client.post("/api/v1/budgets", json={
        "format": 1, "case_id": "EARLY", "calculation_date": "2000-01-01",
        "person": {"birth_date": "1980-01-01", "municipality": HOME}}, headers=headers)
    assert early.status_code == 422
    assert {e["field"] for e in early.get_json()["errors"]} == {"calculation_date"}
    # a language that is neither lv nor en is refused, not read as lv
    answer = client.post("/api/v1/cases?lang=de", json={"case": case}, headers=headers)
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == [{"field": "lang", "message": "expected lv or en"}]


def test_the_document_says_what_the_server_accepts(app: Flask) -> None:
    headers = token_of(app, "document-worker")
    document = app.test_client().get("/api/v1/openapi.json", headers=headers).get_json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "401" in codes, (method, path)
            if "requestBody" in operation:
                assert {"400", "413", "415", "422"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, answer in operation["responses"].items():
                if not code.startswith("2"):
                    assert "application/json" in answer["content"], (method, path, code)
    schemas = document["components"]["schemas"]
    case = schemas["Case"]
    date = re.compile(case["properties"]["calculation_date"]["pattern"])
    assert date.match("2015-01-01") and date.match("2026-12-31")
    assert not date.match("2014-12-31") and not date.match("0000-00-00")
    assert case["properties"]["calculation_date"]["format"] == "date"
    # the municipality list of each period from 2021-07-01 (checked_from) on
    lists = [(rule["if"]["properties"]["calculation_date"],
              rule["then"]["properties"]["person"]["properties"]["municipality"]["enum"])
             for rule in case["allOf"]]
    assert [len(names) for _, names in lists] == [43, 42]
    assert "Varakļānu novads" in lists[0][1] and "Varakļānu novads" not in lists[1][1]
    assert re.match(lists[0][0]["pattern"], "2021-07-01")
    assert re.match(lists[0][0]["not"]["pattern"], "2025-07-01")
    assert not re.match(lists[0][0]["not"]["pattern"], "2025-06-30")
    services = case["$defs"]["ServiceRequest"]["properties"]["service"]["enum"]
    assert services == sorted(app.extensions["rules"].services)
    # a social worker saves cases of their own municipality only
    own = schemas["OwnCase"]["allOf"][1]["properties"]["person"]["properties"]
    assert own["municipality"] == {"const": HOME}


@pytest.mark.parametrize("first", ["2015-01-01", "2021-07-15", "1999-12-31", "2009-09-09"])
def test_dates_from_matches_the_days_on_or_after(first: str) -> None:
    start = dt.date.fromisoformat(first)
    pattern = re.compile(dates_from(start))
    days = [start + dt.timedelta(days=n) for n in range(-800, 800, 7)]
    days += [start, start - dt.timedelta(days=1), dt.date(1, 1, 1), dt.date(9999, 12, 31)]
    assert [d for d in days if pattern.match(d.isoformat())] == [d for d in days if d >= start]
