"""Replay throughput and per-case latency on generated cases.

Prints, for N generated cases (default 10,000):
  - baseline: reading and writing the cases only (pydantic parse + JSON dump, no engine), so
    the engine's cost is shown as a ratio against work every run must do anyway;
  - one process: parse -> calculate (explanations on) -> JSON, cases/s and p50/p95/p99 latency;
  - N worker processes (default: the number of cores) through the replay command's code path.

Usage: python benchmarks/replay_throughput.py [--cases 10000] [--workers 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time

from bench_common import percentile

from budget_engine import Calculator, load_rules, parse_case
from budget_engine.replay import replay_file
from budget_engine.synthetic import synthetic_case


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    cases = [synthetic_case(rng, n) for n in range(args.cases)]
    book = load_rules()
    calculator = Calculator(book)
    calculator.calculate(parse_case(cases[0]))  # compile and register the first ruleset

    started = time.perf_counter()
    for data in cases:
        json.dumps(calculator.parse(data).model_dump(mode="json"))
    baseline = args.cases / (time.perf_counter() - started)

    latencies: list[float] = []
    started = time.perf_counter()
    for data in cases:
        t0 = time.perf_counter()
        json.dumps(calculator.calculate(calculator.parse(data)).model_dump(mode="json"))
        latencies.append(time.perf_counter() - t0)
    single = args.cases / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "cases.jsonl")
        with open(source, "w", encoding="utf-8") as out:
            for data in cases:
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
        summary = replay_file(source, os.path.join(tmp, "budgets.jsonl"), book,
                              workers=args.workers)
        parallel = summary.cases / summary.seconds

    ms = [x * 1000 for x in latencies]
    print(f"cases: {args.cases} (seed {args.seed}), cores: {os.cpu_count()}, "
          f"python {sys.version.split()[0]}")
    print(f"baseline (parse + dump, no engine): {baseline:9.0f} cases/s")
    print(f"one process, explanations on:       {single:9.0f} cases/s "
          f"({single / baseline:.3f} x baseline)")
    print(f"  latency per case: mean {statistics.mean(ms):.3f} ms, p50 {percentile(ms, .5):.3f}"
          f" ms, p95 {percentile(ms, .95):.3f} ms, p99 {percentile(ms, .99):.3f} ms")
    print(f"replay file, {args.workers} workers:            {parallel:9.0f} cases/s "
          f"({parallel / baseline:.3f} x baseline, {parallel / single:.2f} x one process; "
          f"{summary.errors} error rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
