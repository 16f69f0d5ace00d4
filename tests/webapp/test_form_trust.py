"""What a social worker types is never lost, never silently changed (issue 11, items 1–4).

Each test posts the form as a browser does and asserts what comes back: the budget's
figures and statuses, or the error summary's labels and the texts kept in the fields.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from budget_web.cases.form import case_to_fields

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def posted(case: dict[str, Any], mode: str, **changes: str) -> dict[str, str]:
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    fields["assessment_mode"] = mode
    fields["action"] = "calculate"
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def case_on_page(page: str) -> dict[str, Any]:
    found = re.search(r'name="case_json" value="([^"]*)"', page)
    assert found, "no budget on the page"
    return dict(json.loads(html.unescape(found.group(1))))


def summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return found.group(0) if found else ""


# 1. The support plan and the assessment date belong to every mode.

def test_a_ticked_support_plan_is_kept_with_no_assessment_scores(worker: FlaskClient) -> None:
    child = example("03-child-home-care-cap")  # a child: no AIS, support plan drawn up
    page = worker.post("/cases/calculate", data=posted(child, "none"))
    assert page.status_code == 200
    case = case_on_page(page.text)
    assert case["assessment"]["support_plan"] is True
    assert case["assessment"]["assessed_on"] == "2021-08-20"
    refused = page.text.split('<section class="refusals">')[-1] if "refusals" in page.text else ""
    assert "A1" not in refused  # home care and respite are not refused for want of a plan
    assert "Aprūpe mājās" in page.text.split("<tbody>")[1]


def test_a_support_plan_without_a_date_is_asked_for(worker: FlaskClient) -> None:
    child = example("03-child-home-care-cap")
    data = posted(child, "none")
    del data["assessment.assessed_on"]
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 422
    assert '<a href="#f-assessment-assessed_on">Izvērtēts</a>: Šis lauks ir obligāts.' in \
        summary(page.text)
    assert 'name="assessment.support_plan" checked' in page.text


def test_values_in_another_modes_panel_are_asked_about_not_dropped(
        worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")  # area totals ...
    page = worker.post("/cases/calculate", data=posted(adult, "care_level"))  # ... other mode
    assert page.status_code == 422
    assert "Ir aizpildītas AIS jomu kopsummas, bet izvēlēts cits izvērtējuma veids" in \
        summary(page.text)
    assert 'name="assessment.areas.home_living" value="20"' in page.text


# 2. Dates as a Latvian writes them; a wrong one is kept as typed.

def test_dates_are_read_day_first_and_iso(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    for typed, iso in (("25.04.1988", "1988-04-25"), ("12041988", "1988-04-12"),
                       ("5.4.1988", "1988-04-05"), ("1988-04-25", "1988-04-25")):
        page = worker.post("/cases/calculate",
                           data=posted(adult, "areas", **{"person.birth_date": typed}))
        assert page.status_code == 200, summary(page.text)
        assert case_on_page(page.text)["person"]["birth_date"] == iso


def test_a_wrong_date_is_named_and_kept_as_typed(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    for typed, message in (("41988", "Rakstiet datumu kā dd.mm.gggg"),
                           ("25.04.88", "Rakstiet datumu kā dd.mm.gggg"),
                           ("30.02.1988", "Tādas dienas nav: “30.02.1988”.")):
        page = worker.post("/cases/calculate",
                           data=posted(adult, "areas", **{"person.birth_date": typed}))
        assert page.status_code == 422
        assert message in summary(page.text)
        assert f'name="person.birth_date" value="{typed}"' in page.text


def test_the_form_says_which_day_it_understood(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    data = posted(adult, "areas", **{"person.birth_date": "25.04.1988",
                                     "requested_services[0].units": "0"})
    page = worker.post("/cases/calculate", data=data)
    assert "saprasts: 1988. gada 25. aprīlis" in page.text


# 3. Numbers the Latvian way.

def test_amounts_with_a_decimal_comma_and_spaces(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    for typed, amount in (("320,50", "320.50"), ("1 200", "1200"), ("1 200,50", "1200.50"),
                          ("320.50", "320.50"), ("1\u00a0200,50 €", "1200.50")):
        page = worker.post("/cases/calculate",
                           data=posted(adult, "areas", **{"household.monthly_income": typed}))
        assert page.status_code == 200, summary(page.text)
        assert case_on_page(page.text)["household"]["monthly_income"] == amount


def test_an_ambiguous_amount_is_refused_and_kept(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    page = worker.post("/cases/calculate",
                       data=posted(adult, "areas", **{"household.monthly_income": "1,200"}))
    assert page.status_code == 422
    assert ('<a href="#f-household-monthly_income">Klienta ienākumi mēnesī, EUR</a>: '
            'Rakstiet summu') in summary(page.text)
    assert 'name="household.monthly_income" value="1,200"' in page.text


def test_the_result_shows_money_and_dates_the_latvian_way(worker: FlaskClient) -> None:
    page = worker.post("/cases/calculate",
                       data=posted(example("01-adult-esf-project"), "areas")).text
    assert "924,70\u00a0€" in page and "01.03.2021" in page
    english = worker.get("/cases/new?lang=en")
    assert english.status_code == 200
    page = worker.post("/cases/calculate",
                       data=posted(example("01-adult-esf-project"), "areas")).text
    assert "€924.70" in page


# 4. Every error at once, by label, linked, focused, and said in the title.

def test_every_error_at_once_by_its_label(worker: FlaskClient) -> None:
    adult = example("04-community-adult-copayment")
    data = posted(adult, "areas", **{"person.birth_date": "31.02.1980",
                                     "household.monthly_income": "daudz",
                                     "person.municipality": "Atlantīda",
                                     "requested_services[1].units": "0"})
    page = worker.post("/cases/calculate", data=data)
    assert page.status_code == 422
    found = summary(page.text)
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', found) == [
        ("f-person-birth_date", "Dzimšanas datums"),
        ("f-person-municipality", "Pašvaldība"),
        ("f-household-monthly_income", "Klienta ienākumi mēnesī, EUR"),
        ("f-requested_services-1--units", "Pieprasītais pakalpojums, 2. rinda: vienības"),
    ]
    assert "01.02.2025 nebija pašvaldības ar nosaukumu “Atlantīda”" in found
    assert "household.monthly_income" not in found
    assert "<title>Kļūda: " in page.text
    assert 'id="error-summary"' in page.text and 'tabindex="-1"' in found
    for field_id in ("f-person-birth_date", "f-person-municipality",
                     "f-household-monthly_income", "f-requested_services-1--units"):
        assert f'id="{field_id}"' in page.text
    # everything typed is still there
    for name, value in (("person.birth_date", "31.02.1980"),
                        ("household.monthly_income", "daudz"),
                        ("person.municipality", "Atlantīda"), ("case_id", "OGRE-2025-0210")):
        assert f'name="{name}" value="{value}"' in page.text or \
            f'name="{name}" list="municipalities" value="{value}"' in page.text


def test_a_municipality_in_lower_case_is_matched(worker: FlaskClient) -> None:
    adult = example("01-adult-esf-project")
    page = worker.post("/cases/calculate",
                       data=posted(adult, "areas",
                                   **{"person.municipality": "  jelgavas   novads "}))
    assert page.status_code == 200, summary(page.text)
    assert case_on_page(page.text)["person"]["municipality"] == "Jelgavas novads"
