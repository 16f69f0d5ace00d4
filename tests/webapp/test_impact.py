"""Policy staff see a draft's impact before it is published: the draft replayed over the
municipality's saved cases (or a synthetic population) beside the current version, as a
background job; how many budgets change, by how much, for whom, which rule or parameter made
each change, and the workers' overrides of the saved budgets beside the new figures."""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_currency
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import (
    HOME,
    PASSWORD,
    example,
    home_care_rate_rules,
    login,
    store,
    token_of,
    user_client,
)

from budget_engine import SOURCES, Calculator, RuleBook, load_rules

OTHER = "Ogres novads"
#: Saved in HOME (Jelgavas novads): two with home care, two without, on 2026-03-01.
HOME_CASES = {"JLG-1": "04-community-adult-copayment", "JLG-2": "08-child-care-and-assistant",
              "JLG-3": "05-no-support-plan", "JLG-4": "01-adult-esf-project"}
JUSTIFICATION = "Klientam pēc slimnīcas vajag vairāk aprūpes"


def case_of(number: str, name: str, municipality: str = HOME) -> dict[str, Any]:
    case = copy.deepcopy(example(name))
    case["case_id"], case["calculation_date"] = number, "2026-03-01"
    case["person"]["municipality"] = municipality
    return case


@pytest.fixture
def setting(app: Flask, tmp_path: Path) -> dict[str, Any]:
    """Saved cases in two municipalities (one with an override), and a draft by anna."""
    client = app.test_client()
    home = token_of(app, "jelgava-worker", municipality=HOME)
    other = token_of(app, "ogre-worker", municipality=OTHER)
    for number, name in HOME_CASES.items():
        saved = client.post("/api/v1/cases", json={"case": case_of(number, name)},
                            headers=home)
        assert saved.status_code == 201, saved.get_json()
    overridden = client.post("/api/v1/cases/JLG-1/versions", headers=home, json={
        "based_on_version": 1, "case": case_of("JLG-1", HOME_CASES["JLG-1"]),
        "overrides": [{"service": "home_care", "units": 30, "justification": JUSTIFICATION}]})
    assert overridden.status_code == 201, overridden.get_json()
    assert client.post("/api/v1/cases", headers=other, json={
        "case": case_of("OGR-1", "04-community-adult-copayment", OTHER)}).status_code == 201
    store(app).add_user("anna", PASSWORD, "policy")
    book = load_rules(home_care_rate_rules(tmp_path))
    draft = store(app).versions.draft(book, "Aprūpe mājās 4,40 €", "anna")
    return {"draft": draft, "book": book}


def finished(client: FlaskClient, url: str, seconds: float = 180) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url)
        assert page.status_code == 200, page.text
        if "notiek" not in page.text and "Gaida rindā" not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError(f"{url} still running after {seconds} s")


def started(client: FlaskClient, draft_id: int, **form: str) -> str:
    answer = client.post(f"/rules/drafts/{draft_id}/impact", data=form)
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


def expected(cases: list[dict[str, Any]], draft: RuleBook) -> dict[str, Any]:
    """The engine's own figures for these cases under the shipped rules and the draft."""
    before, after = Calculator(load_rules()), Calculator(draft)
    changed, by_source = 0, dict.fromkeys(SOURCES, Decimal(0))
    home_care: dict[str, tuple[Any, Any]] = {}
    for case in cases:
        old = before.calculate(before.parse(case))
        new = after.calculate(after.parse(case))
        figures = [(ln.service, ln.approved_units, ln.monthly_cost) for ln in old.lines]
        if (old.totals.monthly, figures) != (new.totals.monthly, [
                (ln.service, ln.approved_units, ln.monthly_cost) for ln in new.lines]):
            changed += 1
        for source in SOURCES:
            by_source[source] += (getattr(new.totals.by_source, source)
                                  - getattr(old.totals.by_source, source))
        for old_line, new_line in zip(old.lines, new.lines, strict=True):
            if old_line.service == "home_care":
                home_care[case["case_id"]] = (old_line.monthly_cost, new_line.monthly_cost)
    return {"changed": changed, "by_source": by_source, "home_care": home_care}


def run_order(app: Flask, url: str) -> dict[str, int]:
    """Each saved case's row number in a run, read where only the server reads it (the
    run's folder): case number -> line of the run's input."""
    folder = Path(app.instance_path) / "impact-jobs" / url.rsplit("/", 1)[1]
    saved = json.loads((folder / "saved.json").read_text(encoding="utf-8"))
    assert all("justification" not in o for record in saved for o in record["overrides"])
    return {record["case_id"]: line for line, record in enumerate(saved, start=1)}


def lv_money(amount: Decimal) -> str:
    text = str(format_currency(amount, "EUR", locale="lv"))
    return f"+{text}" if amount > 0 else text


def test_a_draft_raising_the_home_care_rate_over_the_municipalitys_saved_cases(
        app: Flask, setting: dict[str, Any]) -> None:
    draft = setting["draft"]
    client = user_client(app, "jelgava-policy", role="policy", municipality=HOME)
    form = client.get(f"/rules/drafts/{draft.id}/impact")
    assert form.status_code == 200 and "Aprūpe mājās 4,40 €" in form.text
    url = started(client, draft.id, source="saved")
    page = finished(client, url)
    assert "pabeigts" in page
    cases = [case_of(number, name) for number, name in HOME_CASES.items()]
    want = expected(cases, setting["book"])
    assert 0 < want["changed"] < len(cases)  # the rate matters to some of them only
    assert f"Mainās {want['changed']} no {len(cases)} budžetiem" in page
    # the cause, by its name and title, and no other
    assert "<code>rate.home_care</code></td><td>Aprūpe mājās – stundas tarifs</td>" \
        f"<td>{want['changed']}</td>" in page
    # by how much: each payer's change, as the engine computes it
    for source, amount in want["by_source"].items():
        if amount:
            assert lv_money(amount) in page, (source, amount)
    # the overridden line, with the flag: the new rate computes it otherwise
    assert "piešķīrums labots ar roku; jaunais aprēķins atšķiras" in page
    assert "Saglabātie budžeti ar roku labotām rindām: 1; labotās rindas: 1;" in page
    # data minimisation (domain.md §13b): no case number, no justification, no target
    # groups per case anywhere the policy user reads the run; the aggregates by group stay
    assert JUSTIFICATION not in page and not any(number in page for number in HOME_CASES)
    assert "OGR-1" not in page and 'href="/cases/' not in page
    assert "Mainītie budžeti pēc mērķa grupas" in page
    # the rows are the run's: each row's line is its number in this run's own order
    number_of = run_order(app, url)
    assert sorted(number_of) == sorted(HOME_CASES)
    downloaded = client.get(f"{url}/rows.jsonl").get_data(as_text=True)
    rows = [json.loads(line) for line in downloaded.splitlines()]
    assert sorted(row["line"] for row in rows) == list(range(1, len(HOME_CASES) + 1))
    assert all(row["case_id"] is None for row in rows)
    assert all("target_groups" not in row[side] for row in rows for side in ("base", "reform"))
    assert JUSTIFICATION not in downloaded and "justification" not in downloaded
    assert not any(number in downloaded for number in HOME_CASES)
    case_of_row = {line: number for number, line in number_of.items()}
    for row in rows:
        old_cost, new_cost = want["home_care"].get(case_of_row[row["line"]], (None, None))
        if old_cost is not None:
            assert row["changed_by"] == ["rate.home_care"]
            line = next(ln for ln in row["reform"]["lines"] if ln["service"] == "home_care")
            assert Decimal(line["monthly_cost"]) == new_cost
        else:
            assert row["changed_by"] == []
    # the overrides travel with the rows: computed vs overridden, who, and the flag
    row_number = number_of["JLG-1"]
    overridden = next(row for row in rows if row["line"] == row_number)
    [override] = overridden["saved"]["overrides"]
    assert override["units"] == 30 and "justification" not in override
    assert override["by"] == "jelgava-worker" and override["flagged"] is True
    assert Decimal(override["base_cost"]) == want["home_care"]["JLG-1"][0]
    assert Decimal(override["draft_cost"]) == want["home_care"]["JLG-1"][1]
    assert overridden["saved"]["version"] == 2
    saved = app.test_client().get("/api/v1/cases/JLG-1", headers=token_of(
        app, "jelgava-worker")).get_json()["budget"]
    saved_line = next(ln for ln in saved["lines"] if ln["service"] == "home_care")
    assert override["computed_units"] == saved_line["approved_units"]
    assert Decimal(override["computed_amount"]) == Decimal(saved_line["monthly_cost"])
    assert Decimal(override["decided_cost"]) == Decimal(saved_line["rate"]) * 30
    assert all(row["saved"]["overrides"] == [] for row in rows if row["line"] != row_number)
    # the page lists the override under the same row number
    listed = page[page.index('<table class="overrides">'):]
    assert f'<tr class="flagged"><td>{row_number}</td><td>2</td>' in listed
    # the report lists them too, by the row number, without a case number or a reason
    report = client.get(f"{url}/report.html?view=1").get_data(as_text=True)
    assert "Ar roku labotie piešķīrumi: 1 budžeti, 1 rindas (1 atzīmētas)" in report
    assert f"<tr><td>{row_number}</td><td>2</td><td>Aprūpe mājās</td>" in report
    assert JUSTIFICATION not in report and "Pamatojums" not in report
    assert not any(number in report for number in HOME_CASES)
    assert "http://" not in report.replace("http://www.w3.org", "")
    # and the aggregates CSV (Latvian Excel), after the totals: the row, what was decided,
    # both costs (not why)
    csv_text = client.get(f"{url}/summary.csv").get_data().decode("utf-8-sig")
    [line] = [ln for ln in csv_text.split("\r\n") if ln.startswith("Ar roku labotie")]
    old_cost, new_cost = want["home_care"]["JLG-1"]
    assert line == (f"Ar roku labotie piešķīrumi;\"rinda {row_number} v2 · Aprūpe mājās: "
                    f"labots 30 · {Decimal(override['decided_cost']):.2f} € "
                    "(piešķīrums labots ar roku; jaunais aprēķins atšķiras)\";"
                    f"{old_cost:.2f};{new_cost:.2f};{new_cost - old_cost:.2f}"
                    ).replace(".", ",")
    assert csv_text.startswith("sadaļa;rādītājs;")
    assert JUSTIFICATION not in csv_text and not any(n in csv_text for n in HOME_CASES)
    # every case read is in the audit log, under the policy user's name
    replayed = store(app).audit.entries(user="jelgava-policy")
    assert sorted(e.case_id for e in replayed if e.action == "replayed") == sorted(HOME_CASES)


def test_who_may_see_which_impact(app: Flask, setting: dict[str, Any]) -> None:
    draft_id = setting["draft"].id
    for role in ("social_worker", "evaluator", "supervisor", "admin"):
        client = app.test_client()
        assert login(client, role).status_code == 302
        assert client.get(f"/rules/drafts/{draft_id}/impact").status_code == 403
        assert client.post(f"/rules/drafts/{draft_id}/impact",
                           data={"source": "saved"}).status_code == 403
    national = app.test_client()
    assert login(national, "policy").status_code == 302
    assert national.get("/rules/drafts/999/impact").status_code == 404
    everyone = started(national, draft_id, source="saved", municipality="*")
    finished(national, everyone)
    rows = [json.loads(line) for line in national.get(f"{everyone}/rows.jsonl").get_data(
        as_text=True).splitlines()]
    assert sorted(row["municipality"] for row in rows) == sorted([HOME] * 4 + [OTHER])
    assert sorted(run_order(app, everyone)) == sorted([*HOME_CASES, "OGR-1"])
    municipal = user_client(app, "jelgava-policy", role="policy", municipality=HOME)
    # another municipality's cases are refused; the national run is not there for them
    refused = municipal.post(f"/rules/drafts/{draft_id}/impact",
                             data={"source": "saved", "municipality": OTHER})
    assert refused.status_code == 422
    assert "Izvēlieties pašvaldību, kuras saglabātās lietas drīkstat pārrēķināt." in refused.text
    assert municipal.get(everyone).status_code == 404
    assert municipal.get(f"{everyone}/rows.jsonl").status_code == 404
    listing = municipal.get(f"/rules/drafts/{draft_id}/impact").text
    assert everyone.rsplit("/", 1)[1] not in listing
    # the second policy user deciding on the draft reads the author's run
    assert everyone.rsplit("/", 1)[1] in user_client(
        app, "berzs", role="policy", municipality=None).get(
        f"/rules/drafts/{draft_id}/impact").text


def test_a_synthetic_population_and_mistakes_named(app: Flask,
                                                   setting: dict[str, Any]) -> None:
    draft_id = setting["draft"].id
    client = app.test_client()
    assert login(client, "policy").status_code == 302
    wrong = client.post(f"/rules/drafts/{draft_id}/impact",
                        data={"source": "profile", "profile": "vsac-2015", "n": "nulle"})
    assert wrong.status_code == 422 and "Vesels skaitlis no 1 līdz 200 000." in wrong.text
    assert 'value="nulle"' in wrong.text
    empty = client.post(f"/rules/drafts/{draft_id}/impact",
                        data={"source": "saved", "municipality": "Rīga"})
    assert empty.status_code == 422 and "Tai vēl nav saglabātu lietu" in empty.text
    url = started(client, draft_id, source="profile", profile="vsac-2015", n="120", seed="2",
                  on_date="01.01.2026")
    page = finished(client, url)
    lines = client.get(f"{url}/rows.jsonl").get_data(as_text=True).splitlines()
    rows = [json.loads(line) for line in lines]
    # rows of no saved case are kept as the command wrote them: json.dumps's bytes
    assert lines == [json.dumps(row, ensure_ascii=False) for row in rows]
    budgets = [row for row in rows if "error" not in row]
    assert len(rows) == 120 and {row["calculation_date"] for row in budgets} == {"2026-01-01"}
    changed = [row for row in rows if row.get("changed")]
    assert changed and all(row["changed_by"] == ["rate.home_care"] for row in changed)
    assert f"Mainās {len(changed)} no {len(budgets)} budžetiem" in page
    assert "sakrīt ar pašreizējiem noteikumiem" not in page  # the draft is in force then
    # for whom (summed by the replay's workers): each planning region's changed budgets
    # and their change, as the rows say
    where: dict[str, list[Any]] = {}
    for row in changed:
        entry = where.setdefault(row.get("region") or "", [0, Decimal(0)])
        entry[0] += 1
        entry[1] += Decimal(row["difference"]["monthly"])
    regions = load_rules().regions
    for code, (count, total) in where.items():
        label = regions.get(code, {}).get("lv", "") or "—"
        assert f'<th scope="row">{label}</th><td>{count}</td><td>{lv_money(total)}</td>' \
            in page, (code, count, total)
    if len(budgets) < 120:  # a municipality merged away by then: named, not dropped
        assert f"{120 - len(budgets)} lietas nevarēja aprēķināt" in page
    assert "Ar roku labots" not in page  # a synthetic population has no saved decisions


def test_every_case_on_a_chosen_day(app: Flask, setting: dict[str, Any]) -> None:
    """The draft's rate is in force from 2025-01-01: on 31.12.2024 no budget changes; on the
    cases' own day (2026) some do. A date that is no date is named and kept as typed."""
    draft_id = setting["draft"].id
    client = user_client(app, "jelgava-policy", role="policy", municipality=HOME)
    wrong = client.post(f"/rules/drafts/{draft_id}/impact",
                        data={"source": "saved", "on_date": "31.02.2024"})
    assert wrong.status_code == 422 and 'value="31.02.2024"' in wrong.text
    assert "Aprēķina datums: Datums, piemēram, 01.01.2027" in wrong.text
    url = started(client, draft_id, source="saved", on_date="31.12.2024")
    page = finished(client, url)
    assert f"Mainās 0 no {len(HOME_CASES)} budžetiem" in page and "31.12.2024" in page
    # and the page says why: on that day the draft stands as the current rules
    assert ("31.12.2024 melnraksts vēl sakrīt ar pašreizējiem noteikumiem: tā izmaiņas ir "
            "spēkā no 01.01.2025. Izvēlētajā datumā neviens budžets nevar mainīties.") in page
    english = client.get(f"{url}?lang=en").text
    assert ("On 2024-12-31 the draft stands as the current rules: its changes apply from "
            "2025-01-01.") in english
    rows = [json.loads(line) for line in client.get(f"{url}/rows.jsonl").get_data(
        as_text=True).splitlines()]
    assert {row["calculation_date"] for row in rows} == {"2024-12-31"}
    assert all(row["changed_by"] == [] for row in rows)
    # the override is listed, not flagged: the computed figure is the same under both
    assert ("Saglabātie budžeti ar roku labotām rindām: 1; labotās rindas: 1; no tām jaunais "
            "aprēķins atšķiras: 0") in page
    # a run not summed up (broken off before impact.json) offers no file: its rows.jsonl
    # would be the replay's own, with case numbers and target groups
    folder = Path(app.instance_path) / "impact-jobs" / url.rsplit("/", 1)[1]
    (folder / "rows.jsonl").write_text(json.dumps({"line": 1, "case_id": "JLG-1"}) + "\n",
                                       encoding="utf-8")
    (folder / "impact.json").unlink()
    for name in ("rows.jsonl", "summary.csv", "report.html"):
        assert client.get(f"{url}/{name}").status_code == 404
    assert "rows.jsonl" not in client.get(url).text


def test_the_row_numbers_are_a_random_order_of_the_run() -> None:
    """A row's number is its place in an order drawn at random for the run: not the order of
    the case numbers (the saved cases come sorted by them), nor the same in two runs."""
    from budget_web.policy.impact import pseudonymous_order

    cases: list[Any] = [f"JLG-{n:03}" for n in range(60)]
    first, second = pseudonymous_order(cases), pseudonymous_order(cases)
    assert sorted(first) == cases and sorted(second) == cases
    assert first != cases and second != first  # each 1 in 60! to fail by chance


def test_the_municipality_chooser_lists_todays_and_those_with_saved_cases(
        app: Flask, setting: dict[str, Any]) -> None:
    """Not every name the list ever had: the municipalities of today (42 from 2025-07-01)
    and any other that has saved cases; the back link leads to the draft."""
    national = app.test_client()
    assert login(national, "policy").status_code == 302
    page = national.get(f"/rules/drafts/{setting['draft'].id}/impact").text
    chooser = page[page.index('name="municipality"'):page.index("</select>",
                                                                 page.index('name="municipality"'))]
    options = chooser.count("<option") - 1  # less "all municipalities"
    assert f'<option value="{HOME}"' in chooser and f'<option value="{OTHER}"' in chooser
    assert "Aglonas novads" not in chooser  # merged into Preiļu novads in 2021
    assert options == 42
    assert f'href="/rules/drafts/{setting["draft"].id}"' in page
