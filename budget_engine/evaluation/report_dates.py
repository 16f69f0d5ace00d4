"""The dates a comparison used, stated: a report that does not say them can mislead.

Two rule books decide a case only as they stand on its calculation date. A draft that
raises a rate from 1 January 2026, compared over cases dated 1 July 2025, changes no budget:
"0 cases change" is then a fact about the dates, not about the draft. So every report and
page of a comparison says which dates its cases had (one day, or the range), where either
book changes between them, and, when no case's date falls where the books differ, that
nothing could change and from which day they differ (`variants.Agreement`, the same answer
the policy impact page gives).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..rulebook.compiler import period_starts
from ..rulebook.loader import RuleBook
from ..rulebook.variants import Agreement


@dataclass(frozen=True)
class DatesUsed:
    """What a report states about its dates. `first`/`last`: the earliest and latest of
    the calculated cases' dates (None: no case was calculated). `base_changes` and
    `other_changes`: the days after `first`, up to `last`, on which each book changes (a
    value or a rule coming into or going out of force). `alike`: the two books decide every
    case alike on every day from `first` to `last` (nothing could change); `differs_from`:
    then the first day after them on which they differ (None: never)."""

    first: dt.date | None
    last: dt.date | None
    base_changes: list[dt.date] = field(default_factory=list)
    other_changes: list[dt.date] = field(default_factory=list)
    alike: bool = False
    differs_from: dt.date | None = None

    def as_json(self) -> dict[str, object]:
        """The facts as JSON-ready values (ISO dates), for a page that shows them."""
        def iso(day: dt.date | None) -> str | None:
            return None if day is None else day.isoformat()
        return {"first": iso(self.first), "last": iso(self.last),
                "base_changes": [d.isoformat() for d in self.base_changes],
                "other_changes": [d.isoformat() for d in self.other_changes],
                "alike": self.alike, "differs_from": iso(self.differs_from)}


def dates_used(first: str | None, last: str | None, base: RuleBook,
               other: RuleBook | None) -> DatesUsed:
    """The facts for cases dated `first`..`last` (ISO; None when no case was calculated)
    under `base` and, compared, `other`."""
    if first is None or last is None:
        return DatesUsed(None, None)
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)

    def changes(book: RuleBook) -> list[dt.date]:
        return [day for day in period_starts(book) if start < day <= end]

    if other is None:
        return DatesUsed(start, end, changes(base))
    agreement = Agreement(base, other)
    differs = agreement.next_difference(start)
    alike = differs is None or differs > end
    return DatesUsed(start, end, changes(base), changes(other), alike,
                     differs if alike else None)
