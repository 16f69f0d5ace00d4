"""Every rule's condition reads as a sentence from the fact catalogue's labels (issue 29)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from budget_engine import (
    ALL_FACTS,
    all_facts,
    condition_sentence,
    load_rules,
    titles_of,
)
from budget_engine.rulebook.conditions import AllOf, AnyOf, Compare, Not, ParamRef

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_.]+\b")


def _outside_parentheses(text: str) -> str:
    """The text with every (…) group taken out."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_rules()


def test_every_fact_has_a_latvian_and_an_english_label() -> None:
    for name, ftype in ALL_FACTS.items():
        assert ftype.label.lv and ftype.label.en, name
        if ftype.kind == "bool":
            assert ftype.label.lv_not and ftype.label.en_not, name
        for choice in ftype.choices:
            assert choice in ftype.choice_words, (name, choice)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_shipped_condition_is_a_sentence_without_codes(book, lang: str) -> None:  # type: ignore[no-untyped-def]
    facts, titles = all_facts(book.services), titles_of(book)
    rules = list(book.all_rules())
    assert len(rules) > 30
    for rule in rules:
        text = condition_sentence(rule.when, lang, titles, facts)
        assert text[0].isupper() and text.endswith("."), (rule.key, text)
        assert not re.search(r"[{}\[\]\"]|True|False|None", text), (rule.key, text)
        shown = _outside_parentheses(text)
        for fact in facts:
            if lang == "en" and "_" not in fact:
                continue  # "age", "date", "service" are English words too
            assert not re.search(rf"\b{re.escape(fact)}\b", shown), (rule.key, fact, text)
        for name in book.parameters.parameters:
            assert name not in shown, (rule.key, name, text)
        assert not CODE.search(shown), (rule.key, text)


def test_the_adult_grt_group_reads_as_the_issue_asks(book) -> None:  # type: ignore[no-untyped-def]
    rule = book.rules_by_key["target_group:adult_grt"]
    assert condition_sentence(rule.when, "lv") == (
        "Ja persona ir pilngadīga, personai ir GRT diagnoze un invaliditātes grupa ir I vai II.")


def test_nesting_negation_dates_and_parameters_in_words() -> None:
    cond = AllOf((
        Compare("date", ">=", dt.date(2026, 1, 1)),
        Not(Compare("needy_status", "=", True)),
        AnyOf((Compare("age", "<", ParamRef("cap.x")), Compare("is_child", "=", False))),
        Not(AllOf((Compare("has_grt", "=", True), Compare("support_level", ">=", 2)))),
        Compare("residence_status", "not_in", ("in_vsac", "guardian")),
    ))
    from budget_engine import Titles
    titles = Titles(parameters={"cap.x": {"lv": "Robeža", "en": "Limit"}})
    assert condition_sentence(cond, "lv", titles) == (
        "Ja aprēķina datums ir ne agrāk kā 01.01.2026, personai nav trūcīgas personas statusa, "
        "(personas vecums pilnos gados ir mazāks par „Robeža” (cap.x) vai persona ir "
        "pilngadīga), nav tā, ka (personai ir GRT diagnoze un atbalsta līmenis ir vismaz 2) un "
        "personas dzīvesvieta nav ne valsts sociālās aprūpes centrs (VSAC), ne aizbildņa "
        "ģimene.")
    assert condition_sentence(cond, "en", titles).startswith(
        "If the calculation date is on or after 2026-01-01, the person does not have needy "
        "status, (the person's age in full years is less than “Limit” (cap.x) or")
    assert condition_sentence(AllOf(()), "lv") == "Vienmēr (bez nosacījuma)."
