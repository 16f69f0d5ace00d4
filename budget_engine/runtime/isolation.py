"""The engine behind a process boundary, for servers: a native crash costs one answer.

durable_rules is native code; should it ever crash on a case (it did on cases that fired no
rule, now guarded in evaluation.py), the crash must not take a web server down. A server
therefore calculates in worker processes: each request borrows an idle worker, sends it the
case and waits for the budget. A worker that dies (or takes longer than `timeout` seconds) is
replaced, and that one request gets `EngineCrash` naming its case; every other request goes
on being served.

Workers are started by a fork server (a clean single-threaded process), never forked from the
threaded server itself, and load the rule book from its directory (checked by digest).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import queue
import threading
from collections.abc import Callable
from typing import Any

from ..calculator import Calculator, CaseError
from ..case_io import CaseInputError
from ..models import Budget, Case
from ..rulebook.loader import RuleBook, load_rules
from .workers import WorkerProcess

#: What a worker process runs: (rules directory, expected digest, connection).
WorkerMain = Callable[[str, str, multiprocessing.connection.Connection], None]


class EngineCrash(RuntimeError):
    """The engine stopped while calculating this case; the server goes on."""

    def __init__(self, case_id: str, detail: str) -> None:
        self.case_id = case_id
        super().__init__(f"the rule engine stopped while calculating case {case_id} ({detail})")


def serve(rules_dir: str, digest: str, conn: multiprocessing.connection.Connection) -> None:
    """A worker: one calculator; (case, lang) in, ("ok", budget) or ("error", exc) out."""
    book = load_rules(rules_dir)
    if book.digest != digest:
        conn.send(("broken", "the rule files changed on disk since the server started"))
        return
    calculator = Calculator(book)
    conn.send(("ready", book.version))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        case, lang, *form = message
        try:
            if form == ["json"]:  # the budget's JSON text: cheaper to make and to send
                conn.send(("ok", calculator.calculate_json(case, lang)))
            else:
                conn.send(("ok", calculator.calculate(case, lang)))
        except (CaseInputError, CaseError) as exc:
            conn.send(("error", exc))
        except Exception as exc:  # noqa: BLE001 - reported to the caller, worker goes on
            conn.send(("failed", f"{type(exc).__name__}: {exc}"[:300]))


class _Worker(WorkerProcess):
    """A worker started by the fork server, and whether it has answered "ready"."""

    def __init__(self, context: Any, target: WorkerMain, book: RuleBook) -> None:
        super().__init__(context, target, (str(book.directory), book.digest))
        self.ready = False


class IsolatedCalculator:
    """Calculates like `Calculator`, in `workers` supervised processes started on demand."""

    def __init__(self, book: RuleBook, workers: int = 2, timeout: float = 60.0,
                 target: WorkerMain = serve) -> None:
        self.book = book
        self.local = Calculator(book)  # parsing and checks only: pure Python, no engine call
        self._timeout = timeout
        self._target = target
        self._context = multiprocessing.get_context("forkserver")
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(workers):
            self._idle.put(None)  # a slot; its process starts on first use
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    def parse(self, data: Any) -> Case:
        return self.local.parse(data)

    def calculate(self, case: Case, lang: str = "lv") -> Budget:
        value = self._calculated(case, (case, lang))
        assert isinstance(value, Budget)
        return value

    def calculate_json(self, case: Case, lang: str = "lv") -> str:
        """`calculate(case, lang).model_dump_json()`, written by the worker directly
        (`Calculator.calculate_json`)."""
        value = self._calculated(case, (case, lang, "json"))
        assert isinstance(value, str)
        return value

    def _calculated(self, case: Case, message: tuple[Any, ...]) -> Any:
        worker = self._idle.get()
        try:
            if worker is None or not worker.process.is_alive():
                worker = self._start()
            reply = self._ask(worker, message, case.case_id)
        except EngineCrash:
            self._retire(worker)
            worker = None
            raise
        finally:
            if self._closed:  # closed meanwhile: this request was the worker's last
                self._retire(worker)
                worker = None
            self._idle.put(worker)
        kind, value = reply
        if kind == "ok":
            return value
        if kind == "error":
            raise value
        raise EngineCrash(case.case_id, str(value))

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self._target, self.book)
        with self._lock:
            self._all.append(worker)
        kind, value = self._ask(worker, None, "-")
        if kind != "ready":
            self._retire(worker)
            raise EngineCrash("-", str(value))
        return worker

    def _ask(self, worker: _Worker | None, message: Any, case_id: str) -> Any:
        assert worker is not None
        try:
            if message is not None:
                worker.conn.send(message)
            if not worker.conn.poll(self._timeout):
                raise EngineCrash(case_id, f"no answer in {self._timeout:g} s")
            return worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=2)
            raise EngineCrash(case_id, f"worker exit code {worker.process.exitcode}") from None

    def _retire(self, worker: _Worker | None) -> None:
        if worker is None:
            return
        worker.stop(grace=2)
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def close(self) -> None:
        """End the idle workers now and each busy one when its answer is in.

        A calculator is closed while requests may still use it (a version was published and
        the old one is retired), so a busy worker is not killed under its request; a call
        made after closing still works, with a worker started and ended for it.
        """
        self._closed = True
        slots: list[_Worker | None] = []
        while True:
            try:
                slots.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in slots:
            self._retire(worker)
            self._idle.put(None)
