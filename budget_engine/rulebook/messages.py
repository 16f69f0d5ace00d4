"""The engine's own texts (warnings, assessment summary, a cut line's note): their keys and
the placeholders each may use.

The sentences themselves live in `rules/messages.yaml`, beside the rule texts, so policy
staff can reword them like any rule; this module is the contract the arithmetic fills in,
checked when the rules load so a misspelt `{placeholder}` is a `file:line` error, not a
literal brace in somebody's decision.
"""

from __future__ import annotations

import string
from types import MappingProxyType

WARNING_PLACEHOLDERS = MappingProxyType({
    "reassessment_due": frozenset({"assessed_on", "months"}),
    "over_indicative_budget": frozenset({"monthly", "share_pct", "indicative"}),
    "di_funding_ends": frozenset({"ends", "months"}),
    "no_rate": frozenset({"service", "date"}),
    "no_threshold": frozenset({"parameter", "date", "payer"}),
    "di_enrolment_after_window": frozenset({"enrolled_on", "ends"}),
    "municipality_unchecked": frozenset({"municipality", "date"}),
    "implausible_income": frozenset({"payer", "amount", "most"}),
    "implausible_enrolment": frozenset({"enrolled_on", "began"}),
})

PLACEHOLDERS = MappingProxyType({
    **{f"warning.{code}": names for code, names in WARNING_PLACEHOLDERS.items()},
    "payer.client": frozenset(),
    "payer.maintainers": frozenset(),
    "cap.cut": frozenset({"text", "requested", "approved"}),
    "assessment.ais": frozenset({"score", "mean", "band_level"}),
    "assessment.ais_exceptional": frozenset({"score", "mean", "band_level", "needs", "level"}),
    "assessment.need.medical": frozenset(),
    "assessment.need.behavioural": frozenset(),
    "assessment.need.both": frozenset({"first", "second"}),
    "assessment.care_level": frozenset({"care_level"}),
    "assessment.unknown": frozenset(),
})


def placeholder_problems(key: str, template: str) -> list[str]:
    """What is wrong with one text: an unknown key, or a placeholder it may not use."""
    allowed = PLACEHOLDERS.get(key)
    if allowed is None:
        return [f'unknown message "{key}" (expected one of {", ".join(PLACEHOLDERS)})']
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        return [f'message "{key}": {exc} (write {{{{ for a literal brace)']
    return [f'message "{key}": unknown placeholder {{{name}}} (it may use '
            f'{", ".join(sorted(allowed)) or "none"})' for name in sorted(used - allowed)]
