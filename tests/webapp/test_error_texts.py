"""Error texts are chosen by the error's kind (and field), never by its English wording."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from examples_data import example_case
from flask import Flask
from flask_babel import Babel, force_locale

from budget_engine import Calculator, CaseInputError, load_rules
from budget_web.admin.users import user_error_text
from budget_web.input.error_texts import localise
from budget_web.storage import UserError


@pytest.fixture(scope="module")
def calculator() -> Calculator:
    return Calculator(load_rules())


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    app = Flask("budget_web")  # the web package's translations/, without engine workers
    Babel(app)
    with app.test_request_context():
        yield app


def _grid() -> dict[str, Any]:
    sizes = {"home_living": 8, "community_living": 8, "lifelong_learning": 9,
             "employment": 8, "health_safety": 8, "social_activities": 8, "advocacy": 8}
    return {area: [[0, 0, 0]] * n for area, n in sizes.items()}


def _left_without_date(case: dict[str, Any]) -> None:
    case["residence"] = {"status": "left_vsac"}


def _service_twice(case: dict[str, Any]) -> None:
    case["requested_services"] = [{"service": "home_care", "units": 1},
                                  {"service": "home_care", "units": 2}]


def _areas_and_grid(case: dict[str, Any]) -> None:
    case["assessment"]["areas"] = {area: 0 for area in _grid()}
    case["assessment"]["items"] = _grid()


@pytest.mark.parametrize(("change", "path", "latvian", "english"), [
    (_left_without_date, "residence", "Norādiet datumu, kad persona pameta VSAC.",
     "Give the date the person left the VSAC."),
    (_service_twice, "requested_services", "Katru pakalpojumu var pieprasīt tikai vienreiz.",
     "Each service can be requested only once."),
    (_areas_and_grid, "assessment", "Norādiet vai nu jomu kopsummas, vai pilno tabulu, ne abas.",
     "Give either the area totals or the full grid, not both."),
])
def test_checks_across_fields_are_told_by_their_field(
        app: Flask, calculator: Calculator, change: Any, path: str, latvian: str,
        english: str) -> None:
    case = copy.deepcopy(example_case("01-adult-esf-project"))
    change(case)
    with pytest.raises(CaseInputError) as raised:
        calculator.parse(case)
    details = [d for d in raised.value.details if d.path == path]
    assert [d.kind for d in details] == ["value_error"]
    with force_locale("lv"):
        assert localise(details[0]) == latvian
    with force_locale("en"):
        assert localise(details[0]) == english
    # The English wording of the engine plays no part.
    reworded = dataclasses.replace(details[0], message="anders formuliert",
                                   context={"reason": "anders formuliert"})
    with force_locale("en"):
        assert localise(reworded) == english


@pytest.mark.parametrize(("kind", "latvian"), [
    ("unknown_role", "Izvēlieties vienu no lomām."),
    ("bad_name", "Lietotājvārdā ir 1–64 rakstzīmes."),
    ("short_password", "Parolē ir vismaz 8 rakstzīmes."),
    ("user_exists", "Lietotājs anna jau ir."),
    ("no_user", "Lietotāja anna nav."),
])
def test_user_errors_are_told_by_kind(app: Flask, kind: Any, latvian: str) -> None:
    error = UserError(kind, "whatever the English says", "anna")
    with force_locale("lv"):
        assert user_error_text(error) == latvian
