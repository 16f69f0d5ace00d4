"""What a rule does when it fires (its `then`), one typed model per kind of rule.

The allocator's arithmetic reads these fields by name; a misspelt key or a method that does
not exist must be refused when the rules load (with the file and line), not discovered as a
`KeyError` in the middle of someone's budget. Parameter and fact names are checked against
the rule book by the loader (`parameters_named`, `MINUS_FACTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

FinancingMethod = Literal[
    "esf_share", "state_full", "municipality_full", "state_share", "money_follows_client",
    "municipality_rest",
]
FINANCING_METHODS: tuple[str, ...] = FinancingMethod.__args__  # type: ignore[attr-defined]
Payer = Literal["client", "maintainers"]
PAYERS: tuple[str, ...] = Payer.__args__  # type: ignore[attr-defined]
ParameterName = str


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    def parameters_named(self) -> set[str]:
        """Every parameter this action reads (for checks, explanations and coverage)."""
        return {value for name, value in self if name in _PARAMETER_FIELDS and value}


class NoAction(_Action):
    """Target groups and eligibility rules decide by firing; they compute nothing."""


class CapAction(_Action):
    """At most `cap` units; per week (converted to a month), month, or year (less `minus`)."""

    cap: ParameterName = Field(min_length=1)
    per: Literal["week", "month", "year"]
    #: A case fact subtracted from a yearly cap (the respite days already used this year).
    minus: str | None = None


class FinancingAction(_Action):
    """Who pays a line, and how much of it (domain order F1..F7 is kept by the allocator)."""

    @model_validator(mode="after")
    def _needs_its_share(self) -> FinancingAction:
        if self.method == "esf_share" and self.share is None:
            raise ValueError("method esf_share needs share (a parameter)")
        if self.method == "state_share" and (self.share is None) == (self.share_by_year is None):
            raise ValueError("method state_share needs exactly one of share, share_by_year")
        return self

    method: FinancingMethod
    share: ParameterName | None = None
    #: A share that depends on how many years the day centre has operated (F6).
    share_by_year: ParameterName | None = None
    #: The state's part is at most this share of the VSAC monthly cost (F5).
    cap_share_of_vsac: ParameterName | None = None
    #: False: no co-payment is taken from this line (F1, F4, F7).
    copayment: bool = True
    #: The state's whole-line payment counts toward the money-follows-client cap (F5 ERAF).
    counts_toward_vsac_cap: bool = False


class CopaymentAction(_Action):
    """Exactly one of: no co-payment; a payer exempt; a payer above a threshold; the order."""

    exempt: bool = False
    exempt_payer: Literal["client"] | None = None
    payer: Payer | None = None
    threshold: ParameterName | None = None
    order: ParameterName | None = None

    @model_validator(mode="after")
    def _one_thing(self) -> CopaymentAction:
        chosen = [name for name in ("exempt", "exempt_payer", "payer", "order")
                  if getattr(self, name)]
        if len(chosen) != 1:
            raise ValueError("a co-payment rule needs exactly one of exempt, exempt_payer, "
                             "payer, order")
        if (self.payer is None) != (self.threshold is None):
            raise ValueError("payer and threshold go together")
        return self

    @property
    def explains_only(self) -> bool:
        """P4 (the order of co-payments) decides nothing per line: it is read, not fired."""
        return self.order is not None


Action = Union[NoAction, CapAction, FinancingAction, CopaymentAction]  # noqa: UP007
ACTION_BY_KIND: Mapping[str, type[_Action]] = MappingProxyType({
    "target_group": NoAction, "eligibility": NoAction, "cap": CapAction,
    "financing": FinancingAction, "copayment": CopaymentAction,
})
_PARAMETER_FIELDS = frozenset(
    ("cap", "share", "share_by_year", "cap_share_of_vsac", "threshold", "order"))
