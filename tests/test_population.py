"""Synthetic populations match the published figures they are drawn to."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_policy_recipes import RULES, apply_recipes

from budget_engine import Calculator, RuleBook, load_rules
from budget_engine.cli.commands import main
from budget_engine.evaluation.population import (
    VSAC_DIAGNOSES,
    VSAC_GROUPS,
    VSAC_LEVELS,
    apportion,
    synthesise,
)

DIAGNOSIS_ROW = {code: name for name, (_, codes) in VSAC_DIAGNOSES.items() for code in codes}


@pytest.fixture(scope="module")
def book():  # type: ignore[no-untyped-def]
    return load_rules()


def test_apportion_is_exact_at_the_total_and_always_adds_up() -> None:
    assert apportion(2441, [194, 812, 847, 588]) == [194, 812, 847, 588]
    assert apportion(100, [194, 812, 847, 588]) == [8, 33, 35, 24]
    assert sum(apportion(7, [1, 1, 1])) == 7 and apportion(0, [1, 2]) == [0, 0]


def test_vsac_2015_at_2441_has_the_published_counts(book) -> None:  # type: ignore[no-untyped-def]
    cases = list(synthesise("vsac-2015", 2441, 7, book))
    level = Counter(c["assessment"]["care_level"] for c in cases)
    assert [level[lv] for lv in (1, 2, 3, 4)] == [194, 812, 847, 588]
    for group, published in VSAC_GROUPS.items():
        got = Counter(c["assessment"]["care_level"] for c in cases
                      if c["person"]["disability_group"] == group)
        assert tuple(got[lv] for lv in VSAC_LEVELS) == published
    for name, (published, _) in VSAC_DIAGNOSES.items():
        got = Counter(c["assessment"]["care_level"] for c in cases
                      if name in {DIAGNOSIS_ROW[d] for d in c["person"]["diagnoses"]})
        assert tuple(got[lv] for lv in VSAC_LEVELS) == published, name
    assert sum(c["residence"]["status"] == "left_vsac" for c in cases) == 772
    assert len({c["case_id"] for c in cases}) == 2441


def test_vsac_2015_other_sizes_keep_proportions_and_seed(book) -> None:  # type: ignore[no-untyped-def]
    cases = list(synthesise("vsac-2015", 100, 3, book))
    level = Counter(c["assessment"]["care_level"] for c in cases)
    assert [level[lv] for lv in (1, 2, 3, 4)] == [8, 33, 35, 24]
    assert cases == list(synthesise("vsac-2015", 100, 3, book))
    assert cases != list(synthesise("vsac-2015", 100, 4, book))


def test_pilot_and_children_profiles(book) -> None:  # type: ignore[no-untyped-def]
    pilot = list(synthesise("pilot-2019", None, 1, book))
    assert len(pilot) == 72
    assert all(c["in_individual_budget_pilot"] and "2019-11-01" <= c["calculation_date"]
               <= "2021-01-31" and c["person"]["disability_group"] in ("I", "II")
               for c in pilot)
    children = list(synthesise("di-children", None, 1, book))
    assert Counter(c["person"]["out_of_family_care"] for c in children) == {False: 2475,
                                                                           True: 1128}


def test_every_synthetic_case_is_valid_and_calculates(book) -> None:  # type: ignore[no-untyped-def]
    calculator = Calculator(book)
    for profile in ("vsac-2015", "pilot-2019", "di-children"):
        for case in synthesise(profile, 150, 5, book):
            calculator.calculate(calculator.parse(case))
    pilot = [calculator.calculate(calculator.parse(c))
             for c in synthesise("pilot-2019", 72, 1, book)]
    # The pilot's support person (E9) is granted to its cases inside the pilot window.
    assert sum(any(ln.service == "support_person" for ln in b.lines) for b in pilot) == 72


def test_synth_command_writes_jsonl_and_excel_csv_that_replay_reads(tmp_path: Path) -> None:
    jsonl, csv = tmp_path / "p.jsonl", tmp_path / "p.csv"
    for out in (jsonl, csv):
        result = CliRunner().invoke(main, ["synth", "--profile", "pilot-2019", "--seed", "2",
                                           "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfformat;case_id;")
    rows = []
    for source in (jsonl, csv):
        result = CliRunner().invoke(main, ["replay", str(source), "--quiet"])
        assert result.exit_code == 0
        rows.append([json.loads(x) for x in result.stdout.splitlines()])
    assert len(rows[0]) == 72 and rows[0] == rows[1]


def test_a_service_the_rule_book_adds_is_drawn_in_its_configured_share(
        tmp_path: Path) -> None:
    """Issue 30: a population drawn on a date when the book offers a service the profiles
    do not know (social rehabilitation, from 2026-01-01 by the rules README's recipe) has
    it requested by its configured share of the cases, and not before the date."""
    shutil.copytree(RULES, tmp_path / "rules")
    apply_recipes(tmp_path / "rules", "new-service", "new-service-rate")
    added = load_rules(tmp_path / "rules")
    n, share = 2000, Fraction(1, 4)

    def requesting(on: str, book: RuleBook) -> list[Any]:
        return [c for c in synthesise("vsac-2015", n, 11, book, dt.date.fromisoformat(on),
                                      share)
                if any(s["service"] == "social_rehabilitation"
                       for s in c["requested_services"])]

    found = len(requesting("2026-03-01", added))
    # Each case requests it with probability 1/4, independently: the count a seed gives is
    # binomial; five standard deviations either side of n/4 (500 ± 97) holds it for any
    # seed but once in millions, and still tells 1/4 from 1/5 or 3/10.
    margin = 5 * math.sqrt(n * share * (1 - share))
    assert abs(found - n * share) <= margin, found
    assert requesting("2025-12-01", added) == []  # no rate yet: not offered
    assert requesting("2026-03-01", load_rules()) == []  # the shipped book lacks it
    # and the cases that request it are calculated with it
    calculator = Calculator(added)
    sample = requesting("2026-03-01", added)[:20]
    lines = [line.service for case in sample
             for line in calculator.calculate(calculator.parse(case)).lines]
    refused = [r.service for case in sample
               for r in calculator.calculate(calculator.parse(case)).refused]
    assert lines.count("social_rehabilitation") + refused.count("social_rehabilitation") == 20
