"""budget-engine: individual budgets for Latvia's deinstitutionalisation (DI) programme.

The public API every door (CLI, replay, web) uses: a door imports from `budget_engine` only,
never from its modules (tests/test_layering.py checks the web app). Build one `Calculator`
per rule book at the entry point (`Calculator(load_rules())`) and pass it on;
`calculator.parse(data)` reads a case with every error at once, `calculator.calculate(case,
lang)` gives its budget. A server calculates through `IsolatedCalculator` (the same calls,
the rule engine in supervised worker processes; a native crash is `EngineCrash`).
"""

from .calculator import Calculator, CaseError
from .case_io import CaseInputError, ErrorDetail, load_json_object, parse_case, parse_case_json
from .cli import engine_cli
from .evaluation import RuleEngine
from .isolation import EngineCrash, IsolatedCalculator
from .models import AREA_ACTIVITIES, SERVICE_CODES, SOURCES, Budget, Case
from .replay import ReplayInputError, Summary, read_csv, read_jsonl, replay_file, replay_records
from .rulebook.loader import RuleBook, load_rules
from .rulebook.yaml_source import RuleError, RuleErrors
from .rules_in_force import ParameterOnDate, RuleOnDate, RulesInForce, rules_in_force

__all__ = [
    # calculating a case
    "Budget", "Calculator", "Case", "CaseError", "CaseInputError", "ErrorDetail",
    "EngineCrash", "IsolatedCalculator", "RuleEngine", "load_json_object", "parse_case",
    "parse_case_json",
    # the fixed lists of the case format
    "AREA_ACTIVITIES", "SERVICE_CODES", "SOURCES",
    # rule books
    "ParameterOnDate", "RuleBook", "RuleError", "RuleErrors", "RuleOnDate", "RulesInForce",
    "load_rules", "rules_in_force",
    # replay (JSON Lines or CSV in, one budget or error per line out)
    "ReplayInputError", "Summary", "read_csv", "read_jsonl", "replay_file", "replay_records",
    # the engine's click group (calculate, replay, rules), for a door that adds commands
    "engine_cli",
]
