"""Each list the engine uses (payers, statuses, groups, warnings) is defined once and agrees
wherever it is read: the rule checker, the messages, the case format."""

from __future__ import annotations

from budget_engine.models import (
    RESIDENCE_STATUSES,
    SOURCES,
    TARGET_GROUPS,
    WARNING_CODES,
    Financing,
    Residence,
)
from budget_engine.rulebook.fact_catalogue import CASE_FACTS, LINE_FACTS
from budget_engine.rulebook.loader import load_rules
from budget_engine.rulebook.messages import WARNING_PLACEHOLDERS


def test_every_warning_code_has_a_text_contract_and_shipped_texts() -> None:
    assert set(WARNING_PLACEHOLDERS) == set(WARNING_CODES)
    book = load_rules()
    for code in WARNING_CODES:
        texts = book.messages[f"warning.{code}"]
        assert texts["lv"] and texts["en"] and texts["lv"] != texts["en"], code


def test_fact_catalogue_reads_the_case_formats_lists() -> None:
    assert CASE_FACTS["residence_status"].choices == RESIDENCE_STATUSES
    assert set(Residence.model_fields["status"].annotation.__args__) == set(  # type: ignore[union-attr]
        RESIDENCE_STATUSES)
    assert all(group in LINE_FACTS for group in TARGET_GROUPS)
    assert tuple(Financing.model_fields) == SOURCES
