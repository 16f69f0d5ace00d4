"""Reading a case: strict types, impossible dates, every error at once, and no input that
makes the reader raise anything but CaseInputError."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_engine.case_io import (
    EXCERPT_LIMIT,
    CaseInputError,
    ErrorDetail,
    excerpt,
    parse_case,
    parse_case_json,
)
from budget_engine.models import Case

BASE: dict[str, Any] = {
    "format": 1,
    "case_id": "TEST-1",
    "calculation_date": "2024-03-01",
    "person": {
        "birth_date": "1980-01-01",
        "municipality": "Valmieras novads",
        "disability_group": "I",
        "special_care_opinion": True,
        "diagnoses": ["F72"],
    },
    "residence": {
        "status": "left_vsac",
        "left_vsac_on": "2022-10-15",
        "institution_placed_on": "2001-03-01",
        "returned_from_institution": True,
    },
    "household": {
        "monthly_income": "410.00",
        "maintainers": [{"relation": "child", "monthly_income": "1200.00"}],
    },
    "assessment": {
        "assessed_on": "2022-09-01",
        "support_plan": True,
        "areas": {"home_living": 70, "community_living": 66, "lifelong_learning": 75,
                  "employment": 68, "health_safety": 60, "social_activities": 62,
                  "advocacy": 50},
        "medical_total": 6,
        "behavioural_total": 3,
    },
    "di_project": {"enrolled_on": "2020-07-01"},
    "day_care_centre_created_year": 2019,
    "requested_services": [{"service": "group_apartment", "units": 30},
                           {"service": "day_care_centre", "units": 20}],
}


def case_with(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    case = copy.deepcopy(BASE)
    change(case)
    return case


def errors_of(data: Any, extra_checks: Any = None) -> list[ErrorDetail]:
    with pytest.raises(CaseInputError) as caught:
        parse_case(data, extra_checks)
    return caught.value.details


def only_error(data: Any) -> ErrorDetail:
    details = errors_of(data)
    assert len(details) == 1, details
    return details[0]


def json_errors(text: str) -> list[ErrorDetail]:
    with pytest.raises(CaseInputError) as caught:
        parse_case_json(text)
    return caught.value.details


def test_the_base_case_is_valid() -> None:
    case = parse_case(copy.deepcopy(BASE))
    assert case.person.birth_date == dt.date(1980, 1, 1)
    assert parse_case_json(json.dumps(BASE)) == case
    # A case read back from its own dump (dates as date objects) is the same case.
    assert parse_case(case.model_dump()) == case
    assert parse_case(case.model_dump(mode="json")) == case


# --- 1. strict types -----------------------------------------------------------------------

UNITS = "requested_services[0].units"


@pytest.mark.parametrize("units", [True, False, Decimal("5.0"), "5", 5.0, None, [5]],
                         ids=["true", "false", "5.0", "text 5", "float 5.0", "null", "list"])
def test_units_must_be_a_json_integer(units: Any) -> None:
    error = only_error(case_with(lambda c: c["requested_services"][0].update(units=units)))
    assert (error.path, error.kind) == (UNITS, "int_type")


def test_units_5_0_in_json_text_is_refused() -> None:
    text = json.dumps(BASE).replace('"units": 30', '"units": 5.0')
    [error] = json_errors(text)
    assert (error.path, error.kind) == (UNITS, "int_type")


@pytest.mark.parametrize(("path", "value"), [
    (("assessment", "areas", "home_living"), True),
    (("assessment", "medical_total"), "6"),
    (("assessment", "care_level"), Decimal("2.0")),
    (("day_care_centre_created_year",), True),
    (("respite_days_used_this_year",), "3"),
])
def test_scores_and_years_must_be_json_integers(path: tuple[str, ...], value: Any) -> None:
    def change(case: dict[str, Any]) -> None:
        node = case
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    error = only_error(case_with(change))
    assert (error.path, error.kind) == (".".join(path), "int_type")


@pytest.mark.parametrize("value", ["true", 1, 0, "on", None])
def test_yes_no_must_be_a_json_boolean(value: Any) -> None:
    error = only_error(case_with(lambda c: c["household"].update(needy_status=value)))
    assert (error.path, error.kind) == ("household.needy_status", "bool_type")


@pytest.mark.parametrize("value", [True, 1.0, Decimal("1.0"), "1"])
def test_format_is_exactly_the_integer_1(value: Any) -> None:
    error = only_error(case_with(lambda c: c.update(format=value)))
    assert (error.path, error.kind) == ("format", "literal_error")


@pytest.mark.parametrize(("value", "kind"), [
    (True, "decimal_type"), (1.5, "decimal_type"), ("1_000", "decimal_parsing"),
    (" 5", "decimal_parsing"), ("1e3", "decimal_parsing"), ("NaN", "decimal_parsing"),
    ("-5", "greater_than_equal"), ("1.005", "decimal_max_places"),
])
def test_money_refuses_what_is_not_an_amount(value: Any, kind: str) -> None:
    error = only_error(case_with(lambda c: c["household"].update(monthly_income=value)))
    assert (error.path, error.kind) == ("household.monthly_income", kind)


@pytest.mark.parametrize("value", ["320.00", "320", 320, Decimal("320.5"), Decimal("3.2E+2")])
def test_money_may_be_a_number_or_a_string(value: Any) -> None:
    case = parse_case(case_with(lambda c: c["household"].update(monthly_income=value)))
    assert case.household.monthly_income == Decimal(str(value))


@pytest.mark.parametrize("value", [20240101, 1700000000, True, Decimal("2024.01")],
                         ids=["20240101", "epoch seconds", "true", "decimal"])
def test_a_number_is_not_a_birth_date(value: Any) -> None:
    error = only_error(case_with(lambda c: c["person"].update(birth_date=value)))
    assert (error.path, error.kind) == ("person.birth_date", "date_type")


@pytest.mark.parametrize("value", ["2024-01-01T10:00:00", "2024-01-01T00:00", "2024-01-01 ",
                                   "20240101", "2024-1-1", "2024-W01-1", "01.03.2024"])
def test_only_yyyy_mm_dd_is_a_calculation_date(value: str) -> None:
    error = only_error(case_with(lambda c: c.update(calculation_date=value)))
    assert (error.path, error.kind) == ("calculation_date", "date_parsing")


def test_a_datetime_object_is_not_a_date() -> None:
    error = only_error(case_with(lambda c: c.update(
        calculation_date=dt.datetime(2024, 3, 1, 10, 0))))
    assert (error.path, error.kind) == ("calculation_date", "date_type")


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01"])
def test_a_day_not_in_the_calendar_is_refused(value: str) -> None:
    error = only_error(case_with(lambda c: c.update(calculation_date=value)))
    assert (error.path, error.kind) == ("calculation_date", "date_invalid")
    assert "calendar" in error.message


# --- 2. impossible and contradictory dates -------------------------------------------------

def test_birth_before_1900_is_refused() -> None:
    error = only_error(case_with(lambda c: c["person"].update(birth_date="1899-12-31")))
    assert (error.path, error.kind) == ("person.birth_date", "date_too_early")
    assert error.message == "must not be before 1900-01-01"
    assert error.context["date"] == "1900-01-01"


def test_birth_on_1900_01_01_is_accepted() -> None:
    def change(case: dict[str, Any]) -> None:
        case["person"]["birth_date"] = "1900-01-01"
        case["assessment"]["assessed_on"] = "2024-03-01"

    assert parse_case(case_with(change)).person.birth_date == dt.date(1900, 1, 1)


def test_birth_after_the_calculation_date_is_refused() -> None:
    details = errors_of(case_with(lambda c: c["person"].update(birth_date="2024-03-02")))
    after = [d for d in details if d.path == "person.birth_date"]
    assert [(d.kind, d.message) for d in after] == [
        ("date_after_calculation", "must not be after calculation_date (2024-03-01)")]
    assert after[0].context == {"date": "2024-03-01", "field": "calculation_date"}


def test_left_vsac_after_the_calculation_date() -> None:
    error = only_error(case_with(lambda c: c["residence"].update(left_vsac_on="2024-03-02")))
    assert (error.path, error.kind) == ("residence.left_vsac_on", "date_after_calculation")
    assert "(2024-03-01)" in error.message


def test_left_vsac_before_birth() -> None:
    error = only_error(case_with(lambda c: c["residence"].update(left_vsac_on="1979-12-31")))
    assert (error.path, error.kind) == ("residence.left_vsac_on", "date_before_birth")
    assert error.message == "must not be before person.birth_date (1980-01-01)"


def test_institution_placement_after_calculation_and_before_birth() -> None:
    error = only_error(case_with(lambda c: c["residence"].update(
        institution_placed_on="2025-01-01")))
    assert (error.path, error.kind) == ("residence.institution_placed_on",
                                        "date_after_calculation")
    error = only_error(case_with(lambda c: c["residence"].update(
        institution_placed_on="1970-01-01")))
    assert (error.path, error.kind) == ("residence.institution_placed_on", "date_before_birth")


def test_enrolled_before_birth_and_after_calculation() -> None:
    error = only_error(case_with(lambda c: c["di_project"].update(enrolled_on="1979-06-01")))
    assert (error.path, error.kind) == ("di_project.enrolled_on", "date_before_birth")
    error = only_error(case_with(lambda c: c["di_project"].update(enrolled_on="2024-03-02")))
    assert (error.path, error.kind) == ("di_project.enrolled_on", "date_after_calculation")


def test_assessed_in_the_future_and_before_birth() -> None:
    error = only_error(case_with(lambda c: c["assessment"].update(assessed_on="2030-01-01")))
    assert (error.path, error.kind) == ("assessment.assessed_on", "date_after_calculation")
    assert error.message == "must not be after calculation_date (2024-03-01)"
    error = only_error(case_with(lambda c: c["assessment"].update(assessed_on="1975-01-01")))
    assert (error.path, error.kind) == ("assessment.assessed_on", "date_before_birth")


def test_dates_on_the_limits_are_accepted() -> None:
    def change(case: dict[str, Any]) -> None:
        case["residence"]["left_vsac_on"] = "2024-03-01"
        case["residence"]["institution_placed_on"] = "1980-01-01"
        case["di_project"]["enrolled_on"] = "1980-01-01"
        case["assessment"]["assessed_on"] = "2024-03-01"

    parse_case(case_with(change))


def test_an_invalid_date_is_not_compared() -> None:
    """A date that is itself wrong gives its own error, not a second one from a comparison."""
    details = errors_of(case_with(lambda c: c["person"].update(birth_date="2030-02-30")))
    assert [(d.path, d.kind) for d in details] == [("person.birth_date", "date_invalid")]
    details = errors_of(case_with(lambda c: c.update(calculation_date=20240301)))
    assert [(d.path, d.kind) for d in details] == [("calculation_date", "date_type")]


# --- 3. all errors at once -----------------------------------------------------------------

def test_three_unrelated_errors_are_reported_at_once() -> None:
    def change(case: dict[str, Any]) -> None:
        case["requested_services"][1]["units"] = True
        case["assessment"]["assessed_on"] = "2030-01-01"

    seen: list[dict[str, Any]] = []

    def municipality_check(raw: dict[str, Any]) -> list[ErrorDetail]:
        seen.append(raw)
        return [ErrorDetail("person.municipality", "not a municipality on 2024-03-01",
                            "unknown_municipality", {"date": "2024-03-01"})]

    details = errors_of(case_with(change), municipality_check)
    assert [(d.path, d.kind) for d in details] == [
        ("requested_services[1].units", "int_type"),
        ("assessment.assessed_on", "date_after_calculation"),
        ("person.municipality", "unknown_municipality"),
    ]
    assert seen and seen[0]["case_id"] == "TEST-1"


# --- the services are the rule book's --------------------------------------------------------

def test_an_unknown_service_is_named_with_the_books_codes_and_the_other_errors() -> None:
    from budget_engine import Calculator, load_rules

    calculator = Calculator(load_rules())

    def change(case: dict[str, Any]) -> None:
        case["requested_services"][1]["service"] = "home_cares"
        case["person"]["municipality"] = "Atlantīda"
        case["household"]["monthly_income"] = "-1"

    with pytest.raises(CaseInputError) as caught:
        calculator.parse(case_with(change))
    details = {d.path: d for d in caught.value.details}
    assert set(details) == {"requested_services[1].service", "person.municipality",
                            "household.monthly_income"}
    service = details["requested_services[1].service"]
    assert service.kind == "unknown_service"
    assert service.context["service"] == "home_cares"
    assert service.context["expected"].split(", ") == list(calculator.book.services)
    assert "'home_cares'" in service.message and "child_care" in service.message


@pytest.mark.parametrize("code", ["", "Home_care", "home care", "9lives", "h", "x" * 41, 7,
                                  None, ["home_care"]])
def test_a_service_code_must_have_the_shape_of_one(code: Any) -> None:
    error = only_error(case_with(lambda c: c["requested_services"][0].update(service=code)))
    assert error.path == "requested_services[0].service"
    assert error.kind in ("string_pattern_mismatch", "string_type")


def test_a_code_of_the_right_shape_is_the_books_to_judge() -> None:
    """Without a rule book the case format takes any code of the right shape; the check
    against the book in force is `Calculator.parse`'s (and `calculate`'s)."""
    from budget_engine import Calculator, CaseError, load_rules

    data = case_with(lambda c: c["requested_services"][0].update(service="social_rehab"))
    case = parse_case(data)
    assert case.requested_services[0].service == "social_rehab"
    calculator = Calculator(load_rules())
    with pytest.raises(CaseError) as caught:
        calculator.calculate(case)
    assert [d.path for d in caught.value.details] == ["requested_services[0].service"]


def test_extra_checks_run_on_a_valid_case_and_through_json() -> None:
    def check(raw: dict[str, Any]) -> list[ErrorDetail]:
        return [ErrorDetail("person.municipality", "no", "unknown_municipality")]

    assert [d.kind for d in errors_of(copy.deepcopy(BASE), check)] == ["unknown_municipality"]
    with pytest.raises(CaseInputError) as caught:
        parse_case_json(json.dumps(BASE), extra_checks=check)
    assert caught.value.errors == [("person.municipality", "no")]
    assert parse_case(copy.deepcopy(BASE), lambda raw: []).case_id == "TEST-1"


# --- 4. no text crashes the reader ---------------------------------------------------------

def test_a_5000_digit_number_is_refused_by_its_field() -> None:
    details = json_errors('{"format": ' + "9" * 5000 + "}")
    [error] = [d for d in details if d.path == "format"]
    assert error.kind == "literal_error" and len(error.message) < 200
    text = json.dumps(BASE).replace('"units": 30', '"units": ' + "9" * 5000)
    [error] = json_errors(text)
    assert (error.path, error.kind) == (UNITS, "int_type")
    text = json.dumps(BASE).replace('"410.00"', "9" * 5000)
    [error] = json_errors(text)
    assert (error.path, error.kind) == ("household.monthly_income", "decimal_max_digits")


def test_a_huge_python_integer_is_refused() -> None:
    error = only_error(case_with(lambda c: c["requested_services"][0].update(units=10 ** 5000)))
    assert (error.path, error.kind) == (UNITS, "less_than_equal")
    assert len(error.message) < 200


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 100_000, "[{}" * 50_000])
def test_json_nested_very_deep_is_refused(text: str) -> None:
    [error] = json_errors(text)
    assert (error.path, error.kind) == ("", "json_invalid")


def test_deep_nesting_inside_a_field_is_refused() -> None:
    deep: Any = 1
    for _ in range(500):
        deep = [deep]
    error = only_error(case_with(lambda c: c["person"].update(diagnoses=deep)))
    assert error.path.startswith("person.diagnoses")
    assert len(error.message) < 200


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant: str) -> None:
    [error] = json_errors(json.dumps(BASE).replace('"410.00"', constant))
    assert (error.path, error.kind) == ("", "json_invalid")


def test_a_lone_surrogate_is_refused_with_its_field() -> None:
    text = json.dumps(BASE).replace("Valmieras novads", "Valmieras\\ud800")
    with pytest.raises(CaseInputError) as caught:
        parse_case_json(text)
    [error] = caught.value.details
    assert (error.path, error.kind) == ("person.municipality", "string_unicode")
    str(caught.value).encode("utf-8")  # the error itself can always be written out
    # In a field with a pattern, the same one error (not pydantic's second one).
    [error] = json_errors(json.dumps(BASE).replace('"TEST-1"', '"\\udfff"'))
    assert (error.path, error.kind) == ("case_id", "string_unicode")


@pytest.mark.parametrize("escape", ["\\uD800", "\\uDbFf", "\\udc00"])
def test_a_surrogate_escape_in_any_case_of_hex_is_found_from_the_text(escape: str) -> None:
    """The text is looked at instead of every value (case_io.text_may_hold_surrogate):
    upper- and lower-case hex digits and both halves of a pair must all be caught."""
    [error] = json_errors(json.dumps(BASE).replace("Valmieras novads", "Valmieras" + escape))
    assert (error.path, error.kind) == ("person.municipality", "string_unicode")


def test_an_escaped_backslash_before_u_d800_is_text_not_a_surrogate() -> None:
    case = parse_case_json(json.dumps(BASE).replace("Valmieras novads", "Valmieras\\\\ud800"))
    assert case.person.municipality == "Valmieras\\ud800"


def test_a_lone_surrogate_in_a_field_name_can_be_written_out() -> None:
    with pytest.raises(CaseInputError) as caught:
        parse_case_json(json.dumps(BASE)[:-1] + ', "x\\ud800": 1}')
    kinds = {(d.path, d.kind) for d in caught.value.details}
    assert kinds == {("x\\ud800", "string_unicode"), ("x\\ud800", "extra_forbidden")}
    for detail in caught.value.details:
        (detail.path + detail.message).encode("utf-8")


def test_a_byte_order_mark_is_accepted() -> None:
    text = "\ufeff" + json.dumps(BASE)
    assert parse_case_json(text) == parse_case(copy.deepcopy(BASE))
    assert parse_case_json(text.encode("utf-8")).case_id == "TEST-1"


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(CaseInputError) as caught:
        parse_case_json(b'{"case_id": "\xff"}')
    assert caught.value.details[0].kind == "json_invalid"


@pytest.mark.parametrize("text", ["", "null", "[]", "1", '"case"', "{", "\ufeff"])
def test_text_that_is_not_a_case_object(text: str) -> None:
    [error] = json_errors(text)
    assert error.path == "" and error.kind in ("json_invalid", "model_type")


@pytest.mark.parametrize("data", [None, [], "case", 1, True, Decimal("1")])
def test_a_value_that_is_not_an_object(data: Any) -> None:
    error = only_error(data)
    assert (error.path, error.kind) == ("", "model_type")


# --- 5. messages ---------------------------------------------------------------------------

def test_an_unknown_field_names_no_spec_file() -> None:
    error = only_error(case_with(lambda c: c["person"].update(birth_dat="1970-01-01")))
    assert (error.path, error.kind) == ("person.birth_dat", "extra_forbidden")
    assert error.message == "unknown field: check its spelling (see docs/case-format.md)"


def test_a_long_input_is_echoed_only_as_a_short_excerpt() -> None:
    long_text = "Ā" * 10_000
    error = only_error(case_with(lambda c: c["person"].update(municipality=long_text)))
    assert (error.path, error.kind) == ("person.municipality", "string_too_long")
    assert "…" in error.message
    assert len(error.message) < 100 + EXCERPT_LIMIT
    error = only_error(case_with(lambda c: c["person"].update(diagnoses="F" * 10_000)))
    assert error.path == "person.diagnoses" and len(error.message) < 100 + EXCERPT_LIMIT
    error = only_error(case_with(lambda c: c.update({"k" * 10_000: 1})))
    assert error.kind == "extra_forbidden" and len(error.path) < 50


def test_excerpt_is_capped() -> None:
    assert excerpt("abc") == '"abc"'
    assert excerpt(True) == "true"
    assert excerpt(Decimal("5.0")) == "5.0"
    long = excerpt(list(range(10_000)))
    assert len(long) == EXCERPT_LIMIT + 1 and long.endswith("…")
    assert excerpt({"a": [1, {"b": None}]}) == '{"a": [1, {"b": null}]}'
    assert "digits" in excerpt(10 ** 5000)


# --- property: nothing raises but CaseInputError -------------------------------------------

def _any_char() -> st.SearchStrategy[str]:
    return st.characters(codec=None, exclude_categories=())


SCALARS = (st.none() | st.booleans() | st.integers()
           | st.decimals(allow_nan=False, allow_infinity=False)
           | st.text(_any_char(), max_size=20)
           | st.sampled_from(["2024-03-01", "1899-12-31", "2030-01-01", "2024-02-30", "on",
                              "5", "320.00"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(_any_char(), max_size=10), inner, max_size=4),
                    max_leaves=25)
PATHS = [("format",), ("case_id",), ("calculation_date",), ("person",),
         ("person", "birth_date"), ("person", "municipality"), ("person", "diagnoses"),
         ("person", "disability_group"), ("residence",), ("residence", "status"),
         ("residence", "left_vsac_on"), ("household",), ("household", "monthly_income"),
         ("household", "maintainers"), ("assessment",), ("assessment", "areas"),
         ("assessment", "assessed_on"), ("assessment", "items"), ("di_project",),
         ("di_project", "enrolled_on"), ("requested_services",)]


def _only_case_input_errors(data: Any) -> None:
    try:
        case = parse_case(data)
    except CaseInputError as exc:
        assert exc.details
        for detail in exc.details:
            (detail.path + detail.message).encode("utf-8")
            assert len(detail.message) < 400
    else:
        assert isinstance(case, Case)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_value_gives_a_case_or_a_case_input_error(data: Any) -> None:
    _only_case_input_errors(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATHS), JSON)
def test_any_value_in_any_field_gives_a_case_or_a_case_input_error(path: tuple[str, ...],
                                                                    value: Any) -> None:
    case = copy.deepcopy(BASE)
    node = case
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    _only_case_input_errors(case)


@settings(max_examples=300, deadline=None)
@given(st.text(_any_char(), max_size=200)
       | st.builds(lambda v: json.dumps(v, default=str), JSON))
def test_any_text_gives_a_case_or_a_case_input_error(text: str) -> None:
    try:
        parse_case_json(text)
    except CaseInputError as exc:
        str(exc).encode("utf-8")
