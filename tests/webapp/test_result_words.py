"""No parameter keys on the result page (issue 11, item 7): a rate read for one tier of
support is named by its title and the tier in words, in Latvian and in English."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from web_helpers import example

from budget_web.cases.form import case_to_fields


@pytest.mark.parametrize(("lang", "words"), [
    ("lv", "Grupu dzīvoklis – dienas tarifs (intensīvā atbalsta tarifs): 15,39"),
    ("en", "Group apartment – daily rate (intensive rate): 15.39"),
])
def test_a_tier_rate_is_named_in_words(worker: FlaskClient, lang: str, words: str) -> None:
    worker.get(f"/cases/new?lang={lang}")
    case = example("01-adult-esf-project")
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    page = worker.post("/cases/calculate", data={**fields, "assessment_mode": "areas",
                                                 "action": "calculate"})
    assert page.status_code == 200
    assert words in page.text
    assert "rate.group_apartment" not in page.text and ".intensive" not in page.text
