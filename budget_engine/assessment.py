"""AIS scoring (domain.md §4): from item ratings or area totals to a support level.

Pure functions: the bands and the exceptional-need threshold come in as arguments, so the
numbers stay in rules/ and the arithmetic stays here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from .models import AREA_ACTIVITIES, SECTION_ONE_AREAS, Assessment

SECTION_ONE_ACTIVITIES = sum(AREA_ACTIVITIES[a] for a in SECTION_ONE_AREAS)  # 49


class AssessmentResult:
    """What scoring made of an assessment. Read-only (Final); a plain class, not a frozen
    dataclass, whose generated `__init__` stays interpreted Python even when compiled."""

    def __init__(self, source: str | None, area_scores: dict[str, int] | None,
                 support_intensity_score: int | None, mean_item_score: Decimal | None,
                 exceptional_medical: bool, exceptional_behavioural: bool,
                 band_level: int | None, support_level: int | None) -> None:
        #: "ais", "care_level" or None (support level unknown)
        self.source: Final = source
        self.area_scores: Final = area_scores
        self.support_intensity_score: Final = support_intensity_score
        self.mean_item_score: Final = mean_item_score
        self.exceptional_medical: Final = exceptional_medical
        self.exceptional_behavioural: Final = exceptional_behavioural
        self.band_level: Final = band_level
        self.support_level: Final = support_level


def area_scores(assessment: Assessment) -> dict[str, int] | None:
    if assessment.items is not None:
        return {area: sum(sum(triple) for triple in getattr(assessment.items, area))
                for area in AREA_ACTIVITIES}
    if assessment.areas is not None:
        return {area: getattr(assessment.areas, area) for area in AREA_ACTIVITIES}
    return None


def exceptional(total: int, any_item_2: bool, items: list[int] | None, above: int) -> bool:
    if items is not None:
        total, any_item_2 = sum(items), any(i == 2 for i in items)
    return total > above or any_item_2


def band(mean: Decimal, bands: dict[int, Decimal]) -> int:
    """The highest level whose lower bound the mean item score reaches."""
    return max(level for level, lower in bands.items() if mean >= lower)


def score(assessment: Assessment | None, bands: dict[int, Decimal], exceptional_above: int
          ) -> AssessmentResult:
    if assessment is None:
        return AssessmentResult(None, None, None, None, False, False, None, None)
    medical = exceptional(assessment.medical_total, assessment.medical_any_item_2,
                          assessment.medical_items, exceptional_above)
    behavioural = exceptional(assessment.behavioural_total, assessment.behavioural_any_item_2,
                              assessment.behavioural_items, exceptional_above)
    areas = area_scores(assessment)
    if areas is None:
        level = assessment.care_level
        return AssessmentResult("care_level" if level else None, None, None, None, medical,
                                behavioural, None, level)
    sis = sum(areas[a] for a in SECTION_ONE_AREAS)
    mean = Decimal(sis) / Decimal(SECTION_ONE_ACTIVITIES)
    band_level = band(mean, bands)
    level = band_level
    if medical and behavioural:
        level = 4
    elif medical or behavioural:
        level = max(level, 3)
    return AssessmentResult("ais", areas, sis, mean, medical, behavioural, band_level, level)
