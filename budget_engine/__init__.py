"""budget-engine: individual budgets for Latvia's deinstitutionalisation (DI) programme.

The public API every door (CLI, replay, web) uses: a door imports from `budget_engine` only,
never from its modules (tests/test_layering.py checks the web app). Build one `Calculator`
per rule book at the entry point (`Calculator(load_rules())`) and pass it on;
`calculator.parse(data)` reads a case with every error at once, `calculator.calculate(case,
lang)` gives its budget. A server calculates through `IsolatedCalculator` (the same calls,
the rule engine in supervised worker processes; a native crash is `EngineCrash`).
"""

#: The release: the one place it is written (pyproject reads it; `budget-engine --version`).
__version__ = "0.1.0"

# First: a current build of the hot modules (`budget-engine compile`) is put ahead of the
# sources before any of them is imported (runtime/compiled.py).
from .runtime.compiled import activate as _activate_compiled

COMPILED = _activate_compiled(__path__)

from .calculator import Calculator, CaseError, first_calculable_date
from .case_io import CaseInputError, ErrorDetail, load_json_object, parse_case, parse_case_json
from .cli.commands import engine_cli
from .decision.decided import Override, OverrideError, decided_budget, uncosted_lines
from .evaluation.aggregate import Aggregator, sums_from_json
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
from .rulebook.workbook import COLUMNS as WORKBOOK_COLUMNS
from .rulebook.workbook import NUMBER_KINDS as WORKBOOK_NUMBER_KINDS
from .rulebook.workbook import checked_value as checked_parameter_value
from .rulebook.workbook import sheet_name as workbook_sheet_name
from .rulebook.workbook import write_parameter_workbook
from .rulebook.yaml_source import RuleError, RuleErrors, YamlLimitError, load_plain_yaml
from .runtime.isolation import EngineCrash, IsolatedCalculator
from .runtime.session import RuleEngine

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
    "WORKBOOK_COLUMNS", "WORKBOOK_NUMBER_KINDS", "checked_parameter_value",
    "workbook_sheet_name", "write_parameter_workbook",
    # replay (JSON Lines or CSV in, one budget or error per line out)
    "ReplayInputError", "Summary", "read_csv", "read_jsonl", "replay_file", "replay_records",
    # evaluators: two rule books compared over many cases, aggregates, report, Excel CSV
    "Agreement", "Aggregator", "Comparer", "Reform", "ReformLimits", "compare_parallel",
    "compare_records", "load_reform", "sums_from_json",
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
