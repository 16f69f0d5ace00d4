"""An engine worker that dies natively on one case, to prove a server survives such a crash.

Used as the worker target of `IsolatedCalculator` in tests; it runs in its own process.
"""

from __future__ import annotations

import faulthandler
import multiprocessing.connection
import os
import signal
from typing import Any

CRASHING_CASE = "CRASH-ME"


def serve_crashing(rules_dir: str, digest: str,
                   conn: multiprocessing.connection.Connection) -> None:
    import budget_engine.runtime.isolation as isolation

    original = isolation.Calculator.calculate
    original_json = isolation.Calculator.calculate_json

    def crash_on(case: Any) -> None:
        if case.case_id == CRASHING_CASE:
            faulthandler.disable()  # a deliberate crash: no dump in the log
            os.kill(os.getpid(), signal.SIGSEGV)

    def calculate(self: Any, case: Any, lang: str = "lv") -> Any:
        crash_on(case)
        return original(self, case, lang)

    def calculate_json(self: Any, case: Any, lang: str = "lv") -> Any:
        crash_on(case)
        return original_json(self, case, lang)

    isolation.Calculator.calculate = calculate  # type: ignore[method-assign]
    isolation.Calculator.calculate_json = calculate_json  # type: ignore[method-assign]
    isolation.serve(rules_dir, digest, conn)
