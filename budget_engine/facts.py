"""Case -> the flat facts the rules read (names and types in rulebook/fact_catalogue.py).

Only definitions that never change with policy are computed here (age, whole months);
every number that policy sets is read from the parameter tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from .assessment import AssessmentResult
from .dates import add_months, age_on, date_number
from .models import CHILD_GROUPS, Case


class DiWindow:
    """The F1 window of an enrolled case: from enrolment (inclusive) to `ends` (exclusive).
    Read-only (Final); a plain class: a frozen dataclass's `__init__` is interpreted."""

    def __init__(self, starts: dt.date, ends: dt.date, months: int, months_parameter: str
                 ) -> None:
        self.starts: Final = starts
        self.ends: Final = ends
        self.months: Final = months
        self.months_parameter: Final = months_parameter

    def contains(self, date: dt.date) -> bool:
        return self.starts <= date < self.ends


def case_facts(case: Case, result: AssessmentResult, grt_chapter: str, majority: int
               ) -> dict[str, Any]:
    person, date = case.person, case.calculation_date
    age = age_on(person.birth_date, date)
    assessment = case.assessment
    return {
        "date": date_number(date),
        "age": age,
        "is_child": age < majority,
        "has_grt": any(d.startswith(grt_chapter) for d in person.diagnoses),
        "disability_group": person.disability_group or "none",
        "child_disability": person.child_disability,
        "special_care_opinion": person.special_care_opinion,
        "parents_working_or_studying": case.household.parents_working_or_studying,
        "weekly_medical_procedures": person.weekly_medical_procedures,
        "out_of_family_care": person.out_of_family_care,
        "residence_status": case.residence.status,
        "returned_from_institution": case.residence.returned_from_institution,
        "eraf_vsac_group_apartment": case.residence.eraf_vsac_group_apartment,
        "needy_status": case.household.needy_status,
        "has_maintainers": bool(case.household.maintainers),
        "in_individual_budget_pilot": case.in_individual_budget_pilot,
        "respite_days_used_this_year": case.respite_days_used_this_year,
        "assessment_and_plan": assessment is not None and assessment.support_plan,
        "support_level": result.support_level or 0,
        "di_enrolled": case.di_project is not None,
        "day_care_centre_age": (date.year - case.day_care_centre_created_year
                                if case.day_care_centre_created_year is not None else -1),
    }


def di_window(case: Case, groups: set[str], adult_months: int | None, child_months: int | None,
              ends_on: dt.date | None) -> DiWindow | None:
    """The F1 window, or None when the case is not enrolled or in no DI target group."""
    if case.di_project is None:
        return None
    if "adult_grt" in groups:
        months, parameter = adult_months, "f1.window_months.adult"
    elif groups & set(CHILD_GROUPS):
        months, parameter = child_months, "f1.window_months.child"
    else:
        return None
    if months is None:
        return None
    start = case.di_project.enrolled_on
    end = add_months(start, months)
    if ends_on is not None:
        end = min(end, ends_on)
    return DiWindow(start, end, months, parameter)


def line_fact(service: str, di_service: bool, groups: set[str], in_window: bool
              ) -> dict[str, Any]:
    return {
        "service": service,
        "di_service": di_service,
        "adult_grt": "adult_grt" in groups,
        "child_ft": "child_ft" in groups,
        "child_out_of_family": "child_out_of_family" in groups,
        "in_target_group": bool(groups),
        "in_f1_window": in_window,
    }
