"""The case and budget of format 1 (`case-format.md`): the one contract every door speaks.

Unknown fields are refused (`extra="forbid"`) so a misspelt field is never silently ignored,
and every constraint carries a message that says what was expected.

Types are strict where leniency would hide a mistake: a whole number is a JSON integer (not
`true`, not `5.0`, not `"5"`), a yes/no is a JSON boolean, a date is exactly a `YYYY-MM-DD`
string of a real calendar day (not a number, not a date and time). Money alone may be a
number or a string, since the format says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainSerializer,
    Strict,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema, core_schema

from .field_checks import exactly, iso_date, money_in, repeated_service
from .money import to_cents

#: The shape of a service code. Which codes exist is the rule book's (`rules/services.yaml`):
#: a case is checked against the services of the book it is calculated with
#: (`Calculator.parse`), so policy staff add a service by editing rule files only.
SERVICE_CODE_PATTERN = r"^[a-z][a-z0-9_]{1,39}$"
ServiceCode = Annotated[str, Strict(), Field(pattern=SERVICE_CODE_PATTERN)]

AreaCode = Literal[
    "home_living",
    "community_living",
    "lifelong_learning",
    "employment",
    "health_safety",
    "social_activities",
    "advocacy",
]
#: Activities per AIS area (`domain.md` §4). Fixed by the instrument, not by policy.
AREA_ACTIVITIES: Mapping[str, int] = MappingProxyType({
    "home_living": 8,
    "community_living": 8,
    "lifelong_learning": 9,
    "employment": 8,
    "health_safety": 8,
    "social_activities": 8,
    "advocacy": 8,
})
SECTION_ONE_AREAS: tuple[str, ...] = tuple(a for a in AREA_ACTIVITIES if a != "advocacy")
MEDICAL_ITEMS = 15
BEHAVIOURAL_ITEMS = 13

Source = Literal["esf", "state", "municipality", "client", "maintainers"]
SOURCES: tuple[str, ...] = Source.__args__  # type: ignore[attr-defined]
ResidenceStatus = Literal[
    "community", "in_vsac", "left_vsac", "child_institution", "foster_family", "guardian"]
RESIDENCE_STATUSES: tuple[str, ...] = ResidenceStatus.__args__  # type: ignore[attr-defined]
DisabilityGroup = Literal["I", "II", "III"]
DISABILITY_GROUPS: tuple[str, ...] = DisabilityGroup.__args__  # type: ignore[attr-defined]
TargetGroup = Literal["adult_grt", "child_ft", "child_out_of_family"]
TARGET_GROUPS: tuple[str, ...] = TargetGroup.__args__  # type: ignore[attr-defined]
CHILD_GROUPS: tuple[str, ...] = ("child_ft", "child_out_of_family")
RateTier = Literal["standard", "intensive"]
WarningCode = Literal[
    "reassessment_due", "over_indicative_budget", "di_funding_ends", "no_rate", "no_threshold",
    "municipality_unchecked", "di_enrolment_after_window", "implausible_income",
    "implausible_enrolment"]
WARNING_CODES: tuple[str, ...] = WarningCode.__args__  # type: ignore[attr-defined]


class FromJsonNatively:
    """Reading JSON text (`Case.model_validate_json`: replay's quick reading, whose refusals
    nobody sees: a refused text is read again the long way), a value is checked by
    pydantic's own schema, narrower than the field's Python check, with no call into Python;
    from Python data (every door, and the long way) the field's own check runs, with its
    messages. Each date and amount called into Python once per case: about 4 µs a case.
    tests/test_quick_parse.py holds the two readings to the same cases."""

    def __init__(self, json_schema: CoreSchema) -> None:
        self.json_schema = json_schema

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        python_schema = handler(source)
        return core_schema.json_or_python_schema(
            json_schema=self.json_schema, python_schema=python_schema,
            serialization=python_schema.get("serialization"))


#: A date: the string `YYYY-MM-DD` of a day that exists (or a `datetime.date`, not a datetime).
IsoDate = Annotated[dt.date, BeforeValidator(iso_date), FromJsonNatively(
    core_schema.chain_schema([
        core_schema.str_schema(strict=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        core_schema.date_schema()]))]
#: A whole number: a JSON integer only (not a boolean, not 5.0, not "5").
StrictWhole = Annotated[int, Strict()]

#: Money in: a JSON number or string, never negative, at most two decimals.
MoneyIn = Annotated[
    Decimal,
    Field(ge=0, max_digits=12, decimal_places=2, allow_inf_nan=False),
    BeforeValidator(money_in),
    # Read from JSON: a string of at most 10 + 2 digits (so the bounds need no check); a
    # JSON number, or anything more unusual, is read the long way.
    FromJsonNatively(core_schema.chain_schema([
        core_schema.str_schema(strict=True, pattern=r"^[0-9]{1,10}(\.[0-9]{1,2})?$"),
        core_schema.decimal_schema()])),
]
#: Money out: always a two-decimal string, so no reader loses cents to binary floats.
MoneyOut = Annotated[Decimal, PlainSerializer(lambda d: str(to_cents(d)), return_type=str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    birth_date: IsoDate
    municipality: str = Field(min_length=1, max_length=100)
    disability_group: DisabilityGroup | None = None
    child_disability: StrictBool = False
    special_care_opinion: StrictBool = False
    diagnoses: list[Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}(\.[0-9]{1,2})?$")]] = Field(
        default_factory=list, max_length=50
    )
    out_of_family_care: StrictBool = False
    weekly_medical_procedures: StrictBool = False


class Residence(_Strict):
    status: ResidenceStatus = "community"
    left_vsac_on: IsoDate | None = None
    institution_placed_on: IsoDate | None = None
    returned_from_institution: StrictBool = False
    eraf_vsac_group_apartment: StrictBool = False

    @model_validator(mode="after")
    def _left_vsac_needs_date(self) -> Residence:
        if self.status == "left_vsac" and self.left_vsac_on is None:
            raise ValueError("left_vsac_on is required when status is left_vsac")
        return self


class Maintainer(_Strict):
    relation: Literal["spouse", "parent", "child"]
    monthly_income: MoneyIn


class Household(_Strict):
    monthly_income: MoneyIn = Decimal("0")
    needy_status: StrictBool = False
    parents_working_or_studying: StrictBool = False
    maintainers: list[Maintainer] = Field(default_factory=list, max_length=20)


Rating = Annotated[StrictWhole, Field(ge=0, le=4)]
Triple = Annotated[list[Rating], Field(min_length=3, max_length=3)]
ExtraItem = Annotated[StrictWhole, Field(ge=0, le=2)]


class Areas(_Strict):
    """Seven AIS area raw scores; each at most 12 x the area's number of activities."""

    home_living: Annotated[StrictWhole, Field(ge=0, le=96)]
    community_living: Annotated[StrictWhole, Field(ge=0, le=96)]
    lifelong_learning: Annotated[StrictWhole, Field(ge=0, le=108)]
    employment: Annotated[StrictWhole, Field(ge=0, le=96)]
    health_safety: Annotated[StrictWhole, Field(ge=0, le=96)]
    social_activities: Annotated[StrictWhole, Field(ge=0, le=96)]
    advocacy: Annotated[StrictWhole, Field(ge=0, le=96)]


class Items(_Strict):
    """Full AIS grid: for each area, one [type, frequency, time] triple per activity."""

    home_living: Annotated[list[Triple], Field(min_length=8, max_length=8)]
    community_living: Annotated[list[Triple], Field(min_length=8, max_length=8)]
    lifelong_learning: Annotated[list[Triple], Field(min_length=9, max_length=9)]
    employment: Annotated[list[Triple], Field(min_length=8, max_length=8)]
    health_safety: Annotated[list[Triple], Field(min_length=8, max_length=8)]
    social_activities: Annotated[list[Triple], Field(min_length=8, max_length=8)]
    advocacy: Annotated[list[Triple], Field(min_length=8, max_length=8)]


class Assessment(_Strict):
    assessed_on: IsoDate
    support_plan: StrictBool = False
    areas: Areas | None = None
    items: Items | None = None
    medical_total: Annotated[StrictWhole, Field(ge=0, le=2 * MEDICAL_ITEMS)] = 0
    behavioural_total: Annotated[StrictWhole, Field(ge=0, le=2 * BEHAVIOURAL_ITEMS)] = 0
    medical_any_item_2: StrictBool = False
    behavioural_any_item_2: StrictBool = False
    medical_items: (
        Annotated[list[ExtraItem], Field(min_length=MEDICAL_ITEMS, max_length=MEDICAL_ITEMS)]
        | None
    ) = None
    behavioural_items: (
        Annotated[
            list[ExtraItem], Field(min_length=BEHAVIOURAL_ITEMS, max_length=BEHAVIOURAL_ITEMS)
        ]
        | None
    ) = None
    care_level: Annotated[StrictWhole, Field(ge=1, le=4)] | None = None

    @model_validator(mode="after")
    def _one_way_of_scoring(self) -> Assessment:
        if self.areas is not None and self.items is not None:
            raise ValueError("give either areas or items, not both")
        return self


class DiProject(_Strict):
    enrolled_on: IsoDate


class ServiceRequest(_Strict):
    service: ServiceCode
    units: Annotated[StrictWhole, Field(ge=1, le=999)]


class Case(_Strict):
    format: Annotated[Literal[1], BeforeValidator(exactly(1)),
                      FromJsonNatively(core_schema.int_schema(strict=True, ge=1, le=1))]
    case_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_/\-]+$")
    calculation_date: IsoDate
    person: Person
    residence: Residence = Field(default_factory=Residence)
    household: Household = Field(default_factory=Household)
    assessment: Assessment | None = None
    di_project: DiProject | None = None
    day_care_centre_created_year: Annotated[StrictWhole, Field(ge=1990, le=2100)] | None = None
    in_individual_budget_pilot: StrictBool = False
    respite_days_used_this_year: Annotated[StrictWhole, Field(ge=0, le=366)] = 0
    requested_services: list[ServiceRequest] = Field(default_factory=list, max_length=20)

    @field_validator("requested_services")
    @classmethod
    def _each_service_once(cls, requests: list[ServiceRequest]) -> list[ServiceRequest]:
        twice = repeated_service([request.service for request in requests])
        if twice is not None:
            raise ValueError(f"service {twice!r} is requested more than once")
        return requests


class Reason(BaseModel):
    """Why a line, a cap or a refusal is as it is: the rule, its text and what it used."""

    model_config = ConfigDict(extra="forbid")
    rule: str
    text: str
    legal_basis: str = ""
    parameters: dict[str, ParameterUse] = Field(default_factory=dict)


class ParameterUse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: str
    valid_from: dt.date | None = None


class Financing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    esf: MoneyOut = Decimal("0")
    state: MoneyOut = Decimal("0")
    municipality: MoneyOut = Decimal("0")
    client: MoneyOut = Decimal("0")
    maintainers: MoneyOut = Decimal("0")


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str
    title: str
    unit: str
    requested_units: int
    approved_units: int
    rate: MoneyOut | None
    monthly_cost: MoneyOut | None
    per: Literal["month", "period"]
    financing: Financing
    reasons: list[Reason]


class Refusal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str
    title: str
    requested_units: int
    reasons: list[Reason]


class PackageItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str
    units: int


class IndicativeBudget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    monthly: MoneyOut | None
    package: list[PackageItem]
    support_level: int


class Totals(BaseModel):
    model_config = ConfigDict(extra="forbid")
    monthly: MoneyOut
    one_off: MoneyOut
    by_source: Financing
    period_months: int
    period_total: MoneyOut


class Counterfactual(BaseModel):
    model_config = ConfigDict(extra="forbid")
    monthly_cost: MoneyOut
    state_funded: bool
    client_contribution: MoneyOut
    reasons: list[Reason]


class Warning(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: WarningCode
    text: str
    #: The parameters (with their in-force dates) behind the warning, or the one missing.
    parameters: dict[str, ParameterUse] = Field(default_factory=dict)


class AssessmentSummary(BaseModel):
    """How the support level was reached (domain.md §4), for the reader of the budget."""

    model_config = ConfigDict(extra="forbid")
    source: Literal["ais", "care_level"] | None
    support_intensity_score: int | None
    mean_item_score: str | None
    band_level: int | None
    exceptional_medical: bool
    exceptional_behavioural: bool
    care_level: int | None
    text: str


class Budget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal[1] = 1
    case_id: str
    calculation_date: dt.date
    rules_version: str
    target_groups: list[TargetGroup]
    support_level: int | None
    rate_tier: RateTier | None
    assessment: AssessmentSummary
    lines: list[Line]
    refused: list[Refusal]
    proposed_package: bool
    indicative_budget: IndicativeBudget | None
    totals: Totals
    institutional_counterfactual: Counterfactual
    warnings: list[Warning]


Reason.model_rebuild()
