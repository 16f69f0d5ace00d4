"""budget-engine: individual budgets for Latvia's deinstitutionalisation (DI) programme.

The public API every door (CLI, replay, web) uses: a door imports from `budget_engine` only,
never from its modules (tests/test_layering.py checks the web app). Build one `Calculator`
per rule book at the entry point (`Calculator(load_rules())`) and pass it on;
`calculator.parse(data)` reads a case with every error at once, `calculator.calculate(case,
lang)` gives its budget. A server calculates through `IsolatedCalculator` (the same calls,
the rule engine in supervised worker processes; a native crash is `EngineCrash`).

The names are imported lazily (PEP 562): `import budget_engine` loads only the compiled
build's check, and each name's module the first time the name is asked for. A command
that needs the calculator does not pay for openpyxl, fpdf or the evaluation's modules, and
`budget-engine --help` starts without pydantic (issue 26: fast start). Type checkers and
readers see the imports under `TYPE_CHECKING` below; `_WHERE` says where each name lives
(tests/test_layering.py checks every name of `__all__` resolves).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

#: The release: the one place it is written (pyproject reads it; `budget-engine --version`).
__version__ = "0.2.0"

# First: a current build of the hot modules (`budget-engine compile`) is put ahead of the
# sources before any of them is imported (runtime/compiled.py).
from .runtime.compiled import activate as _activate_compiled

COMPILED = _activate_compiled(__path__)

if TYPE_CHECKING:
    from .calculator import Calculator, CaseError, first_calculable_date
    from .case_io import CaseInputError, ErrorDetail, load_json_object, parse_case, parse_case_json
    from .cli.commands import engine_cli
    from .decision.decided import Override, OverrideError, decided_budget, uncosted_lines
    from .evaluation.aggregate import Aggregator, sums_from_json
    from .evaluation.case_reasons import row_reason as failure_reason
    from .evaluation.reform import Reform, ReformLimits, load_reform, reformed_book
    from .evaluation.reform_comparison import Comparer, compare_parallel, compare_records
    from .evaluation.reform_run import summary_table
    from .evaluation.replay import (
        ReplayInputError,
        Summary,
        read_csv,
        read_jsonl,
        replay_file,
        replay_records,
    )
    from .evaluation.report_html import render as render_report
    from .evaluation.rules_diff import Change as RuleChange
    from .evaluation.rules_diff import cause_title
    from .evaluation.rules_diff import diff as rules_diff
    from .evaluation.tabular import read_table, write_excel_csv
    from .letters.content import Addressee, Letter, LetterInputError, build_letter
    from .letters.pdf import FontMissing
    from .letters.pdf import to_pdf as letter_pdf
    from .letters.render import to_html_fragment as letter_html
    from .letters.render import to_text as letter_text
    from .models import AREA_ACTIVITIES, SOURCES, Budget, Case
    from .rulebook.conditions import MAX_DEPTH as CONDITION_MAX_DEPTH
    from .rulebook.conditions import MAX_TERMS as CONDITION_MAX_TERMS
    from .rulebook.fact_catalogue import ALL_FACTS, CASE_FACTS, FactLabel, FactType, all_facts
    from .rulebook.in_force import ParameterOnDate, RuleOnDate, RulesInForce, rules_in_force
    from .rulebook.loader import RuleBook, load_rules
    from .rulebook.variants import Agreement
    from .rulebook.words.condition_words import (
        Titles,
        condition_sentence,
        condition_words,
        fact_label,
        titles_of,
        value_words,
    )
    from .rulebook.words.parameter_words import (
        ValueTable,
        filled_text,
        number_words,
        rule_text_values,
        unit_words,
    )
    from .rulebook.words.parameter_words import value_table as parameter_value_table
    from .rulebook.words.parameter_words import value_words as parameter_value_words
    from .rulebook.words.yaml_words import YamlProblem, yaml_problem
    from .rulebook.workbook import COLUMN as WORKBOOK_COLUMN
    from .rulebook.workbook import COLUMNS as WORKBOOK_COLUMNS
    from .rulebook.workbook import KEY_SEP as WORKBOOK_KEY_SEP
    from .rulebook.workbook import NUMBER_KINDS as WORKBOOK_NUMBER_KINDS
    from .rulebook.workbook import TABLE_KINDS as WORKBOOK_TABLE_KINDS
    from .rulebook.workbook import checked_value as checked_parameter_value
    from .rulebook.workbook import sheet_name as workbook_sheet_name
    from .rulebook.workbook import write_parameter_workbook
    from .rulebook.yaml_source import RuleError, RuleErrors, YamlLimitError, load_plain_yaml
    from .runtime.isolation import EngineCrash, IsolatedCalculator
    from .runtime.session import RuleEngine
else:
    def __getattr__(name: str) -> Any:
        """A public name's module is imported when the name is first asked for (PEP 562)."""
        try:
            module, attribute = _WHERE[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        # no copy kept here: the module itself stays in sys.modules, as any import does
        return getattr(import_module(module, __name__), attribute)

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

#: Where each public name is defined: (module, relative to the package; its name there).
_WHERE: Mapping[str, tuple[str, str]] = MappingProxyType({
    "Calculator": (".calculator", "Calculator"),
    "CaseError": (".calculator", "CaseError"),
    "first_calculable_date": (".calculator", "first_calculable_date"),
    "CaseInputError": (".case_io", "CaseInputError"),
    "ErrorDetail": (".case_io", "ErrorDetail"),
    "load_json_object": (".case_io", "load_json_object"),
    "parse_case": (".case_io", "parse_case"),
    "parse_case_json": (".case_io", "parse_case_json"),
    "engine_cli": (".cli.commands", "engine_cli"),
    "Override": (".decision.decided", "Override"),
    "OverrideError": (".decision.decided", "OverrideError"),
    "decided_budget": (".decision.decided", "decided_budget"),
    "uncosted_lines": (".decision.decided", "uncosted_lines"),
    "Aggregator": (".evaluation.aggregate", "Aggregator"),
    "sums_from_json": (".evaluation.aggregate", "sums_from_json"),
    "failure_reason": (".evaluation.case_reasons", "row_reason"),
    "Reform": (".evaluation.reform", "Reform"),
    "ReformLimits": (".evaluation.reform", "ReformLimits"),
    "load_reform": (".evaluation.reform", "load_reform"),
    "reformed_book": (".evaluation.reform", "reformed_book"),
    "Comparer": (".evaluation.reform_comparison", "Comparer"),
    "compare_parallel": (".evaluation.reform_comparison", "compare_parallel"),
    "compare_records": (".evaluation.reform_comparison", "compare_records"),
    "summary_table": (".evaluation.reform_run", "summary_table"),
    "ReplayInputError": (".evaluation.replay", "ReplayInputError"),
    "Summary": (".evaluation.replay", "Summary"),
    "read_csv": (".evaluation.replay", "read_csv"),
    "read_jsonl": (".evaluation.replay", "read_jsonl"),
    "replay_file": (".evaluation.replay", "replay_file"),
    "replay_records": (".evaluation.replay", "replay_records"),
    "render_report": (".evaluation.report_html", "render"),
    "RuleChange": (".evaluation.rules_diff", "Change"),
    "cause_title": (".evaluation.rules_diff", "cause_title"),
    "rules_diff": (".evaluation.rules_diff", "diff"),
    "read_table": (".evaluation.tabular", "read_table"),
    "write_excel_csv": (".evaluation.tabular", "write_excel_csv"),
    "Addressee": (".letters.content", "Addressee"),
    "Letter": (".letters.content", "Letter"),
    "LetterInputError": (".letters.content", "LetterInputError"),
    "build_letter": (".letters.content", "build_letter"),
    "FontMissing": (".letters.pdf", "FontMissing"),
    "letter_pdf": (".letters.pdf", "to_pdf"),
    "letter_html": (".letters.render", "to_html_fragment"),
    "letter_text": (".letters.render", "to_text"),
    "AREA_ACTIVITIES": (".models", "AREA_ACTIVITIES"),
    "SOURCES": (".models", "SOURCES"),
    "Budget": (".models", "Budget"),
    "Case": (".models", "Case"),
    "CONDITION_MAX_DEPTH": (".rulebook.conditions", "MAX_DEPTH"),
    "CONDITION_MAX_TERMS": (".rulebook.conditions", "MAX_TERMS"),
    "ALL_FACTS": (".rulebook.fact_catalogue", "ALL_FACTS"),
    "CASE_FACTS": (".rulebook.fact_catalogue", "CASE_FACTS"),
    "FactLabel": (".rulebook.fact_catalogue", "FactLabel"),
    "FactType": (".rulebook.fact_catalogue", "FactType"),
    "all_facts": (".rulebook.fact_catalogue", "all_facts"),
    "ParameterOnDate": (".rulebook.in_force", "ParameterOnDate"),
    "RuleOnDate": (".rulebook.in_force", "RuleOnDate"),
    "RulesInForce": (".rulebook.in_force", "RulesInForce"),
    "rules_in_force": (".rulebook.in_force", "rules_in_force"),
    "RuleBook": (".rulebook.loader", "RuleBook"),
    "load_rules": (".rulebook.loader", "load_rules"),
    "Agreement": (".rulebook.variants", "Agreement"),
    "Titles": (".rulebook.words.condition_words", "Titles"),
    "condition_sentence": (".rulebook.words.condition_words", "condition_sentence"),
    "condition_words": (".rulebook.words.condition_words", "condition_words"),
    "fact_label": (".rulebook.words.condition_words", "fact_label"),
    "titles_of": (".rulebook.words.condition_words", "titles_of"),
    "value_words": (".rulebook.words.condition_words", "value_words"),
    "ValueTable": (".rulebook.words.parameter_words", "ValueTable"),
    "filled_text": (".rulebook.words.parameter_words", "filled_text"),
    "number_words": (".rulebook.words.parameter_words", "number_words"),
    "rule_text_values": (".rulebook.words.parameter_words", "rule_text_values"),
    "unit_words": (".rulebook.words.parameter_words", "unit_words"),
    "parameter_value_table": (".rulebook.words.parameter_words", "value_table"),
    "parameter_value_words": (".rulebook.words.parameter_words", "value_words"),
    "YamlProblem": (".rulebook.words.yaml_words", "YamlProblem"),
    "yaml_problem": (".rulebook.words.yaml_words", "yaml_problem"),
    "WORKBOOK_COLUMN": (".rulebook.workbook", "COLUMN"),
    "WORKBOOK_COLUMNS": (".rulebook.workbook", "COLUMNS"),
    "WORKBOOK_KEY_SEP": (".rulebook.workbook", "KEY_SEP"),
    "WORKBOOK_NUMBER_KINDS": (".rulebook.workbook", "NUMBER_KINDS"),
    "WORKBOOK_TABLE_KINDS": (".rulebook.workbook", "TABLE_KINDS"),
    "checked_parameter_value": (".rulebook.workbook", "checked_value"),
    "workbook_sheet_name": (".rulebook.workbook", "sheet_name"),
    "write_parameter_workbook": (".rulebook.workbook", "write_parameter_workbook"),
    "RuleError": (".rulebook.yaml_source", "RuleError"),
    "RuleErrors": (".rulebook.yaml_source", "RuleErrors"),
    "YamlLimitError": (".rulebook.yaml_source", "YamlLimitError"),
    "load_plain_yaml": (".rulebook.yaml_source", "load_plain_yaml"),
    "EngineCrash": (".runtime.isolation", "EngineCrash"),
    "IsolatedCalculator": (".runtime.isolation", "IsolatedCalculator"),
    "RuleEngine": (".runtime.session", "RuleEngine"),
})

__all__ = [
    # calculating a case
    "Budget", "Calculator", "Case", "CaseError", "CaseInputError", "ErrorDetail",
    "EngineCrash", "IsolatedCalculator", "RuleEngine", "load_json_object", "parse_case",
    "parse_case_json",
    # a caseworker's decision on a computed budget (domain.md §13b): the decided budget
    "Override", "OverrideError", "decided_budget", "uncosted_lines",
    # the first calculation_date a rule book calculates (the API's document says it)
    "first_calculable_date",
    # the fixed lists of the case format (the services are the rule book's: `book.services`)
    "AREA_ACTIVITIES", "SOURCES",
    # rule books
    "ParameterOnDate", "RuleBook", "RuleError", "RuleErrors", "RuleOnDate", "RulesInForce",
    "load_plain_yaml", "load_rules", "rules_in_force", "YamlLimitError",
    # a YAML mistake in plain words with its line and column (the editor's YAML view)
    "YamlProblem", "yaml_problem",
    # a rule's condition in words, and the facts a condition may read with their labels
    # (the rules browser, `rules show`, the diff, the condition editor's pickers)
    "ALL_FACTS", "FactLabel", "FactType", "Titles", "all_facts", "condition_sentence",
    "condition_words", "fact_label", "titles_of", "value_words",
    # the facts a target group's condition may read, and how deep and long a condition may be
    # (the condition editor offers no more)
    "CASE_FACTS", "CONDITION_MAX_DEPTH", "CONDITION_MAX_TERMS",
    # a parameter's values and unit in words (`3,83 €/h`, tables with labelled columns)
    "ValueTable", "number_words", "parameter_value_table", "parameter_value_words",
    "unit_words",
    # a rule's title or text with its parameters' values in place of `{cap}`
    "filled_text", "rule_text_values",
    # what changed between two rule books, in words (`rules diff`, the policy pages)
    "RuleChange", "cause_title", "rules_diff",
    # parameter tables as an Excel workbook, and a value read back checked as the loader does
    "WORKBOOK_COLUMN", "WORKBOOK_COLUMNS", "WORKBOOK_KEY_SEP", "WORKBOOK_NUMBER_KINDS",
    "WORKBOOK_TABLE_KINDS", "checked_parameter_value",
    "workbook_sheet_name", "write_parameter_workbook",
    # replay (JSON Lines or CSV in, one budget or error per line out)
    "ReplayInputError", "Summary", "read_csv", "read_jsonl", "replay_file", "replay_records",
    # evaluators: two rule books compared over many cases, aggregates, report, Excel CSV
    "Agreement", "Aggregator", "Comparer", "Reform", "ReformLimits", "compare_parallel",
    "compare_records", "load_reform", "sums_from_json",
    # why a case of a replay could not be calculated, in a language (by each error's kind)
    "failure_reason",
    "read_table", "reformed_book", "render_report", "summary_table", "write_excel_csv",
    # whether the compiled hot modules are in use (`budget-engine compile`)
    "COMPILED",
    # the decision letter of a budget (formal or easy to read): built, then text/HTML/PDF
    "Addressee", "FontMissing", "Letter", "LetterInputError", "build_letter", "letter_html",
    "letter_pdf", "letter_text",
    # the engine's click group (calculate, replay, rules), for a door that adds commands
    "engine_cli",
    # the release (pyproject's version; `budget-engine --version`)
    "__version__",
]
