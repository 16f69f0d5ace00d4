"""`budget-engine rules export | diff | show`: the rule book read, compared and printed.

Policy staff script their changes (export a version, edit a copy, see the difference in
words) and reviewers read what a version says on a date. These commands read rule books
from directories; the web app's store of published versions adds `--version HASH`.
Each command imports the rule book's modules when it runs (openpyxl only for `export-xlsx`),
so loading this module for `--help` costs little more than click.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

import click

if TYPE_CHECKING:
    from ..rulebook.loader import RuleBook


class RuleBookSource(Protocol):
    """Where published rule book versions are kept (the web installation's database): the
    engine's commands take `--rules-version HASH`, and default to the current version."""

    def current(self) -> RuleBook | None:
        """The current published rule book (None: the shipped rules are current)."""

    def version(self, version: str) -> RuleBook:
        """A stored rule book by its `rules_version`; `LookupError` with a sentence if none."""


def _source() -> RuleBookSource | None:
    context = click.get_current_context(silent=True)
    found = context.find_root().obj if context is not None else None
    return found if found is not None and hasattr(found, "version") else None


def load_or_exit(rules_dir: str | None, rules_version: str | None = None,
                 lang: str = "en") -> RuleBook:
    """The rule book from a directory, a stored version, or the current one; every error as
    file:line and exit 1 (the rules are wrong), an unknown version exit 2 (the input is).
    `lang` is the language of the errors' texts (the place stays `file:line`)."""
    from ..rulebook.loader import load_rules
    from ..rulebook.yaml_source import RuleErrors

    source = _source()
    try:
        if rules_dir is None and rules_version is not None:
            if source is None:
                click.echo("budget-engine: --rules-version needs the installation's store of "
                           "rule book versions (run the web installation's budget-engine)",
                           err=True)
                sys.exit(2)
            return source.version(rules_version)
        if rules_dir is None and source is not None:
            current = source.current()
            if current is not None:
                return current
        return load_rules(rules_dir)
    except LookupError as exc:
        click.echo(f"budget-engine: {exc.args[0] if exc.args else exc}", err=True)
        sys.exit(2)
    except RuleErrors as exc:
        for err in exc.errors:
            click.echo(f"{err.where}: {err.text(lang)}", err=True)
        click.echo(f"budget-engine: {len(exc.errors)} kļūda(s) noteikumu failos" if lang == "lv"
                   else f"budget-engine: {len(exc.errors)} error(s) in the rule files", err=True)
        sys.exit(1)


def load_dir_or_version(name: str) -> RuleBook:
    """A rules directory, or (when no such directory exists) a stored version by its hash."""
    if Path(name).is_dir() or _source() is None:
        return load_or_exit(name)
    return load_or_exit(None, name)


def rule_files(book: RuleBook) -> list[Path]:
    """The files that make up a rule book, relative to its directory, in loading order."""
    from ..rulebook.loader import OPTIONAL_FILES, RULE_FILES

    root = book.directory
    return [Path(name) for name in RULE_FILES] + sorted(
        p.relative_to(root) for p in (root / "parameters").glob("*.yaml")) + [
        Path(name) for name in OPTIONAL_FILES if (root / name).is_file()]


def export(book: RuleBook, target: Path) -> list[Path]:
    """Write the rule book's files under `target` (created; must be empty if it exists)."""
    import shutil

    if target.exists() and any(target.iterdir()):
        raise click.ClickException(f"{target}: not empty; choose a new directory")
    written = []
    for relative in rule_files(book):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(book.directory / relative, destination)
        written.append(destination)
    return written


@click.command("export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
              help="Directory of rule files to export (default: the current rules).")
@click.option("--version", "rules_version", help="A stored version (its rules_version).")
def rules_export(target: Path, rules_dir: str | None, rules_version: str | None) -> None:
    """Write a rule book as its YAML files into TARGET, to edit and check as a draft."""
    book = load_or_exit(rules_dir, rules_version)
    files = export(book, target)
    click.echo(f"{target}: {len(files)} files of {book.version}")


@click.command("export-xlsx")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
              help="Directory of rule files (default: the current rules).")
@click.option("--version", "rules_version", help="A stored version (its rules_version).")
def rules_export_xlsx(target: Path, rules_dir: str | None, rules_version: str | None) -> None:
    """Write every parameter value to an Excel workbook TARGET: one sheet per parameter
    file, one row per dated value (edit it, bring it back with `rules import-xlsx`)."""
    if target.suffix.lower() != ".xlsx":
        raise click.ClickException(f"{target}: the workbook's name must end in .xlsx")
    if target.exists():
        raise click.ClickException(f"{target}: exists already; choose a new file name")
    from ..rulebook.workbook import write_parameter_workbook  # openpyxl

    book = load_or_exit(rules_dir, rules_version)
    rows = write_parameter_workbook(book, target)
    click.echo(f"{target}: {rows} rows of {book.version}")


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
def rules_diff(old: str, new: str, lang: str) -> None:
    """Say in words what changed from OLD to NEW (rules directories or stored versions)."""
    from ..evaluation.rules_diff import diff

    before, after = load_dir_or_version(old), load_dir_or_version(new)
    changes = diff(before, after)
    was, now = ("bija", "būs") if lang == "lv" else ("was", "will be")
    for change in changes:
        click.echo(change.text(lang))
        wording = change.wording(lang)
        if wording is not None:  # the words themselves, as they were and as they will be
            click.echo(f"    {was}: {wording[0] or '—'}")
            click.echo(f"    {now}: {wording[1] or '—'}")
    if not changes:
        click.echo("Izmaiņu nav." if lang == "lv" else "No changes.")


HEADINGS = MappingProxyType({
    "lv": {"rules": "Noteikumi", "parameters": "Parametri", "on": "spēkā",
           "not_in_force": "nav spēkā", "none": "nav vērtības", "since": "no",
           "basis": "Tiesiskais pamats", "left_out": "Izlaists", "condition": "Nosacījums",
           "rule": "Noteikums", "parameter": "Parametrs", "value": "Vērtība"},
    "en": {"rules": "Rules", "parameters": "Parameters", "on": "in force on",
           "not_in_force": "not in force", "none": "no value", "since": "from",
           "basis": "Legal basis", "left_out": "Left out", "condition": "Condition",
           "rule": "Rule", "parameter": "Parameter", "value": "Value"},
})


def _date_words(value: dt.date, lang: str) -> str:
    return value.strftime("%d.%m.%Y") if lang == "lv" else value.isoformat()


def _show_data(book: RuleBook, on: dt.date, lang: str) -> dict[str, Any]:
    """What `rules show` prints: the values as the files hold them (for `--format json`)
    and, beside them, the same in words (`condition`, `value_words`, `since_words`)."""
    from ..explain import show
    from ..rulebook.fact_catalogue import all_facts
    from ..rulebook.in_force import rules_in_force
    from ..rulebook.words.condition_words import condition_sentence, titles_of
    from ..rulebook.words.parameter_words import (
        filled_text,
        rule_text_values,
        unit_words,
        value_words,
    )

    state = rules_in_force(book, on)
    titles, facts = titles_of(book), all_facts(book.services)
    fills = {r.rule.key: rule_text_values(r.rule.then, book.parameters.parameters, on, lang)
             for r in state.rules}
    return {
        "rules_version": book.version, "date": on.isoformat(),
        "rules": [{"id": r.rule.id, "kind": r.rule.kind,
                   "title": filled_text(r.rule.title[lang], fills[r.rule.key], lang),
                   "text": filled_text(r.rule.text[lang], fills[r.rule.key], lang),
                   "legal_basis": r.rule.legal_basis,
                   "condition": condition_sentence(r.rule.when, lang, titles, facts),
                   "in_force": r.in_force,
                   "valid_from": r.rule.valid_from.isoformat() if r.rule.valid_from else None,
                   "valid_to": r.rule.valid_to.isoformat() if r.rule.valid_to else None}
                  for r in state.rules],
        "parameters": [{"name": p.name, "title": p.parameter.title[lang],
                        "unit": p.parameter.unit, "source": p.parameter.source,
                        "value": show(p.current.value) if p.current else None,
                        "valid_from": p.current.valid_from.isoformat() if p.current else None,
                        "reference": p.current.reference if p.current else None,
                        "unit_words": unit_words(p.parameter.unit, lang),
                        "value_words": value_words(p.parameter, p.current.value, lang, titles)
                        if p.current else None,
                        "since_words": _date_words(p.current.valid_from, lang)
                        if p.current else None}
                       for p in state.parameters],
        "left_out": list(state.problems),
    }


def _render(data: dict[str, Any], lang: str, markdown: bool) -> str:
    """Rules and parameters in words: every condition a sentence, every value in the
    language's format; codes (rule ids, parameter names) only in parentheses."""
    h = HEADINGS[lang]
    on = _date_words(dt.date.fromisoformat(data["date"]), lang)
    head = f"{data['rules_version']} — {h['on']} {on}"
    lines = [f"# {head}" if markdown else head, ""]
    lines.append(f"## {h['rules']}" if markdown else h["rules"].upper())
    if markdown:
        lines += ["", f"| {h['rule']} | {h['condition']} | {h['basis']} |", "|---|---|---|"]
    for rule in data["rules"]:
        state = "" if rule["in_force"] else f" — {h['not_in_force']}"
        if markdown:
            lines.append(f"| {_cell(rule['title'])} ({rule['id']}){state} | "
                         f"{_cell(rule['condition'])} | {_cell(rule['legal_basis'])} |")
        else:
            lines.append(f"{rule['title']} ({rule['id']}){state}")
            lines.append(f"    {h['condition']}: {rule['condition']}")
            lines.append(f"    {h['basis']}: {rule['legal_basis']}")
    lines += ["", f"## {h['parameters']}" if markdown else h["parameters"].upper()]
    if markdown:
        lines += ["", f"| {h['parameter']} | {h['value']} | {h['basis']} |", "|---|---|---|"]
    for p in data["parameters"]:
        value = (f"{p['value_words']} ({h['since']} {p['since_words']})"
                 if p["value_words"] is not None else h["none"])
        basis = p["reference"] or p["source"]
        if markdown:
            lines.append(f"| {_cell(p['title'])} ({p['name']}) | {_cell(value)} | "
                         f"{_cell(basis)} |")
        else:
            lines.append(f"{p['title']} ({p['name']}): {value}")
            lines.append(f"    {h['basis']}: {basis}")
    if data["left_out"]:
        lines += ["", h["left_out"] + ":"] + [f"- {problem}" for problem in data["left_out"]]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """A text in a Markdown table cell (a `|` would end the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


@click.command("show")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
              help="Directory of rule files (default: the current rules).")
@click.option("--rules-version", "rules_version", help="A stored version (its rules_version).")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date (YYYY-MM-DD; default: today).")
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
def rules_show(rules_dir: str | None, rules_version: str | None, on: dt.datetime | None,
               lang: str, output_format: str) -> None:
    """Every rule and parameter value in force on a date, with their legal bases."""
    book = load_or_exit(rules_dir, rules_version)
    data = _show_data(book, on.date() if on else dt.date.today(), lang)
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_render(data, lang, markdown=output_format == "markdown"))


@click.command("coverage")
@click.option("--features", "features_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("features"), show_default=True,
              help="Directory of the policy scenarios (*.feature with their steps).")
@click.option("--save", "save_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write, per rule id, the scenarios that exercise it (JSON).")
def rules_coverage(features_dir: Path, save_to: Path | None) -> None:
    """Every rule id and parameter no scenario exercises; exit 1 if a rule is uncovered.

    Runs the scenarios (pytest-bdd, from the test extra) of the shipped rules and reads
    which rules and parameters their budgets explain."""
    import subprocess
    import tempfile

    from ..rulebook.coverage import COVERAGE_ENV, Seen, coverage

    if not features_dir.is_dir():
        raise click.ClickException(f"{features_dir}: no such directory of scenarios "
                                   "(run from the project's checkout or give --features)")
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "seen.json"
        finished = subprocess.run(
            [sys.executable, "-m", "pytest", str(features_dir), "-q", "-p", "no:cacheprovider"],
            env={**os.environ, COVERAGE_ENV: str(record)}, capture_output=True, text=True,
            check=False)
        if finished.returncode != 0 or not record.exists():
            click.echo(finished.stdout[-2000:] + finished.stderr[-2000:], err=True)
            raise click.ClickException("the scenarios did not pass; coverage is not known")
        seen = Seen.load(record)
    if save_to is not None:
        save_to.write_text(json.dumps({rule: sorted(names) for rule, names in
                                       sorted(seen.scenarios.items())},
                                      ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result = coverage(load_or_exit(None), seen)
    click.echo(f"Noteikumi bez scenārija / rules no scenario exercises: "
               f"{', '.join(result.uncovered_rules) or '—'}")
    click.echo(f"Parametri, ko neviens skaidrojums nerāda / parameters no explanation shows: "
               f"{', '.join(result.uncovered_parameters) or '—'}")
    if result.uncovered_rules:
        sys.exit(1)
