"""The layers point one way: budget_web/ uses the engine's public API only, the engine knows no web.

- every import of budget_engine in budget_web/ is `from budget_engine import X` (the names in
  `budget_engine.__all__`), never a module of it (`budget_engine.models`, ...);
- nothing in budget_engine/ imports flask (or any flask_* package) or web.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import budget_engine

ROOT = Path(__file__).resolve().parent.parent
WEB_FILES = sorted((ROOT / "budget_web").rglob("*.py"))
ENGINE_FILES = sorted((ROOT / "budget_engine").rglob("*.py"))


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in a file; `import a.b` gives ("a.b", [])."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_files_are_found() -> None:
    assert {"app.py", "cases/pages.py", "cli.py", "policy/rules_pages.py"} <= {
        p.relative_to(ROOT / "budget_web").as_posix() for p in WEB_FILES}
    assert {"__init__.py", "calculator.py", "cli/commands.py"} <= {
        p.relative_to(ROOT / "budget_engine").as_posix() for p in ENGINE_FILES}


def test_the_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import budget_engine.models\nfrom budget_engine.replay import Summary\n"
                      "from budget_engine import Case\nfrom .. import budget_web\n"
                      "def f():\n    import flask\n", "utf-8")
    assert imports(sample) == [(1, "budget_engine.models", []),
                               (2, "budget_engine.replay", ["Summary"]),
                               (3, "budget_engine", ["Case"]), (4, "..", ["budget_web"]),
                               (6, "flask", [])]


@pytest.mark.parametrize("path", WEB_FILES, ids=_shown)
def test_web_uses_the_public_api_only(path: Path) -> None:
    for line, module, names in imports(path):
        where = f"{_shown(path)}:{line}"
        if module == "budget_engine":
            assert names, f"{where}: import budget_engine names nothing; import what you use"
            for name in names:
                assert name in budget_engine.__all__, (
                    f"{where}: budget_engine.{name} is not in budget_engine.__all__; export "
                    "it from budget_engine/__init__.py if web needs it")
        else:
            assert not module.startswith("budget_engine."), (
                f"{where}: web imports the engine module {module}; import from "
                "budget_engine (its public API) instead")


def _is_web_or_flask(module: str) -> bool:
    top = module.split(".")[0]
    return top in ("flask", "budget_web", "werkzeug") or top.startswith("flask_")


@pytest.mark.parametrize("path", ENGINE_FILES, ids=_shown)
def test_the_engine_imports_no_web(path: Path) -> None:
    for line, module, names in imports(path):
        where = f"{_shown(path)}:{line}"
        assert not _is_web_or_flask(module), f"{where}: the engine imports {module}"
        if module.startswith(".."):  # above the package: `from .. import budget_web`, `..web`
            above = module.lstrip(".")
            assert not _is_web_or_flask(above) if above else "budget_web" not in names, (
                f"{where}: the engine imports web")


def test_every_public_name_is_there() -> None:
    for name in budget_engine.__all__:
        assert hasattr(budget_engine, name), f"budget_engine.__all__ names a missing {name}"
