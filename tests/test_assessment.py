from __future__ import annotations

import datetime as dt
from decimal import Decimal

from budget_engine.assessment import score
from budget_engine.models import Assessment

BANDS = {1: Decimal("0"), 2: Decimal("2.0"), 3: Decimal("4.5"), 4: Decimal("7.0")}
AREAS = ("home_living", "community_living", "lifelong_learning", "employment", "health_safety",
         "social_activities", "advocacy")


def assess(**fields: object) -> Assessment:
    return Assessment.model_validate({"assessed_on": dt.date(2024, 1, 1), **fields})


def test_area_totals_give_score_mean_and_band() -> None:
    areas = dict(zip(AREAS, (40, 38, 41, 35, 30, 36, 28), strict=True))
    result = score(assess(areas=areas), BANDS, 5)
    assert result.support_intensity_score == 220  # advocacy is not counted
    assert result.mean_item_score is not None
    assert round(result.mean_item_score, 2) == Decimal("4.49")
    assert result.support_level == 2


def test_item_grid_is_summed_per_area() -> None:
    counts = {"lifelong_learning": 9}
    items = {a: [[2, 2, 2]] * counts.get(a, 8) for a in AREAS}  # 6 per activity
    result = score(assess(items=items), BANDS, 5)
    assert result.area_scores is not None and result.area_scores["lifelong_learning"] == 54
    assert result.support_intensity_score == 49 * 6
    assert result.mean_item_score == Decimal("6")
    assert result.support_level == 3  # 4.5 <= 6.0 < 7.0


def test_band_edges() -> None:
    def level(total: int) -> int | None:
        per_area = [total // 6] * 6
        per_area[0] += total - sum(per_area)
        areas = dict(zip(AREAS, [*per_area, 0], strict=True))
        return score(assess(areas=areas), BANDS, 5).support_level

    assert level(97) == 1  # 97 / 49 = 1.98
    assert level(98) == 2  # 2.0
    assert level(221) == 3  # 4.51
    assert level(343) == 4  # 7.0


def test_exceptional_items_given_as_items() -> None:
    medical = [0] * 15
    medical[3] = 2
    areas = dict(zip(AREAS, [0] * 7, strict=True))
    result = score(assess(areas=areas, medical_items=medical), BANDS, 5)
    assert result.exceptional_medical and not result.exceptional_behavioural
    assert result.support_level == 3


def test_total_above_five_is_exceptional_five_is_not() -> None:
    areas = dict(zip(AREAS, [0] * 7, strict=True))
    assert score(assess(areas=areas, behavioural_total=5), BANDS, 5).support_level == 1
    assert score(assess(areas=areas, behavioural_total=6), BANDS, 5).support_level == 3
    assert score(assess(areas=areas, behavioural_total=6, medical_total=6), BANDS,
                 5).support_level == 4


def test_care_level_is_the_fallback_and_nothing_is_unknown() -> None:
    assert score(assess(care_level=3), BANDS, 5).support_level == 3
    assert score(assess(care_level=3), BANDS, 5).source == "care_level"
    assert score(assess(), BANDS, 5).support_level is None
    assert score(None, BANDS, 5).support_level is None
