"""The compiled hot modules (`budget-engine compile`, budget_engine/compiled.py) must give
exactly what the plain Python sources give, and a build that no longer matches the sources
must never be used.

The comparison runs the same cases (dated on both sides of every change of the rule book,
both languages, bad cases too) through replay's fast path and the straightforward path in
two processes, one with the build and one with `BUDGET_ENGINE_PURE=1`, and compares every
output line. CI compiles before the tests (.ci/run), so there it must be in use."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import budget_engine
from budget_engine.runtime import compiled

HERE = Path(__file__).resolve().parent


def _outputs(path: Path) -> None:
    """Every output line of the cases below, written to `path` (run in a subprocess)."""
    sys.path.insert(0, str(HERE))
    from test_decision_memo import dated_cases

    from budget_engine import Calculator, load_rules
    from budget_engine import calculator as calculator_module
    from budget_engine.evaluation.replay import replay_one
    from budget_engine.evaluation.synthetic import synthetic_case

    book = load_rules()
    rng = random.Random(41)
    texts = [json.dumps(case, default=str, ensure_ascii=False)
             for case in dated_cases(book, per_date=120, seed=40)]
    texts += [json.dumps(synthetic_case(rng, n, services=tuple(book.services)), default=str)
              for n in range(300)]
    bad = json.loads(texts[0])
    bad["requested_services"] = [{"service": "no_such_service", "units": 3}]
    texts += [json.dumps(bad, default=str), '{"format": 1}', "not json"]
    calculator = Calculator(book)
    with path.open("w", encoding="utf-8") as out:
        out.write(f"compiled: {budget_engine.COMPILED}, "
                  f"calculator from {Path(calculator_module.__file__ or '').suffix}\n")
        for line, text in enumerate(texts, start=1):
            lang = "en" if line % 3 == 0 else "lv"
            for fast in (True, False):
                out.write(replay_one(line, text, calculator, lang, fast)[1] + "\n")


def _run(path: Path, pure: bool) -> list[str]:
    env = {**os.environ, "BUDGET_ENGINE_PURE": "1" if pure else "0"}
    subprocess.run([sys.executable, __file__, str(path)], env=env, check=True, timeout=300)
    return path.read_text("utf-8").splitlines()


def test_compiled_and_plain_python_write_identical_budgets(tmp_path: Path) -> None:
    if not budget_engine.COMPILED:
        if os.environ.get("CI"):
            pytest.fail("CI compiles first (.ci/run): the build should be in use")
        pytest.skip("running as plain Python (no current build, or BUDGET_ENGINE_PURE=1)")
    with_build = _run(tmp_path / "compiled.txt", pure=False)
    plain = _run(tmp_path / "plain.txt", pure=True)
    assert with_build[0] == "compiled: True, calculator from .so"
    assert plain[0] == "compiled: False, calculator from .py"
    assert len(with_build) == len(plain) > 4000
    for number, (mine, theirs) in enumerate(zip(with_build[1:], plain[1:], strict=True)):
        assert mine == theirs, f"output {number}"
    budgets = [line for line in plain[1:] if line.startswith('{"format":1')]
    errors = [line for line in plain[1:] if '"error"' in line[:200]]
    assert len(budgets) > 3500 and len(errors) >= 6


def test_a_build_of_other_sources_is_stale_and_not_used(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_COMPILED_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGET_ENGINE_PURE", raising=False)
    path: list[str] = []
    assert compiled.build_state(tmp_path) == "absent"
    assert not compiled.activate(path) and path == []
    (tmp_path / compiled.MANIFEST).write_text(json.dumps({"digest": "0" * 64}), "utf-8")
    assert compiled.build_state(tmp_path) == "stale"
    assert not compiled.activate(path) and path == []
    assert "older than the sources" in capsys.readouterr().err


def test_the_digest_changes_with_any_source(tmp_path: Path) -> None:
    package = tmp_path / "budget_engine"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", "utf-8")
    first = compiled.source_digest(package)
    (package / "a.py").write_text("x = 2\n", "utf-8")
    assert compiled.source_digest(package) != first


def test_the_plain_switch_turns_a_current_build_off(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_ENGINE_COMPILED_DIR", str(tmp_path))
    (tmp_path / compiled.MANIFEST).write_text(
        json.dumps(compiled._expected_manifest(compiled.PACKAGE_DIR)), "utf-8")
    assert compiled.build_state(tmp_path) == "current"
    monkeypatch.setenv("BUDGET_ENGINE_PURE", "1")
    path: list[str] = []
    assert not compiled.activate(path) and path == []


if __name__ == "__main__":
    _outputs(Path(sys.argv[1]))


def test_the_commands_see_what_the_package_activated() -> None:
    # `budget-engine compile --check` asks compiled.in_use(): the CLI is below the package's
    # face and does not import it (tests/test_import_graph.py), so both must agree.
    assert compiled.in_use() == budget_engine.COMPILED
    code = ("import budget_engine; from budget_engine.runtime import compiled; "
            "print(compiled.in_use(), budget_engine.COMPILED)")
    for pure in ("0", "1"):
        shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               env={**os.environ, "BUDGET_ENGINE_PURE": pure}, check=True)
        first, second = shown.stdout.split()
        assert first == second


def test_byte_compile_writes_every_modules_byte_code(tmp_path: Path) -> None:
    """`budget-engine compile` also writes the package's byte code (a faster start where
    PYTHONDONTWRITEBYTECODE keeps Python from writing it); a module that does not compile
    makes it say so."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "a.py").write_text("X = 1\n", "utf-8")
    (package / "sub" / "b.py").write_text("Y = 2\n", "utf-8")
    assert compiled.byte_compile(package)
    written = sorted(p.name.split(".")[0] for p in package.rglob("__pycache__/*.pyc"))
    assert written == ["a", "b"]
    (package / "c.py").write_text("def (:\n", "utf-8")
    assert not compiled.byte_compile(package)
