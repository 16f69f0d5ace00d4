"""Replay: many cases in, one budget (or one error) per case out, in input order.

Streams line by line so thousands of cases need little memory; a bad case never stops the
run and is never dropped: it becomes `{"line": N, "case_id": ..., "error": ...}`.
Input is JSON Lines, or CSV whose headers are the dotted field paths of case-format.md.
With several workers, each process parses, calculates and serialises its own cases (one
durable_rules host per process); the parent only reads lines and writes results in order.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from .calculator import CaseError, calculate
from .case_io import CaseInputError, parse_case
from .rulebook.loader import RuleBook

PROGRESS_EVERY = 500
WORKER_CHUNK = 64


class ReplayInputError(Exception):
    """The replay file as a whole cannot be read (missing, not text)."""


@dataclass
class Summary:
    cases: int = 0
    budgets: int = 0
    errors: int = 0
    seconds: float = 0.0


@dataclass
class ReadProblem:
    """An input line that could not be read as a case at all."""

    message: str


#: What a reader yields per case: a JSON text (JSON Lines), a dict (CSV) or a ReadProblem.
Payload = str | dict[str, Any] | ReadProblem


def _error(line: int, case_id: Any, errors: list[tuple[str, str]]) -> dict[str, Any]:
    return {"line": line, "case_id": case_id,
            "error": "; ".join(f"{p}: {m}" if p else m for p, m in errors),
            "errors": [{"field": p, "message": m} for p, m in errors]}


def replay_one(line: int, payload: Payload, book: RuleBook, lang: str) -> tuple[bool, str]:
    """(ok, one output line): the budget as JSON, or the error row of that input line."""
    if isinstance(payload, str):
        try:
            payload = json.loads(payload, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            payload = ReadProblem(f"not valid JSON: {exc.msg} at column {exc.colno}")
        else:
            if not isinstance(payload, dict):
                payload = ReadProblem("a case must be a JSON object")
    if isinstance(payload, ReadProblem):
        return False, _dump(_error(line, None, [("", payload.message)]))
    case_id = payload.get("case_id")
    try:
        budget = calculate(parse_case(payload), book, lang)
    except (CaseInputError, CaseError) as exc:
        return False, _dump(_error(line, case_id, exc.errors))
    except Exception as exc:  # noqa: BLE001 - one case must never stop the replay
        return False, _dump(_error(line, case_id,
                                   [("", f"internal error: {type(exc).__name__}: {exc}")]))
    return True, budget.model_dump_json()


def _dump(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def replay_records(records: Iterator[tuple[int, Payload]], book: RuleBook, lang: str = "lv",
                   workers: int = 1) -> Iterator[tuple[bool, str]]:
    """Output lines for (line number, payload) pairs, in input order."""
    if workers <= 1:
        for line, payload in records:
            yield replay_one(line, payload, book, lang)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_init,
                      initargs=(str(book.directory), lang)) as pool:
        yield from pool.imap(_worker_replay, records, chunksize=WORKER_CHUNK)


_worker_book: RuleBook | None = None
_worker_lang = "lv"


def _worker_init(rules_dir: str, lang: str) -> None:
    global _worker_book, _worker_lang
    from .rulebook.loader import load_rules

    _worker_book, _worker_lang = load_rules(rules_dir), lang


def _worker_replay(record: tuple[int, Payload]) -> tuple[bool, str]:
    assert _worker_book is not None
    return replay_one(record[0], record[1], _worker_book, _worker_lang)


def read_jsonl(stream: IO[str]) -> Iterator[tuple[int, Payload]]:
    for number, text in enumerate(stream, start=1):
        if text.strip():
            yield number, text


LIST_FIELDS = ("person.diagnoses",)
TEXT_FIELDS = ("case_id", "person.municipality")


def _pairs(value: str, first: str, second: str) -> list[dict[str, str]]:
    out = []
    for item in value.split(";"):
        if item.strip():
            name, _, amount = item.partition(":")
            out.append({first: name.strip(), second: amount.strip()})
    return out


def csv_row_to_case(row: dict[str, str]) -> dict[str, Any]:
    """Dotted headers to a nested case; `requested_services` as `service:units;...`,
    `household.maintainers` as `relation:income;...`, lists separated by `;`."""
    case: dict[str, Any] = {}
    for header, raw in row.items():
        if header is None:
            raise ValueError("the row has more cells than the header")
        value = (raw or "").strip()
        if value == "":
            continue
        parsed: Any = value
        if header == "requested_services":
            parsed = _pairs(value, "service", "units")
        elif header == "household.maintainers":
            parsed = _pairs(value, "relation", "monthly_income")
        elif header in LIST_FIELDS:
            parsed = [v.strip() for v in value.split(";") if v.strip()]
        elif value.lower() in ("true", "false"):
            parsed = value.lower() == "true"
        elif value.lower() == "null":
            parsed = None
        elif header not in TEXT_FIELDS and value.lstrip("-").isdigit():
            parsed = int(value)
        node = case
        parts = header.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"column {header!r} conflicts with another column")
        node[parts[-1]] = parsed
    case.setdefault("requested_services", [])
    return case


def read_csv(stream: IO[str]) -> Iterator[tuple[int, Payload]]:
    reader = csv.DictReader(stream)
    for row in reader:
        try:
            yield reader.line_num, csv_row_to_case(row)
        except ValueError as exc:
            yield reader.line_num, ReadProblem(str(exc))


def replay_file(cases_file: str, out_file: str | None, book: RuleBook, lang: str = "lv",
                progress: Callable[[int], None] | None = None, workers: int = 1) -> Summary:
    try:
        source: IO[str] = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
                           if cases_file == "-" else open(cases_file, encoding="utf-8"))
    except OSError as exc:
        raise ReplayInputError(f"{cases_file}: cannot read: {exc.strerror}") from None
    summary = Summary()
    started = time.perf_counter()
    try:
        out: IO[str] = open(out_file, "w", encoding="utf-8") if out_file else sys.stdout
    except OSError as exc:
        source.close()
        raise ReplayInputError(f"{out_file}: cannot write: {exc.strerror}") from None
    try:
        records = read_csv(source) if cases_file.lower().endswith(".csv") else read_jsonl(source)
        for ok, text in replay_records(records, book, lang, workers):
            summary.cases += 1
            if ok:
                summary.budgets += 1
            else:
                summary.errors += 1
            out.write(text + "\n")
            if progress is not None and summary.cases % PROGRESS_EVERY == 0:
                progress(summary.cases)
    except UnicodeDecodeError:
        raise ReplayInputError(f"{cases_file}: line {summary.cases + 1}: not UTF-8 text"
                               ) from None
    finally:
        source.close()
        if out_file:
            out.close()
    summary.seconds = time.perf_counter() - started
    return summary
