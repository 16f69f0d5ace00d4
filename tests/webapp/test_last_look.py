"""The last look before publishing and the versions' names: policy user anna changes the
home-care rate from a date in the past, berzs presses "Apstiprināt un publicēt" and first
sees the check page — the change in words, a prompt to run the impact, the warning that the
value reaches back and how many saved budgets of that period change — and nothing is
published until he confirms there. The published version is then "versija 2" with anna's
label on the versions page, a budget and the API."""

from __future__ import annotations

import copy
import datetime as dt
import re

from flask import Flask
from web_helpers import example, store, token_of, user_client

from budget_web.policy.last_look import months_back

CASE = copy.deepcopy(example("03-child-home-care-cap"))
EDITOR = "/rules/edit/parameter/rate.home_care"


def test_months_back_counts_whole_months() -> None:
    assert months_back(dt.date(2026, 1, 1), dt.date(2026, 12, 7)) == 11
    assert months_back(dt.date(2026, 1, 8), dt.date(2026, 12, 7)) == 10
    assert months_back(dt.date(2026, 12, 1), dt.date(2026, 12, 7)) == 0


def _save(app: Flask, headers: dict[str, str], number: str, day: str) -> None:
    case = copy.deepcopy(CASE)
    case["case_id"], case["calculation_date"] = number, day
    saved = app.test_client().post("/api/v1/cases", json={"case": case}, headers=headers)
    assert saved.status_code == 201, saved.text


def test_approval_goes_through_the_last_look_with_the_back_dating_warning(app: Flask) -> None:
    anna = user_client(app, "anna", "policy", None)
    berzs = user_client(app, "berzs", "policy", None)
    headers = token_of(app, "worker", municipality=CASE["person"]["municipality"])
    start = dt.date.today() - dt.timedelta(days=100)
    # Two budgets calculated after the new value's date (they change), one before it.
    _save(app, headers, "LL-1", (start + dt.timedelta(days=1)).isoformat())
    _save(app, headers, "LL-2", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    _save(app, headers, "LL-3", (start - dt.timedelta(days=1)).isoformat())
    shown_start = start.strftime("%d.%m.%Y")
    saved = anna.post(EDITOR, data={"label": "Aprūpes mājās tarifs no 2026. gada",
                                    "valid_from": shown_start, "value": "4,10",
                                    "reference": "MK noteikumi Nr. 800"})
    assert saved.status_code == 302, saved.text
    draft_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    assert anna.post(f"/rules/drafts/{draft_id}/submit").status_code == 302

    look = berzs.post(f"/rules/drafts/{draft_id}/decision",
                      data={"step": "approve", "comment": "Pārbaudīts."})
    assert look.status_code == 200
    assert "Pārbaudiet pirms publicēšanas" in look.text
    assert ("Aprūpe mājās – stundas tarifs (rate.home_care): 3,83\u00a0€/h → 4,10\u00a0€/h "
            f"no {shown_start}") in look.text
    months = months_back(start, dt.date.today())
    assert re.search(rf"\(rate\.home_care\): no {re.escape(shown_start)} — {months} "
                     r"mēneš\w+ atpakaļ: 2 saglabātie budžeti šajā periodā mainīsies pēc "
                     r"pārrēķina", look.text), look.text
    assert "Šim melnrakstam ietekme vēl nav aprēķināta" in look.text
    assert f'href="/rules/drafts/{draft_id}/impact"' in look.text
    assert "Pārbaudīts." in look.text  # the comment goes on to the confirmation
    assert store(app).versions.get(draft_id).status == "submitted"  # type: ignore[union-attr]

    confirmed = berzs.post(f"/rules/drafts/{draft_id}/decision",
                           data={"step": "approve", "comment": "Pārbaudīts.",
                                 "confirmed": "yes"})
    assert confirmed.status_code == 302
    record = store(app).versions.get(draft_id)
    assert record is not None and (record.status, record.number) == ("published", 2)

    listing = berzs.get("/rules/versions").text
    assert "versija 2" in listing and "versija 1" in listing
    page = berzs.get(f"/rules/versions/{draft_id}").text
    assert "Versija 2 — Aprūpes mājās tarifs no 2026. gada" in page
    assert record.version in page  # the hash stays, as the technical id
    api = app.test_client().get("/api/v1/rules/version", headers=headers).get_json()
    assert (api["rules_version"], api["rules_number"], api["rules_label"]) == (
        record.version, 2, "Aprūpes mājās tarifs no 2026. gada")


def test_nothing_back_dated_says_so_and_a_refusal_comes_before_the_last_look(
        app: Flask) -> None:
    anna = user_client(app, "anna", "policy", None)
    berzs = user_client(app, "berzs", "policy", None)
    later = (dt.date.today() + dt.timedelta(days=40)).strftime("%d.%m.%Y")
    saved = anna.post(EDITOR, data={"label": "Nākotnē", "valid_from": later, "value": "4,20"})
    draft_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    # Not submitted yet: refused at once, no last look.
    early = berzs.post(f"/rules/drafts/{draft_id}/decision", data={"step": "approve"})
    assert early.status_code == 409 and "Pārbaudiet pirms publicēšanas" not in early.text
    anna.post(f"/rules/drafts/{draft_id}/submit")
    own = anna.post(f"/rules/drafts/{draft_id}/decision", data={"step": "approve"})
    assert own.status_code == 409 and "Pārbaudiet pirms publicēšanas" not in own.text
    look = berzs.get(f"/rules/drafts/{draft_id}/check")
    assert look.status_code == 200
    assert "Nav: visas izmaiņas stājas spēkā šodien vai vēlāk." in look.text
    assert store(app).versions.get(draft_id).number is None  # type: ignore[union-attr]


def test_a_budget_names_its_rules_by_number_and_label(app: Flask) -> None:
    headers = token_of(app, "worker", municipality=CASE["person"]["municipality"])
    _save(app, headers, "NAME-1", "2026-03-01")
    shipped = store(app).versions.published()[0]
    case = app.test_client().get("/api/v1/cases/NAME-1", headers=headers).get_json()
    assert (case["rules_number"], case["rules_label"]) == (1, shipped.label)
    worker = user_client(app, "worker", municipality=CASE["person"]["municipality"])
    page = worker.get("/cases/NAME-1/v/1").text
    assert f"versija 1 — «{shipped.label}»" in page
    assert shipped.version in page
