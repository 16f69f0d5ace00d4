"""Synthetic cases for benchmarks and load tests: varied, valid, reproducible from a seed.

They are drawn over the whole range the rules distinguish (ages, groups, dates across rate
and threshold changes, residence, DI enrolment, co-payers), not copies of the examples.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from ..models import AREA_ACTIVITIES

MUNICIPALITIES_2021 = ("Rīga", "Daugavpils", "Liepāja", "Jelgava", "Valmieras novads",
                       "Ogres novads", "Cēsu novads", "Tukuma novads", "Madonas novads")
DIAGNOSES = ("F20", "F20.0", "F25", "F70", "F71", "F72", "F84.0", "G40.9", "G80.1", "Q90.0")


def synthetic_case(rng: random.Random, number: int, on: dt.date | None = None, *,
                   services: Sequence[str]) -> dict[str, Any]:
    """A valid case; calculated on `on`, or on a date drawn from mid-2021 to mid-2026.

    Its requested services are drawn from `services`, the codes of the rule book it is for
    (`tuple(book.services)`): the book, not this module, says which services exist."""
    if on is None:
        date = dt.date(2021, 7, 1) + dt.timedelta(days=rng.randrange(0, 365 * 5))
        date = date.replace(day=1) if rng.random() < 0.7 else date
    else:
        date = on
    child = rng.random() < 0.3
    age = rng.randrange(0, 18) if child else rng.randrange(18, 80)
    birth = date - dt.timedelta(days=age * 365 + rng.randrange(0, 360))
    assessment: dict[str, Any] | None = None

    def since(days: int) -> str:
        """A date up to `days` before the calculation date, never before birth."""
        return max(birth, date - dt.timedelta(days=rng.randrange(0, days))).isoformat()

    roll = rng.random()
    if roll < 0.5:
        assessment = {
            "assessed_on": since(1500),
            "support_plan": rng.random() < 0.85,
            "areas": {a: rng.randrange(0, 12 * n + 1) for a, n in AREA_ACTIVITIES.items()},
            "medical_total": rng.randrange(0, 10), "behavioural_total": rng.randrange(0, 10),
            "medical_any_item_2": rng.random() < 0.2,
            "behavioural_any_item_2": rng.random() < 0.2,
        }
    elif roll < 0.6:
        assessment = {
            "assessed_on": since(1500),
            "support_plan": rng.random() < 0.85,
            "items": {a: [[rng.randrange(0, 5) for _ in range(3)] for _ in range(n)]
                      for a, n in AREA_ACTIVITIES.items()},
            "medical_items": [rng.choice((0, 0, 0, 1, 2)) for _ in range(15)],
            "behavioural_items": [rng.choice((0, 0, 0, 1, 2)) for _ in range(13)],
            "care_level": rng.choice((None, 1, 2, 3, 4)),
        }
    elif roll < 0.8:
        assessment = {
            "assessed_on": since(1500),
            "support_plan": rng.random() < 0.85, "care_level": rng.randrange(1, 5)}
    status = rng.choice(("community", "community", "left_vsac", "in_vsac", "foster_family"))
    residence: dict[str, Any] = {"status": status,
                                 "returned_from_institution": rng.random() < 0.3,
                                 "eraf_vsac_group_apartment": rng.random() < 0.05}
    if status == "left_vsac":
        residence["left_vsac_on"] = since(900)
        residence["institution_placed_on"] = max(
            birth, dt.date(rng.randrange(1990, 2020), 1, 1)).isoformat()
    requested = rng.sample(list(services), rng.randrange(0, min(6, len(services) + 1)))
    enrolled = None
    if rng.random() < 0.3:
        enrolled = max(birth, min(date, dt.date(2023, 12, 31))
                       - dt.timedelta(days=rng.randrange(0, 700))).isoformat()
    return {
        "format": 1,
        "case_id": f"SYN-{number:07d}",
        "calculation_date": date.isoformat(),
        "person": {
            "birth_date": birth.isoformat(),
            "municipality": rng.choice(MUNICIPALITIES_2021),
            "disability_group": None if child else rng.choice(("I", "II", "III", None)),
            "child_disability": child and rng.random() < 0.8,
            "special_care_opinion": rng.random() < 0.5,
            "diagnoses": rng.sample(DIAGNOSES, rng.randrange(0, 3)),
            "out_of_family_care": child and rng.random() < 0.2,
            "weekly_medical_procedures": rng.random() < 0.2,
        },
        "residence": residence,
        "household": {
            "monthly_income": f"{rng.randrange(0, 120000) / 100:.2f}",
            "needy_status": rng.random() < 0.2,
            "parents_working_or_studying": rng.random() < 0.6,
            "maintainers": [{"relation": rng.choice(("spouse", "parent", "child")),
                             "monthly_income": f"{rng.randrange(0, 250000) / 100:.2f}"}
                            for _ in range(rng.randrange(0, 3))],
        },
        "assessment": assessment,
        "di_project": {"enrolled_on": enrolled} if enrolled else None,
        "day_care_centre_created_year": rng.choice((None, date.year - rng.randrange(0, 6))),
        "in_individual_budget_pilot": rng.random() < 0.05,
        "respite_days_used_this_year": rng.randrange(0, 35),
        "requested_services": [{"service": s, "units": rng.randrange(1, 250)} for s in requested],
    }
