"""A reform file: a few parameter values overridden by name and date, on top of a rule book.

Policy analysts ask "what if the maintainers' duty ended in 2025?" without copying the whole
rules directory. A reform names only what changes:

    label: Apgādnieku pienākums atcelts no 2025-01-01
    parameters:
      copayment.maintainers_obliged:
        - {from: 2025-01-01, value: false}

Each value is added to the parameter's values; a value from the same date as a base value
replaces it, and base values from later dates stay in force from their dates. Values are
checked exactly as the rule files' are (`parameter_types.convert`), and every problem is
reported as `file:line: message`, never as a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..rulebook.loader import RuleBook
from ..rulebook.parameter_types import ValueProblem, convert
from ..rulebook.parameters import Parameter, ParameterTable, ParameterValue
from ..rulebook.variants import Change, derive
from ..rulebook.yaml_source import LineDict, RuleError, RuleErrors, display_path, read_yaml

TOP_KEYS = ("label", "parameters")
VALUE_KEYS = ("from", "value", "reference")


@dataclass(frozen=True)
class Reform:
    """A checked reform file: its label, its overrides and the digest of its text."""

    label: str
    path: str
    overrides: dict[str, list[ParameterValue]]
    digest: str

    @property
    def changes(self) -> list[Change]:
        return [Change("parameter", name) for name in sorted(self.overrides)]


def load_reform(path: str | Path, book: RuleBook) -> Reform:
    """Read and check a reform file against `book`; raise `RuleErrors` with every problem."""
    file = Path(path)
    shown = display_path(file)
    try:
        data = read_yaml(file)
        text = file.read_bytes()
    except RuleError as exc:
        raise RuleErrors([exc]) from None
    except OSError as exc:
        raise RuleErrors([RuleError(shown, None, f"cannot read: {exc.strerror}")]) from None
    errors: list[RuleError] = []
    if not isinstance(data, LineDict):
        raise RuleErrors([RuleError(shown, None, "expected a mapping with `label:` and "
                                    "`parameters:`")])
    for key in data:
        if key not in TOP_KEYS:
            errors.append(RuleError(shown, data.line_of(key), f"unknown key {key!r} "
                                    f"(expected {', '.join(TOP_KEYS)})"))
    label = data.get("label", file.stem)
    if not isinstance(label, str) or not label.strip():
        errors.append(RuleError(shown, data.line_of("label"), "label: expected a text"))
        label = file.stem
    params = data.get("parameters")
    overrides: dict[str, list[ParameterValue]] = {}
    if not isinstance(params, LineDict) or not params:
        errors.append(RuleError(shown, data.line_of("parameters"),
                                "parameters: expected at least one parameter name with a "
                                "list of {from: DATE, value: VALUE}"))
        params = LineDict()
        params.key_lines = {}
    for name, entries in params.items():
        line = params.line_of(name)
        parameter = book.parameters.parameters.get(name) if isinstance(name, str) else None
        if parameter is None:
            close = difflib.get_close_matches(str(name), list(book.parameters.parameters), 1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            errors.append(RuleError(shown, line, f'unknown parameter "{name}"{hint}'))
            continue
        values = _values(parameter, entries, shown, line, errors, book.services)
        if values is not None:
            overrides[name] = values
    if errors:
        raise RuleErrors(errors)
    return Reform(label.strip(), shown, overrides, hashlib.sha256(text).hexdigest())


def _values(parameter: Parameter, entries: Any, shown: str, line: int,
            errors: list[RuleError], services: Collection[str]) -> list[ParameterValue] | None:
    name = parameter.name
    if not isinstance(entries, list) or not entries:
        errors.append(RuleError(shown, line, f'parameter "{name}": expected a list of '
                                "{from: DATE, value: VALUE}"))
        return None
    out: list[ParameterValue] = []
    for entry in entries:
        at = getattr(entry, "line", line)
        if not isinstance(entry, LineDict):
            errors.append(RuleError(shown, at, f'parameter "{name}": expected '
                                    "{from: DATE, value: VALUE}"))
            continue
        unknown = [k for k in entry if k not in VALUE_KEYS]
        if unknown:
            errors.append(RuleError(shown, at, f'parameter "{name}": unknown key '
                                    f"{unknown[0]!r} (expected from, value, reference)"))
            continue
        start = entry.get("from")
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            errors.append(RuleError(shown, at, f'parameter "{name}": from: expected a date '
                                    f"YYYY-MM-DD, got {start!r}"))
            continue
        if "value" not in entry:
            errors.append(RuleError(shown, at, f'parameter "{name}": value is missing'))
            continue
        try:
            value = convert(parameter.kind, entry["value"], services)  # type: ignore[arg-type]
        except ValueProblem as exc:
            errors.append(RuleError(shown, at, f'parameter "{name}" ({parameter.kind}) '
                                    f"from {start.isoformat()}: {exc}"))
            continue
        reference = entry.get("reference")
        out.append(ParameterValue(start, value, str(reference) if reference else None))
    starts = [v.valid_from for v in out]
    if len(set(starts)) != len(starts):
        errors.append(RuleError(shown, line, f'parameter "{name}" has two values from the '
                                "same date"))
        return None
    return out


def reformed_book(book: RuleBook, reform: Reform) -> RuleBook:
    """`book` with the reform's values added (or replacing a base value of the same date).

    The new book's digest covers the base's and the reform file's, so its `rules_version`
    (label `BASE+reform`) differs from the base's and names this very reform.
    """
    params = dict(book.parameters.parameters)
    for name, values in reform.overrides.items():
        base = params[name]
        starts = {v.valid_from for v in values}
        merged = [v for v in base.values if v.valid_from not in starts] + values
        params[name] = dataclasses.replace(base, values=merged, _starts=[])
    digest = hashlib.sha256(f"{book.digest}\0{reform.digest}".encode()).hexdigest()
    return derive(book, f"{book.label}+reform", digest, parameters=ParameterTable(params))
