"""Fuzz every door with hostile cases, because nothing a user can send may crash the engine.

Valid cases (synthetic and the examples) are mutated (fields dropped, wrong types, impossible
dates, huge numbers, deep nesting, lone surrogates, unknown fields, duplicate services...),
mixed with random JSON and random bytes, and sent through: the in-process API in forked
children (so a native crash in durable_rules is survived, located and re-run alone; a sample
also runs one case per fresh process, as some crashes need a fresh engine); `budget-engine
replay` with 2 and 1 workers (exit 0, one JSON row per input line, no hang); and `budget-engine
calculate` on a sample (exit 0 or 2, never a Traceback). Case i of a seed is always the same
text, so every finding is reproducible. Exit status 1 on a crash, a Python exception, a hang, a
row-count mismatch or a rejection that names no field. Usage: `python benchmarks/fuzz_cases.py
--cases 100000 --seed 1` (see --help)
"""

from __future__ import annotations

import argparse
import collections
import copy
import functools
import json
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import budget_engine as engine
from budget_engine import CaseError, CaseInputError, load_rules
from budget_engine.evaluation.synthetic import synthetic_case

CLI = str(Path(sys.executable).parent / "budget-engine")  # the one of this venv
#: The codes of the shipped rule book, which the fuzz runs against (`run_in_process`).
SERVICES: tuple[str, ...] = tuple(load_rules().services)
EXAMPLES = [json.loads(p.read_text("utf-8"))
            for p in sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))]
#: Raw JSON fragments json.dumps cannot (or will not) write; put in as quoted placeholders.
RAW = {"@HUGE@": "1" + "0" * 5000, "@NEGHUGE@": "-" + "9" * 5000, "@NAN@": "NaN",
       "@INF@": "-Infinity", "@EXP@": "1e999", "@BIGFLOAT@": "1" + "0" * 5000 + ".5",
       "@DEEPLIST@": "[" * 5000 + "]" * 5000, "@DEEPDICT@": '{"a":' * 3000 + "1" + "}" * 3000}
HOSTILE: list[Any] = [True, False, None, 0, -1, -10**6, 1.5, 10**30, "", " ", "\ud800", "x" * 5000,
                      "2024-01-01T10:00:00", 20240101, [], {}, [1, 2], {"a": 1}, "1e3", "-0",
                      "NaN", "\x00", "Rīga\u202e", *RAW]
DATES = ["2024-02-30", "2023-02-29", "1899-12-31", "0001-01-01", "9999-12-31", "2024-1-1",
         "01.02.2024", "2024-01-01T10:00:00", "2024-01-01T00:00:00Z", "2024-13-01", "", 20240101,
         1700000000, "1800-01-01", "1900-01-01", "2100-06-01", "2999-06-01", "9999-01-01",
         " 2024-01-01", "2024-01-01\n"]
DATE_FIELDS = [("calculation_date",), ("person", "birth_date"), ("residence", "left_vsac_on"),
               ("residence", "institution_placed_on"), ("assessment", "assessed_on"),
               ("di_project", "enrolled_on")]
NO_TARGET: dict[str, Any] = {"disability_group": None, "diagnoses": [], "child_disability": False,
             "special_care_opinion": False, "out_of_family_care": False}
DROP = object()  # the value for _set that removes the field
#: (fields, values): such a mutation sets one of the fields to one of the values.
SETS: list[tuple[list[tuple[Any, ...]], list[Any]]] = [
    (DATE_FIELDS, DATES + HOSTILE),
    ([("person", "municipality")], ["Atlantis", "rīga", "RĪGA", "riga", " Rīga", "Rīga ",
                                    "Rīgas novads", "Rīga\x00", "Ri\u0304ga", *HOSTILE[:12]]),
    ([("format",)], [2, "1", 1.0, True, 0, None, "@HUGE@", DROP]),
    ([("household", "monthly_income"), ("household", "maintainers", 0, "monthly_income")],
     ["-1", "1.005", "1e3", 1e3, "abc", 10**13, "NaN", "Infinity", -0.0, "@EXP@", "@BIGFLOAT@"]),
    ([("requested_services",)], [[], DROP]),
    ([("person", "birth_date")], ["2030-01-01", "2026-12-01", "2099-12-31"]),  # after calc. date
]


def _paths(n: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = n.items() if isinstance(n, dict) else enumerate(n) if isinstance(n, list) else []
    return [p for key, value in items for p in [prefix + (key,), *_paths(value, prefix + (key,))]]


def _parent(case: dict[str, Any], path: tuple[Any, ...]) -> Any:
    try:
        return functools.reduce(lambda node, key: node[key], path[:-1], case)
    except (KeyError, IndexError, TypeError):
        return None


def _set(case: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node, key = _parent(case, path), path[-1]
    if isinstance(node, dict) or (isinstance(node, list) and isinstance(key, int)
                                  and key < len(node)):
        if value is not DROP:
            node[key] = value
        elif key in node or isinstance(node, list):
            node.pop(key)
    elif node is None and len(path) > 1 and value is not DROP:  # give a null parent a body
        _set(case, path[:-1], {key: value})


def mutate(rng: random.Random, case: dict[str, Any]) -> None:
    """One hostile change of `case`, in place."""
    paths, kind = _paths(case), rng.randrange(len(SETS) + 6) - len(SETS)
    if kind < 0:
        fields, values = SETS[kind]
        _set(case, rng.choice(fields), rng.choice(values))
    elif kind <= 1 and paths:  # drop a field, or give it a wrong type or value, anywhere
        _set(case, rng.choice(paths), rng.choice((DROP, rng.choice(HOSTILE))))
    elif kind == 2:  # every service at 999 units, or duplicates, or unknown ones
        services = [{"service": s, "units": 999} for s in SERVICES]
        case["requested_services"] = rng.choice((services, services + services[:3], [
            {"service": rng.choice(SERVICES + ("x", "", "HOME_CARE", "home_cares")),
             "units": rng.choice((0, 1000, -1, "5", 5.0, 5.5, True, "@HUGE@"))}]))
    elif kind == 3:  # no target group (and often no services)
        if isinstance(case.get("person"), dict):
            case["person"].update(NO_TARGET)
        case["assessment"] = rng.choice((None, case.get("assessment")))
        case["requested_services"] = rng.choice(([], [], case.get("requested_services", [])))
    elif kind == 4:  # unknown field at some level
        _set(case, rng.choice(paths or [("x",)])[:-1] + (rng.choice(("x", "caseId", "")),), 1)
    elif isinstance(case.get("assessment"), dict):  # bad shapes, or both areas and items
        case["assessment"].update(rng.choice(({"areas": {"home_living": 200}}, {"care_level": 0},
                                               {"items": {"home_living": [[5, 5, 5]] * 7}},
                                               {"areas": {}, "items": {}})))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.randrange(8 if depth < 4 else 5)
    if roll <= 4:
        return rng.choice((None, True, False, rng.randrange(-10**9, 10**9), rng.random() * 1e6,
                           "".join(chr(rng.randrange(32, 0x3000)) for _ in range(roll * 3))))
    if roll == 5:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    return {rng.choice(("format", "case_id", "person", "requested_services", "x")):
            random_json(rng, depth + 1) for _ in range(rng.randrange(0, 6))}


def make_case(seed: int, number: int) -> str | bytes:
    """Case `number` of `seed`: JSON text (sometimes not JSON at all) or raw bytes."""
    rng = random.Random(f"{seed}:{number}")
    roll = rng.random()
    if roll < 0.03:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 200)))
    if roll < 0.06:
        data: Any = rng.choice(("", "{}", "null", "[]", "{", '{"format": 1', "@DEEPLIST@",
                                "@HUGE@", "@DEEPDICT@", '"case"', "\ufeff{}", "{} {}", "@NAN@"))
        return RAW.get(data, data)
    if roll < 0.12:
        data = random_json(rng)
    else:
        data = (copy.deepcopy(rng.choice(EXAMPLES)) if roll < 0.15 and EXAMPLES
                else synthetic_case(rng, number, services=SERVICES))
        for _ in range(rng.choice((1, 1, 1, 2, 3)) if roll >= 0.27 else 0):  # 12% stay valid
            mutate(rng, data)
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    for placeholder, raw in RAW.items():
        text = text.replace(f'"{placeholder}"', raw)
    return text


def as_bytes(case: str | bytes) -> bytes:
    return case if isinstance(case, bytes) else case.encode("utf-8", "replace")


def calculator(book: Any) -> Any:
    """text -> Budget through the public API: `Calculator` where it exists, else `calculate`."""
    if hasattr(engine, "Calculator"):
        calc = engine.Calculator(book)
        return lambda text: calc.calculate(calc.parse_json(text))
    calculate = vars(engine)["calculate"]  # the API before Calculator
    return lambda text: calculate(engine.parse_case_json(text), book)


def classify(case: str | bytes, calc: Any) -> tuple[str, str]:
    """(outcome, detail) of one case through the in-process API."""
    text = case.decode("utf-8", "surrogateescape") if isinstance(case, bytes) else case
    try:
        calc(text).model_dump_json()
        return "ok", ""
    except (CaseInputError, CaseError) as exc:
        blank = [m for p, m in exc.errors if not p and not m.startswith(
            ("not valid JSON", "a case must be a JSON object"))]
        if text.lstrip().startswith("{") and (blank or not exc.errors):
            return "no_field", "; ".join(blank) or "(no errors listed)"
        return "rejected", ""
    except BaseException as exc:  # noqa: B036 - anything else is a bug to report
        return "exception", f"{type(exc).__name__}: {str(exc)[:200]}"


def _child(conn: Connection, seed: int, start: int, end: int, book: Any) -> None:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # glibc's "free(): invalid pointer" noise
    calc = calculator(book)
    for number in range(start, end):
        conn.send((number, *classify(make_case(seed, number), calc)))


def run_in_process(args: argparse.Namespace, book: Any, crash_dir: Path) -> dict[str, Any]:
    """Chunks in forked children; a child that dies names the case it was on (the one after
    its last report), which is re-run alone ("confirm"); the rest of the chunk goes on."""
    ctx = multiprocessing.get_context("fork")
    n = args.cases
    jobs = [(s, min(s + args.chunk, n), "chunk") for s in range(0, n, args.chunk)]
    fresh = random.Random(args.seed + 1).sample(range(n), min(args.fresh_cases, n))
    jobs += [(k, k + 1, "fresh") for k in sorted(fresh)]
    running: dict[Connection, list[Any]] = {}  # [process, start, end, mode, last, last seen]
    counts: collections.Counter[str] = collections.Counter()
    kinds: dict[str, list[int]] = collections.defaultdict(list)
    crashes: list[tuple[int, str]] = []

    def lost(how: str, job: list[Any], seed: int = args.seed) -> None:
        _, start, end, mode, number = *job[:4], job[4] + 1
        if mode == "chunk":
            counts["hang" if how == "hang" else "crash"] += 1
            crashes.append((number, f"child died ({how}) in chunk [{start}, {end})"))
            jobs[:0] = [(number, number + 1, "confirm"), (number + 1, end, "chunk")]
            return
        counts["fresh_crash"] += mode == "fresh"
        (path := crash_dir / f"crash-{number}.json").write_bytes(as_bytes(make_case(seed, number)))
        crashes.append((number, f"{how} alone in a fresh process ({mode}): {path}"))

    while jobs or running:
        while jobs and len(running) < args.jobs:
            start, end, mode = jobs.pop(0)
            parent_end, child_end = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child_end, args.seed, start, end, book))
            proc.start()
            child_end.close()
            running[parent_end] = [proc, start, end, mode, start - 1, time.monotonic()]
        ready = wait(list(running), timeout=5)
        for conn, job in list(running.items()):
            try:
                if conn in ready:
                    number, outcome, detail = conn.recv()
                    job[4:] = [number, time.monotonic()]
                    counts[outcome] += job[3] == "chunk"
                    if detail and job[3] == "chunk":
                        kinds[f"{outcome}: {re.sub(r'[0-9]+', 'N', detail)[:90]}"] += [number]
                    continue
                if time.monotonic() - job[5] < args.case_timeout:
                    continue
                job[0].kill()  # a hang: kill our own child
            except (EOFError, OSError):  # the child has ended: how?
                pass
            job[0].join()
            del running[conn]
            if job[0].exitcode != 0 and job[4] + 1 < job[2]:
                lost(f"exit {job[0].exitcode}" if conn in ready else "hang", job)
            elif job[3] == "confirm":
                crashes.append((job[1], "does not crash alone: needs the cases before it"))
    return {"counts": counts, "kinds": kinds, "crashes": sorted(crashes)}


def run_replay(seed: int, cases: int, workers: int, tmp: str) -> tuple[str, bool]:
    """(summary, failed) of `budget-engine replay` on cases 0..cases-1 as JSON Lines."""
    source, out = os.path.join(tmp, "cases.jsonl"), os.path.join(tmp, f"out-{workers}.jsonl")
    with open(source, "w", encoding="utf-8", newline="") as f:
        for number in range(cases):  # one case per line; valid UTF-8 (or the file is refused)
            line = as_bytes(make_case(seed, number)).decode("utf-8", "replace")
            f.write(line.replace("\r", " ").replace("\n", " ") + "\n")
    lines = sum(1 for text in Path(source).read_text("utf-8").split("\n") if text.strip())
    command = [CLI, "replay", source, "--out", out, "--quiet", "--workers", str(workers)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stderr, rc = proc.communicate(timeout=120 + cases / 100)[1].strip(), proc.returncode
    except subprocess.TimeoutExpired:  # a hang: kill the replay and its workers (our group)
        os.killpg(proc.pid, signal.SIGKILL)
        stderr, rc = proc.communicate()[1].strip(), "HANG"
    r: collections.Counter[str] = collections.Counter()
    with open(out if os.path.exists(out) else os.devnull, encoding="utf-8") as f:
        for text in f:
            try:
                error = json.loads(text).get("error", False)  # not an object: AttributeError
            except (ValueError, AttributeError):
                r["bad rows"] += 1
                continue
            r["budgets" if error is False else "errors"] += 1
            r["internal"] += "internal error" in str(error)
    if stderr:
        print(f"  replay --workers {workers} stderr ends {stderr.splitlines()[-1][:300]!r}")
    out_rows = r["budgets"] + r["errors"] + r["bad rows"]
    summary = (f"{lines} in, {out_rows} out ({r['budgets']} budgets, {r['errors']} errors, "
               f"{r['internal']} internal, {r['bad rows']} not JSON); exit {rc}")
    return summary, rc != 0 or out_rows != lines or r["bad rows"] + r["internal"] > 0


def run_cli(case: str | bytes, tmp: str, number: int) -> tuple[int, int | str, bool]:
    path = os.path.join(tmp, f"cli-{number}.json")
    Path(path).write_bytes(as_bytes(case))
    try:
        proc = subprocess.run([CLI, "calculate", path], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return number, "HANG", False
    return number, proc.returncode, b"Traceback" in proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag, default, help_text in (
            ("--cases", 100_000, "cases through the in-process API"), ("--seed", 1, ""),
            ("--replay-cases", 0, "replayed with 2 workers, 1/5 of them with 1 (0: --cases)"),
            ("--cli-cases", 300, "cases through `budget-engine calculate`"),
            ("--fresh-cases", 2000, "cases also run each alone in a fresh process"),
            ("--jobs", os.cpu_count() or 2, "child processes at a time"),
            ("--chunk", 2000, "cases per child"), ("--case-timeout", 60, "seconds: a hang")):
        parser.add_argument(flag, type=int, default=default, help=help_text)
    parser.add_argument("--crash-dir", help="where crashing cases go (default: a temp dir)")
    args = parser.parse_args()
    replay_n = min(args.cases, args.replay_cases or args.cases)
    (crash_dir := Path(args.crash_dir or tempfile.mkdtemp(prefix="fuzz-"))).mkdir(exist_ok=True)
    started, book = time.perf_counter(), load_rules()  # durable_rules runs only in children

    found = run_in_process(args, book, crash_dir)
    print(f"in-process: {args.cases} cases (seed {args.seed}) in "
          f"{time.perf_counter() - started:.0f} s; findings, most frequent first:")
    for kind, numbers in sorted(found["kinds"].items(), key=lambda kv: -len(kv[1]))[:10]:
        path = crash_dir / f"{kind.split(':')[0]}-{numbers[0]}.json"
        path.write_bytes(as_bytes(make_case(args.seed, numbers[0])))
        print(f"  {len(numbers):6d} x {kind}\n         e.g. case {numbers[0]}: "
              f"{make_case(args.seed, numbers[0])[:240]!r}\n         full case: {path}")
    for number, line in found["crashes"][:20]:
        print(f"  CRASH case {number}: {line}")
    print(f"  {len(found['crashes'])} crash lines in all; crashing cases are in {crash_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        replays = {w: run_replay(args.seed, n, w, tmp)
                   for w, n in ((2, replay_n), (1, max(1, replay_n // 5)))}
        sample = random.Random(args.seed).sample(range(args.cases),
                                                 min(args.cli_cases, args.cases))
        with ThreadPoolExecutor(args.jobs) as pool:
            cli = list(pool.map(lambda n: run_cli(make_case(args.seed, n), tmp, n), sample))
    for n, rc, _ in [c for c in cli if c[1] not in (0, 2)][:10]:
        print(f"  CLI exit {rc} on case {n}: {make_case(args.seed, n)[:200]!r}")

    counts, cli_codes = found["counts"], collections.Counter(rc for _, rc, _ in cli)
    tracebacks = sum(tb for _, _, tb in cli)
    rows: list[tuple[str, Any]] = [("cases generated", args.cases)]
    rows += [(f"in-process {k}", counts[k]) for k in
             ("ok", "rejected", "no_field", "exception", "crash", "hang")]
    rows += [(f"crash alone in a fresh process (of {args.fresh_cases})", counts["fresh_crash"])]
    rows += [(f"replay --workers {w}", summary) for w, (summary, _) in replays.items()]
    rows += [("CLI exit codes", dict(sorted(cli_codes.items(), key=str))),
             ("CLI stderr with Traceback", tracebacks),
             ("crash dir", crash_dir), ("total time", f"{time.perf_counter() - started:.0f} s")]
    failed = any(counts[k] for k in ("no_field", "exception", "crash", "hang", "fresh_crash"))
    failed |= any(bad for _, bad in replays.values()) or tracebacks > 0 or any(
        rc not in (0, 2) for rc in cli_codes)
    print("\n" + "\n".join(f"{name:<40} {value}" for name, value in rows))
    print("RESULT:", "FAIL" if failed else "pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
