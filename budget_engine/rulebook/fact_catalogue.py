"""The facts a rule's `when` may read, with their types.

This is the vocabulary shared by `facts.py` (which computes them from a case) and the rule
checker (which refuses a rule naming a fact that does not exist, such as "agee").
Line facts exist only for rules about a requested service; case facts exist for both.
The codes `service` may be compared with are the rule book's own (services.yaml): the
loader checks a rule with `all_facts(book_services)`, the catalogue of that book.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..models import DISABILITY_GROUPS, RESIDENCE_STATUSES, TARGET_GROUPS

#: The numbers a rule may compare a whole-number fact with, unless the fact has its own
#: bounds: beyond them a literal is a typing slip (`age >= 10^23`), not a policy.
INT_BOUNDS = (-10**9, 10**9)


@dataclass(frozen=True)
class FactType:
    kind: str  # "bool", "int", "date" or "enum"
    choices: tuple[str, ...] = ()
    description: str = ""
    #: For "int": the least and the greatest value a condition may compare the fact with.
    bounds: tuple[int, int] = INT_BOUNDS


CASE_FACTS: Mapping[str, FactType] = MappingProxyType({
    "date": FactType("date", description="calculation date"),
    "age": FactType("int", description="full years on the calculation date", bounds=(0, 150)),
    "is_child": FactType("bool", description="age < 18"),
    "has_grt": FactType("bool", description="an ICD-10 diagnosis of chapter F (GRT)"),
    "disability_group": FactType("enum", (*DISABILITY_GROUPS, "none")),
    "child_disability": FactType("bool"),
    "special_care_opinion": FactType("bool"),
    "parents_working_or_studying": FactType("bool"),
    "weekly_medical_procedures": FactType("bool"),
    "out_of_family_care": FactType("bool"),
    "residence_status": FactType("enum", RESIDENCE_STATUSES),
    "returned_from_institution": FactType("bool"),
    "eraf_vsac_group_apartment": FactType("bool"),
    "needy_status": FactType("bool"),
    "has_maintainers": FactType("bool"),
    "in_individual_budget_pilot": FactType("bool"),
    "respite_days_used_this_year": FactType("int", bounds=(0, 366)),
    "assessment_and_plan": FactType("bool", description="an assessment with a support plan"),
    "support_level": FactType("int", description="1-4, 0 when unknown", bounds=(0, 4)),
    "di_enrolled": FactType("bool", description="enrolled in a DI ESF project"),
    "day_care_centre_age": FactType(
        "int", description="calculation year - creation year of the day centre, -1 if unknown"
    ),
})

LINE_FACTS: Mapping[str, FactType] = MappingProxyType({
    # Its choices are those of the book being checked (`all_facts`).
    "service": FactType("enum", description="`requested_services[].service` of the case: "
                        "a code of the rule book's services.yaml"),
    "di_service": FactType("bool"),
    **{group: FactType("bool") for group in TARGET_GROUPS},
    "in_target_group": FactType("bool"),
    "in_f1_window": FactType("bool", description="inside the DI ESF project window (F1)"),
})

ALL_FACTS: Mapping[str, FactType] = MappingProxyType({**CASE_FACTS, **LINE_FACTS})


def all_facts(services: Iterable[str]) -> Mapping[str, FactType]:
    """Every fact, for a book with these service codes: `service` may be compared only
    with them."""
    service = FactType("enum", tuple(services), LINE_FACTS["service"].description)
    return MappingProxyType({**ALL_FACTS, "service": service})
