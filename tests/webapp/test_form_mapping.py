"""Every case survives the trip through the form: fields -> posted form -> the same case."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from budget_engine import RuleBook, parse_case
from budget_engine.evaluation.synthetic import synthetic_case
from budget_web.cases.form import assessment_mode, case_to_fields, form_to_case


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_form_round_trip_keeps_every_value(book: RuleBook, seed: int) -> None:
    data = synthetic_case(random.Random(seed), seed % 1000, services=tuple(book.services))
    case = parse_case(data)
    as_json = case.model_dump(mode="json")
    posted = {k: v for k, v in case_to_fields(as_json).items() if v != "" and k != "format"}
    posted["assessment_mode"] = assessment_mode(as_json)
    back = parse_case(form_to_case(MultiDict(posted)))
    assert back == case
