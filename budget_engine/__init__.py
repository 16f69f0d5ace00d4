"""budget-engine: individual budgets for Latvia's deinstitutionalisation (DI) programme.

The public API every door (CLI, replay, web) uses. Build one `Calculator` per rule book at
the entry point (`Calculator(load_rules())`) and pass it on; `calculator.parse(data)` reads a
case with every error at once, `calculator.calculate(case, lang)` gives its budget.
"""

from .calculator import Calculator, CaseError
from .case_io import CaseInputError, ErrorDetail, parse_case, parse_case_json
from .evaluation import RuleEngine
from .models import SERVICE_CODES, SOURCES, Budget, Case
from .rulebook.loader import RuleBook, load_rules
from .rulebook.yaml_source import RuleError, RuleErrors

__all__ = [
    "SERVICE_CODES", "SOURCES", "Budget", "Calculator", "Case", "CaseError", "CaseInputError",
    "ErrorDetail", "RuleBook", "RuleEngine", "RuleError", "RuleErrors", "load_rules",
    "parse_case", "parse_case_json",
]
