"""`budget-engine letter`: a case's decision letter (formal, or easy to read) from the
command line, as text, HTML or PDF. The budget is calculated from the case file; the
addressee's name and address are options and go only into the letter (never into a file of
the engine). The letter's modules (and fpdf, for a PDF only) are imported when it runs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .rules import load_or_exit

BLANK = "________________________"


@click.command("letter")
@click.argument("case_file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False),
              help="Directory of rule files (default: the rules shipped with the package).")
@click.option("--lang", type=click.Choice(["lv", "en"]), default="lv", show_default=True)
@click.option("--easy-read", is_flag=True,
              help="The easy-to-read letter that accompanies the formal one.")
@click.option("--format", "output_format", type=click.Choice(["text", "html", "pdf"]),
              default="text", show_default=True)
@click.option("--out", "out_file", type=click.Path(dir_okay=False),
              help="Write the letter here (needed for pdf unless standard output is a file).")
@click.option("--name", default=BLANK, help="The addressee's name (not stored anywhere).")
@click.option("--address", default=BLANK,
              help="The addressee's address; lines separated by '\\n' or ';'.")
@click.option("--number", default=None, help="The decision's number (default: the case id).")
@click.option("--date", "issued_on", type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]),
              default=None, help="The decision's date (default: today).")
@click.option("--draft", is_flag=True, help="Mark every page as a draft (not approved).")
def letter(case_file: str, rules_dir: str | None, lang: str, easy_read: bool,
           output_format: str, out_file: str | None, name: str, address: str,
           number: str | None, issued_on: dt.datetime | None, draft: bool) -> None:
    """Print the decision letter of one case (format-1 JSON; - reads stdin)."""
    from ..calculator import Calculator, CaseError
    from ..case_io import CaseInputError
    from ..letters.content import Addressee, LetterInputError, build_letter
    from ..letters.render import to_html, to_text
    from ..rulebook.loader import default_rules_dir

    book = load_or_exit(rules_dir, None)
    try:
        text = sys.stdin.read() if case_file == "-" else Path(case_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{case_file}: cannot read: {getattr(exc, 'strerror', None) or exc}",
                   err=True)
        sys.exit(2)
    texts = book.letters
    if texts is None:
        click.echo(f"{book.version} has no letter texts (letters.yaml): using the shipped ones",
                   err=True)
        texts = load_or_exit(str(default_rules_dir())).letters
    calculator = Calculator(book)
    try:
        case = calculator.parse_json(text)
        budget = calculator.calculate(case, lang)
    except (CaseInputError, CaseError) as exc:
        for path, message in exc.errors:
            click.echo(f"{case_file}: {path + ': ' if path else ''}{message}", err=True)
        sys.exit(2)
    try:
        made = build_letter(
            book, budget, case, lang=lang, easy_read=easy_read, draft=draft, texts=texts,
            addressee=Addressee(name, address.replace(";", "\n").replace("\\n", "\n")),
            number=number or budget.case_id,
            issued_on=(issued_on.date() if issued_on else dt.date.today()))
        if output_format == "pdf":
            from ..letters.pdf import FontMissing, to_pdf  # fpdf and fontTools: a PDF only

            try:
                data = to_pdf(made)
            except FontMissing as exc:
                click.echo(str(exc), err=True)
                sys.exit(1)
        else:
            data = (to_html(made) if output_format == "html" else to_text(made)).encode()
    except LetterInputError as exc:
        click.echo(f"--{exc.field.replace('addressee_', '').replace('_', '-')}: {exc.message}",
                   err=True)
        sys.exit(2)
    if out_file:
        try:
            Path(out_file).write_bytes(data)
        except OSError as exc:
            click.echo(f"{out_file}: cannot write: {exc.strerror}", err=True)
            sys.exit(2)
    elif output_format == "pdf" and sys.stdout.isatty():
        click.echo("--format pdf: give --out FILE (a PDF is not for the terminal)", err=True)
        sys.exit(2)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
