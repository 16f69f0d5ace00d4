"""What evaluators' and policy staff's runs cost beside a plain replay, measured in one run.

The web's replay page runs `replay --report --summary-csv` (one rule book), and a draft's
impact and an evaluator's comparison run `replay --reform/--compare` with the aggregates (the
impact page adds `--sums`, then sums up from them). This script runs each through the
command's own code (`reform_run.run`, `replay.replay_file`) on the same cases, in this
process and its forked workers, and prints for each: cases/s of wall time, the CPU time a
case of the process that reads and writes, and of the workers, and the ratio to the plain
replay of the same run (the machine may be shared: compare the ratios).

Cases: `synth --profile vsac-2015` (adults of the VSAC population, with assessments: what
an evaluator replays), or `--profile generated` (the replay benchmark's generated cases).
The comparison is the maintainers reform shipped in `examples/`.

Usage: python benchmarks/report_throughput.py [--cases 20000] [--workers 2] [--seed 1]
       [--profile vsac-2015|generated] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from replay_throughput import generated

from budget_engine import load_rules, replay_file
from budget_engine.evaluation.population import synthesise
from budget_engine.evaluation.reform import load_reform, reformed_book
from budget_engine.evaluation.reform_run import Outputs, run
from budget_engine.rulebook.loader import RuleBook

REFORM = Path(__file__).resolve().parents[1] / "examples" / "reform-maintainers.yaml"


def cpu() -> tuple[float, float]:
    """(CPU seconds of this process, of its finished children: the workers)."""
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, workers.ru_utime + workers.ru_stime


def timed(count: int, work: Callable[[], object]) -> tuple[float, float, float]:
    """(cases/s of wall time, CPU µs a case of this process, of the workers)."""
    me, workers = cpu()
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    me_after, workers_after = cpu()
    return (count / seconds, (me_after - me) / count * 1e6,
            (workers_after - workers) / count * 1e6)


def kinds(book: RuleBook, other: RuleBook, cases: str, folder: str, workers: int
          ) -> dict[str, Callable[[], object]]:
    def out(name: str) -> str:
        return os.path.join(folder, name)

    return {
        "replay (no aggregates)": lambda: replay_file(cases, out("plain.jsonl"), book,
                                                      workers=workers),
        "replay --report --summary-csv": lambda: run(
            cases, book, None, "", Outputs(out("r.jsonl"), out("r.html"), out("r.csv")),
            workers=workers),
        "replay --reform --report --summary-csv": lambda: run(
            cases, book, other, "reform", Outputs(out("c.jsonl"), out("c.html"), out("c.csv")),
            workers=workers),
        "replay --reform --summary-csv --sums (impact)": lambda: run(
            cases, book, other, "reform", Outputs(out("i.jsonl"), None, out("i.csv"),
                                                  out("i.json")), workers=workers),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=["vsac-2015", "generated"], default="vsac-2015")
    parser.add_argument("--rounds", type=int, default=2,
                        help="times each kind is run, in turn (the best is shown)")
    args = parser.parse_args()
    book = load_rules()
    other = reformed_book(book, load_reform(REFORM, book))
    if args.profile == "generated":
        texts = generated(args.cases, args.seed)
    else:
        texts = [json.dumps(case, ensure_ascii=False)  # as `synth` writes them
                 for case in synthesise(args.profile, args.cases, args.seed, book)]
    print(f"cores: {os.cpu_count()}, {args.cases} cases ({args.profile}), "
          f"{args.workers} workers, best of {args.rounds} rounds taken in turn")
    with tempfile.TemporaryDirectory() as folder:
        cases = os.path.join(folder, "cases.jsonl")
        with open(cases, "w", encoding="utf-8") as out:
            out.writelines(text + "\n" for text in texts)
        work = kinds(book, other, cases, folder, args.workers)
        best: dict[str, tuple[float, float, float]] = {}
        for _ in range(args.rounds):
            for name, run_once in work.items():
                found = timed(len(texts), run_once)
                if name not in best or found[0] > best[name][0]:
                    best[name] = found
    plain = best["replay (no aggregates)"][0]
    for name, (rate, me, workers) in best.items():
        print(f"  {name:46} {rate:8.0f} cases/s  reader/writer {me:5.0f} us  "
              f"workers {workers:5.0f} us a case  ({rate / plain:.2f} x plain replay)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
