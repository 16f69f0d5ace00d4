"""Step definitions of the policy scenarios (Latvian wording, so policy staff can read them).

Steps only build a case, call `calculate` and read the budget; every figure they check is
written in the scenario itself or read from the worked examples (tests/data/examples).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_bdd import given, parsers, then, when

from budget_engine import (
    Budget,
    Calculator,
    CaseError,
    CaseInputError,
    Override,
    decided_budget,
    load_rules,
    parse_case,
)
from budget_engine.dates import add_months
from budget_engine.rulebook.coverage import COVERAGE_ENV, Seen

EXAMPLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "examples"
TOOLS = EXAMPLES.parent
SOURCES = ("esf", "state", "municipality", "client", "maintainers")


@pytest.fixture(scope="session")
def seen() -> Iterator[Seen]:
    """What the scenarios' budgets explain, for `budget-engine rules coverage`."""
    found = Seen.empty()
    yield found
    target = os.environ.get(COVERAGE_ENV)
    if target:
        found.save(Path(target))


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any,
                               scenario: Any) -> None:
    """Which scenario the budgets that follow belong to (for the rules' coverage)."""
    request.getfixturevalue("seen").current = f"{feature.name}: {scenario.name}"


@pytest.fixture
def ctx(seen: Seen) -> dict[str, Any]:
    return {
        "case": {
            "format": 1, "case_id": "BDD-0001", "calculation_date": "2025-03-01",
            "person": {"birth_date": "1980-01-01", "municipality": "Rīga",
                       "disability_group": None, "diagnoses": []},
            "residence": {"status": "community"},
            "household": {"monthly_income": "0", "maintainers": []},
            "assessment": None, "di_project": None, "requested_services": [],
        },
        "age": 45, "rules": None, "budget": None, "seen": seen,
    }


def _person(ctx: dict[str, Any]) -> dict[str, Any]:
    return ctx["case"]["person"]


# -- Kad (given) ---------------------------------------------------------------------------
@given(parsers.parse("aprēķina datums ir {date}"))
def calculation_date(ctx: dict[str, Any], date: str) -> None:
    ctx["case"]["calculation_date"] = date


@given(parsers.parse('pieaugušais ar diagnozi "{diagnosis}" un {group} invaliditātes grupu'))
def adult(ctx: dict[str, Any], diagnosis: str, group: str) -> None:
    ctx["age"] = 45
    _person(ctx).update(diagnoses=[diagnosis], disability_group=group)


@given(parsers.parse('pieaugušais ar diagnozi "{diagnosis}" bez invaliditātes grupas'))
def adult_no_group(ctx: dict[str, Any], diagnosis: str) -> None:
    ctx["age"] = 45
    _person(ctx).update(diagnoses=[diagnosis], disability_group=None)


@given(parsers.parse("{age:d} gadus vecs bērns ar invaliditāti"))
def child_with_disability(ctx: dict[str, Any], age: int) -> None:
    ctx["age"] = age
    _person(ctx).update(child_disability=True, disability_group=None, diagnoses=["G80.1"])


@given(parsers.parse("{age:d} gadus vecs bērns bez invaliditātes"))
def child_without_disability(ctx: dict[str, Any], age: int) -> None:
    ctx["age"] = age
    _person(ctx).update(child_disability=False, disability_group=None)


@given("bērns ir ārpusģimenes aprūpē")
def out_of_family(ctx: dict[str, Any]) -> None:
    _person(ctx)["out_of_family_care"] = True


@given("ir atzinums par īpašu kopšanu")
def special_care(ctx: dict[str, Any]) -> None:
    _person(ctx)["special_care_opinion"] = True


@given("vecāki strādā vai mācās")
def parents_work(ctx: dict[str, Any]) -> None:
    ctx["case"]["household"]["parents_working_or_studying"] = True


@given("ir iknedēļas medicīniskās procedūras")
def weekly_medical(ctx: dict[str, Any]) -> None:
    _person(ctx)["weekly_medical_procedures"] = True


def _assessment(ctx: dict[str, Any]) -> dict[str, Any]:
    case = ctx["case"]
    if case["assessment"] is None:
        date = dt.date.fromisoformat(case["calculation_date"])
        case["assessment"] = {"assessed_on": add_months(date, -1).isoformat(),
                              "support_plan": True}
    return case["assessment"]


@given(parsers.parse("ir izvērtējums ar atbalsta plānu un aprūpes līmeni {level:d}"))
def assessed_with_level(ctx: dict[str, Any], level: int) -> None:
    _assessment(ctx).update(support_plan=True, care_level=level)


@given("ir izvērtējums ar atbalsta plānu")
def assessed(ctx: dict[str, Any]) -> None:
    _assessment(ctx)["support_plan"] = True


@given("ir izvērtējums bez atbalsta plāna")
def assessed_no_plan(ctx: dict[str, Any]) -> None:
    _assessment(ctx)["support_plan"] = False


@given("nav izvērtējuma")
def not_assessed(ctx: dict[str, Any]) -> None:
    ctx["case"]["assessment"] = None


@given(parsers.parse("izvērtējums veikts {date}"))
def assessed_on(ctx: dict[str, Any], date: str) -> None:
    _assessment(ctx)["assessed_on"] = date


@given(parsers.parse("AIS jomu vērtējumi ir {scores}"))
def area_scores(ctx: dict[str, Any], scores: str) -> None:
    names = ("home_living", "community_living", "lifelong_learning", "employment",
             "health_safety", "social_activities", "advocacy")
    values = [int(v) for v in scores.replace(",", " ").split()]
    _assessment(ctx)["areas"] = dict(zip(names, values, strict=True))


@given(parsers.parse("medicīnisko papildvienumu summa ir {total:d}"))
def medical_total(ctx: dict[str, Any], total: int) -> None:
    _assessment(ctx)["medical_total"] = total


@given(parsers.parse("uzvedības papildvienumu summa ir {total:d}"))
def behavioural_total(ctx: dict[str, Any], total: int) -> None:
    _assessment(ctx)["behavioural_total"] = total


@given("persona ir pametusi VSAC")
def left_vsac(ctx: dict[str, Any]) -> None:
    date = dt.date.fromisoformat(ctx["case"]["calculation_date"])
    ctx["case"]["residence"].update(status="left_vsac",
                                    left_vsac_on=add_months(date, -6).isoformat())


@given(parsers.parse("persona ievietota institūcijā {date}"))
def placed(ctx: dict[str, Any], date: str) -> None:
    ctx["case"]["residence"]["institution_placed_on"] = date


@given("persona atgriezusies no ilgstošas institūcijas")
def returned(ctx: dict[str, Any]) -> None:
    ctx["case"]["residence"]["returned_from_institution"] = True


@given("grupu dzīvoklis izveidots VSAC bāzē ERAF programmā")
def eraf(ctx: dict[str, Any]) -> None:
    ctx["case"]["residence"]["eraf_vsac_group_apartment"] = True


@given(parsers.parse("persona iesaistīta DI projektā no {date}"))
def enrolled(ctx: dict[str, Any], date: str) -> None:
    ctx["case"]["di_project"] = {"enrolled_on": date}


@given(parsers.parse("dienas aprūpes centrs izveidots {year:d}. gadā"))
def centre_year(ctx: dict[str, Any], year: int) -> None:
    ctx["case"]["day_care_centre_created_year"] = year


@given(parsers.parse("klienta ienākumi ir {amount} EUR mēnesī"))
def income(ctx: dict[str, Any], amount: str) -> None:
    ctx["case"]["household"]["monthly_income"] = amount


@given("persona ir trūcīga")
def needy(ctx: dict[str, Any]) -> None:
    ctx["case"]["household"]["needy_status"] = True


@given(parsers.parse('apgādnieks "{relation}" ar ienākumiem {amount} EUR mēnesī'))
def maintainer(ctx: dict[str, Any], relation: str, amount: str) -> None:
    ctx["case"]["household"]["maintainers"].append(
        {"relation": relation, "monthly_income": amount})


@given(parsers.parse("šogad izmantotas {days:d} atelpas brīža dienas"))
def respite_used(ctx: dict[str, Any], days: int) -> None:
    ctx["case"]["respite_days_used_this_year"] = days


@given("persona ir individuālā budžeta pilotprojektā")
def pilot(ctx: dict[str, Any]) -> None:
    ctx["case"]["in_individual_budget_pilot"] = True


@given(parsers.parse('pašvaldība ir "{name}"'))
def municipality(ctx: dict[str, Any], name: str) -> None:
    _person(ctx)["municipality"] = name


@given(parsers.parse('noteikumu kopijā parametrs "{name}" ir {value}'))
def changed_parameter(ctx: dict[str, Any], name: str, value: str, tmp_path: Path) -> None:
    """A copy of the shipped rules with one parameter's current value replaced."""
    source = load_rules().directory
    target = tmp_path / "rules"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (target / "parameters").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if name in data["parameters"]:
            data["parameters"][name]["values"][-1]["value"] = yaml.safe_load(value)
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ctx["rules"] = load_rules(target)


# -- Ja (when) -----------------------------------------------------------------------------
_CALCULATORS: dict[str, Calculator] = {}


def _calculator(book: Any) -> Calculator:
    """One calculator per rule book, as every entry point builds it (the shipped one by None)."""
    key = str(book.directory) + book.digest if book is not None else ""
    if key not in _CALCULATORS:
        _CALCULATORS[key] = Calculator(book if book is not None else load_rules())
    return _CALCULATORS[key]


def _calculate(ctx: dict[str, Any]) -> None:
    case = copy.deepcopy(ctx["case"])
    date = dt.date.fromisoformat(case["calculation_date"])
    case["person"]["birth_date"] = add_months(date, -12 * ctx["age"]).isoformat()
    calculator = _calculator(ctx["rules"])
    try:
        budget = calculator.calculate(calculator.parse(case))
    except (CaseInputError, CaseError) as exc:
        ctx["budget"], ctx["errors"] = None, exc.errors
        return
    ctx["budget"] = budget.model_dump(mode="json")
    if ctx["rules"] is None:  # the shipped rules: what their scenarios exercise
        ctx["seen"].record_budget(ctx["budget"])


@when(parsers.parse("pieprasa pakalpojumus: {services}"))
def request(ctx: dict[str, Any], services: str) -> None:
    ctx["case"]["requested_services"] = [
        {"service": item.split()[0], "units": int(item.split()[1])}
        for item in services.split(",")]
    _calculate(ctx)


@when("pakalpojumi netiek pieprasīti")
def request_nothing(ctx: dict[str, Any]) -> None:
    ctx["case"]["requested_services"] = []
    _calculate(ctx)


def _decide(ctx: dict[str, Any], service: str, units: int | None, amount: str) -> None:
    """The decided budget (§13b) becomes the budget the Tad steps read; the computed one
    is kept beside it."""
    case = copy.deepcopy(ctx["case"])
    date = dt.date.fromisoformat(case["calculation_date"])
    case["person"]["birth_date"] = add_months(date, -12 * ctx["age"]).isoformat()
    calculator = _calculator(ctx["rules"])
    parsed = calculator.parse(case)
    computed = Budget.model_validate(ctx["budget"])
    override = Override(service=service, units=units, amount=Decimal(amount),
                        justification="scenārijs", reference="1. lēmums")
    ctx["computed"] = ctx["budget"]
    ctx["budget"] = decided_budget(computed, [override], calculator.book, parsed
                                   ).model_dump(mode="json")


@when(parsers.parse('sociālais darbinieks nolemj "{service}": {units:d} vienības, {amount} EUR'))
def decide_units_and_amount(ctx: dict[str, Any], service: str, units: int, amount: str
                            ) -> None:
    _decide(ctx, service, units, amount)


@when(parsers.parse('sociālais darbinieks nolemj "{service}" summu {amount} EUR'))
def decide_amount(ctx: dict[str, Any], service: str, amount: str) -> None:
    _decide(ctx, service, None, amount)


@then(parsers.parse("aprēķinātā mēneša kopsumma ir {amount} EUR"))
def computed_monthly(ctx: dict[str, Any], amount: str) -> None:
    assert ctx["computed"]["totals"]["monthly"] == amount


# -- Tad (then) ----------------------------------------------------------------------------
def _line(ctx: dict[str, Any], service: str) -> dict[str, Any]:
    for line in ctx["budget"]["lines"]:
        if line["service"] == service:
            return line
    refused = [r["service"] for r in ctx["budget"]["refused"]]
    raise AssertionError(f"{service} is not in the budget (refused: {refused})")


@then(parsers.parse('mērķa grupas ir "{groups}"'))
def target_groups(ctx: dict[str, Any], groups: str) -> None:
    assert ctx["budget"]["target_groups"] == sorted(g.strip() for g in groups.split(","))


@then("personai nav DI mērķa grupas")
def no_target_group(ctx: dict[str, Any]) -> None:
    assert ctx["budget"]["target_groups"] == []


@then(parsers.parse("atbalsta līmenis ir {level:d}"))
def support_level(ctx: dict[str, Any], level: int) -> None:
    assert ctx["budget"]["support_level"] == level


@then(parsers.parse('tarifa līmenis ir "{tier}"'))
def rate_tier(ctx: dict[str, Any], tier: str) -> None:
    assert ctx["budget"]["rate_tier"] == tier


@then(parsers.parse('"{service}" piešķir {units:d} vienības'))
def approved(ctx: dict[str, Any], service: str, units: int) -> None:
    assert _line(ctx, service)["approved_units"] == units


@then(parsers.parse('"{service}" tarifs ir {rate} EUR un mēneša izmaksas {cost} EUR'))
def cost(ctx: dict[str, Any], service: str, rate: str, cost: str) -> None:
    line = _line(ctx, service)
    assert (line["rate"], line["monthly_cost"]) == (rate, cost)


@then(parsers.parse('"{service}" nav spēkā esoša tarifa'))
def no_rate(ctx: dict[str, Any], service: str) -> None:
    line = _line(ctx, service)
    assert line["rate"] is None and line["monthly_cost"] is None


@then(parsers.parse('"{service}" apmaksā: ESF {esf}, valsts {state}, pašvaldība {municipality},'
                    ' klients {client}, apgādnieki {maintainers}'))
def financing(ctx: dict[str, Any], service: str, esf: str, state: str, municipality: str,
              client: str, maintainers: str) -> None:
    got = _line(ctx, service)["financing"]
    assert got == {"esf": esf, "state": state, "municipality": municipality, "client": client,
                   "maintainers": maintainers}


@then(parsers.parse('"{service}" atsaka ar iemesliem "{rules}"'))
def refused(ctx: dict[str, Any], service: str, rules: str) -> None:
    found = [r for r in ctx["budget"]["refused"] if r["service"] == service]
    assert found, f"{service} was not refused"
    assert sorted(x["rule"] for x in found[0]["reasons"]) == sorted(
        r.strip() for r in rules.split(","))


@then(parsers.parse('"{service}" pamatojumā ir noteikums "{rule}"'))
def reason_has(ctx: dict[str, Any], service: str, rule: str) -> None:
    rules = [r["rule"] for r in _line(ctx, service)["reasons"]]
    assert rule in rules, rules


@then(parsers.parse('"{service}" pamatojumā nav noteikuma "{rule}"'))
def reason_lacks(ctx: dict[str, Any], service: str, rule: str) -> None:
    assert rule not in [r["rule"] for r in _line(ctx, service)["reasons"]]


@then(parsers.parse('brīdinājumos ir "{code}"'))
def warning_present(ctx: dict[str, Any], code: str) -> None:
    assert code in [w["code"] for w in ctx["budget"]["warnings"]]


@then(parsers.parse('brīdinājumos nav "{code}"'))
def warning_absent(ctx: dict[str, Any], code: str) -> None:
    assert code not in [w["code"] for w in ctx["budget"]["warnings"]]


@then(parsers.parse("mēneša kopsumma ir {amount} EUR"))
def monthly_total(ctx: dict[str, Any], amount: str) -> None:
    assert ctx["budget"]["totals"]["monthly"] == amount


@then(parsers.parse("valsts kopā maksā {amount} EUR mēnesī"))
def state_total(ctx: dict[str, Any], amount: str) -> None:
    assert ctx["budget"]["totals"]["by_source"]["state"] == amount


@then(parsers.parse("budžeta periods ir {months:d} mēneši"))
def period(ctx: dict[str, Any], months: int) -> None:
    assert ctx["budget"]["totals"]["period_months"] == months


@then("tiek piedāvāta tipveida pakete")
def proposed(ctx: dict[str, Any]) -> None:
    assert ctx["budget"]["proposed_package"] is True


@then(parsers.parse("VSAC vieta maksātu {amount} EUR mēnesī, valsts finansēta: {funded}"))
def counterfactual(ctx: dict[str, Any], amount: str, funded: str) -> None:
    cf = ctx["budget"]["institutional_counterfactual"]
    assert cf["monthly_cost"] == amount
    assert cf["state_funded"] is (funded == "jā")


@then(parsers.parse("klients VSAC maksātu {amount} EUR mēnesī"))
def client_in_vsac(ctx: dict[str, Any], amount: str) -> None:
    assert ctx["budget"]["institutional_counterfactual"]["client_contribution"] == amount


# -- worked examples -----------------------------------------------------------------------
@given(parsers.parse('piemērs "{name}"'), target_fixture="example")
def example(name: str) -> dict[str, Any]:
    return {"name": name, "case": json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")),
            "expected": json.loads((EXAMPLES / f"{name}.expected.json").read_text("utf-8"))}


@when("aprēķina piemēra budžetu")
def calculate_example(example: dict[str, Any], seen: Seen) -> None:
    example["budget"] = _calculator(None).calculate(
        parse_case(example["case"])).model_dump(mode="json")
    seen.record_budget(example["budget"])


@then("budžets sakrīt ar piemēra gaidītajiem skaitļiem")
def matches_expected(example: dict[str, Any]) -> None:
    sys.path.insert(0, str(TOOLS))
    from budget_summary import diff, summarize

    differences = diff(example["expected"], summarize(example["budget"]))
    assert differences == [], differences


@given(parsers.parse('dzīvesvietas statuss ir "{status}"'))
def residence_status(ctx: dict[str, Any], status: str) -> None:
    ctx["case"]["residence"]["status"] = status


@then(parsers.parse('"{service}" juridiskajā pamatā ir "{text}"'))
def legal_basis_names(ctx: dict[str, Any], service: str, text: str) -> None:
    found = [r for r in ctx["budget"]["refused"] if r["service"] == service]
    reasons = found[0]["reasons"] if found else _line(ctx, service)["reasons"]
    bases = [r["legal_basis"] for r in reasons]
    assert any(text in basis for basis in bases), bases


@then("neviens juridiskais pamats nenorāda uz failu")
def no_file_in_legal_bases(ctx: dict[str, Any]) -> None:
    budget = ctx["budget"]
    reasons = [r for item in budget["lines"] + budget["refused"] for r in item["reasons"]]
    reasons += budget["institutional_counterfactual"]["reasons"]
    for reason in reasons:
        assert reason["legal_basis"], reason
        assert not re.search(r"\b00[0-4]_|§|\.md\b", reason["legal_basis"]), reason


@then(parsers.parse('aprēķins atteikts ar kļūdu laukā "{path}"'))
def refused_with_error(ctx: dict[str, Any], path: str) -> None:
    assert ctx["budget"] is None, "the case was accepted"
    assert path in [p for p, _ in ctx["errors"]], ctx["errors"]
