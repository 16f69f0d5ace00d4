"""One evaluator's replay job, run in its own process:
`python -m budget_web.evaluation.replay_job FOLDER`.

It runs the `budget-engine` commands a user would type (`synth` for a synthetic population,
then `replay` with the reform, report and aggregates), so the page's figures are the
command's. The outcome goes to `done.json`; a failure is recorded in words there and in full
in `runner.log`, never shown to the user as a trace. Done, it starts the next job waiting
for a slot (`job_queue.after_run`).
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from pathlib import Path
from typing import Any

from budget_engine import engine_cli

from .replay_jobs import on_date, write_whole


def _invoke(args: list[str], log: Path) -> int:
    """Run one command of the engine's group; its messages (and progress) go to `log`."""
    with open(log, "a", encoding="utf-8") as err, contextlib.redirect_stderr(err):
        try:
            engine_cli().main(args=args, prog_name="budget-engine", standalone_mode=False)
        except SystemExit as exc:
            return int(exc.code or 0)
        except Exception as exc:  # noqa: BLE001 - click's usage errors and the like, in words
            err.write(f"\n{type(exc).__name__}: {exc}\n")
            return 2
    return 0


def run(folder: Path) -> dict[str, Any]:
    meta = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    log = folder / "progress.log"
    cases = folder / str(meta.get("input", "cases.jsonl"))
    if meta.get("profile"):
        code = _invoke(["synth", "--profile", meta["profile"], "--n", str(meta["n"]),
                        "--seed", str(meta["seed"]), "--out", str(cases)]
                       + (["--on", str(meta["on_date"])] if meta.get("on_date") else []), log)
        if code != 0:
            return {"exit_code": code, "step": "synth"}
        if meta.get("on_date") and meta.get("kind") == "impact":  # (replay: --on below)
            dated = cases.with_name(cases.name + ".dated")
            with open(cases, encoding="utf-8") as lines, open(dated, "w",
                                                                encoding="utf-8") as out:
                for line in lines:
                    if line.strip():
                        out.write(on_date(line.rstrip("\n"), meta["on_date"]) + "\n")
            dated.replace(cases)
    args = ["replay", str(cases), "--out", str(folder / "rows.jsonl"),
            "--summary-csv", str(folder / "summary.csv"),
            "--lang", meta.get("lang", "lv"), "--workers", str(meta.get("workers", 2))]
    if meta.get("kind") != "impact":  # an impact run writes its own report (below)
        args += ["--report", str(folder / "report.html"), "--rows-csv",
                 str(folder / "rows.csv"), "--sums", str(folder / "sums.json"),
                 "--input-name", str(meta.get("input_name") or meta.get("profile") or "")]
        if meta.get("on_date"):
            args += ["--on", str(meta["on_date"])]
        for option, key in (("--base-label", "base_label"), ("--compare-label",
                                                            "compare_label")):
            if meta.get(key):
                args += [option, str(meta[key])]
    else:  # from the aggregates the workers summed (impact_result.summarise)
        args += ["--sums", str(folder / "sums.json")]
    if meta.get("rules"):  # the rule book the server calculated with when the job began
        args += ["--rules", str(folder / meta["rules"])]
    if meta.get("reform"):
        args += ["--reform", str(folder / meta["reform"])]
    if meta.get("compare_rules"):
        args += ["--compare", str(folder / meta["compare_rules"])]
    code = _invoke(args, log)
    if code != 0 or meta.get("kind") != "impact":
        return {"exit_code": code, "step": "replay"}
    from ..policy.impact_result import summarise

    summarise(folder, meta)
    return {"exit_code": 0, "step": "impact"}


def main(argv: list[str]) -> int:
    folder = Path(argv[1])
    try:
        outcome = run(folder)
    except Exception:  # noqa: BLE001 - recorded for the operator; the page says it failed
        traceback.print_exc()
        outcome = {"exit_code": 1, "step": "runner"}
    write_whole(folder / "done.json", json.dumps(outcome))
    try:  # this job's slot is free: the next in line starts now, not at the next page look
        from .job_queue import after_run

        after_run(folder)
    except Exception:  # noqa: BLE001 - the next page look starts it; the operator is told
        traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
