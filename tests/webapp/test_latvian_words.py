"""Words a social worker reads (issue 27, items 8-10): no parameter keys or decimal points on
Latvian pages, Latvian plurals through the catalogue, and the support plan's effect said
beside its box before anything is calculated."""

from __future__ import annotations

import html
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import example

from budget_web.cases.form import case_to_fields
from budget_web.cases.words.counted import COUNTED, agree, counted


def visible(page: str) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def result_page(client: FlaskClient, name: str, lang: str = "lv") -> str:
    client.get(f"/cases/new?lang={lang}")
    fields = {k: v for k, v in case_to_fields(example(name)).items()
              if v != "" and k != "format"}
    page = client.post("/cases/calculate", data={**fields, "action": "calculate"})
    assert page.status_code == 200
    return visible(page.text)


def test_thresholds_and_legal_bases_are_named_by_title(worker: FlaskClient, app: Flask) -> None:
    text = result_page(worker, "02-adult-left-vsac-money-follows")
    assert "Trūcīgas personas ienākumu slieksnis (pirmajai mājsaimniecības personai): 343" in text
    assert "rindu pa rindai noteiktajā pakalpojumu secībā" in text  # no parameter code
    keys = set(app.extensions["rules"].parameters.parameters)
    shown = {k for k in re.findall(r"\b[a-z_0-9]+(?:\.[a-z_0-9]+)+\b", text)
             if k.split(".")[0] in {key.split(".")[0] for key in keys}}
    assert shown == set()


def test_the_assessment_mean_has_a_decimal_comma(worker: FlaskClient) -> None:
    text = result_page(worker, "02-adult-left-vsac-money-follows")
    assert re.search(r"vidējais vērtējums \d+,\d\d ", text)
    assert not re.search(r"vidējais vērtējums \d+\.\d", text)


LATVIAN_DAYS = {1: "1 diena", 2: "2 dienas", 10: "10 dienas", 11: "11 dienas",
                21: "21 diena", 31: "31 diena"}


@pytest.mark.parametrize("noun", sorted(COUNTED))
def test_every_counted_noun_has_latvian_forms(app: Flask, noun: str) -> None:
    """1 and 21 and 31 take the singular, 2, 10 and 11 the plural; never the English."""
    with app.test_request_context("/?lang=lv"):
        forms = {n: counted(n, noun) for n in (1, 2, 10, 11, 21, 31)}
    for n, text in forms.items():
        assert text.startswith(f"{n} ") and text == text.strip()
    assert forms[1].split()[1] == forms[21].split()[1] == forms[31].split()[1]
    assert forms[2].split()[1] == forms[10].split()[1] == forms[11].split()[1]
    assert forms[1].split()[1] != forms[2].split()[1]
    with app.test_request_context("/?lang=en"):
        assert counted(1, noun) != counted(2, noun).replace("2", "1")


def test_days_in_latvian_and_in_rule_texts(app: Flask) -> None:
    with app.test_request_context("/?lang=lv"):
        assert {n: counted(n, "day") for n in LATVIAN_DAYS} == LATVIAN_DAYS
        assert agree("ne vairāk kā 31 dienas mēnesī") == "ne vairāk kā 31 diena mēnesī"
        assert agree("ne vairāk kā 23 dienas mēnesī") == "ne vairāk kā 23 dienas mēnesī"
        assert agree("ne vairāk kā 21 dienas gadā") == "ne vairāk kā 21 diena gadā"
    with app.test_request_context("/?lang=en"):
        assert counted(1, "day") == "1 day" and counted(21, "day") == "21 days"


def test_a_31_day_cap_reads_31_diena_on_the_page(worker: FlaskClient) -> None:
    text = result_page(worker, "02-adult-left-vsac-money-follows")
    assert "31 / 31 diena" in text and "ne vairāk kā 31 diena mēnesī" in result_page(
        worker, "01-adult-esf-project")
    assert not re.search(r"\b(1|21|31) dienas\b", text)


def test_the_two_decision_sections_have_their_own_names(app: Flask) -> None:
    from web_helpers import user_client
    client = user_client(app, "worker2")
    client.get("/cases/new?lang=lv")
    fields = {k: v for k, v in case_to_fields(example("01-adult-esf-project")).items()
              if v != "" and k != "format"}
    client.post("/cases/calculate", data={**fields, "action": "calculate"})
    saved = client.post("/cases/save", data={"case_json": json.dumps(
        example("01-adult-esf-project"))}, follow_redirects=True)
    assert saved.status_code == 200
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", saved.text, flags=re.S)
    names = [visible(h).split(":")[0].strip() for h in headings]
    assert "Lēmums" in names and "Apstiprināšana" in names
    assert len(names) == len(set(names))


def test_the_support_plan_box_says_what_it_decides(worker: FlaskClient) -> None:
    page = worker.get("/cases/new?lang=lv").text
    hint = re.search(r'id="f-assessment-support_plan-hint"[^>]*>(.*?)</span>', page, re.S)
    assert hint and "aprūpi mājās un atelpas brīdi" in hint[1]
    assert 'aria-describedby="f-assessment-support_plan-hint' in page


def test_requested_services_refused_without_the_plan_are_named_beside_the_box(
        worker: FlaskClient) -> None:
    """Before calculation: the form coming back with a child's respite and home care
    requested and the box not ticked names both next to it; ticked, it says nothing."""
    case = example("03-child-home-care-cap")
    case["assessment"]["support_plan"] = False
    case["requested_services"] = [{"service": "respite", "units": 5},
                                  {"service": "home_care", "units": 20},
                                  {"service": "child_care", "units": 10}]
    worker.get("/cases/new?lang=lv")
    page = worker.post("/cases/form", data={"case_json": json.dumps(case)}).text
    hint = re.search(r'id="f-assessment-support_plan-hint"[^>]*>(.*?)</span>', page, re.S)
    assert hint and "hint-warn" in page
    assert "tiks atteikti" in hint[1] and "atelpas brīža" in hint[1]
    assert "Aprūpe mājās" in hint[1] and "bērnam ar invaliditāti" not in hint[1]
    case["assessment"]["support_plan"] = True
    page = worker.post("/cases/form", data={"case_json": json.dumps(case)}).text
    assert 'id="f-assessment-support_plan-hint"' not in page
