"""The printed budget's running head and page numbers (issue 11, item 8): the stylesheet
the result page links for print, with the case number, the draft mark and "Lapa 1 no 2"
as CSS @page margin boxes (tests/browser/test_print_in_chromium.py prints them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask.testing import FlaskClient

from budget_web.cases.form import case_to_fields
from budget_web.cases.print_css import css_string

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def test_the_margin_boxes_of_a_draft_in_latvian(worker: FlaskClient) -> None:
    response = worker.get("/print/budget.css?case_id=JELG-2021-0007&draft=1")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.text
    assert '@top-left { content: "Individuālais budžets JELG-2021-0007"; }' in css
    assert '@top-right { content: "MELNRAKSTS – nav saglabāts"; }' in css
    assert '@bottom-right { content: "Lapa " counter(page) " no " counter(pages); }' in css


def test_a_saved_budget_in_english(worker: FlaskClient) -> None:
    worker.get("/cases/new?lang=en")
    css = worker.get("/print/budget.css?case_id=JELG-2021-0007&draft=0").text
    assert '@top-left { content: "Individual budget JELG-2021-0007"; }' in css
    assert "@top-right" not in css and "DRAFT" not in css
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages); }' in css


def test_a_case_number_cannot_break_out_of_its_string(worker: FlaskClient) -> None:
    assert css_string('a"b\\c\nd\x00') == '"a\\"b\\\\cd"'
    css = worker.get('/print/budget.css', query_string={
        "case_id": 'X"; } body { display: none } @page { @top-left { content: "'}).text
    strings = re.findall(r'"(?:[^"\\]|\\.)*"', css)
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', css)
    assert "display" not in outside and "body" not in outside
    assert any("display: none" in s for s in strings)


def test_the_result_page_links_it_for_print(worker: FlaskClient) -> None:
    case = json.loads((EXAMPLES / "01-adult-esf-project.json").read_text(encoding="utf-8"))
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    page = worker.post("/cases/calculate", data={**fields, "assessment_mode": "areas",
                                                 "action": "calculate"})
    assert ('<link rel="stylesheet" media="print" '
            'href="/print/budget.css?case_id=JELG-2021-0007&amp;draft=1">') in page.text
    saved = worker.post("/cases/calculate", data={**fields, "assessment_mode": "areas",
                                                  "action": "save"})
    view = worker.get(saved.headers["Location"]).text
    assert 'href="/print/budget.css?case_id=JELG-2021-0007&amp;draft=0"' in view
