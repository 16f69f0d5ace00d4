"""The requested services checked against the services of the rule book in force.

The case format fixes only the shape of a service code; which codes exist is the rule
book's (`rules/services.yaml`), so that policy staff can add a service by editing rule files.
The check runs with the others a case gets (`Calculator.parse` reports every error at
once), and again before a calculation, for a case built without `parse`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from .case_io import ErrorDetail
from .models import SERVICE_CODE_PATTERN

_SHAPE = re.compile(SERVICE_CODE_PATTERN)


def raw_service_codes(raw: Any) -> list[tuple[int, str]]:
    """(position, code) of each requested service whose code has the right shape; the rest
    the case model reports (a wrong type, a code that cannot be one)."""
    requests = raw.get("requested_services") if isinstance(raw, dict) else None
    if not isinstance(requests, list):
        return []
    out = []
    for index, request in enumerate(requests):
        code = request.get("service") if isinstance(request, dict) else None
        if isinstance(code, str) and _SHAPE.fullmatch(code):
            out.append((index, code))
    return out


def unknown_services(requested: Sequence[tuple[int, str]], known: Collection[str]
                     ) -> list[ErrorDetail]:
    """An error naming `requested_services[i].service` for each code the book lacks, with
    the codes it has (in the book's order)."""
    expected = ", ".join(known)
    return [ErrorDetail(
        f"requested_services[{index}].service",
        f"unknown service {code!r}: expected one of the services of the rules in force: "
        f"{expected}", "unknown_service", {"service": code, "expected": expected})
        for index, code in requested if code not in known]
