"""A replay's worker processes die with the process that runs them, even one killed with
SIGKILL: a killed web job's runner once left its workers calculating for nobody."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: A runner whose two workers each block on their first case (as a long chunk would).
RUNNER = """
import sys, time
from budget_engine.evaluation.replay import run_records

def setup():
    def handler(line, payload):
        time.sleep(3600)
    return handler

print("started", flush=True)
for _ in run_records(((n, "{}") for n in range(1, 5000)), setup,
                     lambda line, message: None, workers=2):
    pass
"""


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: the command may hold spaces and parentheses
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def until(condition: object, seconds: float = 60) -> bool:
    """Poll `condition()` until true or `seconds` have passed (no fixed sleep to flake on)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl: Linux")
def test_the_workers_die_when_their_runner_is_killed() -> None:
    runner = subprocess.Popen([sys.executable, "-c", RUNNER], stdout=subprocess.PIPE,
                              cwd=Path(__file__).resolve().parents[1])
    workers: set[int] = set()
    try:
        assert runner.stdout is not None and runner.stdout.readline() == b"started\n"
        assert until(lambda: len(children_of(runner.pid)) >= 2), "no workers started"
        workers = children_of(runner.pid)
        runner.send_signal(signal.SIGKILL)
        runner.wait()
        assert until(lambda: not any(alive(pid) for pid in workers)), (
            f"workers {sorted(p for p in workers if alive(p))} outlived their runner")
    finally:
        runner.kill()
        runner.wait()
        for pid in workers:  # what a failure left behind: only the processes started here
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
