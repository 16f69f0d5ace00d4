"""The budget CSV opens in Latvian Excel (issue 11, item 12): UTF-8 with BOM, `;`, CRLF,
decimal commas, `25.11.2026`, Latvian headers and service names (English on English pages),
refusals with their reasons, totals kept apart, and no cell that Excel would run as a
formula."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from engine import calculate
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import user_client

from budget_engine import parse_case
from budget_web.cases.budget_csv import FORMULA_STARTS, PLAIN_NUMBER, excel_csv, safe_cell
from budget_web.cases.form import case_to_fields

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def worker_of(app: Flask, case: dict[str, Any]) -> FlaskClient:
    """A social worker of the case's municipality (only they may save and download it)."""
    municipality = case["person"]["municipality"]
    return user_client(app, "sw-" + "".join(c for c in municipality if c.isalpha()),
                       municipality=municipality)


def save(worker: FlaskClient, case: dict[str, Any]) -> str:
    fields = {k: v for k, v in case_to_fields(case).items() if v != "" and k != "format"}
    assessment = case.get("assessment") or {}
    fields["assessment_mode"] = ("areas" if assessment.get("areas") else "care_level"
                                 if assessment.get("care_level") else "none")
    saved = worker.post("/cases/calculate", data={**fields, "action": "save"})
    assert saved.status_code == 302, saved.text[:2000]
    return str(saved.headers["Location"])


def download(worker: FlaskClient, location: str, lang: str = "lv") -> tuple[bytes, Any]:
    worker.get(f"{location}?lang={lang}")
    response = worker.get(f"{location}/budget.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data, response


def excel_rows(data: bytes) -> list[list[str]]:
    """The file read as Latvian Excel reads it: BOM, then `;`-separated CRLF lines."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\n" not in text.replace("\r\n", "")  # every line ends CRLF, no bare LF
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    assert all(len(row) == len(rows[0]) for row in rows)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def lv(amount: Any) -> str:
    """An amount as the file writes it (a line with no rate in force has no cost: empty)."""
    return "" if amount is None else str(amount).replace(".", ",")


def test_latvian_excel_csv_of_a_budget(app: Flask) -> None:
    case = example("02-adult-left-vsac-money-follows")
    worker = worker_of(app, case)
    budget = calculate(parse_case(case), lang="lv")
    rows = excel_rows(download(worker, save(worker, case))[0])
    assert rows[0] == [
        "Lietas numurs", "Aprēķina datums", "Pakalpojums", "Lēmums", "Pieprasīts",
        "Piešķirts", "Mērvienība", "Tarifs, EUR", "Summa, EUR", "Aprēķināts: piešķirts",
        "Aprēķināts: summa, EUR", "Maksā", "ESF, EUR",
        "Valsts, EUR", "Pašvaldība, EUR", "Klients, EUR", "Apgādnieki, EUR", "Noteikumi",
        "Iemesls", "Nolemts: vienības", "Nolemts: summa mēnesī, EUR", "Pamatojums",
        "Noteikumu versija"]
    table = as_dicts(rows)
    day = ".".join(reversed(budget.calculation_date.isoformat().split("-")))
    assert {r["Lietas numurs"] for r in table} == {"VALM-2024-0031"}
    assert {r["Aprēķina datums"] for r in table} == {day}
    assert {r["Noteikumu versija"] for r in table} == {budget.rules_version}
    lines = table[:len(budget.lines)]
    assert [r["Pakalpojums"] for r in lines] == [line.title for line in budget.lines]
    assert lines[0]["Pakalpojums"] == "Grupu dzīvoklis (māja)"
    for row, line in zip(lines, budget.lines, strict=True):
        assert row["Summa, EUR"] == lv(line.monthly_cost)
        assert row["Apgādnieki, EUR"] == lv(line.financing.maintainers)
        assert row["Piešķirts"] == str(line.approved_units)
        assert row["Maksā"] == "mēnesī" and row["Lēmums"] == "piešķirts"
    assert "15,84" in [r["Apgādnieki, EUR"] for r in lines]
    monthly, one_off, period = table[-3:]
    assert monthly["Pakalpojums"] == "Kopā mēnesī"
    assert monthly["Summa, EUR"] == lv(budget.totals.monthly) == "958,57"
    assert one_off["Pakalpojums"] == "Vienreizēji (periodā)" and one_off["Summa, EUR"] == "0,00"
    assert period["Pakalpojums"] == "Periodā (12 mēn.)"
    assert period["Summa, EUR"] == lv(budget.totals.period_total)
    for row in table:  # Excel reads these as numbers: a decimal comma and no point
        for key in ("Summa, EUR", "Tarifs, EUR", "Klients, EUR"):
            assert "." not in row[key]


def test_refusals_and_cuts_are_rows_with_their_reasons(app: Flask) -> None:
    case = example("03-child-home-care-cap")  # home care cut from 250 h to 216 h
    worker = worker_of(app, case)
    table = as_dicts(excel_rows(download(worker, save(worker, case))[0]))
    home = next(r for r in table if r["Pakalpojums"] == "Aprūpe mājās")
    assert (home["Lēmums"], home["Pieprasīts"], home["Piešķirts"]) == ("samazināts", "250",
                                                                       "216")
    assert "216" in home["Iemesls"] and home["Mērvienība"] == "h"
    respite = next(r for r in table if "atelpas brīža" in r["Pakalpojums"])
    assert respite["Maksā"] == "vienreiz periodā"
    assert next(r for r in table if r["Pakalpojums"] == "Vienreizēji (periodā)")[
        "Summa, EUR"] == respite["Summa, EUR"]

    refused_case = example("05-no-support-plan")
    worker = worker_of(app, refused_case)
    budget = calculate(parse_case(refused_case), lang="lv")
    assert budget.refused
    table = as_dicts(excel_rows(download(worker, save(worker, refused_case))[0]))
    refused = [r for r in table if r["Lēmums"] == "atteikts"]
    assert [r["Pakalpojums"] for r in refused] == [r.title for r in budget.refused]
    for row, refusal in zip(refused, budget.refused, strict=True):
        assert row["Pieprasīts"] == str(refusal.requested_units) and row["Piešķirts"] == "0"
        assert row["Noteikumi"] == " ".join(r.rule for r in refusal.reasons)
        assert row["Iemesls"] == "; ".join(r.text for r in refusal.reasons)


def test_english_pages_give_english_words_in_the_same_excel_form(app: Flask) -> None:
    case = example("02-adult-left-vsac-money-follows")
    worker = worker_of(app, case)
    rows = excel_rows(download(worker, save(worker, case), lang="en")[0])
    assert rows[0][:4] == ["Case number", "Calculation date", "Service", "Decision"]
    table = as_dicts(rows)
    assert table[0]["Service"] == "Group apartment (house)" and table[0]["Decision"] == "granted"
    assert table[-3]["Service"] == "Total per month" and table[-3]["Cost, EUR"] == "958,57"


def test_no_cell_starts_a_formula(worker: FlaskClient) -> None:
    case = example("01-adult-esf-project")
    case["case_id"] = "-2-1"  # a valid case number that Excel would compute as -3
    rows = excel_rows(download(worker, save(worker, case))[0])
    assert {row[0] for row in rows[1:]} == {"'-2-1"}
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or PLAIN_NUMBER.match(cell), cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+371 2000", "-1+2", "@SUM(A1)",
                                  "\tx", "\r=1"])
def test_a_formula_is_made_text(text: str) -> None:
    assert safe_cell(text) == "'" + text
    cell = excel_csv([[text]]).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(cell, newline=""), delimiter=";")) == ["'" + text]


@pytest.mark.parametrize("text", ["Grupu dzīvoklis", "12,50", "", "E1 F2", "'quoted",
                                  "-12,50", "-3"])
def test_other_cells_are_left_as_they_are(text: str) -> None:
    assert safe_cell(text) == text


def test_a_missing_version_is_not_found(worker: FlaskClient) -> None:
    assert worker.get("/cases/NOPE/v/1/budget.csv").status_code == 404


def test_an_override_is_on_its_line_with_its_justification(worker: FlaskClient) -> None:
    case = example("01-adult-esf-project")
    location = save(worker, case)
    overridden = worker.post(f"{location}/override", data={
        "override.day_care_centre.units": "15",
        "override.day_care_centre.amount": "1 200,50",
        "override.day_care_centre.justification": "=Klientam vajag pavadoni katru dienu."})
    assert overridden.status_code == 302
    table = as_dicts(excel_rows(download(worker, overridden.headers["Location"])[0]))
    day_care = next(r for r in table if r["Pakalpojums"] == "Dienas aprūpes centrs")
    assert day_care["Nolemts: vienības"] == "15"
    assert day_care["Nolemts: summa mēnesī, EUR"] == "1200,50"
    assert day_care["Pamatojums"] == "'=Klientam vajag pavadoni katru dienu."  # not a formula
    others = [r for r in table if r["Pakalpojums"] != "Dienas aprūpes centrs"]
    assert all(r["Nolemts: vienības"] == r["Pamatojums"] == "" for r in others)


def test_the_decided_figures_are_the_budget_and_the_computed_stand_beside(
        worker: FlaskClient) -> None:
    """domain.md §13b: the file's amounts and totals are the decided budget's, and the
    computed units and amounts stand beside them as "aprēķināts" (issue 27, item 1)."""
    case = example("01-adult-esf-project")
    computed = calculate(parse_case(case), lang="lv")
    location = save(worker, case)
    overridden = worker.post(f"{location}/override", data={
        "override.day_care_centre.units": "15",
        "override.day_care_centre.amount": "1 200,50",
        "override.day_care_centre.justification": "Klientam vajag pavadoni katru dienu."})
    assert overridden.status_code == 302
    table = as_dicts(excel_rows(download(worker, overridden.headers["Location"])[0]))
    was = {line.title: line for line in computed.lines}
    day_care = next(r for r in table if r["Pakalpojums"] == "Dienas aprūpes centrs")
    line = was["Dienas aprūpes centrs"]
    assert (day_care["Piešķirts"], day_care["Summa, EUR"]) == ("15", "1200,50")
    assert day_care["Aprēķināts: piešķirts"] == str(line.approved_units) != "15"
    assert day_care["Aprēķināts: summa, EUR"] == lv(line.monthly_cost) != "1200,50"
    payers = ("ESF, EUR", "Valsts, EUR", "Pašvaldība, EUR", "Klients, EUR", "Apgādnieki, EUR")
    assert sum(Decimal(day_care[p].replace(",", ".")) for p in payers) == Decimal("1200.50")
    for row in table[:len(computed.lines)]:
        if row is not day_care:  # not decided otherwise: the computed figures twice
            assert row["Summa, EUR"] == row["Aprēķināts: summa, EUR"] == lv(
                was[row["Pakalpojums"]].monthly_cost)
    monthly = next(r for r in table if r["Pakalpojums"] == "Kopā mēnesī")
    decided_total = computed.totals.monthly - (line.monthly_cost or 0) + Decimal("1200.50")
    assert monthly["Summa, EUR"] == lv(decided_total)
    assert monthly["Aprēķināts: summa, EUR"] == lv(computed.totals.monthly)
    assert sum(Decimal(monthly[p].replace(",", ".")) for p in payers) == decided_total
    period = table[-1]
    assert period["Summa, EUR"] == lv(decided_total * computed.totals.period_months
                                      + computed.totals.one_off)
    assert period["Aprēķināts: summa, EUR"] == lv(computed.totals.period_total)
