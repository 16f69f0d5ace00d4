"""How long `budget-engine --help` and `budget-engine calculate CASE` take to start.

A person at a terminal (and every script that loops over cases one command at a time) waits
for the start before any work: the engine's commands should not pay for the web's imports.
Each command runs N times in a fresh process, in a fresh empty instance folder (so no
database is touched), and the median wall time is printed: the machine may be busy, and the
median is the figure least moved by another process's burst. The median CPU time (user +
system) of the runs is printed too: on a shared machine it moves much less with the load than
the wall time does.

    .venv/bin/python benchmarks/startup.py [--runs 15] [--case examples/adult-left-vsac.json]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Seconds (wall, CPU) one run of `command` takes; a failing command stops the benchmark."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n"
                         f"{done.stderr.decode(errors='replace')}")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Runs of each command (median).")
    parser.add_argument("--case", type=Path, default=ROOT / "examples" / "adult-left-vsac.json")
    args = parser.parse_args()
    if not 1 <= args.runs <= 1000:
        raise SystemExit("--runs: between 1 and 1000")
    script = Path(sys.executable).parent / "budget-engine"
    commands = {"--help": [str(script), "--help"],
                "calculate": [str(script), "calculate", str(args.case.resolve())]}
    with tempfile.TemporaryDirectory(prefix="startup-") as folder:
        env = {**os.environ, "BUDGET_ENGINE_INSTANCE": str(Path(folder) / "instance")}
        env.pop("BUDGET_ENGINE_DATABASE_URL", None)
        for name, command in commands.items():
            runs = [timed(command, env, folder) for _ in range(args.runs)]
            times = [wall for wall, _ in runs]
            cpu = statistics.median(used for _, used in runs)
            print(f"{name:10} median {statistics.median(times):.3f} s  "
                  f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs; "
                  f"CPU median {cpu:.3f} s)")


if __name__ == "__main__":
    main()
