"""The printed budget (issue 11, item 8), as Chromium prints it to PDF.

The usual adult case (worked example 01) and the child with a cut (03) print on two A4 pages
at most, the whole decision on the first; every page names the case at the top and says
"Lapa 1 no 2" at the bottom (CSS @page margin boxes, read back from the PDF with pypdf); an
unsaved budget says "MELNRAKSTS" on every page and a saved one nowhere; no page ends with a
heading whose text is on the next page.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from babel.numbers import format_currency
from browser_helpers import (
    browser_page,
    fill_child_03,
    fill_example_01,
    log_in,
    save_draft,
)

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)
DRAFT = "MELNRAKSTS – nav saglabāts"


def printed(page: Any) -> list[str]:
    """The text of each A4 page Chromium prints (as the browser's print dialog would)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    for sheet in reader.pages:
        size = (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height)))
        assert size == A4_POINTS
    return [sheet.extract_text() for sheet in reader.pages]


def headings(page: Any) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(
        "main h1, main h2, main h3, main summary").all_inner_texts() if t.strip()]


def body_lines(text: str, case_id: str) -> list[str]:
    """A page's lines without the margin boxes and the watermark."""
    return [line.strip() for line in text.splitlines() if line.strip() and not (
        line.startswith(f"Individuālais budžets {case_id}") or line.startswith("Lapa ")
        or line.strip() in ("MELNRAKSTS", DRAFT))]


def assert_no_lone_heading(pages: list[str], names: list[str], case_id: str) -> None:
    for number, text in enumerate(pages[:-1], start=1):
        last = body_lines(text, case_id)[-1]
        assert not any(last == name or (len(last) >= 8 and name.endswith(last))
                       for name in names), f"page {number} ends with the heading {last!r}"


def calculate(page: Any) -> None:
    page.click("button[value=calculate].primary")
    page.wait_for_selector("section.decision")


def lv_money(amount: str) -> str:
    return str(format_currency(Decimal(amount), "EUR", locale="lv"))


def test_the_usual_adult_case_prints_on_two_pages_at_most(page: Any) -> None:
    fill_example_01(page)
    calculate(page)
    pages = printed(page)
    assert 1 <= len(pages) <= 2
    for number, text in enumerate(pages, start=1):
        assert "Individuālais budžets JELG-2021-0007" in text
        assert f"Lapa {number} no {len(pages)}" in text
        assert DRAFT in text
    first = " ".join(pages[0].split())
    decision = " ".join(page.inner_text("section.decision").split())
    for part in ("Lēmums", "Piešķirts", "Kas maksā katru mēnesi", lv_money("924.70"),
                 "Periodā (12 mēneši): 11 096,40 €"):
        part = " ".join(part.split())  # no-break spaces as spaces, as in the texts
        assert part in decision and part in first  # the whole decision on page 1
    whole = " ".join(" ".join(pages).split())
    assert "Aprēķināja anna" in whole and "Noteikumi: versija 1" in whole
    assert_no_lone_heading(pages, headings(page), "JELG-2021-0007")
    # the acts are listed once, numbered, at the end
    assert "Tiesiskie pamati" in pages[-1] and "1. MK 2015. gada 16. jūnija" in pages[-1]


def test_a_saved_budget_has_no_draft_mark(page: Any) -> None:
    fill_example_01(page)
    page.click("button[value=save]")
    page.wait_for_url("**/cases/JELG-2021-0007/v/*")
    pages = printed(page)
    assert len(pages) <= 2
    for number, text in enumerate(pages, start=1):
        assert "Individuālais budžets JELG-2021-0007" in text
        assert f"Lapa {number} no {len(pages)}" in text
        assert "MELNRAKSTS" not in text
    assert "Saglabātā versija" in pages[0]
    assert_no_lone_heading(pages, headings(page), "JELG-2021-0007")


def test_the_child_with_a_cut_prints_on_two_pages_at_most(page: Any) -> None:
    fill_child_03(page)
    calculate(page)
    pages = printed(page)
    assert len(pages) <= 2
    assert "pieprasīts 250 h, piešķirts 216 h" in " ".join(pages[0].split())
    for number, text in enumerate(pages, start=1):
        assert "Individuālais budžets LIEP-2022-0102" in text
        assert f"Lapa {number} no {len(pages)}" in text
    assert_no_lone_heading(pages, headings(page), "LIEP-2022-0102")


def test_english_pages_print_english_margins(server: str) -> None:
    with browser_page("en") as page:
        log_in(page, server, "anna", "parole-123")
        page.goto(f"{server}/cases/new?lang=en")
        fill_example_01(page)
        calculate(page)
        pages = printed(page)
        for number, text in enumerate(pages, start=1):
            assert "Individual budget JELG-2021-0007" in text
            assert f"Page {number} of {len(pages)}" in text
            assert "DRAFT – not saved" in text


def test_page_one_of_a_decided_budget_shows_the_decided_total(page: Any) -> None:
    """Issue 27, item 1: after an override the printout's first page gives the decided
    total (domain.md §13b), with the computed one beside it as "aprēķināts"."""
    fill_example_01(page)
    # a number of its own: another test of this module's server saves JELG-2021-0007
    page.fill("input[name=case_id]", "JELG-2021-0107")
    page.click("button[value=calculate].primary")
    save_draft(page)
    page.click("details.no-print summary")
    page.fill("input[name='override.day_care_centre.amount']", "500,00")
    page.fill("textarea[name='override.day_care_centre.justification']", "Vajag vairāk.")
    page.locator("form[action$='/override'] button[type=submit]").click()
    page.wait_for_url("**/cases/JELG-2021-0107/v/2")
    line = page.locator("table.budget tbody tr", has_text="Dienas aprūpes centrs")
    computed = Decimal(line.locator("small.computed").inner_text().split()[-1]
                       .replace("\xa0", "").replace(" ", "").replace(",", "."))
    decided_total = Decimal("924.70") - computed + Decimal("500.00")
    first = " ".join(printed(page)[0].split())
    expected = " ".join(f"Kopā mēnesī: {lv_money(str(decided_total))}".split())
    assert expected in first
    assert " ".join(f"aprēķināts: {lv_money('924.70')}".split()) in first
