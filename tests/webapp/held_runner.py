"""A job runner held until its test lets it go (a `release` file in the job's folder), then
run as `budget_web.replay_job` runs: a job that holds its slot for exactly as long as a test needs,
so the tests of the queue depend on no timing. Used as the app's `JOB_RUNNER`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from budget_web.evaluation.replay_job import main  # noqa: E402 - the project's root first on the path

#: A held runner left by a failed test goes on by itself after this long.
MOST_SECONDS = 300


def held(folder: Path) -> None:
    deadline = time.monotonic() + MOST_SECONDS
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)


if __name__ == "__main__":
    held(Path(sys.argv[1]))
    sys.exit(main(sys.argv))
