"""Background jobs are bounded and cleaned up (issue 24, item 2): a limit of running jobs per
user and per server, the rest waiting with their place shown and started when a slot frees
(also a dead runner's); the owner deletes a job (a running one stopped with its workers);
folders past the retention period are swept; a synthetic population and an uploaded file
have a most number of cases; the administrator sees the jobs' disk use.

The jobs here run `held_runner.py`, which waits for a `release` file before it runs as the
real runner does: a job holds its slot exactly as long as the test wants."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from a11y_checks import problems
from examples_data import example_case as example
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, home_care_rate_rules, login, store

from budget_engine import load_rules
from budget_web.evaluation.job_queue import JobQueue, queue_of
from budget_web.evaluation.replay_jobs import Job, TooManyCases, save_counted
from budget_web.settings import whole_setting

HELD = [sys.executable, str(Path(__file__).with_name("held_runner.py"))]
CASE = json.dumps(example("05-no-support-plan"))


@pytest.fixture
def limited(app: Flask) -> Iterator[Flask]:
    """The app with one job per user, two per server, held runners; every job left at the
    end is deleted (its runner's process group killed)."""
    app.config.update(JOBS_PER_USER=1, JOBS_PER_SERVER=2, JOB_RUNNER=HELD)
    for name in ("otra", "tresa"):
        store(app).add_user(name, PASSWORD, "evaluator")
    yield app
    jobs = queue_of(app)
    for _, job in jobs.jobs():
        jobs.delete(job)


def client_of(app: Flask, name: str = "evaluator") -> FlaskClient:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def start(client: FlaskClient, cases: str = CASE + "\n", name: str = "cases.jsonl") -> str:
    """Post a file job; its page's address."""
    answer = client.post("/replay", data={"source": "file", "compare": "none", "cases": (
        io.BytesIO(cases.encode()), name)}, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.text
    return str(answer.headers["Location"])


def job_of(app: Flask, url: str) -> Job:
    """The job as its folder says now (read from disk: starts nothing)."""
    found = queue_of(app).folder("replay").find(url.rsplit("/", 1)[1])
    assert found is not None
    return found


def until(condition: Callable[[], bool], seconds: float = 120) -> None:
    """Poll until `condition()` holds; fail after `seconds` (a bound, not a timing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


def release(app: Flask, url: str) -> None:
    (job_of(app, url).folder / "release").touch()


def started(app: Flask, url: str) -> bool:
    return "pid" in job_of(app, url).meta


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    if state == "Z":  # our dead child, not yet reaped
        os.waitpid(pid, os.WNOHANG)
        return True
    return False


def test_jobs_wait_their_turn_and_start_when_a_slot_frees(limited: Flask) -> None:
    app = limited
    mine, other, third = (client_of(app, name) for name in ("evaluator", "otra", "tresa"))
    first = start(mine)
    assert "notiek" in mine.get(first).text
    second = start(mine)  # the user's one slot is taken: it waits
    page = mine.get(second).text
    assert "Gaida rindā: 1. vietā" in page and 'http-equiv="refresh"' in page
    assert "Gaida rindā: 1. vietā" in mine.get("/replay").text
    assert not started(app, second)
    others = start(other)  # another user's job takes the second server slot
    assert "notiek" in other.get(others).text
    thirds = start(third)  # the server's two slots are taken: it waits behind the second
    assert "Gaida rindā: 2. vietā" in third.get(thirds).text
    assert "Gaida rindā: 2. vietā" in third.get("/replay").text
    release(app, first)
    # The first job's runner, done, starts the second (no page is looked at meanwhile).
    until(lambda: started(app, second))
    assert job_of(app, first).status() == "done"
    assert not started(app, thirds)
    assert "Gaida rindā: 1. vietā" in third.get(thirds).text
    assert "Waiting in the queue: place 1" in third.get(f"{thirds}?lang=en").text
    third.get("/replay?lang=lv")
    release(app, others)
    until(lambda: started(app, thirds))
    for url in (second, thirds):
        release(app, url)
    until(lambda: all(job_of(app, url).status() == "done" for url in (second, thirds)))
    assert "pabeigts" in third.get(thirds).text


def test_a_dead_runners_slot_is_freed_at_the_next_look(limited: Flask) -> None:
    app = limited
    client = client_of(app)
    first = start(client)
    second = start(client)
    pid = job_of(app, first).meta["pid"]
    os.killpg(pid, signal.SIGKILL)  # the runner this test started, killed without a word
    until(lambda: gone(pid))
    assert not started(app, second)
    assert "notiek" in client.get(second).text  # the look started it
    assert "apturēts" in client.get(first).text
    release(app, second)


def test_the_owner_deletes_a_job_and_its_files(limited: Flask) -> None:
    app = limited
    client, other = client_of(app), client_of(app, "otra")
    first = start(client)
    waiting = start(client)
    # anyone else's job is as if it did not exist, deleting included
    assert other.post(f"{first}/delete").status_code == 404
    assert job_of(app, first).folder.is_dir()
    # a waiting job is cancelled: gone, and it never starts
    folder = job_of(app, waiting).folder
    answer = client.post(f"{waiting}/delete")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/replay")
    assert "Aprēķins un tā faili ir dzēsti." in client.get("/replay").text
    assert not folder.exists() and client.get(waiting).status_code == 404
    # a running job is stopped first: its runner (and its process group) killed
    runner = job_of(app, first).meta["pid"]
    folder = job_of(app, first).folder
    assert client.post(f"{first}/delete").status_code == 302
    until(lambda: gone(runner))
    assert not folder.exists()
    # a finished one, by its owner
    done = start(client)
    release(app, done)
    until(lambda: job_of(app, done).status() == "done")
    folder = job_of(app, done).folder
    assert client.post(f"{done}/delete").status_code == 302
    assert not folder.exists() and client.get(f"{done}/rows.jsonl").status_code == 404
    entries = store(app).audit.entries(user="evaluator")
    assert [e.action for e in entries].count("deleted_job") == 3
    assert not list(folder.parent.glob(".deleted-*"))


def test_deleting_needs_the_forms_token(limited: Flask) -> None:
    client = client_of(limited)
    url = start(client)
    limited.config.update(WTF_CSRF_ENABLED=True)
    answer = client.post(f"{url}/delete")
    assert answer.status_code == 400 and job_of(limited, url).folder.is_dir()


def _job_folder(jobs: JobQueue, days_old: float, done: bool = True) -> Path:
    """A finished replay job's folder made `days_old` days ago."""
    created = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_old)
    folder = jobs.folder("replay").root / os.urandom(8).hex()
    folder.mkdir(parents=True)
    (folder / "job.json").write_text(json.dumps({
        "user": "evaluator", "created": created.isoformat(timespec="seconds"), "pid": 1}))
    if done:
        (folder / "done.json").write_text(json.dumps({"exit_code": 0}))
    (folder / "rows.jsonl").write_bytes(b"x" * 1000)
    return folder


def test_folders_past_the_retention_period_are_swept(app: Flask) -> None:
    app.config.update(JOB_RETENTION_DAYS=30, JOB_SWEEP_MINUTES=10)
    jobs = queue_of(app)
    old, new = _job_folder(jobs, 31), _job_folder(jobs, 29)
    stray = jobs.folder("impact").root / "0123456789abcdef"  # no job.json: by its time
    stray.mkdir(parents=True)
    month_ago = time.time() - 40 * 86400
    os.utime(stray, (month_ago, month_ago))
    # swept at the next look (the last sweep, when the app started, is long enough ago)
    swept = jobs.instance / "jobs-swept"
    os.utime(swept, (month_ago, month_ago))
    client = client_of(app)
    assert client.get("/replay").status_code == 200
    assert not old.exists() and not stray.exists() and new.is_dir()
    # and not again before JOB_SWEEP_MINUTES have passed
    older = _job_folder(jobs, 45)
    client.get("/replay")
    assert older.is_dir()
    assert jobs.sweep(force=True) == [older.name]
    # 0 days: kept until the owner deletes them
    app.config.update(JOB_RETENTION_DAYS=0)
    kept = _job_folder(jobs, 400)
    assert queue_of(app).sweep(force=True) == [] and kept.is_dir()


def test_the_population_and_the_uploaded_file_have_a_most_number_of_cases(
        limited: Flask) -> None:
    app = limited
    app.config.update(JOB_MAX_CASES=50)
    client = client_of(app)
    refused = client.post("/replay", data={"source": "profile", "profile": "vsac-2015",
                                           "n": "51", "seed": "1"})
    assert refused.status_code == 422
    assert "Lietu skaits: Vesels skaitlis no 1 līdz 50." in refused.text
    too_many = "\n".join([CASE] * 51) + "\n"
    refused = client.post("/replay", data={"source": "file", "cases": (
        io.BytesIO(too_many.encode()), "many.jsonl")}, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "Lietu fails: Vairāk nekā 50 lietu: vienā aprēķinā ne vairāk kā 50." in refused.text
    header = "case_id,person.birth_date\n"
    table = header + "".join(f"K-{n},2000-01-01\n" for n in range(51))
    refused = client.post("/replay?lang=en", data={"source": "file", "cases": (
        io.BytesIO(table.encode()), "many.csv")}, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "Cases file: More than 50 cases: one run calculates at most 50." in refused.text
    assert not list(queue_of(app).folder("replay").root.iterdir())  # nothing kept
    # as many as allowed (blank lines are no cases) start
    assert client.post("/replay", data={"source": "file", "cases": (
        io.BytesIO(("\n".join([CASE] * 50) + "\n\n  \n").encode()), "fifty.jsonl")},
        content_type="multipart/form-data").status_code == 302


def test_the_impact_page_has_the_same_most(app: Flask, tmp_path: Path) -> None:
    app.config.update(JOB_MAX_CASES=50)
    client = client_of(app, "policy")
    store(app).add_user("anna", PASSWORD, "policy")
    draft = store(app).versions.draft(load_rules(home_care_rate_rules(tmp_path)), "x", "anna")
    refused = client.post(f"/rules/drafts/{draft.id}/impact", data={
        "source": "profile", "profile": "vsac-2015", "n": "51", "seed": "1"})
    assert refused.status_code == 422
    assert "Lietu skaits: Vesels skaitlis no 1 līdz 50." in refused.text


@pytest.mark.parametrize("block", [1, 3, 7, 1024])
@pytest.mark.parametrize("table", [False, True])
def test_cases_are_counted_as_the_file_arrives(tmp_path: Path, block: int,
                                               table: bool) -> None:
    text = b"\xef\xbb\xbfhead\n\n a \n  \nb\n\n\nc  d\n   \ne"
    lines = [line for line in text.split(b"\n") if line.strip()]
    cases = len(lines) - int(table)
    path = tmp_path / "input"
    assert save_counted(io.BytesIO(text), path, cases, table, block) == cases
    assert path.read_bytes() == text
    with pytest.raises(TooManyCases):
        save_counted(io.BytesIO(text), path, cases - 1, table, block)
    # the copy stops early: a file far past the most is not copied whole
    with pytest.raises(TooManyCases):
        save_counted(io.BytesIO(b"{}\n" * 100_000), path, 10, table, 64)
    assert path.stat().st_size < 1000


def test_the_administrator_sees_the_jobs_disk_not_their_data(app: Flask) -> None:
    jobs = queue_of(app)
    folder = _job_folder(jobs, 2)
    meta = json.loads((folder / "job.json").read_text())
    (folder / "job.json").write_text(json.dumps({**meta, "input_name": "Bērziņš-lietas.jsonl"}))
    (folder / "input.jsonl").write_bytes(b"y" * 2_500_000)
    admin = client_of(app, "admin")
    page = admin.get("/jobs").text
    assert "Fona darbi" in page and "evaluator" in page
    assert "2,5 MB" in page  # the folder's files (rows, input, job.json), in megabytes
    assert "Bērziņš" not in page
    assert client_of(app).get("/jobs").status_code == 403


def test_a_limit_from_the_environment_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_JOBS_PER_USER", "2")
    assert whole_setting("BUDGET_ENGINE_JOBS_PER_USER", 1, 1) == 2
    for wrong in ("0", "many", "-3"):
        monkeypatch.setenv("BUDGET_ENGINE_JOBS_PER_USER", wrong)
        with pytest.raises(SystemExit, match="BUDGET_ENGINE_JOBS_PER_USER"):
            whole_setting("BUDGET_ENGINE_JOBS_PER_USER", 1, 1)


def test_the_owner_of_an_impact_run_deletes_it_others_cannot(limited: Flask,
                                                             tmp_path: Path) -> None:
    app = limited
    owner = client_of(app, "policy")
    store(app).add_user("anna", PASSWORD, "policy")
    draft = store(app).versions.draft(load_rules(home_care_rate_rules(tmp_path)), "x", "anna")
    answer = owner.post(f"/rules/drafts/{draft.id}/impact", data={
        "source": "profile", "profile": "vsac-2015", "n": "10", "seed": "1"})
    assert answer.status_code == 302, answer.text
    url = answer.headers["Location"]
    page = owner.get(url).text
    assert "Atcelt aprēķinu un to dzēst" in page and not problems(page)
    reader = client_of(app, "anna")  # may read the run (national), may not delete it
    assert reader.get(url).status_code == 200
    assert "Atcelt aprēķinu" not in reader.get(url).text
    assert reader.post(f"{url}/delete").status_code == 404
    folder = queue_of(app).folder("impact").find(url.rsplit("/", 1)[1])
    assert folder is not None and folder.folder.is_dir()
    deleted = owner.post(f"{url}/delete")
    assert deleted.status_code == 302 and not folder.folder.exists()
    assert owner.get(url).status_code == 404
    assert [e.detail for e in store(app).audit.entries(user="policy")
            if e.action == "deleted_job"] == [f"draft {draft.id} impact, run {folder.id}"]


def test_the_job_pages_are_accessible(limited: Flask) -> None:
    client = client_of(limited)
    first, second = start(client), start(client)
    for url in ("/replay", first, second):
        assert not problems(client.get(url).text), url
    admin = client_of(limited, "admin")
    page = admin.get("/jobs").text
    assert "Atkārtotie aprēķini" in page and not problems(page)
