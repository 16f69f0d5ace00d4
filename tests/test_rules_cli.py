"""`rules export | diff | show`: a policy officer exports the rules, edits a copy and reads
the difference in words; a reviewer reads what is in force on a date."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from budget_engine.cli.commands import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def exported(tmp_path: Path) -> Path:
    target = tmp_path / "draft"
    result = run("rules", "export", str(target))
    assert result.exit_code == 0, result.output
    assert "16 files of 2026.11-1+sha256:" in result.output
    return target


def insert_after(path: Path, anchor: str, line: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, text in enumerate(lines) if anchor in text)
    lines.insert(at + 1, line)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_new_rate_from_a_date_is_named_exactly(tmp_path: Path) -> None:
    draft = exported(tmp_path)
    insert_after(draft / "parameters" / "rates.yaml", 'value: "3.83"',
                 '      - {from: 2026-01-01, value: "4.10"}')
    lv = run("rules", "diff", str(draft.parent / "draft"), str(draft))
    assert lv.output.strip() == "Izmaiņu nav."
    shipped = run("rules", "export", str(tmp_path / "shipped"))
    assert shipped.exit_code == 0
    lv = run("rules", "diff", str(tmp_path / "shipped"), str(draft))
    assert lv.exit_code == 0, lv.output
    assert lv.output.splitlines() == [("Aprūpe mājās – stundas tarifs (rate.home_care): "
                                       "3,83\u00a0€/h → 4,10\u00a0€/h no 01.01.2026")]
    en = run("rules", "diff", str(tmp_path / "shipped"), str(draft), "--lang", "en")
    assert en.output.splitlines() == [("Home care – hourly rate (rate.home_care): 3.83\u00a0€/h → "
                                       "4.10\u00a0€/h from 2026-01-01")]


def test_a_changed_condition_and_a_switched_off_duty(tmp_path: Path) -> None:
    shipped = exported(tmp_path)
    draft = tmp_path / "edited"
    assert run("rules", "export", str(draft)).exit_code == 0
    eligibility = draft / "eligibility.yaml"
    text = eligibility.read_text(encoding="utf-8")
    assert "disability_group: {in: [I, II]}" in text
    eligibility.write_text(text.replace("disability_group: {in: [I, II]}",
                                        "disability_group: {in: [I, II, III]}", 1),
                           encoding="utf-8")
    params = draft / "parameters"
    switch = next(p for p in params.glob("*.yaml")
                  if "copayment.maintainers_obliged:" in p.read_text(encoding="utf-8"))
    lines = switch.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if "copayment.maintainers_obliged:" in line)
    at = next(i for i in range(start, len(lines)) if "value: true" in lines[i])
    lines.insert(at + 1, "      - {from: 2027-01-01, value: false}")
    switch.write_text("\n".join(lines), encoding="utf-8")
    result = run("rules", "diff", str(shipped), str(draft))
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert ("Apgādnieku pienākums maksāt (copayment.maintainers_obliged): jā → "
            "nē no 01.01.2027") in out
    assert any(line.endswith(": nosacījums mainīts") for line in out), out
    # the condition as it was and as it will be, in words (issue 29)
    was = next(line for line in out if line.startswith("    bija: "))
    now = next(line for line in out if line.startswith("    būs: "))
    assert "invaliditātes grupa ir I vai II" in was and "III" not in was
    assert "invaliditātes grupa ir I, II vai III" in now
    assert len(out) == 4, out


def test_export_refuses_a_directory_with_files(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    result = run("rules", "export", str(tmp_path / "busy"))
    assert result.exit_code != 0
    assert "not empty" in result.output


def test_a_broken_draft_is_named_with_file_and_line(tmp_path: Path) -> None:
    draft = exported(tmp_path)
    insert_after(draft / "parameters" / "rates.yaml", 'value: "3.83"',
                 '      - {from: 2026-01-01, value: "4,10"}')
    result = run("rules", "diff", "rules", str(draft))
    assert result.exit_code == 1
    assert "rates.yaml:" in result.output and "decimal comma" in result.output


def test_show_lists_rules_and_values_in_force_on_a_date() -> None:
    text = run("rules", "show", "--date", "2023-06-01")
    assert text.exit_code == 0, text.output
    assert "NOTEIKUMI" in text.output and "Tiesiskais pamats:" in text.output
    data = json.loads(run("rules", "show", "--date", "2023-06-01", "--format", "json",
                          "--lang", "en").output)
    values = {p["name"]: p for p in data["parameters"]}
    assert values["rate.assistant"]["value"] == "5.11"
    assert values["rate.assistant"]["valid_from"] == "2023-04-01"
    rules = {r["id"]: r for r in data["rules"]}
    assert rules["E8"]["legal_basis"] and rules["E8"]["in_force"]
    markdown = run("rules", "show", "--date", "2023-06-01", "--format", "markdown")
    assert markdown.output.startswith("# 2026.11-1+sha256:")
    assert "| Asistenta pakalpojums – stundas tarifs (rate.assistant) | 5,11\u00a0€/h (no " \
        "01.04.2023) |" in markdown.output


def _outside_parentheses(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


def test_show_in_latvian_says_everything_in_words() -> None:
    """Issue 29: no JSON, no fact code and no parameter code outside parentheses; every
    rule's condition a sentence."""
    from budget_engine import ALL_FACTS, load_rules

    result = run("rules", "show", "--lang", "lv", "--date", "2026-06-01")
    assert result.exit_code == 0, result.output
    book = load_rules()
    lines = result.output.splitlines()
    conditions = [line for line in lines if line.strip().startswith("Nosacījums:")]
    assert len(conditions) == sum(1 for r in book.all_rules() if r.in_force(dt.date(2026, 6, 1))
                                  ) or len(conditions) == len(list(book.all_rules()))
    for line in conditions:
        sentence = line.split("Nosacījums: ", 1)[1]
        assert sentence[:2] in ("Ja", "Vi") and sentence.endswith("."), line
    assert "Aprūpe mājās – stundas tarifs (rate.home_care): 3,83\u00a0€/h (no " in result.output
    for line in lines:
        if line.strip().startswith("Tiesiskais pamats:") or "—" in line[:60] and "sha256" in line:
            continue  # the acts' own words, and the version's technical id
        assert not re.search(r"[{}\[\]]", line), line
        shown = _outside_parentheses(line)
        for code in [*ALL_FACTS, *book.parameters.parameters]:
            assert not re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", shown), (code, line)


def _outside_parentheses(text: str) -> str:
    while True:
        stripped = re.sub(r"\([^()]*\)", "", text)
        if stripped == text:
            return text
        text = stripped


def test_the_diff_in_latvian_reads_in_words_and_latvian_formats(tmp_path: Path) -> None:
    """Issue 29: a parameter by its Latvian title (the code only in parentheses), dates as
    `01.01.2026`, money as `4,10 €/h`, a table and a switch in words; a changed text and
    condition shown as they were and as they will be."""
    from budget_engine.rulebook.fact_catalogue import all_facts
    from budget_engine.rulebook.loader import load_rules

    shipped = exported(tmp_path)
    draft = tmp_path / "edited"
    assert run("rules", "export", str(draft)).exit_code == 0
    rates = draft / "parameters" / "rates.yaml"
    insert_after(rates, 'value: "3.83"', '      - {from: 2026-01-01, value: "4.10"}')
    insert_after(rates, 'value: {standard: "16.24", intensive: "19.28"}',
                 '      - {from: 2026-07-01, value: {standard: "17.00", intensive: "19.28"}}')
    financing = draft / "parameters" / "financing.yaml"
    insert_after(financing, "value: 2024-01-01", "      - {from: 2026-01-01, value: 2027-01-01}")
    insert_after(financing, "value: true", "      - {from: 2027-01-01, value: false}")
    eligibility = draft / "eligibility.yaml"
    text = eligibility.read_text(encoding="utf-8")
    eligibility.write_text(
        text.replace("disability_group: {in: [I, II]}", "disability_group: {in: [I, II, III]}", 1)
        .replace("Atbalsta grupu piešķir DI mērķa grupu personām (", "Atbalsta grupu piešķir "
                 "visām DI mērķa grupu personām (", 1), encoding="utf-8")

    result = run("rules", "diff", str(shipped), str(draft), "--lang", "lv")
    assert result.exit_code == 0, result.output
    out = result.output
    lines = out.splitlines()
    assert "Aprūpe mājās – stundas tarifs (rate.home_care): 3,83\u00a0€/h → 4,10\u00a0€/h no " \
           "01.01.2026" in lines
    assert "Dienas aprūpes centrs – dienas tarifs (rate.day_care_centre): standarta: " \
           "16,24\u00a0€ dienā; intensīvais: 19,28\u00a0€ dienā → standarta: 17,00\u00a0€ " \
           "dienā; intensīvais: 19,28\u00a0€ dienā no 01.07.2026" in lines
    assert "DI projektu beigu datums (ne ieskaitot) (f1.ends_on): 01.01.2024 → 01.01.2027 no " \
           "01.01.2026" in lines
    assert "Apgādnieku pienākums maksāt (copayment.maintainers_obliged): jā → nē no " \
           "01.01.2027" in lines
    # the changed text, old beside new
    at = lines.index("E6: teksts mainīts")
    assert lines[at + 1] == ("    bija: Atbalsta grupu piešķir DI mērķa grupu personām (bērnam "
                             "ar funkcionāliem traucējumiem – arī likumiskajam pārstāvim).")
    assert lines[at + 2].startswith("    būs: Atbalsta grupu piešķir visām DI mērķa grupu")
    # no ISO date, no decimal point in a number, no bare code outside parentheses
    assert not re.search(r"\d{4}-\d\d-\d\d", out), out
    assert not re.search(r"\d\.\d", re.sub(r"\b\d\d\.\d\d\.\d{4}\b", "", out)), out
    book = load_rules()
    codes = [*book.parameters.parameters, *all_facts(book.services), *book.services]
    bare = _outside_parentheses(out)
    assert [code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])",
                                                bare)] == []
