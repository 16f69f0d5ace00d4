"""Synthetic populations drawn to published figures, for evaluators' what-if runs.

Real client files cannot leave a municipality; a population that matches what was published
about the real one can. Each profile reproduces its published counts exactly when `n` is the
published total, and in proportion (largest-remainder apportionment, so the parts always add
up to `n`) for any other `n`; everything not published is drawn from a seeded generator and
is named as an assumption in the profile's docstring and in docs/guide-evaluator.md.

- `vsac-2015`: VSAC clients aged 18–59 in 2015 by care level 194 / 812 / 847 / 588 of 2,441,
  disability groups I and II and the main diagnoses per level (`002_…`: "Klientu
  raksturojums VSAC 2015. gadā"), 772 of them identified for independent life in the
  community (same source), calculated in 2025.
- `pilot-2019`: the 72 adults with GRT in the individual budget pilot, 2019-11-01 –
  2021-01-31, with the support person service (`000_…`).
- `di-children`: the 2,475 children with functional impairments and 1,128 children in
  out-of-family care whose needs were assessed in the DI projects (`003_…`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: `synth --help` reads the profiles without pydantic
    from ..rulebook.loader import RuleBook

Case = dict[str, Any]

#: VSAC clients aged 18–59 by care level (1..4), 2015 (`002_…`).
VSAC_LEVELS: Mapping[int, int] = MappingProxyType({1: 194, 2: 812, 3: 847, 4: 588})
#: Disability group I and II per care level; the rest of a level has neither (published
#: only as the difference; taken here as group III).
VSAC_GROUPS: Mapping[str, tuple[int, ...]] = MappingProxyType({
    "I": (3, 37, 216, 428), "II": (191, 773, 628, 155)})
#: Main diagnoses per care level (a client may count under two, so a level's column adds up
#: to more than its clients), and the ICD-10 codes drawn for each row of the table.
VSAC_DIAGNOSES: Mapping[str, tuple[tuple[int, ...], tuple[str, ...]]] = MappingProxyType({
    "F20-F29": ((85, 357, 236, 58), ("F20", "F20.0", "F25")),
    "F70": ((25, 51, 7, 4), ("F70",)),
    "F71": ((42, 212, 177, 44), ("F71",)),
    "F10-F19": ((2, 3, 0, 3), ("F10.2",)),
    "F72": ((6, 88, 352, 170), ("F72",)),
    "F73": ((1, 3, 53, 246), ("F73",)),
    "other": ((1, 1, 1, 0), ("G80.1",)),
    "F00-F09": ((24, 84, 84, 59), ("F06.7", "F07.0")),
    "G40": ((9, 21, 7, 14), ("G40.9",)),
})
#: Clients identified for independent life in the community, of the 2,441 (`002_…`).
VSAC_INDEPENDENT = 772
#: Not published per level: how much likelier a client of each level is to be among them.
VSAC_INDEPENDENT_WEIGHT: Mapping[int, Fraction] = MappingProxyType({
    1: Fraction(8, 10), 2: Fraction(5, 10), 3: Fraction(2, 10), 4: Fraction(5, 100)})
VSAC_DATE = dt.date(2015, 12, 22)  # the date of the published figures

PILOT_SIZE = 72
PILOT_FROM, PILOT_TO = dt.date(2019, 11, 1), dt.date(2021, 1, 31)

#: Children assessed in the DI projects: with functional impairments (FT), out of family.
CHILDREN: Mapping[str, int] = MappingProxyType({"child_ft": 2475, "out_of_family": 1128})

PROFILES = ("vsac-2015", "pilot-2019", "di-children")
#: The services each profile's draw knows (and assumes shares for); any other service the
#: rule book offers on the cases' date is new to it (`follow_book`).
KNOWN_SERVICES = frozenset({"group_apartment", "home_care", "day_care_centre",
                            "specialised_workshop", "specialist_consultation",
                            "support_person", "respite", "support_group"})
#: By default, the share of cases that request a service new to the profile (each new
#: service on its own): not published; `synth --new-service-share` sets it.
NEW_SERVICE_SHARE = Fraction(1, 10)
#: Where each profile's counts come from (`synth --profile P --sources`).
SOURCES_OF: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "vsac-2015": (
        "002_…: Klientu raksturojums VSAC 2015. gadā — klienti 18–59 g. pēc aprūpes līmeņa "
        "194 / 812 / 847 / 588 (kopā 2 441), I un II invaliditātes grupa un galvenās "
        "diagnozes pēc līmeņa",
        "002_…: 772 klienti, kas identificēti dzīvei sabiedrībā"),
    "pilot-2019": ("000_…: individuālā budžeta pilotprojekts 01.11.2019–31.01.2021, 72 "
                   "pieaugušie ar GRT, atbalsta personas pakalpojums",),
    "di-children": ("003_…: DI projektos izvērtēti 2 475 bērni ar funkcionāliem "
                    "traucējumiem un 1 128 bērni ārpusģimenes aprūpē",),
})
DEFAULT_SIZE: Mapping[str, int] = MappingProxyType({
    "vsac-2015": sum(VSAC_LEVELS.values()), "pilot-2019": PILOT_SIZE,
    "di-children": sum(CHILDREN.values())})


def apportion(n: int, weights: Sequence[int | Fraction]) -> list[int]:
    """`n` split in proportion to `weights` by largest remainders: the parts add up to `n`,
    and when `n` is the sum of integer weights each part is exactly its weight."""
    total = sum(weights, Fraction(0))
    if n <= 0 or total == 0:
        return [0] * len(weights)
    quotas = [Fraction(w) * n / total for w in weights]
    parts = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[: n - sum(parts)]:
        parts[i] += 1
    return parts


def _spread(rng: random.Random, counts: Sequence[int], values: Sequence[Any]) -> list[Any]:
    """A shuffled list holding `counts[i]` of `values[i]`."""
    out = [v for v, c in zip(values, counts, strict=True) for _ in range(c)]
    rng.shuffle(out)
    return out


def _birth(rng: random.Random, age_from: int, age_to: int, on: dt.date) -> dt.date:
    """A birth date that makes a person `age_from`..`age_to` full years old on `on`."""
    latest = on.replace(year=on.year - age_from)
    earliest = on.replace(year=on.year - age_to - 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def _municipalities(book: RuleBook, date: dt.date) -> list[str]:
    return sorted(book.municipalities_on(date))


class Draw:
    """What every case of a draw shares: the rule book, the one date its cases are
    calculated on (None: each profile's own dates) and the share of cases that request
    each service new to the profile. Which services the book offers on a date is found
    once per date (a service is offered while its rate has a value)."""

    def __init__(self, book: RuleBook, on: dt.date | None = None,
                 new_share: Fraction = NEW_SERVICE_SHARE) -> None:
        self.book, self.on, self.new_share = book, on, new_share
        self._offered: dict[dt.date, tuple[frozenset[str], tuple[str, ...]]] = {}

    def offered(self, date: dt.date) -> tuple[frozenset[str], tuple[str, ...]]:
        """The services the book offers on `date`, and those of them new to the profiles."""
        found = self._offered.get(date)
        if found is None:
            parameters = self.book.parameters.parameters
            codes = frozenset(code for code, service in self.book.services.items()
                              if service.rate not in parameters
                              or parameters[service.rate].on(date) is not None)
            found = self._offered[date] = (codes, tuple(sorted(codes - KNOWN_SERVICES)))
        return found

    def follow_book(self, rng: random.Random, services: list[dict[str, Any]],
                    date: dt.date) -> list[dict[str, Any]]:
        """The services drawn, and each service the book offers on `date` that is new to
        the profiles requested by `new_share` of the cases (1–20 units: assumed). The
        profile's own services stay as drawn (the book's rules refuse one not in force,
        and the report counts that refusal). No random number is drawn when the book
        offers nothing new, so a population of the shipped rules is the same as before."""
        _, new = self.offered(date)
        kept = list(services)
        for code in new:
            if rng.random() < self.new_share:
                kept.append({"service": code, "units": rng.randrange(1, 21)})
        return kept


def _money(rng: random.Random, low: int, high: int) -> str:
    return f"{Decimal(rng.randrange(low * 100, high * 100 + 1)) / 100:.2f}"


def vsac_2015(rng: random.Random, n: int, book: RuleBook, year: int = 2025,
              draw: Draw | None = None) -> Iterator[Case]:
    """VSAC clients of 2015 (aged 18–59 then), calculated in `year` (the first day of a
    month drawn from it). Published: levels, groups I/II and diagnoses per level, and the
    772 identified for independent life (`left_vsac` here; the others are still `in_vsac`).
    Assumed: group III for the rest of a level; who of a level left (weights by level);
    incomes, maintainers, municipalities and the services requested."""
    levels = apportion(n, list(VSAC_LEVELS.values()))
    independent = apportion(VSAC_INDEPENDENT * n // sum(VSAC_LEVELS.values()) if n != sum(
        VSAC_LEVELS.values()) else VSAC_INDEPENDENT,
        [VSAC_INDEPENDENT_WEIGHT[lv] * c for lv, c in zip(VSAC_LEVELS, levels, strict=True)])
    people: list[tuple[int, str, list[str], bool]] = []
    for index, (level, count) in enumerate(zip(VSAC_LEVELS, levels, strict=True)):
        published = sum(VSAC_LEVELS.values()) == n
        first, second = VSAC_GROUPS["I"][index], VSAC_GROUPS["II"][index]
        groups = _spread(rng, apportion(count, [first, second, VSAC_LEVELS[level] - first
                                                - second]), ("I", "II", "III"))
        left = _spread(rng, [independent[index], count - independent[index]], (True, False))
        for person, diagnoses in enumerate(_diagnoses(rng, index, count, published)):
            people.append((level, groups[person], diagnoses, left[person]))
    rng.shuffle(people)
    draw = draw or Draw(book)
    return _numbered((_vsac_case(rng, *person, draw, year) for person in people), "VSAC")


def _diagnoses(rng: random.Random, index: int, count: int, published: bool
               ) -> list[list[str]]:
    """Each client's diagnoses: the level's column of the table, so that the number of
    clients under each row is the published one (some clients count under two rows)."""
    columns = [row[index] for row, _ in VSAC_DIAGNOSES.values()]
    tokens_total = sum(columns) if published else max(
        count, round(Fraction(sum(columns) * count, VSAC_LEVELS[index + 1])))
    tokens = [name for name, c in zip(VSAC_DIAGNOSES, apportion(tokens_total, columns),
                                      strict=True) for _ in range(c)]
    people: list[list[str]] = [[name] for name in tokens[:count]]
    for person, name in enumerate(tokens[count:]):
        if name not in people[person % count]:
            people[person % count].append(name)
    rng.shuffle(people)
    return [[rng.choice(VSAC_DIAGNOSES[name][1]) for name in names] for names in people]


def _vsac_case(rng: random.Random, level: int, group: str, diagnoses: list[str], left: bool,
               draw: Draw, year: int) -> Case:
    book = draw.book
    month = rng.randrange(1, 13)  # drawn also on a given date: the same seed, the same people
    date = draw.on or dt.date(year, month, 1)
    birth = _birth(rng, 18, 59, VSAC_DATE)
    placed = max(birth.replace(year=birth.year + 18) if birth.month != 2 or birth.day != 29
                 else dt.date(birth.year + 18, 3, 1), dt.date(rng.randrange(1985, 2015), 1, 1))
    residence: dict[str, Any] = {"status": "left_vsac" if left else "in_vsac",
                                 "institution_placed_on": placed.isoformat(),
                                 "returned_from_institution": left,
                                 "eraf_vsac_group_apartment": left and rng.random() < 0.3}
    services: list[dict[str, Any]] = []
    if left:
        residence["left_vsac_on"] = (dt.date(2018, 1, 1) + dt.timedelta(
            days=rng.randrange(max(1, (date - dt.date(2018, 1, 1)).days)))).isoformat()
        if level <= 3 and rng.random() < 0.8:
            services.append({"service": "group_apartment", "units": rng.choice((30, 31))})
        elif rng.random() < 0.7:
            services.append({"service": "home_care", "units": rng.randrange(20, 61)})
        if rng.random() < 0.7:
            services.append({"service": "day_care_centre", "units": rng.randrange(12, 23)})
        if level <= 2 and rng.random() < 0.4:
            services.append({"service": "specialised_workshop", "units": rng.randrange(8, 21)})
        if rng.random() < 0.5:
            services.append({"service": "specialist_consultation", "units": rng.randrange(1, 7)})
        if group in ("I", "II") and rng.random() < 0.4:
            services.append({"service": "support_person", "units": rng.randrange(2, 11)})
    maintainers = [{"relation": rng.choice(("child", "parent", "spouse")),
                    "monthly_income": _money(rng, 500, 2500)}
                   for _ in range(1 if rng.random() < 0.45 else 0)]
    services = draw.follow_book(rng, services, date)
    return {
        "format": 1, "case_id": "", "calculation_date": date.isoformat(),
        "person": {"birth_date": birth.isoformat(),
                   "municipality": rng.choice(_municipalities(book, date)),
                   "disability_group": group, "child_disability": False,
                   "special_care_opinion": False, "diagnoses": diagnoses,
                   "out_of_family_care": False,
                   "weekly_medical_procedures": level == 4 and rng.random() < 0.3},
        "residence": residence,
        "household": {"monthly_income": _money(rng, 150, 500),
                      "needy_status": rng.random() < 0.15,
                      "parents_working_or_studying": False, "maintainers": maintainers},
        "assessment": {"assessed_on": (date - dt.timedelta(days=rng.randrange(30, 700))
                                       ).isoformat(),
                       "support_plan": rng.random() < 0.9, "care_level": level},
        "requested_services": services,
    }


def pilot_2019(rng: random.Random, n: int, book: RuleBook, draw: Draw | None = None
               ) -> Iterator[Case]:
    """The individual budget pilot: adults with GRT and disability group I or II, in the
    pilot, calculated on the first day of a month inside 2019-11-01 – 2021-01-31, each
    with the support person service. Published: 72 persons with GRT, the dates, the support
    person service (`000_…`). Assumed: ages 18–64, groups I:II 1:2, levels, other services."""
    months = [dt.date(2019 + (10 + m) // 12, (10 + m) % 12 + 1, 1) for m in range(15)]
    groups = _spread(rng, apportion(n, [1, 2]), ("I", "II"))
    draw = draw or Draw(book)
    return _numbered((_pilot_case(rng, group, months, draw) for group in groups), "PILOT")


def _pilot_case(rng: random.Random, group: str, months: list[dt.date], draw: Draw
                ) -> Case:
    book = draw.book
    date = draw.on or rng.choice(months)
    if draw.on:
        rng.choice(months)  # the same seed, the same people
    level = rng.choice((1, 2, 2, 3, 3, 4))
    services = [{"service": "support_person", "units": rng.randrange(4, 21)}]
    if rng.random() < 0.5:
        services.append({"service": "day_care_centre", "units": rng.randrange(10, 23)})
    if rng.random() < 0.3:
        services.append({"service": "home_care", "units": rng.randrange(10, 41)})
    services = draw.follow_book(rng, services, date)
    return {
        "format": 1, "case_id": "", "calculation_date": date.isoformat(),
        "person": {"birth_date": _birth(rng, 18, 64, date).isoformat(),
                   "municipality": rng.choice(_municipalities(book, date)),
                   "disability_group": group,
                   "diagnoses": [rng.choice(("F20", "F25", "F71", "F72"))]},
        "residence": {"status": "community"},
        "household": {"monthly_income": _money(rng, 150, 450),
                      "needy_status": rng.random() < 0.2},
        "assessment": {"assessed_on": (date - dt.timedelta(days=rng.randrange(30, 400))
                                       ).isoformat(),
                       "support_plan": True, "care_level": level},
        "in_individual_budget_pilot": True,
        "requested_services": services,
    }


def di_children(rng: random.Random, n: int, book: RuleBook, year: int = 2025,
                draw: Draw | None = None) -> Iterator[Case]:
    """Children of the DI target groups: with functional impairments living with their
    families, and in out-of-family care, 2,475 : 1,128 (`003_…`). Assumed: ages, who has
    the special care opinion, working parents, and the services (home care for the
    youngest, respite, day centre, consultations), all calculated in `year`."""
    kinds = _spread(rng, apportion(n, list(CHILDREN.values())), tuple(CHILDREN))
    draw = draw or Draw(book)
    return _numbered((_child_case(rng, kind, draw, year) for kind in kinds), "CHILD")


def _child_case(rng: random.Random, kind: str, draw: Draw, year: int) -> Case:
    book = draw.book
    month = rng.randrange(1, 13)
    date = draw.on or dt.date(year, month, 1)
    ft = kind == "child_ft"
    birth = _birth(rng, 0 if ft else 2, 17, date)
    age = date.year - birth.year - ((date.month, date.day) < (birth.month, birth.day))
    services: list[dict[str, Any]] = []
    if ft:
        if age <= 4 and rng.random() < 0.6:
            services.append({"service": "home_care", "units": rng.randrange(40, 201)})
        if rng.random() < 0.5:
            services.append({"service": "respite", "units": rng.randrange(5, 31)})
        if age >= 2 and rng.random() < 0.4:
            services.append({"service": "day_care_centre", "units": rng.randrange(8, 23)})
    if rng.random() < 0.6:
        services.append({"service": "specialist_consultation", "units": rng.randrange(1, 9)})
    if not ft and age >= 12 and rng.random() < 0.3:
        services.append({"service": "support_group", "units": rng.randrange(2, 9)})
    services = draw.follow_book(rng, services, date)
    return {
        "format": 1, "case_id": "", "calculation_date": date.isoformat(),
        "person": {"birth_date": birth.isoformat(),
                   "municipality": rng.choice(_municipalities(book, date)),
                   "child_disability": ft or rng.random() < 0.2,
                   "special_care_opinion": ft and rng.random() < 0.6,
                   "diagnoses": [rng.choice(("G80.1", "F84.0", "Q90.0", "F70", "G40.9"))]
                   if ft else [],
                   "out_of_family_care": not ft},
        "residence": {"status": "community" if ft else rng.choice(
            ("child_institution", "foster_family", "guardian"))},
        "household": {"monthly_income": "0.00",
                      "parents_working_or_studying": ft and rng.random() < 0.6},
        "requested_services": services,
    }


def _numbered(cases: Iterable[Case], prefix: str) -> Iterator[Case]:
    for number, case in enumerate(cases, start=1):
        case["case_id"] = f"{prefix}-{number:06d}"
        yield case


def synthesise(profile: str, n: int | None, seed: int, book: RuleBook,
               on: dt.date | None = None, new_share: Fraction = NEW_SERVICE_SHARE
               ) -> Iterator[Case]:
    """`n` cases of a profile (its published total when `n` is None), the same for the
    same seed; with `on`, every case calculated on that date, its municipality one that
    exists then and its services those the book offers then (`Draw`)."""
    draw = Draw(book, on, new_share)
    makers: Mapping[str, Callable[[random.Random, int], Iterator[Case]]] = {
        "vsac-2015": lambda rng, size: vsac_2015(rng, size, book, draw=draw),
        "pilot-2019": lambda rng, size: pilot_2019(rng, size, book, draw),
        "di-children": lambda rng, size: di_children(rng, size, book, draw=draw)}
    if profile not in makers:
        raise ValueError(f"unknown profile {profile!r} (expected one of {', '.join(PROFILES)})")
    return makers[profile](random.Random(seed), DEFAULT_SIZE[profile] if n is None else n)
