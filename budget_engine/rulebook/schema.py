"""The shape of each rule file, as pydantic models, so a wrong key or value is named.

`when` conditions are checked separately (conditions.py) against the fact catalogue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .parameter_types import ParamType


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Texts(_Entry):
    lv: str = Field(min_length=1)
    en: str = Field(min_length=1)


class RulesetFile(_Entry):
    version: str = Field(min_length=1)
    title: Texts


class ServiceEntry(_Entry):
    title: Texts
    unit: Literal["hour", "day", "session"]
    per: Literal["month", "period"]
    di: bool
    rate: str
    tiered: bool = False


class ServicesFile(_Entry):
    services: dict[str, ServiceEntry]


class ValueEntry(_Entry):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    valid_from: dt.date = Field(alias="from", strict=True)
    value: Any
    #: The act (and article) that set this value, where it has one of its own.
    reference: str | None = Field(default=None, min_length=1)


class ParameterEntry(_Entry):
    title: Texts
    unit: str
    type: ParamType
    source: str
    policy_default: bool = False
    values: list[ValueEntry]


class ParametersFile(_Entry):
    parameters: dict[str, ParameterEntry]


class ParamName(_Entry):
    parameter: str


class RuleEntry(_Entry):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    title: Texts | None = None
    text: Texts | None = None
    refusal: Texts | None = None
    legal_basis: str = Field(min_length=1)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    services: Literal["di", "all"] | list[str] | ParamName = "all"
    when: Any = None
    then: dict[str, Any] = Field(default_factory=dict)
    enabled_by: str | None = None


class TargetGroupEntry(_Entry):
    id: str
    title: Texts
    legal_basis: str
    when: Any


class TargetGroupsFile(_Entry):
    target_groups: list[TargetGroupEntry]


class EligibilityFile(_Entry):
    eligibility: list[RuleEntry]
    caps: list[RuleEntry] = Field(default_factory=list)


class FinancingFile(_Entry):
    financing: list[RuleEntry]


class NoteEntry(_Entry):
    id: str
    title: Texts
    legal_basis: str
    text: Texts


class CopaymentFile(_Entry):
    copayment: list[RuleEntry]
    counterfactual: list[NoteEntry] = Field(default_factory=list)


class MessagesFile(_Entry):
    messages: dict[str, Texts]


class MunicipalityEntry(_Entry):
    name: str
    kind: str
    region: str | None
    valid_from: dt.date
    valid_to: dt.date | None


class RegionsFile(_Entry):
    regions: dict[str, Texts]
    municipalities: list[MunicipalityEntry]
