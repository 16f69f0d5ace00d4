"""Crafted input on the pages: refused with words beside the field, never a 500, never
echoed whole (issue 24, items 4 and 5).

Each probe of the issue is posted as a crafted client would post it; the answer is a 4xx
page in Latvian whose error names the field by its label, and whose size does not grow with
what was sent. Limits are the app's configuration, set small here where a test needs it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from test_form_trust import posted
from web_helpers import example, user_client

from budget_web.input.input_limits import holds_unshowable, json_too_deep

CASE = example("01-adult-esf-project")
RULE = "/rules/edit/rule/eligibility:E6"
RULE_FIELDS = {"label": "x", "title.lv": "A", "title.en": "A", "text.lv": "B", "text.en": "B"}


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    return found.group(1) if found else ""


def blank_form_size(worker: FlaskClient) -> int:
    return len(worker.get("/cases/new").data)


# -- the case sent back by the result page (hidden field case_json) -------------------------

@pytest.mark.parametrize("route", ["/cases/form", "/cases/save"])
def test_case_json_nested_100000_deep_is_refused(worker: FlaskClient, route: str) -> None:
    """100,000 nested brackets were a RecursionError (500); longer than CASE_JSON_LIMIT
    they are refused unread (413), and under it the bracket pre-scan refuses them (400)."""
    page = worker.post(route, data={"case_json": "[" * 100_000 + "]" * 100_000})
    assert page.status_code == 413
    assert "Ar lapu atpakaļ nosūtītā lieta ir garāka par 100\u00a0000 rakstzīmēm: tā " \
        "netika pieņemta." in page.text
    assert title(page.text).startswith("Kļūda: ")
    deep = worker.post(route, data={"case_json": '{"a": ' + "[" * 5000 + "]" * 5000 + "}"})
    assert deep.status_code == 400
    assert "Ar lapu atpakaļ nosūtītā lieta ir ligzdota pārāk dziļi" in deep.text


@pytest.mark.parametrize("route", ["/cases/form", "/cases/save"])
@pytest.mark.parametrize("where", ["value", "key"])
def test_case_json_with_a_lone_surrogate_is_refused(worker: FlaskClient, route: str,
                                                    where: str) -> None:
    """`"\\ud800"` is valid JSON but no character: the page that showed it could not be
    encoded (UnicodeEncodeError, 500). It is refused with a sentence, not shown."""
    case = json.dumps({**CASE, "case_id": "X"})
    case = case.replace('"case_id": "X"', '"case_id": "\\ud800"' if where == "value"
                        else '"\\udc00": "X"')
    page = worker.post(route, data={"case_json": case})
    assert page.status_code == 422
    assert "rakstzīmes, kuras nevar parādīt (piemēram, \\ud800): tā netika pieņemta" in page.text


def test_case_json_not_an_object_is_refused_with_words(worker: FlaskClient) -> None:
    for text in ("", "[]", "{", "NaN"):
        page = worker.post("/cases/form", data={"case_json": text})
        assert page.status_code == 400, text
        assert "Ar lapu atpakaļ nosūtīto lietu nevarēja nolasīt" in page.text


def test_a_long_value_in_case_json_is_refused_not_shown(worker: FlaskClient) -> None:
    """Item 5: `/cases/save` answered 422 with the case's 20 MiB field in it (21 MB). A
    value longer than a form field takes comes back as an empty field and an error."""
    case = {**CASE, "case_id": "Z" * 50_000}
    page = worker.post("/cases/save", data={"case_json": json.dumps(case)})
    assert page.status_code == 422
    assert "Z" * 1001 not in page.text
    assert re.search(r'id="f-case_id" name="case_id" value=""', page.text)
    assert "Lietas numurs</a>: Ne vairāk kā 1\u00a0000 rakstzīmes (ievadītas: 50\u00a0000): " \
        "teksts netika pieņemts" in page.text
    assert len(page.data) < blank_form_size(worker) + 20_000


def test_numbers_past_python_s_limits_in_case_json_are_errors(worker: FlaskClient) -> None:
    """An integer of 5,000 digits and an amount of 1e999999 are read (as Decimal) and named
    by the case model; the form shows them without converting them to a float or an int."""
    text = json.dumps({**CASE, "requested_services": [
        {"service": "home_care", "units": 1}]})
    text = text.replace('"units": 1', '"units": ' + "9" * 5000)
    page = worker.post("/cases/save", data={"case_json": text})
    assert page.status_code == 422 and "Kļūda: " in title(page.text)
    household = {"maintainers": [{"relation": "parent", "monthly_income": 1}]}
    text = json.dumps({**CASE, "household": household}).replace(
        '"monthly_income": 1', '"monthly_income": 1e999999')
    page = worker.post("/cases/save", data={"case_json": text})
    assert page.status_code == 422


# -- the case form ---------------------------------------------------------------------------

def test_a_units_field_of_5000_digits_is_refused_beside_it(worker: FlaskClient) -> None:
    """`int()` of 5,000 digits raised `Exceeds the limit (4300 digits)` (500)."""
    data = posted(CASE, "areas", **{"requested_services[0].units": "9" * 5000})
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 422
    assert "Pieprasītais pakalpojums, 1. rinda: vienības</a>: Ne vairāk kā 1\u00a0000 " \
        "rakstzīmes (ievadītas: 5\u00a0000)" in page.text
    assert "9" * 1001 not in page.text
    assert title(page.text).startswith("Kļūda: ")


def test_a_whole_number_of_too_many_digits_is_named(app: Flask) -> None:
    """Under a larger field limit the digits are counted before anything converts them."""
    app.config["FORM_FIELD_LIMIT"] = 10_000
    worker = user_client(app, "ilze")
    data = posted(CASE, "areas", **{"requested_services[0].units": "9" * 5000})
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 422
    assert "vienības</a>: Gaidīts vesels skaitlis ar ne vairāk kā 15 cipariem." in page.text
    assert "9" * 5000 in page.text  # under the field's limit: kept as typed


def test_a_field_longer_than_its_limit_is_an_error_not_echoed(app: Flask) -> None:
    app.config["FORM_FIELD_LIMIT"] = 64
    worker = user_client(app, "ilze")
    page = worker.post("/cases/calculate", data=posted(CASE, "areas",
                                                       **{"person.diagnoses": "F20, " * 100}))
    assert page.status_code == 422
    assert "Ne vairāk kā 64 rakstzīmes (ievadītas: 500): teksts netika pieņemts" in page.text
    assert "F20, F20, F20" not in page.text
    assert re.search(r'name="case_id" value="[^"]+"', page.text)  # the rest is kept


def test_a_form_body_past_its_limit_is_answered_413_unread(app: Flask) -> None:
    """20 MiB in one field was read, and shown back whole; a URL-encoded form longer than
    FORM_BODY_LIMIT is now refused before it is read (a small page, in Latvian)."""
    app.config["FORM_BODY_LIMIT"] = 64 * 1024
    worker = user_client(app, "ilze")
    anna = user_client(app, "anna", "policy", None)
    for client, route, data in ((worker, "/cases/calculate", {"case_id": "x" * 100_000}),
                                (worker, "/cases/save", {"case_json": "x" * 100_000}),
                                (anna, RULE, {**RULE_FIELDS, "when": "x" * 100_000})):
        page = client.post(route, data=data)
        assert page.status_code == 413, route
        assert len(page.data) < 5_000
        assert "Veidlapa ir pārāk liela" in page.text
    assert worker.post("/cases/calculate", data=posted(CASE, "areas")).status_code == 200


# -- the rule editor --------------------------------------------------------------------------

def rule_page(client: FlaskClient, when: str) -> Any:
    return client.post(RULE, data={**RULE_FIELDS, "when": when})


def test_deeply_nested_conditions_are_refused_beside_the_field(app: Flask) -> None:
    """3,000 nested `not` or 200 nested `all` were a RecursionError in PyYAML (500)."""
    anna = user_client(app, "anna", "policy", None)
    for when in ("{not: " * 500 + "{adult_grt: true}" + "}" * 500,
                 "{all: [" * 200 + "{adult_grt: true}" + "]}" * 200,
                 "".join(" " * i + "not:\n" for i in range(60)) + " " * 60 + "age: 5\n"):
        page = rule_page(anna, when)
        assert page.status_code == 422, when[:20]
        assert "Nosacījums (when): Ligzdots dziļāk par 40 līmeņiem (" in page.text
        assert title(page.text).startswith("Kļūda: ")
    too_long = rule_page(anna, "{not: " * 3000 + "{adult_grt: true}" + "}" * 3000)
    assert too_long.status_code == 422
    assert "Nosacījums (when): Ne vairāk kā 4\u00a0000 rakstzīmes" in too_long.text
    assert "{not: {not: {not:" not in too_long.text


def test_condition_depth_width_and_numbers_are_bounded_in_latvian(app: Flask) -> None:
    anna = user_client(app, "anna", "policy", None)
    cases = {
        "{not: " * 9 + "{adult_grt: true}" + "}" * 9:
            "Nosacījumi (all, any, not) ir ligzdoti dziļāk par 8 līmeņiem",
        "{any: [" + ", ".join(["{adult_grt: true}"] * 51) + "]}":
            "Nosacījumā ir vairāk nekā 50 daļas.",
        "{adult_grt: true, age: {'>=': 100000000000000000000000}}":
            "“age” nevar būt 100000000000000000000000: gaidīts vesels skaitlis no 0 līdz 150.",
        "{adult_grt: true, age: {'>=': " + "9" * 3000 + "}}":
            "Skaitlis ar vairāk nekā 30 cipariem (1. rinda).",
        '{service: "\\ud800"}':
            "Laukā ir rakstzīmes, kuras nevar parādīt (piemēram, \\ud800): tas netika pieņemts.",
    }
    for when, message in cases.items():
        page = rule_page(anna, when)
        assert page.status_code == 422, when[:30]
        assert "Nosacījums (when): " in page.text and message in page.text, when[:30]
        assert len(page.data) < 20_000
    fine = rule_page(anna, "{not: " * 8 + "{adult_grt: true}" + "}" * 8)
    assert fine.status_code == 302  # eight deep (the most) is read, checked and stored


def test_a_date_that_does_not_exist_in_a_yaml_value_is_named(app: Flask) -> None:
    """PyYAML's ValueError for 2024-13-01 went through the editor (500)."""
    anna = user_client(app, "anna", "policy", None)
    page = anna.post("/rules/edit/parameter/indicative.package", data={
        "label": "x", "valid_from": "01.01.2026", "value": "{a: 2024-13-01}"})
    assert page.status_code == 422 and "nav īsts datums" in page.text


# -- the pre-scans themselves -----------------------------------------------------------------

def test_the_json_pre_scan_counts_brackets_outside_strings() -> None:
    assert not json_too_deep('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 3)
    assert not json_too_deep('{"a": [[["\\"[[[[["]]]}', 4)
    assert json_too_deep('{"a": [[[[1]]]]}', 4)
    assert json_too_deep("[" * 100_000, 20)


def test_unshowable_values_are_found_in_keys_and_values() -> None:
    assert holds_unshowable({"a": ["\ud800"]})
    assert holds_unshowable({"\udfff": 1})
    assert not holds_unshowable({"a": ["ā", "😀", 1]})


# -- the decision on a saved budget ---------------------------------------------------------

def test_an_overlong_justification_or_note_is_refused_not_cut(app: Flask) -> None:
    """A justification or a note longer than NOTE_LIMIT was cut to it and stored without
    a word; it is an error beside the field, and nothing is stored."""
    from test_decisions import CASE as SAVED
    from test_decisions import _saved
    from web_helpers import store

    from budget_web.cases import overrides as decisions

    worker = user_client(app, "social_worker")
    _saved(worker)
    too_long = "J" * (decisions.NOTE_LIMIT + 1)
    page = worker.post(f"/cases/{SAVED}/v/1/override", data={
        "override.day_care_centre.units": "15",
        "override.day_care_centre.justification": too_long})
    assert page.status_code == 422
    assert "Pamatojums: Ne vairāk kā 4\u00a0000 rakstzīmes (ievadītas: 4\u00a0001): teksts " \
        "netika pieņemts" in page.text
    assert "J" * 100 not in page.text
    note = worker.post(f"/cases/{SAVED}/v/1/decision", data={"step": "submit",
                                                            "note": too_long})
    assert note.status_code == 422 and "Piezīme: Ne vairāk kā 4\u00a0000" in note.text
    assert len(store(app).cases.versions("Jelgavas novads", SAVED)) == 1
    assert store(app).cases.versions("Jelgavas novads", SAVED)[0].status == "draft"
