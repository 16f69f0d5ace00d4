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

A reform is a few kilobytes, but the file comes from a person (or a web form), so the check
is bounded (`ReformLimits`): the file's size, the values read, the problems listed (the rest
counted) and the close-match suggestions computed.
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
from ..rulebook.yaml_source import LineDict, RuleError, RuleErrors, display_path, parse_yaml

TOP_KEYS = ("label", "parameters")
VALUE_KEYS = ("from", "value", "reference")


@dataclass(frozen=True)
class ReformLimits:
    """How much of a reform file is read and reported.

    A reform changes a few of the rule book's parameters (the shipped book has 46, each with a
    value or two; a reform giving every one of them five values is about 1,250 YAML values):
    5,000 values, read in well under a second (pure-Python YAML, about 0.1 ms a value on a
    busy 2-core machine), leave room to spare. A file of 20,000 mistyped names used to be
    read whole, a suggestion computed for each and every problem listed: seconds of work and
    a page of megabytes. Now the file is refused above `max_bytes`, read up to `max_values`
    values, the first `max_problems` problems are listed and the rest counted, and a "did
    you mean" suggestion is looked for for the first `max_suggestions` unknown names only.
    """

    max_bytes: int = 256 * 1024
    max_values: int = 5_000
    max_problems: int = 50
    max_suggestions: int = 5


class _Problems:
    """The problems found: the first `limits.max_problems` kept, the rest counted."""

    def __init__(self, limits: ReformLimits) -> None:
        self.limits = limits
        self.listed: list[RuleError] = []
        self.more = 0
        self.suggested = 0

    def append(self, problem: RuleError) -> None:
        if len(self.listed) < self.limits.max_problems:
            self.listed.append(problem)
        else:
            self.more += 1

    def suggest(self) -> bool:
        """Whether to look for a close match for one more unknown name (and count it)."""
        if (self.suggested >= self.limits.max_suggestions
                or len(self.listed) >= self.limits.max_problems):
            return False
        self.suggested += 1
        return True

    def __bool__(self) -> bool:
        return bool(self.listed or self.more)

    def raise_any(self) -> None:
        if self:
            raise RuleErrors(self.listed, self.more)


def human_size(size: int, lang: str = "en") -> str:
    """`256 KiB`, `1.5 MiB` (`1,5 MiB` in Latvian): a size as a person reads it (binary
    units, as limits are set)."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            value = size / scale
            shown = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
            return f"{shown.replace('.', ',') if lang == 'lv' else shown} {unit}"
    return f"{size} baiti" if lang == "lv" else f"{size} bytes"


def _read_text(file: Path, shown: str, max_bytes: int) -> bytes:
    """The file's bytes, refused (not read further) above `max_bytes`."""
    try:
        with file.open("rb") as stream:
            text = stream.read(max_bytes + 1)
    except OSError as exc:
        raise RuleErrors([RuleError(shown, None, f"cannot read: {exc.strerror}",
                                    "cannot_read", {"reason": str(exc.strerror)})]) from None
    if len(text) > max_bytes:
        raise RuleErrors([RuleError(shown, None, f"the file is larger than "
                                    f"{human_size(max_bytes)}: a reform file changes a few "
                                    "parameters and is a few kilobytes", "reform_too_large",
                                    {"most": human_size(max_bytes),
                                     "most_lv": human_size(max_bytes, "lv")})])
    return text


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


def load_reform(path: str | Path, book: RuleBook,
                limits: ReformLimits | None = None) -> Reform:
    """Read and check a reform file against `book`; raise `RuleErrors` with its problems
    (the first `limits.max_problems`, the rest counted in `RuleErrors.more`)."""
    limits = limits or ReformLimits()
    file = Path(path)
    shown = display_path(file)
    text = _read_text(file, shown, limits.max_bytes)
    try:
        data = parse_yaml(text.decode("utf-8"), shown, limits.max_values)
    except UnicodeDecodeError as exc:
        raise RuleErrors([RuleError(shown, None, f"cannot read: {exc}", "reform_not_utf8",
                                    {"reason": str(exc)})]) from None
    except RuleError as exc:
        raise RuleErrors([exc]) from None
    errors = _Problems(limits)
    if not isinstance(data, LineDict):
        raise RuleErrors([RuleError(shown, None, "expected a mapping with `label:` and "
                                    "`parameters:`", "reform_not_mapping")])
    for key in data:
        if key not in TOP_KEYS:
            errors.append(RuleError(shown, data.line_of(key), f"unknown key {key!r} "
                                    f"(expected {', '.join(TOP_KEYS)})", "reform_unknown_key",
                                    {"key": str(key)[:80]}))
    label = data.get("label", file.stem)
    if not isinstance(label, str) or not label.strip():
        errors.append(RuleError(shown, data.line_of("label"), "label: expected a text",
                                "reform_label"))
        label = file.stem
    params = data.get("parameters")
    overrides: dict[str, list[ParameterValue]] = {}
    if not isinstance(params, LineDict) or not params:
        errors.append(RuleError(shown, data.line_of("parameters"),
                                "parameters: expected at least one parameter name with a "
                                "list of {from: DATE, value: VALUE}", "reform_no_parameters"))
        params = LineDict()
        params.key_lines = {}
    for name, entries in params.items():
        line = params.line_of(name)
        parameter = book.parameters.parameters.get(name) if isinstance(name, str) else None
        if parameter is None:
            close = difflib.get_close_matches(str(name), list(book.parameters.parameters),
                                              1) if errors.suggest() else []
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            title = book.parameters.parameters[close[0]].title.get("lv") if close else None
            hint_lv = (f" (varbūt „{close[0]}” – {title}?)" if title else
                       f" (varbūt „{close[0]}”?)") if close else ""
            errors.append(RuleError(shown, line, f'unknown parameter "{name}"{hint}',
                                    "reform_unknown_parameter",
                                    {"name": str(name)[:80], "hint": hint, "hint_lv": hint_lv}))
            continue
        values = _values(parameter, entries, shown, line, errors, book.services)
        if values is not None:
            overrides[name] = values
    errors.raise_any()
    return Reform(label.strip(), shown, overrides, hashlib.sha256(text).hexdigest())


def _values(parameter: Parameter, entries: Any, shown: str, line: int,
            errors: _Problems, services: Collection[str]) -> list[ParameterValue] | None:
    name = parameter.name
    if not isinstance(entries, list) or not entries:
        errors.append(RuleError(shown, line, f'parameter "{name}": expected a list of '
                                "{from: DATE, value: VALUE}", "reform_values", {"name": name}))
        return None
    out: list[ParameterValue] = []
    for entry in entries:
        at = getattr(entry, "line", line)
        if not isinstance(entry, LineDict):
            errors.append(RuleError(shown, at, f'parameter "{name}": expected '
                                    "{from: DATE, value: VALUE}", "reform_entry",
                                    {"name": name}))
            continue
        unknown = [k for k in entry if k not in VALUE_KEYS]
        if unknown:
            errors.append(RuleError(shown, at, f'parameter "{name}": unknown key '
                                    f"{unknown[0]!r} (expected from, value, reference)",
                                    "reform_entry_key", {"name": name,
                                                         "key": str(unknown[0])[:80]}))
            continue
        start = entry.get("from")
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            errors.append(RuleError(shown, at, f'parameter "{name}": from: expected a date '
                                    f"YYYY-MM-DD, got {start!r}", "reform_from",
                                    {"name": name, "value": repr(start)[:40]}))
            continue
        if "value" not in entry:
            errors.append(RuleError(shown, at, f'parameter "{name}": value is missing',
                                    "reform_value_missing",
                                    {"name": name, "from_lv": start.strftime("%d.%m.%Y")}))
            continue
        try:
            value = convert(parameter.kind, entry["value"], services)  # type: ignore[arg-type]
        except ValueProblem as exc:
            errors.append(RuleError(shown, at, f'parameter "{name}" ({parameter.kind}) '
                                    f"from {start.isoformat()}: {exc}", "parameter_value",
                                    {"name": name, "type": parameter.kind,
                                     "from": start.isoformat(),
                                     "from_lv": start.strftime("%d.%m.%Y"),
                                     "problem": str(exc), "problem_lv": exc.lv}))
            continue
        reference = entry.get("reference")
        out.append(ParameterValue(start, value, str(reference) if reference else None))
    starts = [v.valid_from for v in out]
    if len(set(starts)) != len(starts):
        errors.append(RuleError(shown, line, f'parameter "{name}" has two values from the '
                                "same date", "parameter_same_date", {"name": name}))
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
