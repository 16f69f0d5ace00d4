"""Parameter tables round-trip with Excel: `rules export-xlsx` writes a workbook (numbers as
numbers, dates as dates); `rules import-xlsx` refuses it unchanged, turns a new dated row of
`rate.home_care` into a draft whose `rules diff` names exactly that change, and refuses a
text in a number cell naming the sheet and cell; a zip bomb is refused before it is read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from openpyxl import load_workbook
from web_helpers import PASSWORD, store

from budget_engine import load_rules, rules_diff, write_parameter_workbook
from budget_engine.rulebook.loader import default_rules_dir
from budget_web.cli import build_cli
from budget_web.policy.workbooks import (
    WorkbookLimits,
    WorkbookRefused,
    changed_rows,
    edited_files,
)
from budget_web.rulebooks import rule_files, write_files


def run(*args: str, password: str | None = None) -> Result:
    return CliRunner().invoke(build_cli(), list(args),
                              input=None if password is None else password + "\n")


def _exported(app: Flask, tmp_path: Path) -> Path:
    target = tmp_path / "parametri.xlsx"
    done = run("rules", "export-xlsx", str(target))
    assert done.exit_code == 0, done.output
    return target


def _home_care_row(path: Path) -> int:
    sheet = load_workbook(path)["Likmes"]
    return next(row for row in range(2, sheet.max_row + 1)
                if sheet.cell(row, 1).value == "rate.home_care")


def test_the_export_has_excel_numbers_and_dates(app: Flask, tmp_path: Path) -> None:
    book = load_workbook(_exported(app, tmp_path))
    sheet = book["Likmes"]
    assert [c.value for c in sheet[1]] == ["Parametrs", "Nosaukums", "Spēkā no", "Atslēga",
                                          "Vērtība", "Mērvienība", "Atsauce"]
    row = _home_care_row(tmp_path / "parametri.xlsx")
    assert sheet.cell(row, 2).value == "Aprūpe mājās – stundas tarifs"
    assert sheet.cell(row, 3).value == dt.datetime(2015, 12, 22)
    assert sheet.cell(row, 4).value is None  # a single value has no key
    assert sheet.cell(row, 5).value == pytest.approx(3.83)
    assert sheet.cell(row, 5).data_type == "n" and sheet.cell(row, 6).value == "EUR/h"
    rules = load_rules()
    # a row per value, a table value a row per key (a package per level and service)
    assert sum(sheet.max_row - 1 for sheet in book.worksheets) == sum(
        sum(len(v.value) if p.kind in ("amount_table", "band_table", "share_table") else
            sum(len(units) for units in v.value.values()) if p.kind == "package" else 1
            for v in p.values) for p in rules.parameters.parameters.values())


def test_unchanged_refused_a_new_row_drafted_and_a_text_refused_by_its_cell(
        app: Flask, tmp_path: Path) -> None:
    for name in ("anna", "berzs"):
        store(app).add_user(name, PASSWORD, "policy")
    path = _exported(app, tmp_path)
    same = run("rules", "import-xlsx", str(path), "--label", "Nekas", "--user", "anna",
               password=PASSWORD)
    assert same.exit_code == 1
    assert "Darbgrāmata neko nemaina: melnraksts netika izveidots." in same.output
    assert [v.status for v in store(app).versions.all()] == ["published"]

    book = load_workbook(path)
    sheet = book["Likmes"]
    sheet.append(["rate.home_care", "Aprūpe mājās – stundas tarifs", dt.date(2026, 1, 1),
                  None, 4.1, "EUR/h", "MK noteikumi Nr. 800"])
    broken = tmp_path / "kluda.xlsx"
    sheet.cell(sheet.max_row, 5).value = "4,1x"
    book.save(broken)
    refused = run("rules", "import-xlsx", str(broken), "--label", "Kļūda", "--user", "anna",
                  password=PASSWORD)
    assert refused.exit_code == 1
    assert (f"Likmes!E{sheet.max_row}: vērtībai jābūt skaitlim, bet šūnā ir teksts “4,1x”."
            in refused.output), refused.output

    sheet.cell(sheet.max_row, 5).value = 4.1
    book.save(path)
    done = run("rules", "import-xlsx", str(path), "--label", "Aprūpe mājās 2026", "--user",
               "anna", password=PASSWORD)
    assert done.exit_code == 0, done.output
    draft_id, version = done.output.splitlines()[-1].split("\t")[:2]
    record = store(app).versions.get(int(draft_id))
    assert record is not None and (record.status, record.label) == ("submitted",
                                                                   "Aprūpe mājās 2026")
    current = store(app).versions.published()[0].version
    diff = run("rules", "diff", current, version)
    assert diff.output.splitlines() == [("Aprūpe mājās – stundas tarifs (rate.home_care): "
                                         "3,83\u00a0€/h → 4,10\u00a0€/h no 01.01.2026")]


def test_a_workbook_is_bounded_before_it_is_read(app: Flask) -> None:
    rules = load_rules()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)
    assert len(bomb.getvalue()) < 20_000
    with pytest.raises(WorkbookRefused, match="atpakota ir pārāk liela"):
        changed_rows(rules, bomb.getvalue(), WorkbookLimits(unpacked_bytes=1_000_000))
    with pytest.raises(WorkbookRefused, match=r"Fails nav Excel darbgrāmata \(\.xlsx\)"):
        changed_rows(rules, b"Parametrs;Vertiba\n", WorkbookLimits())
    with pytest.raises(WorkbookRefused, match="lielāka par 10 baitiem"):
        changed_rows(rules, b"x" * 11, WorkbookLimits(file_bytes=10))


def test_the_policy_pages_download_and_upload_a_workbook(app: Flask, tmp_path: Path) -> None:
    from web_helpers import user_client
    anna = user_client(app, "anna", "policy", None)
    assert user_client(app, "worker").get("/rules/workbook.xlsx").status_code in (302, 403)
    got = anna.get("/rules/workbook.xlsx")
    assert got.status_code == 200 and got.data[:2] == b"PK"
    assert "parametri-versija-1.xlsx" in got.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(got.data))
    sheet = book["Likmes"]
    sheet.append(["rate.home_care", "Aprūpe mājās – stundas tarifs", dt.date(2026, 1, 1),
                  None, "četri", "EUR/h", None])
    broken = io.BytesIO()
    book.save(broken)
    refused = anna.post("/rules/workbook", data={
        "label": "Aprūpe", "workbook": (io.BytesIO(broken.getvalue()), "p.xlsx")},
        content_type="multipart/form-data")
    assert refused.status_code == 422
    assert (f"Likmes!E{sheet.max_row}: vērtībai jābūt skaitlim, bet šūnā ir teksts “četri”."
            in refused.text)
    sheet.cell(sheet.max_row, 5).value = 4.25
    fixed = io.BytesIO()
    book.save(fixed)
    app.config["PARAMETER_WORKBOOK_MAX_BYTES"] = 100
    large = anna.post("/rules/workbook", data={
        "label": "Aprūpe", "workbook": (io.BytesIO(fixed.getvalue()), "p.xlsx")},
        content_type="multipart/form-data")
    assert large.status_code in (413, 422)
    app.config["PARAMETER_WORKBOOK_MAX_BYTES"] = 2 * 1024 * 1024
    done = anna.post("/rules/workbook", data={
        "label": "Aprūpe 4,25", "workbook": (io.BytesIO(fixed.getvalue()), "p.xlsx")},
        content_type="multipart/form-data")
    assert done.status_code == 302, done.text
    page = anna.get(done.headers["Location"]).text
    assert ("Aprūpe mājās – stundas tarifs (rate.home_care): "
            "3,83\u00a0€/h → 4,25\u00a0€/h no 01.01.2026") in page


def _rows_of(sheet: Any, name: str) -> list[int]:
    return [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == name]


def test_a_table_parameter_is_rows_with_keys_and_round_trips(tmp_path: Path) -> None:
    """A table value (rates by tier) is a row per key, each value an Excel number; the
    export read back unchanged is no change; one changed cell is a draft whose diff names
    exactly that change; a text in a table's number cell, a key left out or written twice
    is refused by its cell."""
    rules = load_rules()
    target = tmp_path / "p.xlsx"
    write_parameter_workbook(rules, target)
    book = load_workbook(target)
    sheet = book["Likmes"]
    rows = _rows_of(sheet, "rate.day_care_centre")
    assert [(sheet.cell(r, 4).value, sheet.cell(r, 5).value, sheet.cell(r, 5).data_type)
            for r in rows] == [("standard", pytest.approx(16.24), "n"),
                               ("intensive", pytest.approx(19.28), "n")]
    bands = book["Novērtējums"]
    band_rows = _rows_of(bands, "assessment.level_bands")
    assert [bands.cell(r, 4).value for r in band_rows] == [1, 2, 3, 4]
    package_keys = [bands.cell(r, 4).value for r in _rows_of(bands, "indicative.package")]
    assert package_keys and all(" / " in key for key in package_keys)

    with pytest.raises(WorkbookRefused, match="neko nemaina"):
        changed_rows(rules, target.read_bytes())

    # the same tier rate from a new date, one cell changed: one dated value, both tiers
    for row in rows:
        sheet.append([sheet.cell(row, c).value for c in range(1, 8)])
        sheet.cell(sheet.max_row, 3).value = dt.date(2026, 7, 1)
    sheet.cell(sheet.max_row - 1, 5).value = 17
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    [row] = changed_rows(rules, changed.read_bytes())
    assert (row.name, row.valid_from, row.value) == (
        "rate.day_care_centre", dt.date(2026, 7, 1), {"standard": "17.00", "intensive": "19.28"})
    drafted = tmp_path / "rules"
    write_files(edited_files(rule_files(default_rules_dir()), [row]), drafted)
    assert [c.lv for c in rules_diff(rules, load_rules(drafted))] == [
        "Dienas aprūpes centrs – dienas tarifs (rate.day_care_centre): standarta: "
        "16,24\u00a0€ dienā; intensīvais: 19,28\u00a0€ dienā → standarta: 17,00\u00a0€ dienā; "
        "intensīvais: 19,28\u00a0€ dienā no 01.07.2026"]

    # a changed cell of the existing table: that value changes, the other tier stays
    book = load_workbook(target)
    sheet = book["Likmes"]
    sheet.cell(rows[1], 5).value = 20.5
    book.save(changed)
    [row] = changed_rows(rules, changed.read_bytes())
    assert (row.valid_from, row.value) == (dt.date(2015, 12, 22),
                                           {"standard": "16.24", "intensive": "20.50"})

    # problems by sheet and cell, in Latvian
    sheet.cell(rows[1], 5).value = "divdesmit"
    book.save(changed)
    with pytest.raises(WorkbookRefused) as caught:
        changed_rows(rules, changed.read_bytes())
    assert caught.value.problems == [
        f"Likmes!E{rows[1]}: vērtībai jābūt skaitlim, bet šūnā ir teksts “divdesmit”."]
    sheet.cell(rows[1], 5).value = 19.28
    sheet.cell(rows[1], 4).value = "standard"
    book.save(changed)
    with pytest.raises(WorkbookRefused) as caught:
        changed_rows(rules, changed.read_bytes())
    assert caught.value.problems == [
        f"Likmes!D{rows[1]}: atslēga “standard” no 22.12.2015 ir divreiz."]
    sheet.delete_rows(rows[1])
    book.save(changed)
    with pytest.raises(WorkbookRefused) as caught:
        changed_rows(rules, changed.read_bytes())
    assert caught.value.problems == [
        "Likmes: tabulā “rate.day_care_centre” no 22.12.2015 nav rindas “intensive”; tabulas "
        "rindas izņem noteikumu failos, ne darbgrāmatā."]
