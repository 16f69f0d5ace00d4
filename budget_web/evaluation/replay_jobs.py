"""Evaluators' replay runs as background jobs: a run of 100,000 cases takes minutes, so it
must not live inside a web request (nor fork worker processes out of a threaded server).

A job is a folder under the instance folder: `job.json` (who asked, when, what), the input,
and what the run writes (rows, report, aggregates CSV, the progress and the outcome). It runs
as its own process (`python -m budget_web.evaluation.replay_job FOLDER`), which calls the same
`budget-engine` commands a user would type, so the page and the command line give the same
figures. The folder is the record: a restarted server still lists the job and its results.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..rulebooks import write_files

JOB_ID = re.compile(r"^[0-9a-f]{16}$")
#: What a job's folder may hand out, and under which name.
DOWNLOADS = {"rows.jsonl": "application/x-ndjson", "rows.csv": "text/csv",
             "summary.csv": "text/csv", "report.html": "text/html"}
#: The command's progress line, in either language ("500 cases…", "1 000 lietas…").
PROGRESS = re.compile(r"(\d[\d\u00a0 ]*) (?:cases?|lietas?)…")


@dataclass(frozen=True)
class Job:
    folder: Path
    meta: dict[str, Any]

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def started(self) -> dt.datetime | None:
        """When the job was created (shown as the page's language writes times)."""
        try:
            return dt.datetime.fromisoformat(str(self.meta.get("created")))
        except ValueError:
            return None

    @property
    def owner(self) -> str:
        return str(self.meta.get("user", ""))

    def outcome(self) -> dict[str, Any] | None:
        """The finished run's result (`done.json`), or None while it runs."""
        path = self.folder / "done.json"
        if not path.exists():
            return None
        try:
            found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # deleted meanwhile, or not what a run writes
            return {"exit_code": 1}
        return found

    def progress(self) -> int:
        """Cases done so far, from the command's own progress line."""
        log = self.folder / "progress.log"
        if not log.exists():
            return 0
        counts = PROGRESS.findall(log.read_text(encoding="utf-8", errors="replace")[-400:])
        return int(re.sub(r"\D", "", counts[-1])) if counts else 0

    def alive(self) -> bool:
        """Whether the run's process is still there (a job whose process vanished without an
        outcome, e.g. the machine restarted, is reported as stopped, not as running). Where
        /proc tells, the process must be this job's runner (its command line names the
        folder): a process id reused by another process after a restart is not the run."""
        pid = self.meta.get("pid")
        if not isinstance(pid, int):
            return False
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        if not self._runs_here(pid):
            return False
        try:  # a zombie left by this server: reap it
            finished, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True  # not our child (another server started it): it runs
        return finished == 0

    def _runs_here(self, pid: int) -> bool:
        """Whether process `pid` runs this job (True where /proc cannot tell)."""
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return not Path("/proc/self").exists()
        return not command or os.fsencode(str(self.folder)) in command.split(b"\0")

    def status(self) -> str:
        """Waiting (for its turn: no process yet), running, done, failed, or stopped (the
        process vanished without an outcome).

        The outcome is looked for again after finding the process gone: a run may write
        `done.json` and exit between the two looks, and reporting it as stopped then would
        show a finished run as broken (and stop the page's reloading)."""
        outcome = self.outcome()
        if outcome is None and "pid" not in self.meta:
            return "waiting"
        if outcome is None:
            if self.alive():
                return "running"
            outcome = self.outcome()
            if outcome is None:
                return "stopped"
        return "done" if outcome.get("exit_code") == 0 else "failed"

    def download(self, name: str) -> Path | None:
        path = self.folder / name
        return path if name in DOWNLOADS and path.is_file() else None


class JobFolder:
    """All jobs of this installation; each evaluator sees their own.

    A job is created waiting: `dispatch()` (`job_queue.JobQueue.dispatch`) starts it when
    the limits allow; `stamp` is what every job's `job.json` says of how it is started
    (the runner's command, the limits a runner starts the next job by)."""

    def __init__(self, root: Path, dispatch: Callable[[], object] | None = None,
                 stamp: dict[str, Any] | None = None) -> None:
        self.root = root
        self._dispatch = dispatch
        self._stamp = stamp or {}

    def create(self, user: str, settings: dict[str, Any],
               save_cases: Callable[[Path], None] | None, cases_name: str | None,
               reform: bytes | None,
               prepare: Callable[[Path], dict[str, Any]] | None = None) -> Job:
        """A new job, waiting for its turn (started at once if a slot is free).
        `save_cases(path)` writes the uploaded file there (streamed: a population file may
        be hundreds of megabytes; what it raises removes the folder and goes up).
        `prepare(folder)` writes whatever else the run reads (the rule books, saved cases)
        and returns what `job.json` should say of it; it runs before the process starts, so
        the run finds it all there."""
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / secrets.token_hex(8)
        folder.mkdir(mode=0o700)
        meta: dict[str, Any] = {**settings, **self._stamp, "user": user,
                                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                                "queued": time.time_ns()}
        try:
            if save_cases is not None:
                suffix = ".csv" if (cases_name or "").lower().endswith(".csv") else ".jsonl"
                save_cases(folder / f"input{suffix}")
                meta["input"] = f"input{suffix}"
                meta["input_name"] = cases_name
            if reform is not None:
                (folder / "reform.yaml").write_bytes(reform)
                meta["reform"] = "reform.yaml"
            if prepare is not None:
                meta.update(prepare(folder))
            self._write(folder, meta)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if self._dispatch is not None:
            self._dispatch()
        return self.find(folder.name) or Job(folder, meta)

    @staticmethod
    def _write(folder: Path, meta: dict[str, Any]) -> None:
        write_whole(folder / "job.json", json.dumps(meta, ensure_ascii=False, indent=1))

    def find(self, job_id: str) -> Job | None:
        """The job of any user: for a caller that decides itself who may see it."""
        if not JOB_ID.match(job_id):
            return None
        folder = self.root / job_id
        try:
            meta = json.loads((folder / "job.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not (or no longer, or not yet) a job's folder
            return None
        return Job(folder, meta) if isinstance(meta, dict) else None

    def get(self, job_id: str, user: str) -> Job | None:
        """The job if it is this user's (anyone else's is as if it did not exist)."""
        job = self.find(job_id)
        return job if job is not None and job.owner == user else None

    def all(self) -> list[Job]:
        """Every job, newest first."""
        if not self.root.is_dir():
            return []
        jobs = [self.find(folder.name) for folder in self.root.iterdir()]
        found = [job for job in jobs if job is not None]
        return sorted(found, key=lambda job: str(job.meta.get("created")), reverse=True)

    def of(self, user: str) -> list[Job]:
        return [job for job in self.all() if job.owner == user]


def write_whole(path: Path, text: str) -> None:
    """Write a file a reader sees whole or not at all: the run reads `job.json` while the
    server adds the process id to it, and pages read `done.json` while the run writes it."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


def on_date(case_line: str, day: str | None) -> str:
    """A case (one JSON line) to be calculated on `day` instead of its own date (None: as
    it is). A line that is not a JSON object stays as it is: the replay reports it."""
    if day is None:
        return case_line
    try:
        case = json.loads(case_line)
    except ValueError:
        return case_line
    if not isinstance(case, dict):
        return case_line
    return json.dumps({**case, "calculation_date": day}, ensure_ascii=False)


def save_rule_book(files: dict[str, str] | None, folder: Path, name: str) -> str:
    """Write a stored rule book's files into the job's folder (the run reads them as a
    rules directory, so the job needs no database and stays the record of what it used)."""
    if files is None:
        raise LookupError(f"the rule book for {name} is not stored")
    write_files(files, folder / name)
    return name


class TooManyCases(Exception):
    """An uploaded cases file holds more cases than one job may calculate."""

    def __init__(self, most: int) -> None:
        super().__init__(f"more than {most} cases")
        self.most = most


#: A line with something besides whitespace, to its end (found in C, block by block).
_FILLED_LINE = re.compile(rb"\S[^\n]*\n")


def save_counted(stream: IO[bytes], path: Path, most: int, table: bool,
                 block: int = 1024 * 1024) -> int:
    """Copy an upload to `path` a block at a time, counting its cases as it goes: the lines
    that are not blank (JSON Lines), less the header (CSV; a line break inside a quoted cell
    counts as a line). Past `most` it stops and raises `TooManyCases`: a file of too many
    cases is refused while it arrives, never read whole into memory nor run. The count."""
    count, filled = 0, False  # lines ended so far; whether the unfinished one has content
    with open(path, "wb") as out:
        while data := stream.read(block):
            out.write(data)
            first = data.find(b"\n")
            if first < 0:
                filled = filled or bool(data.strip())
                continue
            count += 1 if filled or data[:first].strip() else 0
            last = data.rfind(b"\n")
            count += len(_FILLED_LINE.findall(data, first + 1, last + 1))
            filled = bool(data[last + 1:].strip())
            if count - int(table) > most:
                raise TooManyCases(most)
    count += int(filled)
    cases = max(0, count - int(table))
    if cases > most:
        raise TooManyCases(most)
    return cases
