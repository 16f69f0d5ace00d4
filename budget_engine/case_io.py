"""Reading a case from JSON text, with errors that name the field path and what was expected."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from .models import Case


@dataclass(frozen=True)
class ErrorDetail:
    """One problem, with what a translator needs: its kind and the values it names."""

    path: str
    message: str
    kind: str
    context: dict[str, Any] = field(default_factory=dict)


class CaseInputError(ValueError):
    """Every problem with one case, as (field path, message) pairs (English), plus details."""

    def __init__(self, errors: list[tuple[str, str]],
                 details: list[ErrorDetail] | None = None) -> None:
        self.errors = errors
        self.details = details or [ErrorDetail(p, m, "other") for p, m in errors]
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in errors))


def field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def validation_errors(exc: ValidationError) -> list[tuple[str, str]]:
    return [(d.path, d.message) for d in validation_details(exc)]


def validation_details(exc: ValidationError) -> list[ErrorDetail]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(
            ("function-", "constrained-"))))
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (check its spelling against case-format.md)"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and err["type"] not in ("model_type", "value_error"):
            message += f" (got {json.dumps(err['input'], default=str, ensure_ascii=False)})"
        context = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        if err["type"] == "value_error":
            context["reason"] = str(err["msg"])
        out.append(ErrorDetail(field_path(loc), message, err["type"], context))
    return out


def parse_case(data: Any) -> Case:
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        details = validation_details(exc)
        raise CaseInputError([(d.path, d.message) for d in details], details) from None


def parse_case_json(text: str) -> Case:
    try:
        # Numbers become Decimal straight from the text, so no cent is lost to binary floats.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CaseInputError([("", f"not valid JSON: {exc.msg} at line {exc.lineno} "
                                   f"column {exc.colno}")]) from None
    if not isinstance(data, dict):
        raise CaseInputError([("", "a case must be a JSON object")])
    return parse_case(data)
