"""Any two saved versions of a case side by side (issue 11, item 11): per service the units
requested and granted, the cost and who pays in each version and the difference; the case's
fields that differ, by their labels and in the page's formats; rules, who saved and when,
overrides and sign-off of each. Scoped and audited like every case page."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest
from a11y_checks import Node, parse
from babel.numbers import format_currency
from engine import parse_and_calculate
from flask import Flask
from flask.testing import FlaskClient
from test_cases_pages import form_of
from web_helpers import example, store, user_client

CASE = "JELG-2021-0007"
COMPARE = f"/cases/{CASE}/compare"
MINUS = "\u2212"


def lv_money(amount: Any) -> str:
    return str(format_currency(Decimal(str(amount)), "EUR", locale="lv"))


def en_money(amount: Any) -> str:
    return str(format_currency(Decimal(str(amount)), "EUR", locale="en"))


def text_of(node: Node) -> str:
    """The text inside as a reader sees it (no-break spaces kept, other spaces collapsed)."""
    parts = [child if isinstance(child, str) else text_of(child) for child in node.children]
    return re.sub(r"[ \t\r\n]+", " ", "".join(parts)).strip()


def tables(html: str) -> dict[str, list[list[str]]]:
    """Each table of the page by its caption (or first header), as rows of cell texts."""
    found: dict[str, list[list[str]]] = {}

    def walk(node: Node) -> None:
        if node.tag == "table":
            captions = [n for n in node.walk() if n.tag == "caption"]
            rows = [[text_of(cell) for cell in tr.walk() if cell.tag in ("th", "td")]
                    for tr in node.walk() if tr.tag == "tr"]
            found[text_of(captions[0]) if captions else rows[0][0]] = rows
            return
        for child in node.children:
            if isinstance(child, Node):
                walk(child)

    walk(parse(html))
    return found


def row(table: list[list[str]], label: str) -> list[str]:
    return next(r[1:] for r in table if r and r[0] == label)


def edited(case: dict[str, Any]) -> dict[str, Any]:
    """Version 2 of the adult case: fewer day-centre days, a higher income, needy status,
    disability group I and respite asked for."""
    case = copy.deepcopy(case)
    case["requested_services"][1]["units"] = 10
    case["requested_services"].append({"service": "respite", "units": 10})
    case["household"]["monthly_income"] = "1200.50"
    case["household"]["needy_status"] = True
    case["person"]["disability_group"] = "I"
    return case


def three_versions(app: Flask) -> tuple[FlaskClient, dict[str, Any], dict[str, Any]]:
    """v1 saved, submitted and returned; v2 edited from it; v3 = v2 with an override of the
    group apartment, submitted and approved. Returns the worker and both cases."""
    worker = user_client(app, "social_worker")
    boss = user_client(app, "supervisor")
    first = example("01-adult-esf-project")
    assert worker.post("/cases/calculate", data=form_of(first, "save")).status_code == 302
    assert worker.post(f"/cases/{CASE}/v/1/decision", data={"step": "submit"}
                       ).status_code == 302
    assert boss.post(f"/cases/{CASE}/v/1/decision", data={
        "step": "return", "note": "Pārskatīt dienas centra dienas."}).status_code == 302
    second = edited(first)
    assert worker.post("/cases/calculate", data={**form_of(second, "save"),
                                                 "_based_on": "1"}).status_code == 302
    assert worker.post(f"/cases/{CASE}/v/2/override", data={
        "override.group_apartment.units": "25",
        "override.group_apartment.justification": "Ģimene palīdz piecas dienas."}
    ).status_code == 302
    assert worker.post(f"/cases/{CASE}/v/3/decision", data={"step": "submit"}
                       ).status_code == 302
    assert boss.post(f"/cases/{CASE}/v/3/decision", data={"step": "approve"}
                     ).status_code == 302
    return worker, first, second


def test_version_1_and_3_side_by_side_with_the_engines_figures(app: Flask) -> None:
    worker, first, second = three_versions(app)
    page = worker.get(f"{COMPARE}?first=1&second=3")
    assert page.status_code == 200
    old = parse_and_calculate(first, lang="lv")
    new = parse_and_calculate(second, lang="lv")
    found = tables(page.text)
    old_lines = {line.service: line for line in old.lines}
    new_lines = {line.service: line for line in new.lines}
    # the day care centre: 20 → 10 days, its cost and each payer's part, with the difference
    day = next(t for caption, t in found.items() if caption.startswith("Dienas aprūpes centrs"))
    assert row(day, "Pieprasīts") == ["20 dienas", "10 dienas", f"{MINUS}10"]
    assert row(day, "Piešķirts") == ["20 dienas", "10 dienas", f"{MINUS}10"]
    a, b = old_lines["day_care_centre"], new_lines["day_care_centre"]
    assert a.monthly_cost is not None and b.monthly_cost is not None
    assert row(day, "Izmaksas mēnesī") == [lv_money(a.monthly_cost), lv_money(b.monthly_cost),
                                           MINUS + lv_money(a.monthly_cost - b.monthly_cost)]
    for source, word in (("esf", "ESF"), ("state", "Valsts")):
        if getattr(a.financing, source) or getattr(b.financing, source):
            assert row(day, word)[:2] == [lv_money(getattr(a.financing, source)),
                                          lv_money(getattr(b.financing, source))]
    # respite: not requested in version 1, granted once in the period in version 3
    respite_caption, respite = next((c, t) for c, t in found.items()
                                    if c.startswith("Īslaicīgās"))
    assert "nav pieprasīts → " in respite_caption
    cost = new_lines["respite"].monthly_cost
    assert row(respite, "Izmaksas vienreiz periodā") == ["–", lv_money(cost), f"+{lv_money(cost)}"]
    # the override of version 3 beside the engine's figure
    flat = next(t for c, t in found.items() if c.startswith("Grupu dzīvoklis"))
    assert row(flat, "Lēmumā noteiktās vienības") == ["30 dienas", "25 dienas", f"{MINUS}5"]
    rate = new_lines["group_apartment"].rate
    assert rate is not None
    decided_flat = (rate * 25).quantize(Decimal("0.01"))
    # totals: monthly, one-off and the decided total, never one added into another
    totals = found["Kopā"]
    assert row(totals, "Kopā mēnesī") == [
        lv_money(old.totals.monthly), lv_money(new.totals.monthly),
        MINUS + lv_money(old.totals.monthly - new.totals.monthly)]
    assert row(totals, "Vienreizēji (periodā)")[:2] == [lv_money("0"), lv_money(cost)]
    flat_engine = new_lines["group_apartment"].monthly_cost
    assert flat_engine is not None
    assert row(totals, "Lēmumā noteiktais kopā mēnesī")[1] == lv_money(
        new.totals.monthly - flat_engine + decided_flat)


def test_who_saved_the_rules_the_overrides_and_the_sign_off_of_each(app: Flask) -> None:
    worker, _first, _second = three_versions(app)
    page = worker.get(f"{COMPARE}?first=1&second=3")
    about = tables(page.text)["Par versijām"]
    assert about[0] == ["", "Versija 1", "Versija 3"]
    assert row(about, "Saglabāja") == ["social_worker", "social_worker"]
    assert row(about, "Labota no versijas") == ["nav (jauna lieta)", "2"]
    assert row(about, "Aprēķina datums") == ["01.03.2021", "01.03.2021"]
    rules = row(about, "Noteikumu versija")
    assert rules[0] == rules[1] and rules[0].startswith("2026.")
    assert row(about, "Statuss") == ["atgriezts labošanai", "apstiprināts"]
    assert row(about, "Apstiprināja")[0] == "–"
    assert row(about, "Apstiprināja")[1].startswith("supervisor, ")
    assert row(about, "Atgriezta labošanai")[0] == "supervisor: „Pārskatīt dienas centra dienas.”"
    overrides = row(about, "Grozījumi")
    assert overrides[0] == "nav"
    assert "Grupu dzīvoklis" in overrides[1] and "25 dienas" in overrides[1]
    assert "„Ģimene palīdz piecas dienas.”" in overrides[1]
    saved_at = row(about, "Saglabāts")[0]  # on the office's clock, as every page shows it
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", saved_at), saved_at


def test_the_case_fields_that_differ_by_their_labels_the_latvian_way(app: Flask) -> None:
    worker, _first, _second = three_versions(app)
    inputs = tables(worker.get(f"{COMPARE}?first=1&second=3").text)["Lauks"]
    assert row(inputs, "Klienta ienākumi mēnesī, EUR") == [lv_money("320.00"),
                                                          lv_money("1200.50")]
    assert lv_money("1200.50") == "1\xa0200,50\xa0€"
    assert row(inputs, "Trūcīgas personas statuss") == ["nē", "jā"]
    assert row(inputs, "Invaliditātes grupa (pieaugušajam)") == ["II", "I"]
    assert row(inputs, "Pieprasītie pakalpojumi: Dienas aprūpes centrs") == ["20 dienas",
                                                                            "10 dienas"]
    labels = [r[0] for r in inputs[1:]]
    assert any(label.startswith("Pieprasītie pakalpojumi: Īslaicīgās") for label in labels)
    # only what differs, never a code or a field path
    assert "Dzimšanas datums" not in labels and not any("." in label and "_" in label
                                                         for label in labels)
    # version 2 and 3 hold the same case: nothing differs, said in a sentence
    same = worker.get(f"{COMPARE}?first=2&second=3").text
    assert "Lietas dati abās versijās ir vienādi." in same


def test_english_pages_speak_english(app: Flask) -> None:
    worker, _first, _second = three_versions(app)
    page = worker.get(f"{COMPARE}?first=1&second=3&lang=en")
    found = tables(page.text)
    inputs = found["Field"]
    assert row(inputs, "Client's monthly income, EUR") == [en_money("320"), en_money("1200.50")]
    assert row(inputs, "Needy person status (trūcīga persona)") == ["no", "yes"]
    assert row(found["About the versions"], "Calculation date") == ["2021-03-01", "2021-03-01"]
    assert row(found["About the versions"], "Status") == ["returned for changes", "approved"]


def test_the_saved_budget_has_its_actions_at_the_top_and_links_to_the_comparison(
        app: Flask) -> None:
    worker = user_client(app, "social_worker")
    case = example("01-adult-esf-project")
    worker.post("/cases/calculate", data=form_of(case, "save"))
    alone = worker.get(f"/cases/{CASE}/v/1").text
    assert "Salīdzināt versijas" not in alone  # one version: nothing to compare
    worker.post("/cases/calculate", data={**form_of(edited(case), "save"), "_based_on": "1"})
    page = worker.get(f"/cases/{CASE}/v/2").text
    actions = page[page.index('class="actions no-print top-actions"'):]
    actions = actions[:actions.index("</div>")]
    order = [actions.index(word) for word in ("Labot", "Pārrēķināt", "Lejupielādēt CSV",
                                              "Drukāt", "Salīdzināt versijas")]
    assert order == sorted(order)
    assert page.index("top-actions") < page.index('class="decision"')  # before the figures
    assert f'href="{COMPARE}?first=1&amp;second=2">Salīdzināt versijas' in actions
    # the versions list: a link per other version, and a choice of any two
    versions = page[page.index('id="versions-title"'):]
    assert f'href="{COMPARE}?first=1&amp;second=2">salīdzināt ar versiju 2' in versions
    assert f'action="{COMPARE}"' in versions and 'name="first"' in versions
    # the saved cases list links the latest version to the one before
    listing = worker.get("/cases").text
    assert f'href="{COMPARE}?first=1&amp;second=2">salīdzināt ar versiju 1' in listing
    # version 1's page offers version 1 against version 2 as well
    assert f'href="{COMPARE}?first=1&amp;second=2">Salīdzināt versijas' in worker.get(
        f"/cases/{CASE}/v/1").text


def test_without_a_choice_the_last_two_versions_are_compared(app: Flask) -> None:
    worker, _first, _second = three_versions(app)
    page = worker.get(COMPARE)
    assert page.status_code == 200
    assert tables(page.text)["Par versijām"][0] == ["", "Versija 2", "Versija 3"]


@pytest.mark.parametrize(("query", "field", "message"), [
    ("first=abc&second=2", "Pirmā versija", "Izvēlieties versiju no saraksta (versijas numuru)."),
    ("first=1&second=9", "Otrā versija", "Šai lietai nav versijas 9."),
    ("first=2&second=2", "Otrā versija", "Izvēlieties divas dažādas versijas."),
    ("first=1", "Otrā versija", "Izvēlieties versiju."),
])
def test_a_wrong_choice_names_the_field_and_keeps_what_was_typed(
        app: Flask, query: str, field: str, message: str) -> None:
    worker = user_client(app, "social_worker")
    case = example("01-adult-esf-project")
    worker.post("/cases/calculate", data=form_of(case, "save"))
    worker.post("/cases/calculate", data={**form_of(edited(case), "save"), "_based_on": "1"})
    page = worker.get(f"{COMPARE}?{query}")
    assert page.status_code == 422
    assert "<title>Kļūda: " in page.text
    assert f"{field}</a>: {message}" in page.text  # the summary, linked to the field
    assert 'class="compare-services"' not in page.text
    typed = query.split("&")[0].split("=")[1]
    assert f'<option value="{typed}" selected>' in page.text


def test_a_case_with_one_version_says_there_is_nothing_to_compare(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    worker.post("/cases/calculate", data=form_of(example("01-adult-esf-project"), "save"))
    page = worker.get(COMPARE)
    assert page.status_code == 200
    assert "Šai lietai ir saglabāta tikai viena versija" in page.text


def test_another_municipality_gets_404_and_every_look_is_logged(app: Flask) -> None:
    worker, _first, _second = three_versions(app)
    other = user_client(app, "ogre", municipality="Ogres novads")
    for query in ("", "?first=1&second=3", "?first=x"):
        refused = other.get(f"{COMPARE}{query}")
        assert refused.status_code == 404
        assert CASE not in refused.text and "924" not in refused.text
    for role in ("policy", "evaluator", "admin"):
        national = user_client(app, role, role, None)
        assert national.get(f"{COMPARE}?first=1&second=3").status_code in (403, 404)
    worker.get(f"{COMPARE}?first=1&second=3")
    entries = store(app).audit.entries(case_id=CASE)
    seen = {(e.user, e.action, e.version, e.detail) for e in entries}
    assert ("social_worker", "viewed", 1, f"{COMPARE}: compared with version 3") in seen
    assert ("social_worker", "viewed", 3, f"{COMPARE}: compared with version 1") in seen
    assert ("ogre", "refused", None) in {(e.user, e.action, e.version) for e in entries}


def test_versions_saved_under_different_rules_say_so(app: Flask, tmp_path: Any) -> None:
    """Version 1 saved under the shipped rules; a new rule book is published (the
    specialists' rate from 2021-01-01); version 2 saved under it. The comparison names both
    rules versions, says they differ, and shows the new rate's cost."""
    import shutil

    from budget_engine import load_rules

    worker = user_client(app, "social_worker")
    first = example("01-adult-esf-project")
    assert worker.post("/cases/calculate", data=form_of(first, "save")).status_code == 302
    directory = tmp_path / "rules-new"
    shutil.copytree(load_rules().directory, directory)
    rates = directory / "parameters" / "rates.yaml"
    lines = rates.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "rate.specialist_consultation:" in line)
    at = next(i for i in range(at, len(lines)) if "- {from: 2015-12-22" in lines[i])
    lines.insert(at + 1, '      - {from: 2021-01-01, value: "25.00"}')
    rates.write_text("\n".join(lines), encoding="utf-8")
    book = load_rules(directory)
    versions = store(app).versions
    store(app).add_user("policy2", "parole-123", "policy", None)
    versions.approve(versions.draft(book, "Speciālisti 25 €", "policy").id, "policy2")
    app.extensions["follow_published_rules"]()
    assert worker.post("/cases/calculate", data={**form_of(first, "save"),
                                                 "_based_on": "1"}).status_code == 302
    page = worker.get(f"{COMPARE}?first=1&second=2").text
    assert "Abas versijas aprēķinātas pēc atšķirīgiem noteikumiem." in page
    rules = row(tables(page)["Par versijām"], "Noteikumu versija")
    assert rules[0] != rules[1] and rules[1] == book.version
    # the specialists' line: 4 h at the shipped rate, then at 25,00 € (the new rules' cost)
    old = parse_and_calculate(first, lang="lv")
    line = next(x for x in old.lines if x.service == "specialist_consultation")
    assert format_currency(line.monthly_cost, "EUR", locale="lv") in page
    assert format_currency(Decimal("100.00"), "EUR", locale="lv") in page


def test_the_api_compares_two_versions_within_the_users_scope(app: Flask) -> None:
    from web_helpers import HOME, token_of

    home = token_of(app, "api-worker", municipality=HOME)
    other = token_of(app, "ogre-worker", municipality="Ogres novads")
    client = app.test_client()
    first = example("01-adult-esf-project")
    assert client.post("/api/v1/cases", headers=home, json={"case": first}).status_code == 201
    second = edited(first)
    assert client.post(f"/api/v1/cases/{CASE}/versions", headers=home, json={
        "based_on_version": 1, "case": second}).status_code == 201
    answer = client.get(f"/api/v1/cases/{CASE}/compare?first=1&second=2", headers=home)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["first"]["version"] == 1 and body["second"]["based_on"] == 1
    old, new = parse_and_calculate(first), parse_and_calculate(second)
    assert body["differences"]["monthly_before"] == str(old.totals.monthly)
    assert body["differences"]["monthly_after"] == str(new.totals.monthly)
    before = {ln.service: (str(ln.monthly_cost), ln.approved_units) for ln in old.lines}
    after = {ln.service: (str(ln.monthly_cost), ln.approved_units) for ln in new.lines}
    changed = {r["service"] for r in body["differences"]["rows"]}
    assert changed == {s for s in {*before, *after} if before.get(s) != after.get(s)}
    assert "respite" in changed and "day_care_centre" in changed
    assert set(body["case_fields_changed"]) == {
        "person.disability_group", "household.monthly_income", "household.needy_status",
        "requested_services"}  # a list of another length changed as a whole
    for query in ("first=1&second=1", "first=1&second=9", "first=x&second=2", "second=2"):
        assert client.get(f"/api/v1/cases/{CASE}/compare?{query}",
                          headers=home).status_code == 422, query
    assert client.get(f"/api/v1/cases/{CASE}/compare?first=1&second=2",
                      headers=other).status_code == 404
    spec = client.get("/api/v1/openapi.json", headers=home).get_json()
    assert "/api/v1/cases/{case_id}/compare" in spec["paths"]
