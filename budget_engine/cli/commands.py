"""The `budget-engine` command: thin; it parses arguments, calls the public API, prints.

Exit status: 0 done; 1 the rules are wrong (or an internal error); 2 the input is wrong
(a case, or a file that cannot be read). No stack trace reaches the user: every expected
failure is a message naming the file, the line or the field.

The commands import what they run inside their functions: `budget-engine --help` (and any
one command) then loads only click and this package's command modules, not pydantic,
durable_rules, openpyxl or fpdf (issue 26, fast start; tests/test_startup_imports.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import click

from .letter import letter
from .rules import (
    RuleBookSource,
    load_dir_or_version,
    load_or_exit,
    rules_coverage,
    rules_diff,
    rules_export,
    rules_export_xlsx,
    rules_show,
)
from .status_words import progress_line, status_line
from .synth import synth

if TYPE_CHECKING:
    from ..rulebook.loader import RuleBook

HELP = "Individual budgets for Latvia's deinstitutionalisation (DI) social services."
RULES_HELP = ("Directory of rule files to calculate with (default: the installation's current "
              "published rule version; the rules shipped with the package until it has a "
              "database, or without one).")


def _load(rules_dir: str | None, rules_version: str | None = None) -> RuleBook:
    return load_or_exit(rules_dir, rules_version)


VERSION_HELP = "A stored rule book version (its rules_version; default: the current one)."


@click.command("calculate")
@click.argument("case_file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help=RULES_HELP)
@click.option("--rules-version", "rules_version", help=VERSION_HELP)
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True,
              help="Language of texts and explanations.")
@click.option("--format", "output_format", type=click.Choice(["json", "text"]), default="json",
              show_default=True, help="Format-1 JSON, or a readable table.")
def calculate_command(case_file: str, rules_dir: str | None, rules_version: str | None,
                      lang: str, output_format: str) -> None:
    """Calculate the individual budget of one case (format-1 JSON; - reads stdin)."""
    from ..calculator import Calculator, CaseError
    from ..case_io import CaseInputError

    book = _load(rules_dir, rules_version)
    try:
        text = sys.stdin.read() if case_file == "-" else Path(case_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{case_file}: cannot read: {getattr(exc, 'strerror', None) or exc}",
                   err=True)
        sys.exit(2)
    calculator = Calculator(book)
    try:
        budget = calculator.calculate(calculator.parse_json(text), lang)
    except (CaseInputError, CaseError) as exc:
        for path, message in exc.errors:
            click.echo(f"{case_file}: {path + ': ' if path else ''}{message}", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - a user sees a message, never a stack trace
        click.echo(f"{case_file}: internal error while calculating ({type(exc).__name__}: "
                   f"{exc}); please report it with this case", err=True)
        sys.exit(1)
    if output_format == "text":
        from .text_report import render

        click.echo(render(budget, lang, group_titles={
            group.id: group.title[lang] for group in book.target_groups}), nl=False)
    else:
        click.echo(budget.model_dump_json(indent=2))


@click.command("replay")
@click.argument("cases_file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help=RULES_HELP)
@click.option("--rules-version", "rules_version", help=VERSION_HELP)
@click.option("--out", "out_file", type=click.Path(dir_okay=False),
              help="Write the budgets here (JSON Lines) instead of standard output.")
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes to spread the cases over (one per core is fastest).")
@click.option("--quiet", is_flag=True, help="No progress and summary on standard error.")
@click.option("--reform", "reform_file", type=click.Path(dir_okay=False),
              help="Also calculate under these parameter overrides (YAML: label, parameters); "
                   "rows then compare the two budgets.")
@click.option("--compare", "compare_dir", metavar="DIR|HASH",
              help="Also calculate under this whole rule book (a rules directory, or a "
                   "stored version by its rules_version); rows compare the two.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False),
              help="Write the aggregates as one self-contained HTML report.")
@click.option("--summary-csv", "summary_csv", type=click.Path(dir_okay=False),
              help="Write the aggregates as CSV for Latvian Excel (;, decimal comma, BOM).")
@click.option("--sums", "sums_file", type=click.Path(dir_okay=False),
              help="Write the aggregates' sums as JSON, for a summary made from them later "
                   "(the web's impact page).")
@click.option("--on", "on_date", type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]),
              help="Calculate every case on this date (YYYY-MM-DD or DD.MM.YYYY) instead "
                   "of its own calculation date.")
@click.option("--rows-csv", "rows_csv", type=click.Path(dir_okay=False),
              help="Write every case's row (date, municipality, region, target groups, "
                   "totals by payer under each book, the difference and its cause) as CSV "
                   "for Latvian Excel (;, decimal comma, BOM).")
@click.option("--base-label", "base_label", metavar="TEXT",
              help="The base rules' name in the report and CSV (default: the current "
                   "rules, or the rule book's label).")
@click.option("--compare-label", "compare_label", metavar="TEXT",
              help="The compared rules' name (default: the reform's or rule book's label).")
@click.option("--input-name", "input_name", metavar="TEXT",
              help="The input's name in the report (default: the file's name, no folder).")
def replay(cases_file: str, rules_dir: str | None, rules_version: str | None,
           out_file: str | None, lang: str, workers: int, quiet: bool, reform_file: str | None,
           compare_dir: str | None, report_file: str | None, summary_csv: str | None,
           sums_file: str | None, on_date: dt.datetime | None, rows_csv: str | None,
           base_label: str | None, compare_label: str | None, input_name: str | None
           ) -> None:
    """Replay many cases (JSON Lines or CSV): one budget or error per input line, in order."""
    from ..evaluation import replay as replay_module
    from ..rulebook.yaml_source import RuleErrors

    book = _load(rules_dir, rules_version)
    progress = None if quiet else (lambda done: _progress(done, lang))
    on = None if on_date is None else on_date.date().isoformat()
    try:
        if (reform_file or compare_dir or report_file or summary_csv or sums_file
                or rows_csv):
            from ..evaluation.reform_run import Names, Outputs, other_book, run

            compare = compare_dir
            other, label = other_book(book, reform_file, None if compare is None else (
                lambda: load_dir_or_version(compare)))
            current = rules_dir is None and rules_version is None
            names = Names(base_label or (CURRENT_RULES[lang].format(label=book.label)
                                         if current else book.label),
                          compare_label or (other.label if compare and other else label),
                          input_name or "", on)
            summary, _ = run(cases_file, book, other, label,
                             Outputs(out_file, report_file, summary_csv, sums_file, rows_csv),
                             lang, workers, progress, names)
        else:
            summary = replay_module.replay_file(cases_file, out_file, book, lang,
                                                progress=progress, workers=workers, on=on)
    except replay_module.ReplayInputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except RuleErrors as exc:  # file:line, then what is wrong in the --lang language
        for err in exc.errors:
            click.echo(f"{err.where}: {err.text(lang)}", err=True)
        if exc.more:  # a reform's check lists the first problems and counts the rest
            click.echo(f"… un vēl {exc.more}" if lang == "lv" else f"… and {exc.more} more",
                       err=True)
        count = len(exc.errors) + exc.more
        click.echo(f"budget-engine: {count} kļūda(s) reformas vai noteikumu failos"
                   if lang == "lv" else
                   f"budget-engine: {count} error(s) in the reform or rule files", err=True)
        sys.exit(1)
    if not quiet:
        click.echo(f"\r{status_line(summary, lang)}", err=True)


#: The base rules' name when they are the rules in force today (the default book).
CURRENT_RULES = MappingProxyType({"lv": "Pašreizējie noteikumi ({label})",
                                  "en": "Current rules ({label})"})


def _progress(done: int, lang: str) -> None:
    click.echo(f"\r{progress_line(done, lang)}", err=True, nl=False)


@click.group("rules")
def rules() -> None:
    """Check and inspect rule files."""


@rules.command("check")
@click.argument("rules_dir", required=False, type=click.Path(file_okay=False))
@click.option("--lang", type=click.Choice(["lv", "en"]), default="en", show_default=True,
              help="The language of the errors (each keeps its file:line).")
def rules_check(rules_dir: str | None, lang: str) -> None:
    """Check every rule file; list every error as file:line: message."""
    from ..rulebook.in_force import rules_in_force

    book = load_or_exit(rules_dir, None, lang)
    problems: list[str] = []
    for start in book.parameters.change_dates():
        problems += rules_in_force(book, start).problems
    click.echo(f"{book.directory}: {len(book.all_rules())} rules, "
               f"{len(book.parameters.parameters)} parameters, version {book.version}")
    for problem in sorted(set(problems)):
        click.echo(f"note: {problem}")


@rules.command("version")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False), help=RULES_HELP)
def rules_version(rules_dir: str | None) -> None:
    """Print the rules_version that budgets calculated with these rules will carry."""
    click.echo(_load(rules_dir).version)


for _command in (rules_export, rules_export_xlsx, rules_diff, rules_show, rules_coverage):
    rules.add_command(_command)


@click.command("compile")
@click.option("--check", is_flag=True, help="Only say whether a current build is in use.")
def compile_command(check: bool) -> None:
    """Compile the engine's hot modules to C (mypyc) for a faster replay and server.

    Optional: the same sources run as plain Python without it. Needs mypy (pip install
    -e '.[fast]') and a C compiler; after an edit of the sources, run it again. Also
    writes the byte code of the package's other modules, for a faster start."""
    from ..runtime import compiled

    if check:
        state = compiled.build_state(compiled.build_dir())
        click.echo(f"compiled modules: {state}, "
                   f"{'in use' if compiled.in_use() else 'not in use (plain Python)'}")
        return
    try:
        target = compiled.compile_modules()
    except (RuntimeError, OSError) as exc:
        click.echo(f"compile failed (is mypy installed? pip install -e '.[fast]'):\n{exc}",
                   err=True)
        sys.exit(1)
    compiled.byte_compile()  # a module that does not compile fails the build above first
    click.echo(f"compiled {len(compiled.COMPILED_MODULES)} modules into {target}; "
               "used from the next start")


def engine_cli(source: RuleBookSource | None = None) -> click.Group:
    """The engine's `budget-engine` group: calculate, replay, rules.

    A new group on each call, so a door that adds its own commands (`budget_web.cli` adds serve and
    users) changes its own group only; nothing is registered by importing a module. `source`
    is where published rule book versions are kept (`--rules-version`, and the current version
    as the default); without it the shipped rules are current.
    """
    group = click.Group("budget-engine", help=HELP,
                        context_settings={"help_option_names": ["-h", "--help"], "obj": source})
    group.add_command(calculate_command)
    group.add_command(replay)
    group.add_command(letter)
    group.add_command(rules)
    group.add_command(synth)
    group.add_command(compile_command)
    return group


#: The engine's commands alone (the console script is `budget_web.cli:main`, which adds the web's).
main = engine_cli()
