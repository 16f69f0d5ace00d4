"""budget-engine: individual budgets for Latvia's deinstitutionalisation (DI) programme.

The public API every door (CLI, replay, web) uses: `calculate`, `load_rules`, `Case`, `Budget`.
"""

from .calculator import CaseError, calculate
from .case_io import CaseInputError, parse_case, parse_case_json
from .models import Budget, Case
from .rulebook.loader import RuleBook, load_rules
from .rulebook.yaml_source import RuleError, RuleErrors

__all__ = [
    "Budget", "Case", "CaseError", "CaseInputError", "RuleBook", "RuleError", "RuleErrors",
    "calculate", "load_rules", "parse_case", "parse_case_json",
]
