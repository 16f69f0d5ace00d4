"""The decision letter (issue 28): contents on every worked example, the easy-to-read
letter's sentence lengths, the PDF's text, the texts checked at load, the command's errors."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from examples_data import EXAMPLES, example_case, example_names
from pypdf import PdfReader

from budget_engine import Calculator, RuleErrors, load_rules
from budget_engine.cli.commands import main
from budget_engine.letters.content import (
    Addressee,
    Letter,
    LetterInputError,
    Paragraph,
    build_letter,
    legal_acts,
    sentences,
)
from budget_engine.letters.pdf import (
    PACKAGED_FONT_DIR,
    FontMissing,
    default_font_dir,
    to_pdf,
)
from budget_engine.letters.render import to_html, to_text
from budget_engine.letters.words import money
from budget_engine.rulebook.conditions import AllOf
from budget_engine.rulebook.fact_catalogue import all_facts
from budget_engine.rulebook.loader import default_rules_dir

BOOK = load_rules()
CALCULATOR = Calculator(BOOK)
WHO = Addressee("Jānis Bērziņš", "Brīvības iela 1\nOgre, LV-5001")
ENGLISH = {"the", "and", "of", "to", "is", "month", "service", "rule", "rate", "client",
           "default", "policy", "granted", "refused", "payer"}


def letter_of(name: str, **options: object) -> tuple[Letter, object]:
    case = CALCULATOR.parse(example_case(name))
    budget = CALCULATOR.calculate(case, str(options.get("lang", "lv")))
    made = build_letter(BOOK, budget, case, addressee=WHO, issued_on=dt.date(2026, 11, 25),
                        number="2026/15", **options)  # type: ignore[arg-type]
    return made, budget


@pytest.mark.parametrize("name", example_names())
def test_the_latvian_letter_says_every_decision_in_words(name: str) -> None:
    result = CliRunner().invoke(main, ["letter", str(EXAMPLES / f"{name}.json"),
                                       "--name", "Jānis Bērziņš", "--address", "Ogre"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    _, budget = letter_of(name)
    for line in budget.lines:  # type: ignore[attr-defined]
        assert f"„{line.title}”" in text
        if line.monthly_cost is not None:  # no rate in force: the letter shows a dash
            assert money(line.monthly_cost, "lv") in text
            assert re.search(r"\d,\d\d\xa0€", money(line.monthly_cost, "lv"))
        if line.approved_units < line.requested_units:
            assert f"„{line.title}” mazākā apjomā" in text and "Pamatojums:" in text
    for refusal in budget.refused:  # type: ignore[attr-defined]
        assert f"atteikt pakalpojumu „{refusal.title}”" in text
    by_source = budget.totals.by_source  # type: ignore[attr-defined]
    if by_source.client:
        assert f"Klienta līdzmaksājums ir {money(by_source.client, 'lv')}" in text
    if by_source.maintainers:
        assert f"Apgādnieku līdzmaksājums ir {money(by_source.maintainers, 'lv')}" in text
    if not by_source.client and not by_source.maintainers:
        assert "Līdzmaksājums nav jāmaksā" in text
    reasons = [r for line in budget.lines for r in line.reasons]  # type: ignore[attr-defined]
    for act in legal_acts(reasons, {c: s.title["lv"] for c, s in BOOK.services.items()}):
        assert act in text
    assert "Administratīvā procesa likums, 67. pants" in text
    # only the articles checked against the law's text (rules/letters.yaml names the sources)
    cited = set(re.findall(r"Administratīvā procesa likum\w*,? (\d+)\. pant", text))
    assert cited <= {"67", "79"}, cited
    assert "79. panta pirmā daļa" in text
    assert "viena mēneša laikā" in text
    assert f"Aprēķināts pēc noteikumu versijas: {BOOK.version}" in text  # as `calculate` shows
    rule_ids = {rule.id for rule in BOOK.all_rules()} | set(BOOK.notes)
    assert not [r for r in rule_ids if re.search(rf"(?<![\w.-]){re.escape(r)}(?![\w-])", text)]
    assert not [p for p in BOOK.parameters.parameters if p in text]
    assert not [code for code in BOOK.services if code in text]
    assert not {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & ENGLISH


@pytest.mark.parametrize("name", example_names())
def test_the_easy_to_read_letter_keeps_sentences_short(name: str) -> None:
    made, budget = letter_of(name, easy_read=True)
    said = [s for p in made.intro for s in sentences(p.text)] + [
        s for section in made.sections for block in section.blocks
        if isinstance(block, Paragraph) for s in sentences(block.text)]
    counts = [len(s.split()) for s in said]
    assert sum(counts) / len(counts) <= 12, said
    assert max(counts) <= 20, said
    headings = [section.heading for section in made.sections]
    assert {"Ko jūs saņemsiet?", "Cik jums jāmaksā?", "Ko darīt, ja nepiekrītat?"} <= set(
        headings)
    monthly = money(budget.totals.monthly, "lv")  # type: ignore[attr-defined]
    assert any(isinstance(b, Paragraph) and b.large and monthly in b.text
               for section in made.sections for b in section.blocks)
    html = to_html(made)
    assert 'class="letter letter-easy"' in html and ".letter-easy { font-size: 14pt; }" in html


def test_a_draft_is_marked_and_the_english_letter_is_english() -> None:
    made, _ = letter_of("04-community-adult-copayment", draft=True)
    assert to_text(made).startswith("*** MELNRAKSTS")
    english, _ = letter_of("04-community-adult-copayment", lang="en")
    text = to_text(english)
    assert "Home care" in text and "€229.80" in text and "within one month" in text


@pytest.mark.parametrize("easy_read", [False, True])
def test_the_pdf_is_a4_with_the_case_on_every_page_and_latvian_letters(easy_read: bool) -> None:
    made, _ = letter_of("04-community-adult-copayment", easy_read=easy_read, draft=True)
    reader = PdfReader(io.BytesIO(to_pdf(made)))
    pages = reader.pages
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [595, 842]
    for number, page in enumerate(pages, 1):
        text = page.extract_text()
        assert f"Lieta OGRE-2025-0210 · {number}. lapa no {len(pages)}" in text
        assert "MELNRAKSTS" in text
    whole = "\n".join(page.extract_text() for page in pages)
    for word in ("Bērziņš", "Ogres novada", "Ko darīt, ja nepiekrītat?" if easy_read
                 else "Līdzmaksājums", "jāmaksā" if easy_read else "sociālās palīdzības"):
        assert word in whole


LATVIAN_LETTERS = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"


def test_the_packaged_font_carries_every_latvian_letter_into_the_pdf(tmp_path: Path) -> None:
    """The fonts ship inside the package (a fresh machine has no fonts-dejavu-core): they
    are the default, and the PDF's text gives back each Latvian letter intact."""
    assert default_font_dir() == PACKAGED_FONT_DIR
    assert (PACKAGED_FONT_DIR / "LICENSE.txt").is_file()
    case = CALCULATOR.parse(example_case("04-community-adult-copayment"))
    made = build_letter(BOOK, CALCULATOR.calculate(case), case, issued_on=dt.date(2026, 11, 25),
                        number="1", addressee=Addressee("Ģirts Ķēniņš", LATVIAN_LETTERS))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(made))).pages)
    assert LATVIAN_LETTERS in text and "Ģirts Ķēniņš" in text
    with pytest.raises(FontMissing):
        to_pdf(made, font_dir=tmp_path)


def test_the_wheel_takes_the_fonts_along() -> None:
    """pyproject's package data names the font files and their licence."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[1]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["budget_engine.letters"]
    shipped = [f"fonts/{p.name}" for p in PACKAGED_FONT_DIR.iterdir()]
    for name in ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf", "fonts/LICENSE.txt"):
        assert name in shipped and any(fnmatch.fnmatch(name, p) for p in patterns)


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_a_misspelt_placeholder_is_refused_with_file_and_line(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    letters = rules / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    line = text.splitlines().index("  formal.granted:") + 1
    letters.write_text(text.replace("piešķirt pakalpojumu „{service}” –",
                                    "piešķirt pakalpojumu „{servise}” –"), encoding="utf-8")
    with pytest.raises(RuleErrors) as raised:
        load_rules(rules)
    shown = [str(e) for e in raised.value.errors]
    assert any("letters.yaml" in e and f":{line}" in e and "{servise}" in e for e in shown)


def test_a_missing_text_is_named_and_a_book_without_letters_still_loads(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    letters = rules / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8").replace(
        "  easy.cost.heading:", "  easy.costs.heading:"), encoding="utf-8")
    with pytest.raises(RuleErrors) as raised:
        load_rules(rules)
    shown = [str(e) for e in raised.value.errors]
    assert any('unknown letter text "easy.costs.heading"' in e for e in shown)
    assert any('letter text "easy.cost.heading" is missing' in e for e in shown)
    letters.unlink()
    assert load_rules(rules).letters is None


def test_the_appeal_body_comes_from_the_municipality_table(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    letters = rules / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8").replace(
        "  municipalities:\n",
        '  municipalities:\n    Ogres novads: {body: "Ogres domē", address: "Ogres ielā 9"}\n'),
        encoding="utf-8")
    book = load_rules(rules)
    calculator = Calculator(book)
    case = calculator.parse(example_case("04-community-adult-copayment"))
    text = to_text(build_letter(book, calculator.calculate(case), case, addressee=WHO,
                                issued_on=dt.date(2026, 11, 25), number="1"))
    assert "apstrīdēt Ogres domē" in text and "iesniegumu Ogres ielā 9" in text
    default, _ = letter_of("04-community-adult-copayment")
    assert "apstrīdēt Ogres novada pašvaldības domē" in to_text(default)


def test_rigas_appeal_goes_to_its_welfare_department() -> None:
    """The shipped table names Rīga's own body (riga.lv): the council default is not used."""
    made, _ = letter_of("05-no-support-plan")
    text = to_text(made)
    assert "Rīgas valstspilsētas pašvaldības Labklājības departamentā" in text
    assert "Baznīcas ielā 19/23" in text and "Rīgas pašvaldības domē" not in text


@pytest.mark.parametrize("name", example_names())
def test_the_formal_letter_states_each_decisive_condition_in_words(name: str) -> None:
    made, budget = letter_of(name)
    text = to_text(made)
    kinds = {"target_group", "eligibility"}
    for line in budget.lines:  # type: ignore[attr-defined]
        decisive = [r for r in BOOK.all_rules() if r.kind in kinds
                    and r.id in {reason.rule for reason in line.reasons}]
        if any(r.when != AllOf(()) for r in decisive):
            assert "Piešķirts, jo " in text
    if budget.refused:  # type: ignore[attr-defined]
        assert "Atteikts, jo nav izpildīts nosacījums: " in text
    facts = set(all_facts(BOOK.services))
    assert not [f for f in facts if re.search(rf"(?<![\w.-]){re.escape(f)}(?![\w-])", text)]
    assert not re.search(r"[{}\[\]]|\": ", text)  # no JSON
    easy = to_text(letter_of(name, easy_read=True)[0])
    assert "Piešķirts, jo" not in easy and "nosacījum" not in easy


def test_a_letters_file_stored_before_the_conditions_still_loads(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    letters = rules / "letters.yaml"
    kept = [line for line in letters.read_text(encoding="utf-8").splitlines()
            if "formal.because" not in line and "Piešķirts, jo" not in line
            and "Granted because" not in line and "Atteikts, jo" not in line
            and "Refused because" not in line]
    letters.write_text("\n".join(kept) + "\n", encoding="utf-8")
    book = load_rules(rules)
    assert book.letters is not None
    assert book.letters.text("formal.because.granted", "lv", conditions="x") == "Piešķirts, jo x."


def test_bad_letter_input_is_named() -> None:
    with pytest.raises(LetterInputError) as raised:
        Addressee("x" * 201, "Ogre")
    assert raised.value.field == "addressee_name"
    with pytest.raises(LetterInputError):
        Addressee("Anna", "  ")
    result = CliRunner().invoke(main, ["letter", str(EXAMPLES / "01-adult-esf-project.json"),
                                       "--name", "x" * 201])
    assert result.exit_code == 2 and "--name: is longer than 200 characters" in result.stderr
    bad = CliRunner().invoke(main, ["letter", "-"], input='{"format": 1}')
    assert bad.exit_code == 2 and "-: " in bad.stderr
