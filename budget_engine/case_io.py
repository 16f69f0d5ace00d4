"""Reading a case from JSON text, with errors that name the field path and what was expected."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from .models import Case


class CaseInputError(ValueError):
    """Every problem with one case, as (field path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
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
        out.append((field_path(loc), message))
    return out


def parse_case(data: Any) -> Case:
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise CaseInputError(validation_errors(exc)) from None


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
