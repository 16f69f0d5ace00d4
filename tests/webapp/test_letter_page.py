"""*Lēmuma vēstule* (issue 28, item 5): a draft is previewed only, marked MELNRAKSTS; an
approved version gives the PDF; the name and address are neither stored nor logged; the
audit log says who made a letter of which version; bad input is named by its label."""

from __future__ import annotations

import io

from flask import Flask
from pypdf import PdfReader
from test_cases_pages import form_of
from web_helpers import example, store, user_client

CASE = "JELG-2021-0007"
LETTER = f"/cases/{CASE}/v/1/letter"
FORM = {"name": "Jānis Bērziņš", "address": "Lielā iela 1\nJelgava", "number": "15/2026",
        "date": "25.11.2026"}


def test_draft_preview_then_the_approved_pdf_and_the_log(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    assert worker.post("/cases/calculate", data=form_of(example("01-adult-esf-project"),
                                                        "save")).status_code == 302
    assert 'href="/cases/JELG-2021-0007/v/1/letter"' in worker.get(f"/cases/{CASE}/v/1").text
    page = worker.get(LETTER)
    assert page.status_code == 200 and "Lēmuma vēstule" in page.text
    assert "Lejupielādēt PDF" not in page.text and "MELNRAKSTS" in page.text
    preview = worker.post(LETTER, data={**FORM, "action": "preview"})
    assert preview.status_code == 200
    assert "MELNRAKSTS – nav apstiprināts lēmums" in preview.text
    assert "Jānis Bērziņš" in preview.text and "Jelgavas novada sociālais dienests" in preview.text
    shipped = store(app).versions.published()[0]  # the letter names its rules as people do
    assert f"Aprēķināts pēc noteikumu versijas: versija 1 — «{shipped.label}»" in preview.text
    refused = worker.post(LETTER, data={**FORM, "action": "pdf"})
    assert refused.status_code == 409 and "%PDF" not in refused.text
    # a worker of another municipality does not see the case at all
    other = user_client(app, "ogre-worker", "social_worker", "Ogres novads")
    assert other.get(LETTER).status_code == 404
    assert worker.post(f"/cases/{CASE}/v/1/decision", data={"step": "submit"}
                       ).status_code == 302
    boss = user_client(app, "supervisor")
    assert boss.post(f"/cases/{CASE}/v/1/decision", data={"step": "approve"}
                     ).status_code == 302
    assert "Lejupielādēt PDF" in boss.get(LETTER).text
    pdf = boss.post(LETTER, data={**FORM, "action": "pdf", "easy": "1"})
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Jānis Bērziņš" in text and "Ko darīt, ja nepiekrītat?" in text
    assert "MELNRAKSTS" not in text
    entries = [e for e in store(app).audit.entries(case_id=CASE) if e.action == "made_letter"]
    assert [(e.user, e.version, e.detail) for e in entries] == [
        ("supervisor", 1, "PDF, easy to read"), ("social_worker", 1, "preview")]
    logged = " ".join(f"{e.detail} {e.case_id}" for e in store(app).audit.entries())
    saved = store(app).cases.version("Jelgavas novads", CASE, 1)
    assert saved is not None
    for secret in ("Bērziņš", "Lielā iela"):
        assert secret not in logged and secret not in saved.case_json + saved.budget_json


def test_bad_input_is_named_by_its_label(app: Flask) -> None:
    worker = user_client(app, "social_worker")
    worker.post("/cases/calculate", data=form_of(example("01-adult-esf-project"), "save"))
    bad = worker.post(LETTER, data={**FORM, "date": "31.02.2026", "action": "preview"})
    assert bad.status_code == 422 and "Lēmuma datums: ierakstiet datumu" in bad.text
    empty = worker.post(LETTER, data={**FORM, "name": " ", "action": "preview"})
    assert empty.status_code == 422 and "Adresāta vārds, uzvārds: aizpildiet" in empty.text
    long = worker.post(LETTER, data={**FORM, "number": "9" * 41, "action": "preview"})
    assert long.status_code == 422 and "Lēmuma numurs" in long.text
