"""The facts a rule's `when` may read, with their types.

This is the vocabulary shared by `facts.py` (which computes them from a case) and the rule
checker (which refuses a rule naming a fact that does not exist, such as "agee").
Line facts exist only for rules about a requested service; case facts exist for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import SERVICE_CODES


@dataclass(frozen=True)
class FactType:
    kind: str  # "bool", "int", "date" or "enum"
    choices: tuple[str, ...] = ()
    description: str = ""


CASE_FACTS: dict[str, FactType] = {
    "date": FactType("date", description="calculation date"),
    "age": FactType("int", description="full years on the calculation date"),
    "is_child": FactType("bool", description="age < 18"),
    "has_grt": FactType("bool", description="an ICD-10 diagnosis of chapter F (GRT)"),
    "disability_group": FactType("enum", ("I", "II", "III", "none")),
    "child_disability": FactType("bool"),
    "special_care_opinion": FactType("bool"),
    "parents_working_or_studying": FactType("bool"),
    "weekly_medical_procedures": FactType("bool"),
    "out_of_family_care": FactType("bool"),
    "residence_status": FactType(
        "enum",
        ("community", "in_vsac", "left_vsac", "child_institution", "foster_family", "guardian"),
    ),
    "returned_from_institution": FactType("bool"),
    "eraf_vsac_group_apartment": FactType("bool"),
    "needy_status": FactType("bool"),
    "has_maintainers": FactType("bool"),
    "in_individual_budget_pilot": FactType("bool"),
    "respite_days_used_this_year": FactType("int"),
    "assessment_and_plan": FactType("bool", description="an assessment with a support plan"),
    "support_level": FactType("int", description="1-4, 0 when unknown"),
    "di_enrolled": FactType("bool", description="enrolled in a DI ESF project"),
    "day_care_centre_age": FactType(
        "int", description="calculation year - creation year of the day centre, -1 if unknown"
    ),
}

LINE_FACTS: dict[str, FactType] = {
    "service": FactType("enum", tuple(SERVICE_CODES)),
    "di_service": FactType("bool"),
    "adult_grt": FactType("bool"),
    "child_ft": FactType("bool"),
    "child_out_of_family": FactType("bool"),
    "in_target_group": FactType("bool"),
    "in_f1_window": FactType("bool", description="inside the DI ESF project window (F1)"),
}

ALL_FACTS: dict[str, FactType] = {**CASE_FACTS, **LINE_FACTS}
