"""The replay command's closing line in the run's language, with the forms Latvian gives
each count (issue 30): 1, 21, 101 … take the singular, 11 and the rest the plural."""

from __future__ import annotations

import pytest

from budget_engine.cli.status_words import counted, progress_line, status_line
from budget_engine.evaluation.records import Summary
from budget_web.evaluation.replay_pages import _STATUS


@pytest.mark.parametrize(("count", "words"), [
    (0, "0 lietas"), (1, "1 lieta"), (2, "2 lietas"), (11, "11 lietas"), (21, "21 lieta"),
    (111, "111 lietas"), (2441, "2\u00a0441 lieta"), (10_000, "10\u00a0000 lietas")])
def test_a_count_takes_the_latvian_form_of_its_number(count: int, words: str) -> None:
    assert counted(count, "cases", "lv") == words


def test_the_closing_line_in_latvian_and_english() -> None:
    summary = Summary(cases=2441, budgets=2436, errors=5, blank_lines=1, seconds=3.14)
    assert status_line(summary, "lv") == (
        "2\u00a0441 lieta: 2\u00a0436 budžeti, 5 kļūdas, 1 tukša rinda izlaista (3,1 s)")
    assert status_line(summary, "en") == (
        "2441 cases: 2436 budgets, 5 errors, 1 blank line skipped (3.1 s)")
    assert status_line(Summary(1, 1, 0, 21, 0.0), "lv") == (
        "1 lieta: 1 budžets, 0 kļūdas, 21 tukša rinda izlaista (0,0 s)")
    assert progress_line(1500, "lv") == "1\u00a0500 lietas…"


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_job_page_reads_the_closing_line_in_either_language(lang: str) -> None:
    line = status_line(Summary(2441, 2436, 5, 21, 3.14), lang)
    found = _STATUS.search(line)
    assert found is not None
    assert [int(x.replace("\u00a0", "")) for x in found.groups()[:4]] == [
        2441, 2436, 5, 21]
