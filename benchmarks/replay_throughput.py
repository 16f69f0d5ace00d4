"""Replay throughput against two yardsticks measured in the same run.

For each population size (default 20,000 and 100,000 generated cases) it prints cases/s for:
  - plain parse: reading and writing the cases only (JSON -> Case -> JSON, no engine; the
    case checked as replay checks it);
  - plain reference: the same rules hand-coded in Python, no explanations
    (benchmarks/plain_reference.py), the speed the issue asks the engine to reach;
  - one process, straightforward: every decision asked of durable_rules (the path before
    the decision memo), the budget built as validated models, then serialised;
  - one process, before the plan: the memo on (decisions.py), models, then serialised (what
    replay did before the fast path; `replay_one(..., fast=False)`);
  - one process, fast path: the memo and the period plans on, JSON written directly
    (`Calculator.calculate_json`, what replay does now);
  - with the compiled hot modules in use (`budget-engine compile`), the fast path once more
    in a child process running plain Python (BUDGET_ENGINE_PURE=1), for the gain of compiling;
  - `replay` with 1 and 2 forked workers, through the command's own code path (fast path),
    and with 2 workers and the fast path off;
  - two forked processes with no reading process between them and the file: each takes
    every other case from memory, calculates it as a worker does (its own calculator, its
    memo cold) and writes its rows to a file of its own. No pipeline of workers can beat
    this, so it is the ceiling of what replay's pipeline could still gain;
and the peak resident memory of this process and of its workers. Ratios are against the
plain reference, the straightforward path and the path before the plan, all from this one
run (the machine may be shared: compare the ratios, not the absolute numbers). Last, after
the peak memory is read (it holds every case three ways), each step of a case alone in one
process (CPU time, median of three rounds, on the smallest size): the reference's
json.loads, arithmetic and json.dumps, and the engine's reading and checking
(`Calculator.quick_parse`), calculation (`calculate_parts`) and writing (`write_utf8`).

Usage: python benchmarks/replay_throughput.py [--cases 20000,100000] [--workers 1,2] [--seed 1]
       [--straightforward-max 20000] [--steps-max 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

from plain_reference import PlainReference, reference_rate

import budget_engine
from budget_engine import Calculator, RuleBook, load_json_object, load_rules, replay_file
from budget_engine.evaluation.replay import CHUNK, replay_row, replay_rows
from budget_engine.evaluation.synthetic import synthetic_case


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    services = tuple(load_rules().services)
    return [json.dumps(synthetic_case(rng, n, services=services), ensure_ascii=False,
                       default=str)
            for n in range(count)]


def rate(texts: list[str], one: Callable[[str], object]) -> float:
    started = time.perf_counter()
    for text in texts:
        one(text)
    return len(texts) / (time.perf_counter() - started)


def parse_rate(texts: list[str], calculator: Calculator) -> float:
    return rate(texts, lambda text: calculator.parse(load_json_object(text), text
                                                     ).model_dump_json())


def engine_rate(texts: list[str], book: RuleBook, remember: bool, fast: bool) -> float:
    """One process, through the function a replay worker runs on each chunk of records
    (`replay_rows`: read, calculate, the rows as UTF-8 bytes)."""
    calculator = Calculator(book, remember_decisions=remember)
    replay_row(1, texts[0], calculator, "lv", fast)  # compile first
    started = time.perf_counter()
    for at in range(0, len(texts), CHUNK):  # chunk by chunk: no second copy of the cases
        replay_rows([(1, text) for text in texts[at:at + CHUNK]], calculator, "lv", fast)
    return len(texts) / (time.perf_counter() - started)


def replay_rate(texts: list[str], book: RuleBook, workers: int, fast: bool = True) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "cases.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(source, "w", encoding="utf-8") as out:
            out.writelines(text + "\n" for text in texts)
        summary = replay_file(source, target, book, workers=workers, fast=fast)
        with open(target, encoding="utf-8") as written:
            rows = sum(1 for _ in written)
        assert rows == len(texts), (rows, len(texts))
        assert summary.errors == 0, summary.errors  # generated cases are all valid
        return summary.cases / summary.seconds


def two_processes_rate(texts: list[str], book: RuleBook) -> float:
    """Cases/s of two forked processes, each calculating every other case as a replay worker
    does (`replay_rows`, a calculator of its own made after the fork, its memo cold) and
    writing its rows to a file of its own: replay with no reading process, no pipes and no
    ordering, the ceiling for any pipeline of 2 workers."""
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        children = []
        for share in range(2):
            child = os.fork()
            if child == 0:  # runs in the child: it must never return into the benchmark
                code = 1
                try:
                    _calculate_share(texts[share::2], book, os.path.join(tmp, f"{share}.jsonl"))
                    code = 0
                except BaseException:
                    traceback.print_exc()
                finally:
                    os._exit(code)
            children.append(child)
        failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
        seconds = time.perf_counter() - started
        assert not failed, "a process of the two-process ceiling failed"
        return len(texts) / seconds


def _calculate_share(texts: list[str], book: RuleBook, path: str) -> None:
    calculator = Calculator(book)
    with open(path, "wb") as out:
        for at in range(0, len(texts), CHUNK):
            rows = replay_rows([(1, text) for text in texts[at:at + CHUNK]], calculator, "lv")
            assert all(ok for ok, _ in rows)
            out.write(b"".join(row for _, row in rows))


def step_costs(texts: list[str], book: RuleBook) -> dict[str, float]:
    """CPU microseconds a case of each step alone, over all `texts`, median of three rounds
    taken in turn: the reference's reading, arithmetic and writing, and the engine's."""
    reference, calculator = PlainReference(book), Calculator(book)
    data = [json.loads(text) for text in texts]
    cases = [calculator.quick_parse(text) for text in texts]
    assert all(case is not None for case in cases)
    parts = [calculator.calculate_parts(case, "lv") for case in cases if case is not None]
    plain = [reference.budget(one) for one in data]
    steps: dict[str, tuple[Callable[[Any], object], list[Any]]] = {
        "reference: json.loads": (json.loads, texts),
        "reference: arithmetic": (reference.budget, data),
        "reference: json.dumps": (lambda budget: json.dumps(budget, default=str), plain),
        "engine: reading and checking": (calculator.quick_parse, texts),
        "engine: calculation": (lambda case: calculator.calculate_parts(case, "lv"), cases),
        "engine: writing": (lambda one: calculator.write_utf8(one, "lv", b"\n"), parts),
    }
    rounds: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(3):
        for name, (step, inputs) in steps.items():
            started = time.process_time()
            for one in inputs:
                step(one)
            rounds[name].append((time.process_time() - started) / len(inputs) * 1e6)
    return {name: sorted(times)[1] for name, times in rounds.items()}


def cpu_seconds() -> float:
    """CPU time used so far by this process and by its finished children (the workers)."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def measured(count: int, run: Callable[..., float], *args: Any) -> tuple[float, float]:
    """(what `run(*args)` returns: cases/s, CPU microseconds per case while it ran). On a
    shared machine the wall-time rate moves with the other load; the CPU time much less."""
    started = cpu_seconds()
    value = run(*args)
    return value, (cpu_seconds() - started) / count * 1e6


def show(result: tuple[float, float]) -> str:
    return f"{result[0]:9.0f} cases/s {result[1]:6.0f} us CPU"


class Ratios:
    """A rate against the three yardsticks measured in the same run."""

    def __init__(self, reference: float, straightforward: float, before: float) -> None:
        self.reference, self.straightforward, self.before = reference, straightforward, before

    def __call__(self, value: float) -> str:
        return (f"{value / self.reference:.3f} x reference, "
                f"{value / self.straightforward:.2f} x straightforward, "
                f"{value / self.before:.2f} x before the plan")


def plain_python_rates(count: int, seed: int) -> tuple[float, float]:
    """(fast path, plain reference) cases/s in a child process running the engine as plain
    Python (BUDGET_ENGINE_PURE=1): what compiling the hot modules gains, on the same cases."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import replay_throughput as r; "
            "from plain_reference import reference_rate; "
            "book = r.load_rules(); texts = r.generated(int(sys.argv[2]), int(sys.argv[3])); "
            "print(r.engine_rate(texts, book, True, True), reference_rate(texts, book))")
    done = subprocess.run([sys.executable, "-c", code, os.path.dirname(__file__), str(count),
                           str(seed)], env={**os.environ, "BUDGET_ENGINE_PURE": "1"},
                          capture_output=True, text=True, check=True)
    fast, reference = done.stdout.split()
    return float(fast), float(reference)


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="20000,100000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--straightforward-max", type=int, default=20_000,
                        help="cases for the slow straightforward path (it is the same per case)")
    parser.add_argument("--steps-max", type=int, default=20_000,
                        help="cases for timing each step alone (held in memory three ways)")
    args = parser.parse_args()
    book = load_rules()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, seed {args.seed}, "
          f"compiled hot modules: {'in use' if budget_engine.COMPILED else 'not in use'}")
    for count in (int(c) for c in args.cases.split(",")):
        texts = generated(count, args.seed)
        head = texts[:args.straightforward_max]
        parse_only = measured(len(texts), parse_rate, texts, Calculator(book))
        reference = measured(len(texts), reference_rate, texts, book)
        straightforward = measured(len(head), engine_rate, head, book, False, False)
        before = measured(len(texts), engine_rate, texts, book, True, False)
        fast = measured(len(texts), engine_rate, texts, book, True, True)
        ratios = Ratios(reference[0], straightforward[0], before[0])

        print(f"\n{count} cases (cases/s of wall time; CPU time per case, all processes)")
        print(f"  plain parse (no engine)            {show(parse_only)}")
        print(f"  plain reference (no explanations)  {show(reference)}")
        print(f"  one process, straightforward       {show(straightforward)} "
              f"({straightforward[0] / reference[0]:.3f} x reference)")
        print(f"  one process, before the plan       {show(before)} ({ratios(before[0])})")
        print(f"  one process, fast path             {show(fast)} ({ratios(fast[0])})")
        for workers in (int(w) for w in args.workers.split(",")):
            replayed = measured(len(texts), replay_rate, texts, book, workers)
            print(f"  replay, {workers} worker{'s' if workers > 1 else ' '}                 "
                  f"{show(replayed)} ({ratios(replayed[0])})")
        most = max(int(w) for w in args.workers.split(","))
        replayed = measured(len(texts), replay_rate, texts, book, most, False)
        print(f"  replay, {most} workers, fast path off {show(replayed)} ({ratios(replayed[0])})")
        ceiling = measured(len(texts), two_processes_rate, texts, book)
        print(f"  two processes, no pipeline (ceiling) {show(ceiling)} "
              f"({ceiling[0] / reference[0]:.3f} x reference)")
        if budget_engine.COMPILED and count == min(int(c) for c in args.cases.split(",")):
            plain_fast, plain_reference = plain_python_rates(count, args.seed)
            print(f"  one process, fast path, plain Python (child process) {plain_fast:9.0f} "
                  f"cases/s ({plain_fast / plain_reference:.3f} x its own reference run); "
                  f"compiled is {fast[0] / plain_fast:.2f} x plain Python")
        print(f"  by CPU time per case: fast path {before[1] / fast[1]:.2f} x before the plan, "
              f"{straightforward[1] / fast[1]:.2f} x straightforward, "
              f"{reference[1] / fast[1]:.3f} x reference")
        print(f"  peak RSS: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB (holds the "
              f"generated cases), largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    # Last, as it holds every case three ways and would raise the peak memory above.
    steps = min(int(c) for c in args.cases.split(","))
    costs = step_costs(generated(steps, args.seed)[:args.steps_max], book)
    print(f"\neach step alone, one process, {min(steps, args.steps_max)} cases "
          "(CPU us a case, median of 3 rounds):")
    for side in ("reference", "engine"):
        mine = {name: value for name, value in costs.items() if name.startswith(side)}
        print(f"  {side:9s} " + ", ".join(
            f"{name.split(': ')[1]} {value:.1f}" for name, value in mine.items())
            + f"; together {sum(mine.values()):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
