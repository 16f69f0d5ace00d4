"""Replay: many cases in, one budget (or one error) per case out, in input order.

Streams line by line so thousands of cases need little memory; a bad case never stops the
run and is never dropped: it becomes `{"line": N, "case_id": ..., "error": ...}`.
Input is JSON Lines, or CSV whose headers are the dotted field paths of case-format.md.
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
from pathlib import Path
from typing import IO, Any

from .calculator import CaseError, calculate
from .case_io import CaseInputError, parse_case
from .rulebook.loader import RuleBook

PROGRESS_EVERY = 500


class ReplayInputError(Exception):
    """The replay file as a whole cannot be read (missing, not text)."""


@dataclass
class Summary:
    cases: int = 0
    budgets: int = 0
    errors: int = 0
    seconds: float = 0.0


def _error(line: int, case_id: Any, errors: list[tuple[str, str]]) -> dict[str, Any]:
    return {"line": line, "case_id": case_id,
            "error": "; ".join(f"{p}: {m}" if p else m for p, m in errors),
            "errors": [{"field": p, "message": m} for p, m in errors]}


def replay_one(line: int, data: Any, book: RuleBook, lang: str) -> dict[str, Any]:
    """One budget as a JSON-ready dict, or the error row of that input line."""
    if isinstance(data, ReadProblem):
        return _error(line, None, [("", data.message)])
    case_id = data.get("case_id") if isinstance(data, dict) else None
    try:
        budget = calculate(parse_case(data), book, lang)
    except (CaseInputError, CaseError) as exc:
        return _error(line, case_id, exc.errors)
    except Exception as exc:  # noqa: BLE001 - one case must never stop the replay
        return _error(line, case_id, [("", f"internal error: {type(exc).__name__}: {exc}")])
    return budget.model_dump(mode="json")


def replay_records(records: Iterator[tuple[int, Any]], book: RuleBook, lang: str = "lv",
                   workers: int = 1) -> Iterator[dict[str, Any]]:
    """Budgets or error rows for (line number, parsed data) pairs, in input order.

    With `workers` > 1 the cases are spread over that many processes, each with its own
    durable_rules host (the engine is not thread safe, and one process uses one core).
    """
    if workers <= 1:
        for line, data in records:
            yield replay_one(line, data, book, lang)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_worker_init,
                      initargs=(str(book.directory), lang)) as pool:
        yield from pool.imap(_worker_replay, records, chunksize=WORKER_CHUNK)


WORKER_CHUNK = 64
_worker_book: RuleBook | None = None
_worker_lang = "lv"


def _worker_init(rules_dir: str, lang: str) -> None:
    global _worker_book, _worker_lang
    from .rulebook.loader import load_rules

    _worker_book, _worker_lang = load_rules(rules_dir), lang


def _worker_replay(record: tuple[int, Any]) -> dict[str, Any]:
    assert _worker_book is not None
    return replay_one(record[0], record[1], _worker_book, _worker_lang)


@dataclass
class ReadProblem:
    message: str

    def get(self, key: str) -> None:
        return None


def read_jsonl(stream: IO[str]) -> Iterator[tuple[int, Any]]:
    for number, text in enumerate(stream, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            yield number, ReadProblem(f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(data, dict):
            yield number, ReadProblem("a case must be a JSON object")
            continue
        yield number, data


LIST_FIELDS = ("person.diagnoses",)
TEXT_FIELDS = ("case_id", "person.municipality")


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
            parsed = [{"service": s.split(":", 1)[0].strip(),
                       "units": s.split(":", 1)[1].strip() if ":" in s else ""}
                      for s in value.split(";") if s.strip()]
        elif header == "household.maintainers":
            parsed = [{"relation": s.split(":", 1)[0].strip(),
                       "monthly_income": s.split(":", 1)[1].strip() if ":" in s else ""}
                      for s in value.split(";") if s.strip()]
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


def read_csv(stream: IO[str]) -> Iterator[tuple[int, Any]]:
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
    out: IO[str] = open(out_file, "w", encoding="utf-8") if out_file else sys.stdout
    try:
        records = read_csv(source) if cases_file.lower().endswith(".csv") else read_jsonl(source)
        for row in replay_records(records, book, lang, workers):
            summary.cases += 1
            if "error" in row:
                summary.errors += 1
            else:
                summary.budgets += 1
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
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


def replay_path(path: Path, book: RuleBook, lang: str = "lv") -> list[dict[str, Any]]:
    """All rows of a replay as a list (for tests and small runs)."""
    with open(path, encoding="utf-8") as stream:
        records = read_csv(stream) if path.suffix.lower() == ".csv" else read_jsonl(stream)
        return list(replay_records(records, book, lang))
