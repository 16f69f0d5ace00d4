"""Money arithmetic that never changes with policy: half-up cents and exact splitting.

Every amount is a `Decimal`; percent shares are rounded half-up to cents and the last
source takes the remainder, so a line's parts always add up exactly to its cost.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to whole cents (the rule of `domain.md` §10)."""
    # The rounding passed by position: as a keyword, the compiled call takes twice as long
    # (every amount of every budget comes here).
    return amount.quantize(CENT, ROUND_HALF_UP)


def line_cost(units: int, rate: Decimal) -> Decimal:
    return to_cents(Decimal(units) * rate)


def share(amount: Decimal, fraction: Decimal) -> Decimal:
    """A percent share of an amount, rounded half-up to cents."""
    return to_cents(amount * fraction)


def take(available: Decimal, wanted: Decimal) -> Decimal:
    """As much of `wanted` as `available` allows, never negative."""
    return max(ZERO, min(available, wanted))
