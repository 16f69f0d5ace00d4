"""Replay throughput against two yardsticks measured in the same run.

For each population size (default 20,000 and 100,000 generated cases) it prints cases/s for:
  - plain parse: reading and writing the cases only (JSON -> Case -> JSON, no engine);
  - plain reference: the same rules hand-coded in Python, no explanations
    (benchmarks/plain_reference.py), the speed the issue asks the engine to reach;
  - one process, straightforward: every decision asked of durable_rules (the path before
    the decision memo), explanations on, JSON out;
  - one process, as shipped: the memo on (decisions.py), explanations on, JSON out;
  - `replay` with 1 and 2 forked workers, through the command's own code path;
and the peak resident memory of this process and of its workers. Ratios are against the
plain reference and against the straightforward path, all from this one run.

Usage: python benchmarks/replay_throughput.py [--cases 20000,100000] [--workers 1,2] [--seed 1]
       [--straightforward-max 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable

from plain_reference import reference_rate

from budget_engine import Calculator, RuleBook, load_json_object, load_rules, replay_file
from budget_engine.synthetic import synthetic_case


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
    return rate(texts, lambda text: calculator.parse(load_json_object(text)).model_dump_json())


def engine_rate(texts: list[str], book: RuleBook, remember: bool) -> float:
    calculator = Calculator(book, remember_decisions=remember)
    calculator.calculate(calculator.parse(load_json_object(texts[0])))  # compile first
    return rate(texts, lambda text: calculator.calculate(
        calculator.parse(load_json_object(text))).model_dump_json())


def replay_rate(texts: list[str], book: RuleBook, workers: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = os.path.join(tmp, "cases.jsonl"), os.path.join(tmp, "out.jsonl")
        with open(source, "w", encoding="utf-8") as out:
            out.writelines(text + "\n" for text in texts)
        summary = replay_file(source, target, book, workers=workers)
        with open(target, encoding="utf-8") as written:
            rows = sum(1 for _ in written)
        assert rows == len(texts), (rows, len(texts))
        return summary.cases / summary.seconds, summary.errors


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="20000,100000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--straightforward-max", type=int, default=20_000,
                        help="cases for the slow straightforward path (it is the same per case)")
    args = parser.parse_args()
    book = load_rules()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}, seed {args.seed}")
    for count in (int(c) for c in args.cases.split(",")):
        texts = generated(count, args.seed)
        parse_only = parse_rate(texts, Calculator(book))
        reference = reference_rate(texts, book)
        straightforward = engine_rate(texts[:args.straightforward_max], book, remember=False)
        shipped = engine_rate(texts, book, remember=True)
        print(f"\n{count} cases")
        print(f"  plain parse (no engine)          {parse_only:9.0f} cases/s")
        print(f"  plain reference (no explanations) {reference:8.0f} cases/s")
        print(f"  one process, straightforward     {straightforward:9.0f} cases/s "
              f"({straightforward / reference:.3f} x reference)")
        print(f"  one process, as shipped          {shipped:9.0f} cases/s "
              f"({shipped / reference:.3f} x reference, "
              f"{shipped / straightforward:.2f} x straightforward)")
        for workers in (int(w) for w in args.workers.split(",")):
            replayed, errors = replay_rate(texts, book, workers)
            print(f"  replay, {workers} worker{'s' if workers > 1 else ' '}               "
                  f"{replayed:9.0f} cases/s ({replayed / reference:.3f} x reference, "
                  f"{replayed / straightforward:.2f} x straightforward; {errors} error rows)")
        print(f"  peak RSS: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB (holds the "
              f"generated cases), largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
