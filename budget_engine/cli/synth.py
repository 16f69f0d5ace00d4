"""`budget-engine synth`: a synthetic population to a file (JSON Lines, or CSV for Excel).

Thin, like the other commands: the profiles and their published figures are in
`population.py`; this only parses the options and writes the cases as they are drawn (one at
a time, so 100,000 cases need no more memory than one).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from fractions import Fraction
from itertools import chain

import click

from ..evaluation.population import (
    DEFAULT_SIZE,
    NEW_SERVICE_SHARE,
    PROFILES,
    SOURCES_OF,
    synthesise,
)


@click.command("synth")
@click.option("--profile", type=click.Choice(PROFILES), required=True,
              help="vsac-2015 (VSAC clients 2015), pilot-2019 (individual budget pilot), "
                   "di-children (children of the DI target groups).")
@click.option("--n", "size", type=click.IntRange(1, 10_000_000), default=None,
              help="Number of cases (default: the profile's published total: "
                   + ", ".join(f"{k} {v}" for k, v in DEFAULT_SIZE.items()) + ").")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed gives the same cases.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False),
              help="FILE.jsonl (JSON Lines) or FILE.csv (Latvian Excel: ;, decimal comma, BOM).")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
              help="Rule files whose municipalities and services are drawn from "
                   "(default: shipped).")
@click.option("--on", "on_date", type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]),
              help="Every case's calculation date (default: today): the municipalities "
                   "and services drawn are those of the rule book on it.")
@click.option("--new-service-share", "new_share", type=click.FloatRange(0, 1),
              default=float(NEW_SERVICE_SHARE), show_default=True,
              help="The share of cases that request each service the rule book offers and "
                   "the profile does not know.")
@click.option("--sources", is_flag=True,
              help="Only list the published counts the profile matches, and exit.")
def synth(profile: str, size: int | None, seed: int, out_file: str | None, rules_dir: str | None,
          on_date: dt.datetime | None, new_share: float, sources: bool) -> None:
    """Write a synthetic population drawn to published figures.

    Profiles and what each assumes: docs/guide-evaluator.md.
    """
    if sources:
        for source in SOURCES_OF[profile]:
            click.echo(source)
        return
    if not out_file:
        raise click.UsageError("Missing option '--out' (where to write the cases).")
    from ..evaluation.tabular import case_to_row, write_excel_csv
    from ..rulebook.loader import load_rules
    from ..rulebook.yaml_source import RuleErrors

    try:
        book = load_rules(rules_dir)
    except RuleErrors as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    on = dt.date.today() if on_date is None else on_date.date()
    cases = synthesise(profile, size, seed, book, on,
                       Fraction(new_share).limit_denominator(10_000))
    try:
        if out_file.lower().endswith(".csv"):
            first = next(cases)
            columns = _columns(profile, first)
            write_excel_csv(out_file, columns,
                            (case_to_row(c, columns) for c in chain([first], cases)))
        else:
            with open(out_file, "w", encoding="utf-8") as out:
                for case in cases:
                    out.write(json.dumps(case, ensure_ascii=False) + "\n")
    except OSError as exc:
        click.echo(f"{out_file}: cannot write: {exc.strerror}", err=True)
        sys.exit(2)


def _columns(profile: str, first: dict[str, object]) -> list[str]:
    """Every column a case of the profile may fill (a later case may have a field the first
    lacks, e.g. left_vsac_on)."""
    from ..evaluation.tabular import case_columns

    extra = {"vsac-2015": ["residence.left_vsac_on"]}.get(profile, [])
    columns = case_columns([first])
    return columns + [c for c in extra if c not in columns]
