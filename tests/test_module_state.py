"""`budget_engine/` keeps no state in module globals: every cache lives in an object built at
an entry point (the `Calculator`), so two rule books in one process cannot see each other's
values and a test cannot leak into the next. Module-level names are constants: tuples,
frozensets, read-only mappings, compiled patterns, types."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "budget_engine"
MUTABLE_LITERALS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
CACHING_DECORATORS = {"lru_cache", "cache"}


def _module_problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        names = [getattr(t, "id", "") for t in getattr(node, "targets", [])]
        if value is None or names == ["__all__"]:
            pass
        elif isinstance(value, MUTABLE_LITERALS):
            problems.append(f"{path.name}:{node.lineno}: a mutable {type(value).__name__}")
        elif isinstance(value, ast.Call) and getattr(value.func, "id", None) in MUTABLE_CALLS:
            problems.append(f"{path.name}:{node.lineno}: {value.func.id}()")  # type: ignore[attr-defined]
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = getattr(target, "attr", getattr(target, "id", ""))
                if name in CACHING_DECORATORS:
                    problems.append(f"{path.name}:{node.lineno}: a module-level cache")
        if isinstance(node, ast.Global):
            problems.append(f"{path.name}:{node.lineno}: global")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            problems.append(f"{path.name}:{node.lineno}: `global` statement")
    return problems


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_level_mutable_state(path: Path) -> None:
    assert _module_problems(path) == []


def test_the_check_finds_a_module_cache(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import functools\nSEEN = {}\n\n@functools.lru_cache\ndef f(): pass\n")
    assert [p.split(": ", 1)[1] for p in _module_problems(sample)] == [
        "a mutable Dict", "a module-level cache"]
