"""Reading a case from JSON text, with errors that name the field path and what was expected.

Nothing a user can send makes these functions raise anything but `CaseInputError`, and every
problem of a case is reported at once: the type errors of the case model, the checks that
compare one date with another (done on the raw input, so they run even when an unrelated
field is wrong) and whatever checks the caller adds (`extra_checks`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from .field_checks import iso_date
from .models import Case

#: At most this many characters of the input are echoed in a message.
EXCERPT_LIMIT = 80
#: The earliest birth date taken as real.
EARLIEST_BIRTH = dt.date(1900, 1, 1)



@dataclass(frozen=True)
class ErrorDetail:
    """One problem, with what a translator needs: its kind and the values it names."""

    path: str
    message: str
    kind: str
    context: dict[str, Any] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[ErrorDetail], tuple[str, str, str, dict[str, Any]]]:
        # Pickled by a worker process: made again by its constructor. The compiled build
        # (mypyc) has no instance __dict__, and pickle's default would then set each field
        # with setattr, which a frozen dataclass refuses.
        return ErrorDetail, (self.path, self.message, self.kind, self.context)


#: A caller's own checks of the raw case dict (e.g. the municipality on the calculation date).
ExtraChecks = Callable[[dict[str, Any]], list[ErrorDetail]]


class CaseInputError(ValueError):
    """Every problem with one case, as (field path, message) pairs (English), plus details."""

    def __init__(self, errors: list[tuple[str, str]],
                 details: list[ErrorDetail] | None = None) -> None:
        self.errors = errors
        self.details = details or [ErrorDetail(p, m, "other") for p, m in errors]
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in errors))

    def __reduce__(self) -> tuple[type[CaseInputError],
                                  tuple[list[tuple[str, str]], list[ErrorDetail]]]:
        # Pickled by a worker process: made again from its errors and details (Exception's
        # default would pass the joined message as `errors`).
        return CaseInputError, (self.errors, self.details)

    @classmethod
    def of(cls, details: list[ErrorDetail]) -> CaseInputError:
        return cls([(d.path, d.message) for d in details], details)


def _printable(text: str) -> str:
    """The text with any lone surrogate written as an escape, so it can always be encoded."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _cut(text: str, limit: int = EXCERPT_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def excerpt(value: Any, limit: int = EXCERPT_LIMIT) -> str:
    """A short JSON-like rendering of an input value: at most `limit` characters, then "…".

    Safe for any value json.loads makes (however long or deeply nested): it stops writing as
    soon as the limit is passed, so it never walks more of the value than it shows.
    """
    out: list[str] = []
    size = 0

    def emit(text: str) -> bool:
        nonlocal size
        out.append(text)
        size += len(text)
        return size > limit

    def scalar(v: Any) -> str:
        if v is None or isinstance(v, bool):
            return json.dumps(v)
        if isinstance(v, str):
            return json.dumps(v[: limit + 1], ensure_ascii=False)
        if isinstance(v, int):
            try:
                return str(v)
            except ValueError:  # more digits than Python will convert
                return "<a number of thousands of digits>"
        if isinstance(v, (Decimal, float)):
            return str(v)
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return f"<{type(v).__name__}>"

    def walk(v: Any) -> bool:
        if size > limit:
            return True
        if isinstance(v, dict):
            if emit("{"):
                return True
            for i, (key, item) in enumerate(v.items()):
                if (i and emit(", ")) or walk(key) or emit(": ") or walk(item):
                    return True
            return emit("}")
        if isinstance(v, (list, tuple)):
            if emit("["):
                return True
            for i, item in enumerate(v):
                if (i and emit(", ")) or walk(item):
                    return True
            return emit("]")
        return emit(scalar(v))

    walk(value)
    return _printable(_cut("".join(out), limit))


def field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # A field with an empty name is still named: `""`, so the user can find it.
            path += ("." if path else "") + (_printable(_cut(str(part), 40)) or '""')
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
            message = "unknown field: check its spelling (see docs/case-format.md)"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and err["type"] not in ("model_type", "value_error"):
            message += f" (got {excerpt(err['input'])})"
        context = {k: _printable(_cut(str(v))) for k, v in (err.get("ctx") or {}).items()}
        if err["type"] == "value_error":
            context["reason"] = _printable(_cut(str(err["msg"])))
        elif "input" in err and err["type"] not in ("model_type", "missing", "extra_forbidden"):
            context["got"] = excerpt(err["input"])  # what the case held, for a translation
        out.append(ErrorDetail(field_path(loc), _printable(message), err["type"], context))
    return out


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _any_lone_surrogate(value: Any) -> bool:
    """The quick answer for the usual case (no bad text): only non-ASCII strings are encoded,
    and lists of numbers (the assessment's ratings) are skipped without a look at each."""
    if isinstance(value, str):
        return not value.isascii() and _has_lone_surrogate(value)
    if isinstance(value, dict):
        return any(_any_lone_surrogate(k) or _any_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_any_lone_surrogate(v) for v in value if type(v) is not int)
    return False


#: A JSON escape that could stand for half of a surrogate pair (\\uD800-\\uDFFF).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def text_may_hold_surrogate(text: str) -> bool:
    """Whether `json.loads(text)` could hold a lone surrogate: only a surrogate escape or a
    surrogate already in the text can make one. A no here saves walking every value of the
    case (the walk was a sixth of a replay's time); a yes (or an escaped backslash that only
    looks like one) falls back to the walk."""
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        return True
    return not text.isascii() and _has_lone_surrogate(text)


def unicode_problems(data: Any) -> list[ErrorDetail]:
    """Strings (values or field names) holding a lone surrogate such as the escape "\\ud800":
    JSON lets them through, but they are not characters and could never be stored or shown."""
    try:
        if not _any_lone_surrogate(data):
            return []
    except RecursionError:
        pass  # nested too deeply for the quick look: the walk below has no recursion
    out = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _has_lone_surrogate(key):
                    out.append(loc + (key,))
                stack.append((loc + (key,), item))
        elif isinstance(value, list):
            stack.extend((loc + (i,), item) for i, item in enumerate(value))
        elif isinstance(value, str) and _has_lone_surrogate(value):
            out.append(loc)
    return [ErrorDetail(field_path(loc), "text holds an invalid character (a lone surrogate "
                        "such as \\ud800): expected valid Unicode text", "string_unicode")
            for loc in sorted(out, key=lambda loc: field_path(loc))]


def raw_date(data: Any, *path: str) -> dt.date | None:
    """The date at `path` in a raw case, or None when it is missing or is not a valid date."""
    node = data
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    if node is None:
        return None
    try:
        return iso_date(node)
    except PydanticCustomError:
        return None


#: The dates that must lie between birth and the calculation date, by field path.
LATER_DATES = (("residence", "left_vsac_on"), ("residence", "institution_placed_on"),
               ("assessment", "assessed_on"), ("di_project", "enrolled_on"))


def date_checks(data: Any) -> list[ErrorDetail]:
    """Dates that cannot be, or that contradict each other, by field path.

    Runs on the raw input, each check using a value only when that value is itself a valid
    date, so these errors are reported together with any unrelated type errors.
    """
    if not isinstance(data, dict):
        return []
    return _date_problems(raw_date(data, "calculation_date"),
                          raw_date(data, "person", "birth_date"),
                          [(path, raw_date(data, *path)) for path in LATER_DATES])


def case_date_checks(case: Case) -> list[ErrorDetail]:
    """`date_checks` of a case the model accepted: its dates are already read, so they
    are taken from it instead of being parsed a second time from the raw input. Every
    case read comes here: a case whose dates are in order (nearly all) is answered by
    comparisons alone, without building the problems' list."""
    calculation, birth = case.calculation_date, case.person.birth_date
    assessment, project, residence = case.assessment, case.di_project, case.residence
    later = (residence.left_vsac_on, residence.institution_placed_on,
             assessment.assessed_on if assessment is not None else None,
             project.enrolled_on if project is not None else None)
    if EARLIEST_BIRTH <= birth <= calculation and all(
            value is None or birth <= value <= calculation for value in later):
        return []
    return _date_problems(calculation, birth, [
        (("residence", "left_vsac_on"), case.residence.left_vsac_on),
        (("residence", "institution_placed_on"), case.residence.institution_placed_on),
        (("assessment", "assessed_on"),
         case.assessment.assessed_on if case.assessment is not None else None),
        (("di_project", "enrolled_on"),
         case.di_project.enrolled_on if case.di_project is not None else None)])


def _date_problems(calculation: dt.date | None, birth: dt.date | None,
                   later: list[tuple[tuple[str, ...], dt.date | None]]) -> list[ErrorDetail]:
    out: list[ErrorDetail] = []

    def after_calculation(path: str, value: dt.date | None) -> None:
        if value is not None and calculation is not None and value > calculation:
            out.append(ErrorDetail(
                path, f"must not be after calculation_date ({calculation.isoformat()})",
                "date_after_calculation",
                {"date": calculation.isoformat(), "field": "calculation_date"}))

    def before_birth(path: str, value: dt.date | None) -> None:
        if value is not None and birth is not None and value < birth:
            out.append(ErrorDetail(
                path, f"must not be before person.birth_date ({birth.isoformat()})",
                "date_before_birth", {"date": birth.isoformat(), "field": "person.birth_date"}))

    if birth is not None and birth < EARLIEST_BIRTH:
        out.append(ErrorDetail("person.birth_date",
                               f"must not be before {EARLIEST_BIRTH.isoformat()}",
                               "date_too_early", {"date": EARLIEST_BIRTH.isoformat()}))
    after_calculation("person.birth_date", birth)
    for path, value in later:
        after_calculation(".".join(path), value)
        before_birth(".".join(path), value)
    return out


def parse_case(data: Any, extra_checks: ExtraChecks | None = None,
               source_text: str | None = None) -> Case:
    """The case, or `CaseInputError` with every problem found: the model's, the date checks'
    and those `extra_checks(raw_dict)` returns (it is given the raw input, whatever it holds,
    so it must use a value only after checking it; `raw_date` helps). `source_text`, the
    JSON text `data` was read from, lets the lone-surrogate check look at the text once."""
    if isinstance(data, Case):
        data = data.model_dump()
    if not isinstance(data, dict):
        raise CaseInputError.of([ErrorDetail(
            "", f"a case must be a JSON object (got {excerpt(data)})", "model_type")])
    details = ([] if source_text is not None and not text_may_hold_surrogate(source_text)
               else unicode_problems(data))
    case: Case | None = None
    try:
        # With the bad characters written as escapes, the model still checks everything else.
        case = Case.model_validate(_printable_strings(data) if details else data)
    except ValidationError as exc:
        bad_text = {d.path for d in details}  # one error for a bad text, not a second one
        details += [d for d in validation_details(exc)
                    if d.path not in bad_text or d.kind == "extra_forbidden"]
    except RecursionError:
        details.append(ErrorDetail("", "the case is nested too deeply", "nested_too_deeply"))
    details += date_checks(data) if case is None else case_date_checks(case)
    if extra_checks is not None:
        details += extra_checks(data)
    if details or case is None:
        raise CaseInputError.of([_printable_detail(d) for d in details] or [
            ErrorDetail("", "the case could not be read", "other")])
    return case


def recheck_case(case: Case, data: Any, extra_checks: ExtraChecks) -> Case:
    """What `parse_case(data, extra_checks)` gives for `data` that `parse_case` has already
    read into `case` with other extra checks (another rule book's): the model and the date
    checks do not depend on the book, so only the extra checks can differ, and they are run
    on the same raw input, their errors written as `parse_case` writes them."""
    details = extra_checks(data)
    if details:
        raise CaseInputError.of([_printable_detail(d) for d in details])
    return case


def quick_case(text: str) -> Case | None:
    """The case in a JSON text when it is plainly valid, validated by pydantic while it
    reads the text (no dict of the case is built first); None when anything is amiss or
    unusual: then `parse_case` reads the text again and reports every error.

    Narrower than `parse_case`, never wider: a text that could hold a lone surrogate, a
    byte order mark, an amount given as a JSON number (read as a binary float in this mode,
    which the model refuses) all give None; the date checks run on the case. What pydantic
    accepts here it accepts from `json.loads` too, with the same values
    (tests/test_quick_parse.py)."""
    if text_may_hold_surrogate(text):
        return None
    try:
        case = Case.model_validate_json(text)
    except ValidationError:
        return None
    return None if case_date_checks(case) else case


def _printable_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {_printable_strings(k): _printable_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable_strings(v) for v in value]
    return _printable(value) if isinstance(value, str) else value


def _printable_detail(detail: ErrorDetail) -> ErrorDetail:
    return ErrorDetail(_printable(str(detail.path)), _printable(str(detail.message)),
                       str(detail.kind), {str(k): _printable(str(v))
                                          for k, v in detail.context.items()})


class _NotJson(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number")


def _integer(text: str) -> int | Decimal:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts: the field's check refuses it
        return Decimal(text)


def parse_case_json(text: str | bytes, extra_checks: ExtraChecks | None = None) -> Case:
    """The case in a JSON text; any text that is not one gives `CaseInputError`, nothing else."""
    data = load_json_object(text)
    return parse_case(data, extra_checks, text if isinstance(text, str) else None)


#: Made once: `json.loads` with options builds a new decoder for every text it reads.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constant)


def load_json_object(text: str | bytes) -> dict[str, Any]:
    """The JSON object in a text, or `CaseInputError` (never anything else).

    A byte order mark at the start is ignored; NaN and Infinity (which Python's json reader
    would take) are refused.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise CaseInputError.of([ErrorDetail(
                "", f"not valid UTF-8 text (at byte {not_utf8.start})", "json_invalid")]
            ) from None
    text = text.removeprefix("\ufeff")
    try:
        # Numbers become Decimal straight from the text, so no cent is lost to binary floats.
        try:
            data = _DECODER.decode(text)
        except ValueError as unread:
            if isinstance(unread, json.JSONDecodeError):
                raise
            # An integer of more digits than Python converts: read again, slowly, so the
            # field's own check refuses it with its name (the usual case needs no callback).
            data = json.loads(text, parse_float=Decimal, parse_int=_integer,
                              parse_constant=_no_constant)
    except json.JSONDecodeError as bad_json:
        raise CaseInputError.of([ErrorDetail(
            "", f"not valid JSON: {bad_json.msg} at line {bad_json.lineno} column "
                f"{bad_json.colno}",
            "json_invalid", {"json_line": bad_json.lineno, "json_column": bad_json.colno})]
        ) from None
    except _NotJson as not_json:
        raise CaseInputError.of([ErrorDetail("", f"not valid JSON: {not_json}",
                                             "json_invalid")]) from None
    except RecursionError:
        raise CaseInputError.of([ErrorDetail("", "not valid JSON: nested too deeply",
                                             "json_invalid")]) from None
    if not isinstance(data, dict):
        raise CaseInputError.of([ErrorDetail("", "a case must be a JSON object",
                                             "model_type")])
    return data
