"""The shipped list of municipalities and planning regions (rules/regions.yaml).

From the reform of 2021-07-01: 43 municipalities (7 state cities, 36 counties) in five
planning regions (MK 2021-06-22 No. 418); Varakļānu novads is part of Madonas novads from
2025-07-01, leaving 42.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from budget_engine import RuleBook

BEFORE_MERGER = {"Rīga": 9, "Vidzeme": 11, "Zemgale": 6, "Latgale": 9, "Kurzeme": 8}
AFTER_MERGER = {**BEFORE_MERGER, "Vidzeme": 10}


@pytest.mark.parametrize(("day", "count"), [
    ("2021-07-01", 43),
    ("2025-06-30", 43),
    ("2025-07-01", 42),
    ("2026-11-25", 42),
])
def test_number_of_municipalities(book: RuleBook, day: str, count: int) -> None:
    assert len(book.municipalities_on(dt.date.fromisoformat(day))) == count


@pytest.mark.parametrize(("day", "expected"), [
    ("2021-07-01", BEFORE_MERGER),
    ("2025-06-30", BEFORE_MERGER),
    ("2025-07-01", AFTER_MERGER),
    ("2026-11-25", AFTER_MERGER),
])
def test_municipalities_per_planning_region(book: RuleBook, day: str,
                                            expected: dict[str, int]) -> None:
    found = Counter(m.region for m in book.municipalities_on(dt.date.fromisoformat(day)).values())
    assert dict(found) == expected
    assert set(expected) == set(book.regions)


@pytest.mark.parametrize("day", ["2021-07-01", "2025-06-30"])
def test_state_cities_and_counties_after_the_reform(book: RuleBook, day: str) -> None:
    kinds = Counter(m.kind for m in book.municipalities_on(dt.date.fromisoformat(day)).values())
    assert kinds == {"valstspilsēta": 7, "novads": 36}


@pytest.mark.parametrize("name", ["Ogres novads", "Saulkrastu novads", "Varakļānu novads"])
def test_counties_in_vidzeme(book: RuleBook, name: str) -> None:
    assert book.municipalities_on(dt.date(2021, 7, 1))[name].region == "Vidzeme"


@pytest.mark.parametrize(("day", "present"), [
    ("2021-07-01", True),
    ("2025-06-30", True),
    ("2025-07-01", False),
    ("2026-11-25", False),
])
def test_varaklani_joins_madona_on_2025_07_01(book: RuleBook, day: str, present: bool) -> None:
    listed = book.municipalities_on(dt.date.fromisoformat(day))
    assert ("Varakļānu novads" in listed) is present
    assert "Madonas novads" in listed


@pytest.mark.parametrize("region", sorted(BEFORE_MERGER))
def test_every_region_has_latvian_and_english_names(book: RuleBook, region: str) -> None:
    assert book.regions[region]["lv"] and book.regions[region]["en"]


def test_before_the_reform_there_were_119(book: RuleBook) -> None:
    listed = book.municipalities_on(dt.date(2021, 6, 30))
    assert len(listed) == 119
    assert Counter(m.kind for m in listed.values()) == {"novads": 110, "republikas pilsēta": 9}
