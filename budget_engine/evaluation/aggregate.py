"""Aggregates of many comparison rows: the figures a report and its CSV show.

Rows stream in one at a time (`Aggregator.add`) and only sums, counts and the few most
changed cases are kept, so 100,000 cases need no more memory than ten. The aggregator is
language-neutral: it keeps codes (sources, regions, services, rule ids); `tables(lang)` puts
the Latvian or English names from the rule book on them for the HTML report and the CSV.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import SOURCES
from ..money import ZERO
from ..rulebook.loader import RuleBook
from .reform_comparison import Row, moved
from .report_dates import DatesUsed, dates_used
from .report_texts import SOURCE_NAMES, WORDS

#: Upper edges (EUR per month) of the monthly budget bands; the last band is open.
MONTHLY_EDGES = (Decimal(0), Decimal(250), Decimal(500), Decimal(1000), Decimal(1500),
                 Decimal(2000), Decimal(3000))
#: How many of the most changed cases a report lists.
TOP_CHANGED = 20
#: How many error rows a report and the job page quote (the rest are counted; every one is
#: in the rows file).
ERRORS_SHOWN = 50



def _bin(amount: Decimal) -> int:
    if amount <= 0:
        return 0
    for index, edge in enumerate(MONTHLY_EDGES[1:], start=1):
        if amount <= edge:
            return index
    return len(MONTHLY_EDGES)


@dataclass
class Side:
    """The sums of one rule book's budgets."""

    cases: int = 0
    monthly: Decimal = ZERO
    one_off: Decimal = ZERO
    period_total: Decimal = ZERO
    by_source: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(SOURCES, ZERO))
    by_region: defaultdict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    by_group: defaultdict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    by_service: defaultdict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    service_lines: Counter[str] = field(default_factory=Counter)
    support_levels: Counter[str] = field(default_factory=Counter)
    monthly_bands: Counter[int] = field(default_factory=Counter)
    refusals: Counter[str] = field(default_factory=Counter)
    institution: Decimal = ZERO
    institution_state: Decimal = ZERO

    def merge(self, other: Side) -> None:
        """Add another Side's sums, as if its budgets had been added here after these (the
        sums are exact, and each key keeps the place where it was first seen)."""
        self.cases += other.cases
        self.monthly += other.monthly
        self.one_off += other.one_off
        self.period_total += other.period_total
        self.institution += other.institution
        self.institution_state += other.institution_state
        for amounts, more in ((self.by_source, other.by_source),
                              (self.by_region, other.by_region),
                              (self.by_group, other.by_group),
                              (self.by_service, other.by_service)):
            for key, amount in more.items():
                amounts[key] += amount  # by_source holds every payer; the rest default to 0
        self.service_lines.update(other.service_lines)
        self.support_levels.update(other.support_levels)
        self.monthly_bands.update(other.monthly_bands)
        self.refusals.update(other.refusals)

    def add(self, result: dict[str, Any], region: str | None) -> None:
        monthly = Decimal(result["monthly"])
        self.cases += 1
        self.monthly += monthly
        self.one_off += Decimal(result["one_off"])
        self.period_total += Decimal(result["period_total"])
        for source, amount in result["by_source"].items():
            self.by_source[source] += Decimal(amount)
        self.by_region[region or ""] += monthly
        self.by_group["+".join(result["target_groups"])] += monthly
        for line in result["lines"]:
            if line["monthly_cost"] is not None and line["per"] == "month":
                self.by_service[line["service"]] += Decimal(line["monthly_cost"])
            self.service_lines[line["service"]] += 1
        level = result["support_level"]
        self.support_levels[str(level) if level else ""] += 1
        self.monthly_bands[_bin(monthly)] += 1
        for refusal in result["refused"]:
            for rule in refusal["rules"] or [""]:
                self.refusals[rule] += 1
        counterfactual = result["counterfactual"]
        self.institution += Decimal(counterfactual["monthly_cost"])
        if counterfactual["state_funded"]:
            self.institution_state += Decimal(counterfactual["monthly_cost"]) - Decimal(
                counterfactual["client_contribution"])


@dataclass
class Table:
    """One section of the report and of the CSV: labelled rows of base / reform figures."""

    key: str
    title: str
    money: bool  # amounts in EUR, else counts
    rows: Sequence[tuple[str, Decimal, Decimal | None]]


@dataclass
class Sums:
    """What an Aggregator has summed, without its rule books: small and picklable, so a
    replay worker sums its own chunk of rows and sends only this to the process that
    writes them, which merges it (`Aggregator.merge`) instead of adding every row again."""

    base: Side
    other: Side
    rows: int
    errors: int
    changed: int
    error_rows: list[Row]
    causes: Counter[str]
    top: list[tuple[Decimal, int, Row]]
    changed_where: dict[str, dict[str, list[Decimal]]]
    #: The earliest and latest calculation date of the calculated cases (ISO), or empty.
    dates: list[str] = field(default_factory=list)


class Aggregator:
    """Sums of comparison rows (or of single-book rows, which have no `reform`)."""

    def __init__(self, base: RuleBook, other: RuleBook | None = None, label: str = "") -> None:
        self.base_book, self.other_book, self.label = base, other, label
        self.base, self.other = Side(), Side()
        self.rows = 0
        self.errors = 0
        self.changed = 0
        self.error_rows: list[Row] = []
        self.causes: Counter[str] = Counter()
        self._top: list[tuple[Decimal, int, Row]] = []
        #: The changed cases by planning region ("region") and by combination of target
        #: groups ("group"): [how many, the change of their monthly total].
        self.changed_where: dict[str, dict[str, list[Decimal]]] = {"region": {}, "group": {}}
        #: The earliest and latest calculation date of the calculated cases (ISO text).
        self.first_date: str | None = None
        self.last_date: str | None = None
        #: What the report calls the two books (their labels), and the one day every case
        #: was calculated on (None: each on its own date); `reform_run.run` sets them.
        self.names: tuple[str, str] = (base.label, label)
        self.on: str | None = None

    @property
    def compared(self) -> bool:
        return self.other_book is not None

    def add(self, row: Row) -> None:
        self.rows += 1
        if "error" in row:
            self.errors += 1
            if len(self.error_rows) < ERRORS_SHOWN:
                self.error_rows.append(row)
            return
        self._dated(row.get("calculation_date"))
        self.base.add(row["base"], row.get("region"))
        after = row.get("reform")
        if after is None:
            return
        self.other.add(after, row.get("region"))
        if row.get("changed"):
            self.changed += 1
            self.causes.update(row.get("changed_by") or [])
            monthly = Decimal(row["difference"]["monthly"])
            for key, code in (("region", row.get("region") or ""),
                              ("group", "+".join(row["base"]["target_groups"]))):
                self._count_where(key, code, Decimal(1), monthly)
            self._keep((moved(row), -int(row["line"]), _compact(row)))

    def dates_used(self) -> DatesUsed:
        """The dates of the calculated cases, where the books change between them, and
        whether anything could change at all (`report_dates`)."""
        return dates_used(self.first_date, self.last_date, self.base_book, self.other_book)

    def _dated(self, day: object) -> None:
        """Widen the range of dates by one case's (ISO text compares as dates do)."""
        if not isinstance(day, str):
            return
        if self.first_date is None or day < self.first_date:
            self.first_date = day
        if self.last_date is None or day > self.last_date:
            self.last_date = day

    def _count_where(self, key: str, code: str, cases: Decimal, monthly: Decimal) -> None:
        where = self.changed_where[key].setdefault(code, [Decimal(0), Decimal(0)])
        where[0] += cases
        where[1] += monthly

    def _keep(self, entry: tuple[Decimal, int, Row]) -> None:
        """Keep a changed case if it is among the most changed so far (by the money it moves,
        then the earlier line: a total order, so the kept set does not depend on the order
        the cases came in)."""
        if len(self._top) < TOP_CHANGED:
            heapq.heappush(self._top, entry)
        elif entry[:2] > self._top[0][:2]:
            heapq.heapreplace(self._top, entry)

    def sums(self) -> Sums:
        """The sums so far (not a copy: write them out, or take them)."""
        dates = ([] if self.first_date is None or self.last_date is None
                 else [self.first_date, self.last_date])
        return Sums(self.base, self.other, self.rows, self.errors, self.changed,
                    self.error_rows, self.causes, self._top, self.changed_where, dates)

    def take_sums(self) -> Sums:
        """The sums so far, handed over; this aggregator starts again from nothing."""
        taken = self.sums()
        self.base, self.other = Side(), Side()
        self.rows = self.errors = self.changed = 0
        self.error_rows, self.causes, self._top = [], Counter(), []
        self.changed_where = {"region": {}, "group": {}}
        self.first_date = self.last_date = None
        return taken

    def merge(self, sums: Sums) -> None:
        """Add the sums of rows that come after the rows added so far (in input order: the
        first error rows quoted are the first of the file)."""
        self.rows += sums.rows
        self.errors += sums.errors
        self.changed += sums.changed
        self.error_rows.extend(sums.error_rows[:max(0, ERRORS_SHOWN - len(self.error_rows))])
        self.causes.update(sums.causes)
        for day in sums.dates:
            self._dated(day)
        for key, more in sums.changed_where.items():
            for code, (cases, monthly) in more.items():
                self._count_where(key, code, cases, monthly)
        self.base.merge(sums.base)
        self.other.merge(sums.other)
        for entry in sums.top:
            self._keep(entry)

    def most_changed(self) -> list[Row]:
        """The cases whose change moves the most money, largest first."""
        return [row for _, _, row in sorted(self._top, key=lambda e: e[:2], reverse=True)]

    # -- labelled tables ----------------------------------------------------------------

    def tables(self, lang: str) -> list[Table]:
        """Every section, labelled in `lang`, in the order the report shows them."""
        book = self.base_book
        b, o = self.base, self.other if self.compared else None

        def pair(get: Any, key: Any) -> tuple[Decimal, Decimal | None]:
            return get(b, key), (get(o, key) if o is not None else None)

        def rows_of(attr: str, keys: list[Any], name: Any) -> list[tuple[str, Decimal,
                                                                        Decimal | None]]:
            out = []
            for key in keys:
                first, second = pair(lambda side, k: Decimal(getattr(side, attr)[k]), key)
                out.append((name(key), first, second))
            return out

        def keys(attr: str, order: list[Any] | None = None) -> list[Any]:
            found = set(getattr(b, attr)) | (set(getattr(o, attr)) if o is not None else set())
            ordered = [k for k in (order or []) if k in found]
            return ordered + sorted(k for k in found if k not in ordered)

        groups = {r.id: r.title[lang] for r in book.target_groups}
        tables = [
            Table("by_source", _t(lang, "Pēc finansētāja: mēnesī un vienreizēji",
                                  "By payer: per month and one-off"),
                  True, [(SOURCE_NAMES[s][lang], *pair(lambda side, k: side.by_source[k], s))
                         for s in SOURCES]
                  + [(_t(lang, "Kopā mēnesī (bez vienreizējiem)", "Total per month (without "
                             "one-off)"), *pair(lambda side, k: side.monthly, None)),
                     (_t(lang, "Vienreizēji", "One-off"), *pair(lambda side, k: side.one_off,
                                                                None)),
                     (_t(lang, "Budžeta periodā kopā", "Total over the budget periods"),
                      *pair(lambda side, k: side.period_total, None))]),
            Table("by_region", _t(lang, "Mēnesī pēc plānošanas reģiona",
                                  "Monthly total by planning region"), True,
                  rows_of("by_region", keys("by_region", list(book.regions)),
                          lambda k: book.regions[k][lang] if k in book.regions
                          else WORDS["unknown_region"][lang])),
            Table("by_target_group", _t(lang, "Mēnesī pēc mērķa grupas",
                                        "Monthly total by target group"), True,
                  rows_of("by_group", keys("by_group"),
                          lambda k: " + ".join(groups.get(g, g) for g in k.split("+"))
                          if k else WORDS["no_group"][lang])),
            Table("by_service", _t(lang, "Mēnesī pēc pakalpojuma", "Monthly cost by service"),
                  True, rows_of("by_service", keys("by_service", list(book.services)),
                                lambda k: _service(book, k, lang))),
            Table("service_lines", _t(lang, "Piešķirtās pakalpojumu rindas",
                                      "Service lines granted"), False,
                  rows_of("service_lines", keys("service_lines", list(book.services)),
                          lambda k: _service(book, k, lang))),
            Table("support_levels", _t(lang, "Lietas pēc atbalsta līmeņa",
                                       "Cases by support level"), False,
                  rows_of("support_levels", keys("support_levels", ["1", "2", "3", "4", ""]),
                          lambda k: WORDS["level"][lang].format(n=k) if k
                          else WORDS["no_level"][lang])),
            Table("monthly_bands", _t(lang, "Lietas pēc mēneša budžeta",
                                      "Cases by monthly budget"), False,
                  rows_of("monthly_bands", list(range(len(MONTHLY_EDGES) + 1)),
                          lambda k: _band(k, lang))),
            Table("refusals", _t(lang, "Atteikumi pēc iemesla (noteikums)",
                                 "Refusals by reason (rule)"), False,
                  rows_of("refusals", keys("refusals"), lambda k: _rule(book, k, lang))),
            Table("counterfactual", _t(lang, "Sabiedrībā vai institūcijā",
                                       "Community or institution"), True,
                  [(WORDS["community"][lang], *pair(lambda side, k: side.monthly, None)),
                   (WORDS["institution"][lang], *pair(lambda side, k: side.institution, None)),
                   (WORDS["institution_state"][lang],
                    *pair(lambda side, k: side.institution_state, None))]),
        ]
        if self.compared:
            tables.append(Table("changed_by", _t(lang, "Mainītās lietas pēc cēloņa",
                                                 "Changed cases by cause"), False,
                                [(_t(lang, "Mainītas lietas kopā", "Cases changed"),
                                  Decimal(self.changed), None)]
                                + [(name, Decimal(count), None)
                                   for name, count in self.causes.most_common()]))
        return tables


def sums_json(sums: Sums, dates: DatesUsed | None = None) -> str:
    """Sums as JSON, amounts as strings and every table in its order: `replay --sums` writes
    them so that the impact page's summary merges them (`sums_from_json`) instead of reading
    and adding up every row again; with `dates`, what a page states of the dates
    (`DatesUsed.as_json`, under "dates_used")."""
    return json.dumps({
        "base": _side_json(sums.base), "other": _side_json(sums.other), "rows": sums.rows,
        "errors": sums.errors, "changed": sums.changed, "error_rows": sums.error_rows,
        "causes": list(sums.causes.items()),
        "top": [[str(money), line, row] for money, line, row in sums.top],
        "changed_where": {key: [[code, str(n), str(total)] for code, (n, total) in found.items()]
                          for key, found in sums.changed_where.items()},
        "dates": sums.dates,
        **({} if dates is None else {"dates_used": dates.as_json()}),
    }, ensure_ascii=False)


def sums_from_json(text: str) -> Sums:
    """The Sums `sums_json` wrote: the same figures, each key in the same place."""
    found = json.loads(text)
    return Sums(
        _side_of(found["base"]), _side_of(found["other"]), found["rows"], found["errors"],
        found["changed"], found["error_rows"], Counter(dict(found["causes"])),
        [(Decimal(money), line, row) for money, line, row in found["top"]],
        {key: {code: [Decimal(n), Decimal(total)] for code, n, total in entries}
         for key, entries in found["changed_where"].items()},
        list(found.get("dates", [])))


_SIDE_AMOUNTS = ("monthly", "one_off", "period_total", "institution", "institution_state")
_SIDE_TABLES = ("by_source", "by_region", "by_group", "by_service")
_SIDE_COUNTS = ("service_lines", "support_levels", "monthly_bands", "refusals")


def _side_json(side: Side) -> dict[str, Any]:
    out: dict[str, Any] = {"cases": side.cases}
    out.update({name: str(getattr(side, name)) for name in _SIDE_AMOUNTS})
    out.update({name: [[key, str(amount)] for key, amount in getattr(side, name).items()]
                for name in _SIDE_TABLES})
    out.update({name: list(getattr(side, name).items()) for name in _SIDE_COUNTS})
    return out


def _side_of(found: dict[str, Any]) -> Side:
    side = Side(cases=found["cases"])
    for name in _SIDE_AMOUNTS:
        setattr(side, name, Decimal(found[name]))
    for name in _SIDE_TABLES:
        table = getattr(side, name)
        for key, amount in found[name]:
            table[key] = Decimal(amount)
    for name in _SIDE_COUNTS:
        setattr(side, name, Counter(dict(found[name])))
    return side


def _t(lang: str, lv: str, en: str) -> str:
    return lv if lang == "lv" else en


def _service(book: RuleBook, code: str, lang: str) -> str:
    service = book.services.get(code)
    return service.title[lang] if service is not None else code


def _rule(book: RuleBook, rule_id: str, lang: str) -> str:
    for rule in book.all_rules():
        if rule.id == rule_id:
            return f"{rule_id}: {rule.text[lang]}"
    return rule_id or "—"


def _band(index: int, lang: str) -> str:
    if index == 0:
        return WORDS["zero"][lang]
    if index >= len(MONTHLY_EDGES):
        return WORDS["over"][lang].format(a=MONTHLY_EDGES[-1])
    return WORDS["band"][lang].format(a=MONTHLY_EDGES[index - 1], b=MONTHLY_EDGES[index])


def _compact(row: Row) -> Row:
    """What the report lists of a most changed case."""
    return {"line": row["line"], "case_id": row["case_id"], "region": row.get("region"),
            "base": row["base"]["monthly"], "reform": row["reform"]["monthly"],
            "difference": row["difference"], "changed_by": row.get("changed_by", [])}
