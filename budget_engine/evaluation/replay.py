"""Replay: many cases in, one budget (or one error) per case out, in input order.

Streams line by line so thousands of cases need little memory; a bad case never stops the
run and is never dropped: it becomes `{"line": N, "case_id": ..., "error": ...}`. Blank lines
are skipped and counted. Input is JSON Lines, or CSV whose headers are the dotted field paths
of the case format.

The cases are calculated in worker processes (forked, fed chunks of cases), never in the
process that reads and writes: durable_rules is native code, and should it ever crash on a
case, the worker dies, the reader notices, runs that chunk again one case at a time in a fresh
worker, and writes an error row for the case that killed it. A replay never hangs on a dead
worker and never loses a line.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, Generic, TypeVar

from ..budget_parts import BudgetParts
from ..calculator import Calculator, CaseError, Decided
from ..case_io import CaseInputError, ErrorDetail, load_json_object
from ..models import Case
from ..plan import utf8
from ..rulebook.loader import RuleBook
from ..runtime.workers import WorkerProcess, die_with_parent
from .records import (
    MAX_LINE_BYTES,
    Payload,
    ReadProblem,
    Record,
    ReplayInputError,
    Summary,
    csv_row_to_case,
    echoed,
    read_jsonl,
    redated,
    writable,
)
from .tabular import is_table, read_table

__all__ = [
    "ReadProblem", "ReplayInputError", "RowWriter", "Summary", "calculated_rows",
    "csv_row_to_case", "on_day", "open_records", "read_csv", "read_jsonl", "replay_file",
    "replay_one", "replay_records", "replay_row", "replay_rows", "run_chunks", "run_records",
]

CHUNK = 256
#: Cases a replay worker takes through each step together (`replay_rows`); at most
#: `calculator.READ_AHEAD`. 8 measured best of 2-64 (64: 117 µs a case, 8: 102, 1: 120).
PHASE_GROUP = 8
#: Chunks a worker is given before it has answered the first (the next waits in its pipe).
AHEAD = 2
#: Bytes of output rows gathered before they are written.
WRITE_BATCH = 256 * 1024


Result = tuple[bool, str]
R = TypeVar("R")
T = TypeVar("T")
D = TypeVar("D")


def error_row(line: int, case_id: Any, errors: list[tuple[str, str]],
              details: Sequence[ErrorDetail] | None = None) -> dict[str, Any]:
    """The row of an input line that gave no budget: its line, case id and every error,
    each text as UTF-8 can hold it (`writable`); the case id and the field names, which are
    the input's own text, at most `ECHO_LIMIT` characters (`echoed`; the messages quote
    the input in short excerpts already, `case_io.excerpt`). With the errors' `details`,
    each error also has its kind and the values it names (`context`), from which a report
    words it in its own language (`case_reasons.row_reason`)."""
    listed: list[dict[str, Any]] = [{"field": echoed(p), "message": writable(m)}
                                    for p, m in errors]
    if details is not None and len(details) == len(errors):
        for entry, detail in zip(listed, details, strict=True):
            entry["kind"] = str(detail.kind)
            if detail.context:
                entry["context"] = {str(k): echoed(str(v)) for k, v in detail.context.items()}
    return {"line": line, "case_id": echoed(case_id) if isinstance(case_id, str) else None,
            "error": writable("; ".join(f"{echoed(p)}: {m}" if p else m for p, m in errors)),
            "errors": listed}


def problem_row(line: int, problem: ReadProblem) -> dict[str, Any]:
    """The error row of a line that could not be read (`ReadProblem`): its English message
    as `error`, its kind and values in `errors`, as a case's errors have them."""
    return error_row(line, None, [("", problem.message)],
                     [ErrorDetail("", problem.message, problem.kind, problem.context)])


def crash_row(line: int, message: str) -> dict[str, Any]:
    """The error row of a case its worker died on (kind `engine_crash`)."""
    return error_row(line, None, [("", message)], [ErrorDetail("", message, "engine_crash")])


def _error(line: int, case_id: Any, errors: list[tuple[str, str]],
           details: Sequence[ErrorDetail] | None = None) -> str:
    return _encoded_row(error_row(line, case_id, errors, details))


def _encoded_row(row: dict[str, Any]) -> str:
    text = json.dumps(row, ensure_ascii=False, default=str)
    # Whatever the input held, the row must be writable as UTF-8.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def replay_one(line: int, payload: Payload, calculator: Calculator, lang: str,
               fast: bool = True) -> Result:
    """(ok, one output line): the budget as JSON, or the error row of that input line
    (`replay_row`, as text)."""
    ok, row = replay_row(line, payload, calculator, lang, fast)
    return ok, row[:-1].decode("utf-8")


def replay_row(line: int, payload: Payload, calculator: Calculator, lang: str,
               fast: bool = True) -> tuple[bool, bytes]:
    """(ok, one output line as replay writes it: UTF-8, ending in a newline).
    `fast` reads a plainly valid case in one step (`Calculator.quick_parse`; any other goes
    the long way, which names every error), writes the JSON directly as UTF-8
    (`Calculator.calculate_utf8`) and checks the input text for lone surrogates once; off,
    the case's values are walked for them and the budget's models are built and serialised:
    the path as it was, kept to measure against (the output is the same,
    tests/test_fast_path.py, tests/test_quick_parse.py)."""
    if fast:  # a group of one: the same steps as a replay worker's
        return replay_rows([(line, payload)], calculator, lang)[0]
    return _row_the_straightforward_way(line, payload, calculator, lang)


def replay_rows(records: list[Record], calculator: Calculator, lang: str, fast: bool = True
                ) -> list[tuple[bool, bytes]]:
    """`replay_row` of each record, in order, the same rows; on the fast path each group of
    `PHASE_GROUP` records is taken through one step at a time: all read, then the rules'
    decisions of all (`Calculator.decide`), then the arithmetic of all (`finish`), then all
    written. A case's steps each touch their own code and tables (pydantic's validators,
    the decision memo, the period's plan, the pieces of JSON); one step after another for a
    single case, each brought the others' back into the processor's caches. Measured
    alternating halves of chunks in the same processes: three steps (reading, calculating,
    writing) cost 0.825-0.849 of one case at a time, and splitting the calculation into
    decisions and arithmetic 0.958-0.988 of three steps. A group small enough that its
    cases stay in the caches too."""
    if not fast:
        return [replay_row(line, payload, calculator, lang, False) for line, payload in records]
    return [(ok, row) for ok, row, _ in calculated_rows(records, calculator, lang)]


def calculated_rows(records: list[Record], calculator: Calculator, lang: str
                    ) -> Iterator[tuple[bool, bytes, BudgetParts | None]]:
    """Each record's row as `replay_rows` writes it (on the fast path), with the parts of
    its budget (None for an error row): a report's aggregates read the figures from them
    (`compare.parts_outcome`), so a replay with a report calculates as a replay does.
    Yielded group by group: a chunk's worth of parts kept alive at once cost replay a
    quarter more CPU a case (the collector walked them, the caches lost them)."""
    for start in range(0, len(records), PHASE_GROUP):
        group = records[start:start + PHASE_GROUP]
        cases = [_read_quickly(calculator, payload) for _, payload in group]
        decided = [None if case is None else _decided(line, case, calculator, lang)
                   for (line, _), case in zip(group, cases, strict=True)]
        made = [None if case is None or found is None else _finished(line, case, found,
                                                                      calculator)
                for (line, _), case, found in zip(group, cases, decided, strict=True)]
        for (line, payload), case, parts in zip(group, cases, made, strict=True):
            if case is None:
                yield _calculated_the_long_way(line, payload, calculator, lang)
            else:
                assert parts is not None
                yield _written(line, case, parts, calculator, lang)


def _decided(line: int, case: Case, calculator: Calculator, lang: str
             ) -> tuple[None, Decided] | str:
    """The rules' decisions for a case read quickly (`Calculator.decide`), or the error row
    of the case."""
    return _caught(line, case.case_id, lambda: (None, calculator.decide(case, lang)))


def _finished(line: int, case: Case, decided: tuple[None, Decided] | str,
              calculator: Calculator) -> tuple[None, BudgetParts] | str:
    """The budget's parts of a decided case (`Calculator.finish`), or the error row."""
    if isinstance(decided, str):
        return decided
    done = decided[1]
    return _caught(line, case.case_id, lambda: (None, calculator.finish(done)))


def _written(line: int, case: Case, parts: tuple[None, BudgetParts] | str,
             calculator: Calculator, lang: str) -> tuple[bool, bytes, BudgetParts | None]:
    """The row of a calculated case: its budget written out (and its parts), or its error
    row (of the calculation, or of the writing)."""
    if isinstance(parts, str):
        return False, _encoded(parts), None
    made = parts[1]
    found = _caught(line, case.case_id,
                    lambda: (None, calculator.write_utf8(made, lang, b"\n")))
    if isinstance(found, str):
        return False, _encoded(found), None
    return True, found[1], made


def _calculated_the_long_way(line: int, payload: Payload, calculator: Calculator, lang: str
                             ) -> tuple[bool, bytes, BudgetParts | None]:
    """The row of a record not read quickly, with its budget's parts: read with
    `Calculator.parse`, which names every error, then calculated and written as above."""
    found = _guarded(line, payload, lambda case: calculator.calculate_parts(case, lang),
                     calculator, text_check=True)
    if isinstance(found, str):
        return False, _encoded(found), None
    return _written(line, found[1].case, (None, found[1]), calculator, lang)


def _row_the_straightforward_way(line: int, payload: Payload, calculator: Calculator,
                                 lang: str) -> tuple[bool, bytes]:
    """The row with the fast path off: read with `Calculator.parse`, the case's values
    walked for lone surrogates, the budget's models built and serialised (the path as it
    was, kept to measure against)."""
    found = _guarded(line, payload, lambda case: utf8(
        calculator.calculate(case, lang).model_dump_json() + "\n"), calculator,
        text_check=False)
    if isinstance(found, str):
        return False, _encoded(found)
    return True, found[1]


def _read_quickly(calculator: Calculator, payload: Payload) -> Case | None:
    """`Calculator.quick_parse` of a text record; None (the long way) for anything else."""
    if not isinstance(payload, str):
        return None
    try:
        return calculator.quick_parse(payload)
    except Exception:  # noqa: BLE001 - the long way reads it again and names what is wrong
        return None


def _guarded(line: int, payload: Payload, calculate: Callable[[Case], T], calculator: Calculator,
             text_check: bool) -> tuple[dict[str, Any], T] | str:
    """(the raw case, what `calculate` made of it), or the error row of the record."""
    if isinstance(payload, ReadProblem):
        return _encoded_row(problem_row(line, payload))
    case_id: Any = None
    try:
        text = payload if isinstance(payload, str) and text_check else None
        data = load_json_object(payload) if isinstance(payload, str) else payload
        case_id = data.get("case_id")
        case = calculator.parse(data, text)
    except (CaseInputError, CaseError) as exc:
        return _error(line, case_id, exc.errors, exc.details)
    except Exception as exc:  # noqa: BLE001 - one case must never stop the replay
        return _error(line, case_id, _internal(exc))
    return _caught(line, case_id, lambda: (data, calculate(case)))


def _caught(line: int, case_id: Any, run: Callable[[], tuple[D, T]]) -> tuple[D, T] | str:
    """What `run()` gives, or the error row of a case whose calculation fails."""
    try:
        return run()
    except (CaseInputError, CaseError) as exc:
        return _error(line, case_id, exc.errors, exc.details)
    except Exception as exc:  # noqa: BLE001 - one case must never stop the replay
        return _error(line, case_id, _internal(exc))


def _internal(exc: Exception) -> list[tuple[str, str]]:
    # Left without a kind: shown as the engine wrote it (a bug to report, not the input's).
    return [("", f"internal error: {type(exc).__name__}: {exc}"[:300])]


def replay_records(records: Iterable[Record], book: RuleBook, lang: str = "lv",
                   workers: int = 1, fast: bool = True) -> Iterator[Result]:
    """Output lines for (line number, payload) pairs, in input order, from worker processes."""

    def setup() -> Handler[Result]:
        calculator = Calculator(book)
        return lambda line, payload: replay_one(line, payload, calculator, lang, fast)

    return run_records(records, setup, _crash_row, workers)


#: What a worker does with one record; built in the worker by a setup function.
Handler = Callable[[int, Payload], R]
#: What a worker does with a chunk of records: their results, in order.
ChunkHandler = Callable[[list[Record]], list[R]]


def _crash_row(line: int, message: str) -> Result:
    return False, _encoded_row(crash_row(line, message))


def run_records(records: Iterable[Record], setup: Callable[[], Handler[R]],
                crashed: Callable[[int, str], R], workers: int = 1) -> Iterator[R]:
    """`handler(line, payload)` for every record, in input order, in forked workers.

    `setup()` runs once in each worker and returns its handler (so each worker builds its own
    calculators and engine); `crashed(line, message)` is the result of a case that killed
    its worker. Replay, comparison and reports all run their cases through this one pool.
    """

    def setup_chunks() -> ChunkHandler[R]:
        handler = setup()
        return lambda chunk: [handler(line, payload) for line, payload in chunk]

    return run_chunks(records, setup_chunks, crashed, workers)


def run_chunks(records: Iterable[Record], setup: Callable[[], ChunkHandler[R]],
               crashed: Callable[[int, str], R], workers: int = 1) -> Iterator[R]:
    """`run_records` for a handler that takes a worker's chunk of records at once and gives
    one result for each, in order (replay's `replay_rows`). A chunk whose worker dies is run
    again one record at a time, each as a chunk of its own."""
    pool: _Pool[R] = _Pool(setup, crashed, max(1, workers))
    try:
        yield from pool.run(records)
    finally:
        pool.close()


def _serve(setup: Callable[[], ChunkHandler[Any]], parent: int,
           conn: multiprocessing.connection.Connection) -> None:
    """A worker: its own engine and calculators; a chunk of records in, their results out.
    It dies with the process that forked it (`parent`), even one killed with SIGKILL."""
    die_with_parent(parent)
    # What the fork inherited (the reader's objects) is never garbage here: frozen, the
    # collector neither walks it nor touches (and so copies) its pages.
    gc.freeze()
    handler = setup()
    while True:
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        conn.send(handler(chunk))


class _Worker(WorkerProcess):
    """A forked worker, the chunks it has been given and not yet answered (oldest first),
    and the thread that feeds it.

    The chunks go through a thread of their own so that the next one can wait in the pipe
    while the worker calculates (it starts on it the moment it has sent its answer), and so
    that the reading thread never blocks on a send: a chunk larger than the pipe's buffer
    blocks until the worker reads it, and the worker reads only after its answer has been
    taken."""

    def __init__(self, setup: Callable[[], ChunkHandler[Any]]) -> None:
        super().__init__(multiprocessing.get_context("fork"), _serve, (setup, os.getpid()))
        self.in_flight: deque[int] = deque()
        self._outbox: queue.SimpleQueue[list[Record] | None] = queue.SimpleQueue()
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()

    def submit(self, index: int, chunk: list[Record]) -> None:
        self.in_flight.append(index)
        self._outbox.put(chunk)

    def _feed(self) -> None:
        while True:
            chunk = self._outbox.get()
            try:
                self.conn.send(chunk)  # None, the last, asks the worker to end
            except (OSError, ValueError):  # it died, or its pipe was closed: its sentinel says
                return
            if chunk is None:
                return

    def discard(self) -> None:
        """After it died: its pipe closed and its feeder ended (or ending at its next send)."""
        self.process.join(timeout=1)
        self._outbox.put(None)
        self.conn.close()

    def stop(self, grace: float) -> None:
        # The stop goes through the feeder, after the chunks before it (one writer per pipe).
        self._outbox.put(None)
        self._feeder.join(timeout=grace)
        self.process.join(timeout=grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()
        self._feeder.join(timeout=grace)


class _Pool(Generic[R]):
    """Forked workers fed chunks, each given up to `AHEAD` chunks at a time; results come
    back in input order; a dead worker is replaced and the chunks it had not answered are
    replayed one case at a time, so only the case that kills a worker fails."""

    def __init__(self, setup: Callable[[], ChunkHandler[R]], crashed: Callable[[int, str], R],
                 size: int) -> None:
        self.setup, self.crashed = setup, crashed
        self.workers = [_Worker(setup) for _ in range(size)]

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(grace=5)

    def run(self, records: Iterable[Record]) -> Iterator[R]:
        source = iter(records)
        chunks: dict[int, list[Record]] = {}
        done: dict[int, list[R]] = {}
        next_chunk = next_out = 0
        exhausted = False
        while True:
            for worker in self.workers:
                while len(worker.in_flight) < AHEAD and not exhausted:
                    chunk = _take(source, CHUNK)
                    if not chunk:
                        exhausted = True
                        break
                    chunks[next_chunk] = chunk
                    worker.submit(next_chunk, chunk)
                    next_chunk += 1
            while next_out in done:
                yield from done.pop(next_out)
                chunks.pop(next_out, None)
                next_out += 1
            busy = [w for w in self.workers if w.in_flight]
            if not busy:
                if exhausted:
                    return
                continue
            ready = multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in ready:
                    try:
                        done[worker.in_flight[0]] = worker.conn.recv()
                        worker.in_flight.popleft()
                        continue
                    except (EOFError, OSError):
                        pass
                elif worker.process.sentinel not in ready:
                    continue
                # The worker died: replace it, replay its unanswered chunks case by case.
                lost = list(worker.in_flight)
                self._replace(worker)
                for index in lost:
                    done[index] = self._one_by_one(chunks[index])

    def _replace(self, worker: _Worker) -> None:
        worker.discard()
        self.workers[self.workers.index(worker)] = _Worker(self.setup)

    def _one_by_one(self, chunk: list[Record]) -> list[R]:
        results: list[R] = []
        worker = _Worker(self.setup)
        try:
            for line, payload in chunk:
                try:
                    worker.submit(line, [(line, payload)])
                    results.extend(worker.conn.recv())
                    worker.in_flight.clear()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)
                    code = worker.process.exitcode
                    worker.discard()
                    results.append(self.crashed(
                        line, f"internal error: the rule engine stopped on this case "
                              f"(exit {code}); please report it with this line"))
                    worker = _Worker(self.setup)
        finally:
            worker.stop(grace=5)
        return results


def _take(source: Iterator[Record], size: int) -> list[Record]:
    chunk = []
    for record in source:
        chunk.append(record)
        if len(chunk) >= size:
            break
    return chunk


def read_csv(stream: IO[bytes], summary: Summary, source: str = "cases.csv",
             max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """CSV cases, plain (`,`) or as Latvian Excel saves them (`;`, decimal comma, BOM):
    see `tabular.read_table`."""
    return read_table(stream, summary, source, max_line_bytes)


def open_records(cases_file: str, source: IO[bytes], summary: Summary,
                 max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """The records of a cases file: CSV (by its name, or when it does not start with `{`)
    or JSON Lines; either way one record per non-blank line."""
    head = source.peek(64) if hasattr(source, "peek") else b""
    if is_table(cases_file, head):
        return read_csv(source, summary, cases_file, max_line_bytes)
    return read_jsonl(source, summary, max_line_bytes)


@contextmanager
def replay_run(cases_file: str, out_file: str | None
               ) -> Iterator[tuple[Iterator[Record], IO[str], Summary]]:
    """One run's input records, output stream (standard output for None) and summary; the
    files are closed and the time taken recorded when it ends. Raises `ReplayInputError`
    naming the file that cannot be read or written."""
    try:
        source: IO[bytes] = (sys.stdin.buffer if cases_file == "-"
                             else open(cases_file, "rb"))  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ReplayInputError(f"{cases_file}: cannot read: {exc.strerror}") from None
    summary = Summary()
    started = time.perf_counter()
    try:
        out: IO[str] = (open(out_file, "w", encoding="utf-8")  # noqa: SIM115
                        if out_file else sys.stdout)
    except OSError as exc:
        source.close()
        raise ReplayInputError(f"{out_file}: cannot write: {exc.strerror}") from None
    try:
        yield open_records(cases_file, source, summary), out, summary
    finally:
        if cases_file != "-":
            source.close()
        if out_file:
            out.close()
        summary.seconds = time.perf_counter() - started


def replay_file(cases_file: str, out_file: str | None, book: RuleBook, lang: str = "lv",
                progress: Callable[[int], None] | None = None, workers: int = 1,
                fast: bool = True, on: str | None = None) -> Summary:
    """Replay a file; `on` (ISO date) calculates every case on that day (`on_day`)."""
    with replay_run(cases_file, out_file) as (records, out, summary), RowWriter(out) as rows:
        for ok, line in _encoded_rows(records, book, lang, workers, fast, on):
            rows.write(line)
            summary.counted(ok, progress)
    return summary


class RowWriter:
    """Output rows, each UTF-8 bytes ending in a newline, written to a run's output stream
    (its bytes underneath; a text stream with none, such as a test's StringIO, gets text)
    a few hundred kilobytes at a time: one 5 KB write per row cost the reading process a
    system call per row (4 µs a case, beside 2 workers), and writing text re-encoded every
    row the workers had already encoded."""

    def __init__(self, out: IO[str]) -> None:
        sink = getattr(out, "buffer", None)
        out.flush()
        self._write: Callable[[bytes], Any] = (
            sink.write if sink is not None else lambda data: out.write(data.decode("utf-8")))
        self._pending: list[bytes] = []
        self._size = 0

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Write what is pending, also when the run stops (the rows so far are kept)."""
        if self._pending:
            self._write(b"".join(self._pending))
            self._pending.clear()

    def write(self, row: bytes) -> None:
        self._pending.append(row)
        self._size += len(row)
        if self._size >= WRITE_BATCH:
            self._write(b"".join(self._pending))
            self._pending.clear()
            self._size = 0


def on_day(handler: ChunkHandler[R], day: str | None) -> ChunkHandler[R]:
    """A worker's chunk handler that calculates every case on `day` (None: on its own
    date): the chunk is redated in the worker (`records.redated`), never in the process
    that reads and writes for all of them."""
    if day is None:
        return handler
    return lambda chunk: handler(redated(chunk, day))


def _encoded_rows(records: Iterable[Record], book: RuleBook, lang: str, workers: int,
                  fast: bool, on: str | None = None) -> Iterator[tuple[bool, bytes]]:
    """The output lines as UTF-8 bytes ending in a newline (`replay_rows`), made in the
    workers: the process that reads and writes then only copies them (encoding a 5 KB row
    cost it 7 µs, a tenth of a core beside 2 workers)."""

    def setup() -> ChunkHandler[tuple[bool, bytes]]:
        calculator = Calculator(book)
        return on_day(lambda chunk: replay_rows(chunk, calculator, lang, fast), on)

    def crashed(line: int, message: str) -> tuple[bool, bytes]:
        ok, text = _crash_row(line, message)
        return ok, _encoded(text)

    return run_chunks(records, setup, crashed, workers)


def _encoded(text: str) -> bytes:
    # A row is always writable (`_error` already escapes what cannot be encoded).
    return utf8(text + "\n")
