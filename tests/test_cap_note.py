"""The note on a line cut by a cap reads as one sentence in both languages (issue 11): the
cap's text, then what was requested and what is granted, after a semicolon — it used to run
on without a separator ("…mēnesī) Pieprasīts 250, piešķirts 216.")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engine import calculate

from budget_engine import parse_case

CHILD = Path(__file__).resolve().parent / "data" / "examples" / "03-child-home-care-cap.json"


@pytest.mark.parametrize(("lang", "expected"), [
    ("lv", "Aprūpe mājās bērnam līdz 4 gadiem – ne vairāk kā 50 stundas nedēļā (216 stundas "
           "mēnesī); pieprasīts 250, piešķirts 216."),
    ("en", "Home care for a child aged up to 4 – at most 50 h a week (216 h a month); "
           "requested 250, approved 216."),
])
def test_the_cut_note_in_each_language(lang: str, expected: str) -> None:
    budget = calculate(parse_case(json.loads(CHILD.read_text(encoding="utf-8"))), lang=lang)
    home_care = next(line for line in budget.lines if line.service == "home_care")
    assert (home_care.requested_units, home_care.approved_units) == (250, 216)
    notes = [r.text for r in home_care.reasons if r.text.endswith("216.")]
    assert notes == [expected]
