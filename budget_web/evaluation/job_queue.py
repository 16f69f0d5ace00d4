"""Background jobs bounded and cleaned up: a few run at a time, the rest wait their turn,
and their folders do not stay for ever.

A replay of 200,000 cases runs an engine process per worker for minutes and writes
hundreds of megabytes; five of them at once on a small server starved everyone else. So a
job is created *waiting*, and starts only while fewer than `per_user` of its owner's and
`per_server` of all jobs run. The web app may run in several processes (and threads) over
one instance folder, so who runs and who waits is decided from the job folders themselves
(a job runs while its runner process lives; it waits while it has no process id), under a
file lock (`fcntl.flock`) every process takes, never from a variable of one process.

A waiting job starts when a slot frees: a runner that ends starts the oldest waiting job
it may (`after_run`), and so does any look at a job page or list (`dispatch`); a runner
that died without a word (killed, the machine restarted) holds no slot, because its
process is gone, so nothing waits for ever. A runner leads its own process group: deleting
a running job kills the runner and its workers together (they also die with the runner on
their own: `budget_engine.workers.die_with_parent`).

Folders older than `retention_days` are deleted by a sweep (when the app starts, and at
most every `sweep_minutes` when a job page is looked at or a job created); an owner
deletes their own job at once. The administrator sees the disk they take (`usage`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask

from .replay_jobs import Job, JobFolder, write_whole

#: Each kind of job and the folder (under the instance folder) its jobs are kept in.
KINDS = {"replay": "replay-jobs", "impact": "impact-jobs"}
#: The command a job runs as, its folder added (`budget_web.evaluation.replay_job`).
RUNNER = (sys.executable, "-m", "budget_web.evaluation.replay_job")
#: Where the runner is started from (so that `-m budget_web.evaluation.replay_job` is found).
CODE_ROOT = Path(__file__).resolve().parents[2]
LOCK_FILE = "jobs.lock"
SWEPT_FILE = "jobs-swept"
#: A folder being deleted is first renamed so: gone from every list at once, its removal
#: finished by the next sweep should a process it belonged to still be writing.
DELETED = ".deleted-"


@dataclass(frozen=True)
class JobLimits:
    """How many jobs run at once (per user, per server), how long their folders are kept
    (days; 0 keeps them), how often the sweep looks, and the command a job runs as."""

    per_user: int = 1
    per_server: int = 1
    retention_days: int = 30
    sweep_minutes: float = 10.0
    runner: tuple[str, ...] = field(default=RUNNER)

    def slots(self) -> dict[str, int]:
        """What a runner needs to start the next job the way the server would."""
        return {"per_user": self.per_user, "per_server": self.per_server}


@dataclass(frozen=True)
class JobUse:
    """One job's folder as the administrator sees it: no case data, only whose and how big."""

    id: str
    kind: str
    owner: str
    created: dt.datetime | None
    status: str
    size: int


class JobQueue:
    """The jobs of one instance folder, of every kind: started in turn, deleted, swept."""

    def __init__(self, instance: Path, limits: JobLimits) -> None:
        self.instance, self.limits = instance, limits

    def folder(self, kind: str) -> JobFolder:
        """The jobs of one kind; a job created there waits its turn (`dispatch`)."""
        return JobFolder(self.instance / KINDS[kind], dispatch=self.dispatch,
                         stamp={"runner": list(self.limits.runner),
                                "slots": self.limits.slots()})

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Held by whoever decides what runs or removes a job, in any process or thread
        (each opening is its own lock, so two threads of one process exclude each other)."""
        self.instance.mkdir(parents=True, exist_ok=True)
        with open(self.instance / LOCK_FILE, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def jobs(self) -> list[tuple[str, Job]]:
        """Every job of every kind, with its kind."""
        return [(kind, job) for kind in KINDS for job in self.folder(kind).all()]

    def waiting(self) -> list[Job]:
        """The waiting jobs of every kind, the first in line first."""
        found = [job for _, job in self.jobs() if job.status() == "waiting"]
        return sorted(found, key=_in_line)

    def place(self, job: Job) -> int:
        """A waiting job's place in the line (1: it starts next a slot frees)."""
        line = [found.folder for found in self.waiting()]
        return line.index(job.folder) + 1 if job.folder in line else 1

    def dispatch(self) -> list[str]:
        """Start the waiting jobs the limits allow, the first in line first (a job whose
        owner runs their share waits; one of another user behind it may start); their ids."""
        with self._locked():
            return self._dispatch_locked()

    def _dispatch_locked(self) -> list[str]:
        jobs = [job for _, job in self.jobs()]
        statuses = {job.folder: job.status() for job in jobs}
        running = [job for job in jobs if statuses[job.folder] == "running"]
        per_user = Counter(job.owner for job in running)
        started: list[str] = []
        for job in sorted((j for j in jobs if statuses[j.folder] == "waiting"), key=_in_line):
            if len(running) + len(started) >= self.limits.per_server:
                break
            if per_user[job.owner] >= self.limits.per_user:
                continue
            _start(job)
            per_user[job.owner] += 1
            started.append(job.id)
        return started

    def delete(self, job: Job) -> None:
        """Remove a job and its folder: a running one is stopped first (its runner's whole
        process group), a waiting one never starts; the next in line may start."""
        with self._locked():
            if job.status() == "running":
                _kill_group(job)
            _remove(job.folder)
            self._dispatch_locked()

    def sweep(self, force: bool = False) -> list[str]:
        """Delete the folders older than `retention_days` (a running job's stays); at most
        every `sweep_minutes` unless `force`d. The ids deleted."""
        if self.limits.retention_days <= 0:
            return []
        self.instance.mkdir(parents=True, exist_ok=True)
        stamp = self.instance / SWEPT_FILE
        now = time.time()
        with contextlib.suppress(OSError):
            if not force and now - stamp.stat().st_mtime < self.limits.sweep_minutes * 60:
                return []
        stamp.touch()
        cutoff = now - self.limits.retention_days * 86400
        deleted: list[str] = []
        with self._locked():
            for kind in KINDS:
                root = self.instance / KINDS[kind]
                if not root.is_dir():
                    continue
                for entry in list(root.iterdir()):
                    if entry.name.startswith(DELETED):
                        shutil.rmtree(entry, ignore_errors=True)
                    elif entry.is_dir() and _old(entry, self.folder(kind), cutoff):
                        _remove(entry)
                        deleted.append(entry.name)
            self._dispatch_locked()
        return deleted

    def usage(self) -> list[JobUse]:
        """Each job's folder: kind, owner, when, status and bytes on disk, oldest first."""
        found = [JobUse(job.id, kind, job.owner, job.started, job.status(),
                        _size(job.folder)) for kind, job in self.jobs()]
        return sorted(found, key=lambda use: (use.created is None, use.created or 0))


def after_run(folder: Path) -> list[str]:
    """What a runner does when its job is done: start the next in line, by the limits the
    server gave the job (the runner reads no configuration of its own)."""
    meta = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    slots = meta.get("slots") or {}
    limits = JobLimits(per_user=int(slots.get("per_user", 1)),
                       per_server=int(slots.get("per_server", 1)))
    return JobQueue(folder.parent.parent, limits).dispatch()


def _in_line(job: Job) -> tuple[int, str]:
    queued = job.meta.get("queued")
    return (queued if isinstance(queued, int) else 0, job.id)


def _start(job: Job) -> None:
    """Start a waiting job's runner, the leader of a process group of its own (its workers
    are in it, so stopping the job stops them all), and record its process id."""
    command = [str(part) for part in job.meta.get("runner") or RUNNER]
    meta = dict(job.meta)
    try:
        with open(job.folder / "runner.log", "ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own module, arguments we built
                [*command, str(job.folder)], stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
                cwd=str(CODE_ROOT))
    except OSError as exc:  # the run cannot start at all: a failed job, not a waiting one
        with open(job.folder / "runner.log", "a", encoding="utf-8") as log_text:
            log_text.write(f"cannot start the runner: {exc}\n")
        write_whole(job.folder / "done.json", json.dumps({"exit_code": 1, "step": "start"}))
        return
    meta.update(pid=process.pid,
                started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    write_whole(job.folder / "job.json", json.dumps(meta, ensure_ascii=False, indent=1))
    job.meta.update(meta)


def _kill_group(job: Job) -> None:
    """SIGKILL a running job's runner and everything in its process group (its workers).
    Only a process proven to be this job's runner (`Job.alive` reads its command line) is
    killed, and only the group it leads."""
    pid = job.meta.get("pid")
    if not isinstance(pid, int) or not job.alive():
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):  # our child: no zombie left behind
        os.waitpid(pid, 0)


def _remove(folder: Path) -> None:
    """Delete a job's folder: renamed away first (gone from every list at once)."""
    hidden = folder.with_name(DELETED + folder.name)
    try:
        os.replace(folder, hidden)
    except OSError:
        return
    shutil.rmtree(hidden, ignore_errors=True)


def _old(entry: Path, jobs: JobFolder, cutoff: float) -> bool:
    """Whether a job's folder is past keeping: created before `cutoff` (a folder without a
    readable `job.json`: last changed before it) and not running."""
    job = jobs.find(entry.name)
    created = job.started if job is not None else None
    try:
        when = created.timestamp() if created is not None else entry.stat().st_mtime
    except OSError:
        return False
    return when < cutoff and (job is None or job.status() != "running")


def _size(folder: Path) -> int:
    """Bytes of the files under `folder` (a file removed meanwhile counts nothing)."""
    total = 0
    for top, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(top, name)).st_size
    return total


def totals(uses: list[JobUse]) -> dict[str, Any]:
    """The administrator's summary: all jobs and each kind, with count, bytes, oldest."""
    def of(found: list[JobUse]) -> dict[str, Any]:
        dates = [use.created for use in found if use.created is not None]
        return {"count": len(found), "size": sum(use.size for use in found),
                "oldest": min(dates) if dates else None}
    return {"all": of(uses),
            "kinds": {kind: of([use for use in uses if use.kind == kind]) for kind in KINDS}}


def queue_of(app: Flask) -> JobQueue:
    """The app's jobs, by its configuration (`JOBS_PER_USER`, `JOBS_PER_SERVER`,
    `JOB_RETENTION_DAYS`, `JOB_SWEEP_MINUTES`; `JOB_RUNNER`, the command, for tests)."""
    config = app.config
    return JobQueue(Path(app.instance_path), JobLimits(
        per_user=int(config["JOBS_PER_USER"]), per_server=int(config["JOBS_PER_SERVER"]),
        retention_days=int(config["JOB_RETENTION_DAYS"]),
        sweep_minutes=float(config["JOB_SWEEP_MINUTES"]),
        runner=tuple(config.get("JOB_RUNNER") or RUNNER)))


def looked_at(app: Flask) -> JobQueue:
    """What a look at a job page does first: the sweep (when due) and the next in line
    started if a slot is free (a runner that died without a word frees its slot so)."""
    jobs = queue_of(app)
    deleted = jobs.sweep()
    if deleted:
        app.logger.info("job folders past keeping deleted: %s", ", ".join(deleted))
    jobs.dispatch()
    return jobs
