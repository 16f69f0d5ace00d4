"""Parameter tables: every rate, threshold, cap and share with the date it is in force from.

A value holds from its `from` date until the next value's `from`; before the first one the
parameter is not in force, and the engine says so instead of guessing a number.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ParameterValue:
    valid_from: dt.date
    value: Any
    reference: str | None = None


@dataclass
class Parameter:
    name: str
    title: dict[str, str]
    unit: str
    kind: str
    source: str
    policy_default: bool
    values: list[ParameterValue]
    file: str = ""
    line: int = 0
    _starts: list[dt.date] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.values.sort(key=lambda v: v.valid_from)
        self._starts = [v.valid_from for v in self.values]

    def on(self, date: dt.date) -> ParameterValue | None:
        """The value in force on `date`, or None when the parameter has none then."""
        index = bisect.bisect_right(self._starts, date) - 1
        return self.values[index] if index >= 0 else None


class ParameterTable:
    def __init__(self, parameters: dict[str, Parameter]) -> None:
        self.parameters = parameters

    def __contains__(self, name: str) -> bool:
        return name in self.parameters

    def on(self, name: str, date: dt.date) -> ParameterValue | None:
        return self.parameters[name].on(date)

    def change_dates(self) -> list[dt.date]:
        return sorted({v.valid_from for p in self.parameters.values() for v in p.values})
