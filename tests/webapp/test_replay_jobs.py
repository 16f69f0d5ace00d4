"""Evaluators run replays as background jobs from the web: a file or a synthetic population,
with or without a reform; the figures are the command line's; each sees only their own runs."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from examples_data import example_case as example
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import PASSWORD, home_care_rate_rules, login, store

from budget_engine.cli.commands import main
from budget_web.evaluation.replay_jobs import Job

REFORM = Path(__file__).resolve().parents[2] / "examples" / "reform-maintainers.yaml"


def evaluator(app: Flask, name: str = "evaluator") -> FlaskClient:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def finished(client: FlaskClient, url: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url).text
        if "notiek" not in page and "Gaida rindā" not in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{url} still running after {seconds} s")


def test_a_file_replayed_in_the_background_with_rows_and_report(app: Flask) -> None:
    client = evaluator(app)
    lines = [json.dumps(example(n)) for n in ("01-adult-esf-project", "05-no-support-plan")]
    data = ("\n".join([*lines, "{broken"]) + "\n").encode()
    started = client.post("/replay", data={"source": "file",
                                           "cases": (io.BytesIO(data), "cases.jsonl")},
                          content_type="multipart/form-data")
    assert started.status_code == 302
    url = started.headers["Location"]
    page = finished(client, url)
    assert "pabeigts" in page and "Lietas: 3; aprēķināti budžeti: 2; kļūdainas rindas: 1" in page
    rows = client.get(f"{url}/rows.jsonl").get_data(as_text=True).splitlines()
    assert len(rows) == 3 and json.loads(rows[2])["line"] == 3
    report = client.get(f"{url}/report.html?view=1").get_data(as_text=True)
    assert "<svg" in report and "http://" not in report.replace("http://www.w3.org", "")
    listing = client.get("/replay").text
    assert "cases.jsonl" in listing and "pabeigts" in listing



def test_a_csv_with_broken_lines_finishes_with_a_row_for_each_line(app: Flask) -> None:
    """Issue 24: a field over 131,072 characters failed the job; an unclosed quote swallowed
    the cases after it; a 20,000-digit case id was echoed whole into rows and report."""
    header = ("format,case_id,calculation_date,person.birth_date,person.municipality,"
              "person.disability_group,person.diagnoses,household.monthly_income,"
              "household.needy_status,assessment.assessed_on,assessment.support_plan,"
              "assessment.care_level,requested_services")

    def case(case_id: str, municipality: str = "Daugavpils") -> str:
        return (f"1,{case_id},2026-11-01,1966-04-04,{municipality},II,F25,390.00,true,"
                "2026-09-15,true,2,group_apartment:30")

    lines = [header, case("W-1"), case("W-2", "x" * 140_000), '"unterminated,x', case("W-4"),
             case("9" * 20_000), case("W-6")]
    client = evaluator(app)
    started = client.post("/replay", data={
        "source": "file", "cases": (io.BytesIO(("\n".join(lines) + "\n").encode()),
                                    "cases.csv")}, content_type="multipart/form-data")
    assert started.status_code == 302
    url = started.headers["Location"]
    page = finished(client, url)
    assert "pabeigts" in page and "Lietas: 6; aprēķināti budžeti: 3; kļūdainas rindas: 3" in page
    rows = [json.loads(r) for r in
            client.get(f"{url}/rows.jsonl").get_data(as_text=True).splitlines()]
    assert [r["line"] if "error" in r else r["case_id"] for r in rows] == [
        "W-1", 3, 4, "W-4", 6, "W-6"]
    assert rows[4]["case_id"] == "9" * 100 + "…"
    report = client.get(f"{url}/report.html?view=1").get_data(as_text=True)
    assert "9" * 100 + "…" in report and "9" * 101 not in report


def test_a_synthetic_population_beside_a_reform_gives_the_commands_figures(
        app: Flask, tmp_path: Path) -> None:
    client = evaluator(app)
    started = client.post("/replay", data={
        "source": "profile", "profile": "vsac-2015", "n": "300", "seed": "4",
        "reform": (io.BytesIO(REFORM.read_bytes()), "reform.yaml"), "lang": "lv"},
        content_type="multipart/form-data")
    assert started.status_code == 302, started.text
    url = started.headers["Location"]
    assert "pabeigts" in finished(client, url)
    from_web = client.get(f"{url}/summary.csv").get_data()
    runner = CliRunner()
    cases = tmp_path / "cases.jsonl"
    assert runner.invoke(main, ["synth", "--profile", "vsac-2015", "--n", "300", "--seed", "4",
                                "--out", str(cases)]).exit_code == 0
    result = runner.invoke(main, ["replay", str(cases), "--reform", str(REFORM), "--quiet",
                                  "--out", str(tmp_path / "rows.jsonl"),
                                  "--summary-csv", str(tmp_path / "summary.csv")])
    assert result.exit_code == 0, result.output
    assert from_web == (tmp_path / "summary.csv").read_bytes()


def test_mistakes_are_named_and_nothing_starts(app: Flask) -> None:
    client = evaluator(app)
    none = client.post("/replay", data={"source": "file"}, content_type="multipart/form-data")
    assert none.status_code == 422 and "Lietu fails: Choose a file first." not in none.text
    assert "Lietu fails" in none.text
    wrong = client.post("/replay", data={"source": "profile", "profile": "vsac-2015",
                                         "n": "zero", "seed": "1"})
    assert wrong.status_code == 422 and "Vesels skaitlis no 1 līdz 200 000." in wrong.text
    bad_reform = (b"label: x\nparameters:\n  rate.home_cares:\n"
                  b"    - {from: 2025-01-01, value: '1'}\n")
    refused = client.post("/replay", data={
        "source": "profile", "profile": "vsac-2015", "n": "10", "seed": "1",
        "reform": (io.BytesIO(bad_reform), "reform.yaml")}, content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "reform.yaml:3" in refused.text and "rate.home_cares" in refused.text
    assert "Aprēķinu vēl nav." in client.get("/replay").text


def test_another_evaluator_cannot_see_a_run(app: Flask) -> None:
    store(app).add_user("otra", PASSWORD, "evaluator")
    client = evaluator(app)
    data = (json.dumps(example("05-no-support-plan")) + "\n").encode()
    url = client.post("/replay", data={"source": "file",
                                       "cases": (io.BytesIO(data), "a.jsonl")},
                      content_type="multipart/form-data").headers["Location"]
    finished(client, url)
    other = evaluator(app, "otra")
    assert other.get(url).status_code == 404
    assert other.get(f"{url}/rows.jsonl").status_code == 404
    assert "a.jsonl" not in other.get("/replay").text
    assert client.get(f"{url}/../../etc/passwd").status_code == 404


def _meta(app: Flask, url: str) -> dict[str, str]:
    """What a job's job.json says (the labels the run gave the two versions)."""
    folder = Path(app.instance_path) / "replay-jobs" / url.rstrip("/").rsplit("/", 1)[-1]
    meta: dict[str, str] = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    return meta


def _published_with_home_care_rate(app: Flask, tmp_path: Path, rate: str) -> tuple[str, str]:
    """The shipped version and a second one, published by two policy users (from the
    command line), that changes the home-care rate from 2025-01-01: (base, other)."""
    from budget_web.cli import build_cli

    for name in ("anna", "berzs"):
        if store(app).user(name) is None:
            store(app).add_user(name, PASSWORD, "policy")
    runner = CliRunner()
    draft = home_care_rate_rules(tmp_path, rate)
    base = store(app).versions.current_version()
    drafted = runner.invoke(build_cli(), ["rules", "draft", str(draft), "--label",
                                          f"Aprūpe mājās {rate}", "--user", "anna",
                                          "--password-stdin"], input=PASSWORD + "\n")
    assert drafted.exit_code == 0, drafted.output
    draft_id, other = drafted.output.split("\t")[:2]
    assert runner.invoke(build_cli(), ["rules", "approve", draft_id, "--user", "berzs",
                                       "--password-stdin"], input=PASSWORD).exit_code == 0
    assert base is not None and base != other
    return base, other


def test_two_stored_versions_compared_give_the_commands_figures(
        app: Flask, tmp_path: Path) -> None:
    from budget_web.cli import build_cli

    base, other = _published_with_home_care_rate(app, tmp_path, "4.40")
    client = evaluator(app)
    form = client.get("/replay").text
    assert "Aprūpe mājās 4.40" in form and f'value="{base}"' in form
    cases = tmp_path / "cases.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["synth", "--profile", "vsac-2015", "--n", "120", "--seed",
                                "2", "--out", str(cases)]).exit_code == 0
    started = client.post("/replay", data={
        "source": "file", "cases": (io.BytesIO(cases.read_bytes()), "vsac.jsonl"),
        "compare": "versions", "base_version": base, "other_version": other},
        content_type="multipart/form-data")
    assert started.status_code == 302, started.text
    url = started.headers["Location"]
    page = finished(client, url)
    assert "pabeigts" in page and "Aprūpe mājās 4.40" in page
    from_web = client.get(f"{url}/summary.csv").get_data()
    result = runner.invoke(build_cli(), [
        "replay", str(cases), "--rules-version", base, "--compare", other, "--quiet",
        "--out", str(tmp_path / "rows.jsonl"), "--summary-csv", str(tmp_path / "summary.csv"),
        *[x for option, key in (("--base-label", "base_label"),
                                ("--compare-label", "compare_label"))
          for x in (option, _meta(app, url)[key])]])
    assert result.exit_code == 0, result.output
    assert from_web == (tmp_path / "summary.csv").read_bytes()
    rows = [json.loads(line) for line in client.get(f"{url}/rows.jsonl").get_data(
        as_text=True).splitlines()]
    changed = [row for row in rows if row.get("changed")]
    assert changed, "the rate change alters some budgets"
    assert all(row["changed_by"] == ["rate.home_care"] for row in changed)
    assert all(row["base"]["rules_version"] == base and row["reform"]["rules_version"] == other
               for row in rows if "error" not in row)


def test_two_versions_must_be_chosen_and_differ(app: Flask, tmp_path: Path) -> None:
    base, _ = _published_with_home_care_rate(app, tmp_path, "4.40")
    client = evaluator(app)
    same = client.post("/replay", data={"source": "profile", "profile": "vsac-2015", "n": "10",
                                        "seed": "1", "compare": "versions",
                                        "base_version": base, "other_version": base})
    assert same.status_code == 422
    assert "Salīdzināmā versija: Izvēlieties citu versiju, nevis pamata versiju." in same.text
    unknown = client.post("/replay", data={"source": "profile", "profile": "vsac-2015",
                                           "n": "10", "seed": "1", "compare": "versions",
                                           "base_version": "nav+sha256:0",
                                           "other_version": ""})
    assert unknown.status_code == 422
    assert "Pamata versija: Izvēlieties publicētu versiju." in unknown.text
    assert 'value="10"' in unknown.text  # what was typed stays
    assert "Aprēķinu vēl nav." in client.get("/replay").text


def test_a_run_that_finishes_between_the_two_looks_is_done_not_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page asks for the outcome, then whether the process lives: a run that writes its
    outcome and exits in between must read as done (it once read as stopped, which also
    stopped the page reloading itself)."""
    job = Job(tmp_path, {"pid": 0})

    def finishing_meanwhile() -> bool:
        (tmp_path / "done.json").write_text(json.dumps({"exit_code": 0}), encoding="utf-8")
        return False

    monkeypatch.setattr(Job, "alive", lambda self: finishing_meanwhile())
    assert job.status() == "done"
    (tmp_path / "done.json").unlink()
    monkeypatch.setattr(Job, "alive", lambda self: False)
    assert job.status() == "stopped"
    monkeypatch.setattr(Job, "alive", lambda self: True)
    assert job.status() == "running"
    (tmp_path / "done.json").write_text(json.dumps({"exit_code": 2}), encoding="utf-8")
    assert job.status() == "failed"


def test_cases_that_fail_are_listed_on_the_job_page_with_latvian_reasons(app: Flask) -> None:
    """Issue 30: the reasons were the engine's English; now by the error's kind, the field by
    its label, each with its line; the first 50 quoted, the rest counted."""
    good = example("01-adult-esf-project")
    gone = {**good, "calculation_date": "2026-03-01",
            "person": {**good["person"], "municipality": "Varakļānu novads"}}
    no_day = {**good, "person": {**good["person"], "birth_date": "1966-02-30"}}
    typo = {**good, "person": {**good["person"], "agee": 3}}
    cases = [good, gone, no_day, typo] + [{**gone, "case_id": f"G-{n}"} for n in range(50)]
    data = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases).encode()
    client = evaluator(app)
    started = client.post("/replay", data={"source": "file",
                                           "cases": (io.BytesIO(data), "cases.jsonl")},
                          content_type="multipart/form-data")
    url = started.headers["Location"]
    page = finished(client, url)
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert len(cells) == 50 and [int(c[0]) for c in cells] == list(range(2, 52))
    assert cells[0][2] == ("Pašvaldība: 01.03.2026 nebija pašvaldības ar nosaukumu "
                           "“Varakļānu novads”; jābūt vienai no 42 tad spēkā esošajām "
                           "pašvaldībām.")
    assert cells[1][2].startswith("Dzimšanas datums: Vajadzīgs esošs datums")
    assert cells[2][2] == "Persona: Nezināms lauks “agee”: pārbaudiet tā nosaukumu."
    assert "… un vēl 3: visas ir zemāk lejupielādējamajos rindu failos." in page
    assert "is not a municipality" not in page
    rows = client.get(f"{url}/rows.csv").get_data().decode("utf-8-sig")
    assert rows.count("nebija pašvaldības ar nosaukumu “Varakļānu novads”") == 51


def test_no_download_shows_where_the_server_keeps_the_run(app: Flask) -> None:
    """Issue 30: the report showed "Ievades fails /tmp/…/cases.jsonl". Every file a user
    downloads (rows, rows CSV, summary CSV, report), of a run with a reform, a date, a case
    that fails and a line that is not JSON, names no folder of the server."""
    good = example("01-adult-esf-project")
    gone = {**good, "person": {**good["person"], "municipality": "Varakļānu novads"}}
    data = (json.dumps(good) + "\n" + json.dumps(gone) + "\n{broken\n").encode()
    client = evaluator(app)
    started = client.post("/replay", data={
        "source": "file", "cases": (io.BytesIO(data), "cases.jsonl"), "on_date": "01.03.2026",
        "reform": (io.BytesIO(REFORM.read_bytes()), "reform.yaml")},
        content_type="multipart/form-data")
    assert started.status_code == 302, started.text
    url = started.headers["Location"]
    page = finished(client, url)
    assert "pabeigts" in page
    folder = Path(app.instance_path) / "replay-jobs" / url.rstrip("/").rsplit("/", 1)[-1]
    names = re.findall(rf'href="{re.escape(url)}/([\w.]+)"', page)
    assert {"rows.jsonl", "rows.csv", "summary.csv", "report.html"} <= set(names)
    for name in names:
        answer = client.get(f"{url}/{name}")
        assert answer.status_code == 200, name
        text = answer.get_data().decode("utf-8-sig")
        for secret in (str(folder), app.instance_path, "replay-jobs", "/tmp", str(Path.home())):
            assert secret not in text, (name, secret)
    report = client.get(f"{url}/report.html").get_data(as_text=True)
    assert "cases.jsonl" in report  # the input is named by the name it was uploaded with
    # viewed in the browser, its own inline styles apply, and nothing else may load or run
    policy = client.get(f"{url}/report.html?view=1").headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script" not in policy


def test_a_csv_line_with_the_wrong_separator_is_named_in_latvian_on_the_job_page(
        app: Flask) -> None:
    """Issue 30: a line that could not be read showed the engine's English."""
    data = (b"case_id;calculation_date;person.birth_date\n"
            b"A,2026-03-01,1990-01-01\n")
    client = evaluator(app)
    started = client.post("/replay", data={"source": "file",
                                           "cases": (io.BytesIO(data), "cases.csv")},
                          content_type="multipart/form-data")
    page = finished(client, started.headers["Location"])
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert cells == [("2", "", "2. rinda: Rinda šķietami atdalīta ar “,” (komatu), bet "
                                "galvene ar “;” (semikolu).")]
    assert "seems separated" not in page
