"""The plan of the house, held by its imports: no import circles, and the engine's layers.

tests/test_layering.py holds the border between budget_web/ and the engine (web uses the public
API only). This file holds the inside, over the same kind of graph (ast, no import run):

- no circle among the modules of budget_engine/ and web/: an import made inside a function
  or under `if TYPE_CHECKING:` counts too (it hides a circle, it does not open it);
- the engine's layers, written down once (LAYERS, top first): a module imports only from its
  own layer or one below it. `budget_engine/__init__.py` is the public API, above them all.

The graph is read from the source; `from pkg import name` is an arrow to the module
`pkg.name` where there is one, else to `pkg` itself (its `__init__.py`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("budget_engine", "budget_web")

#: The engine's layers, top first: each may import its own layer and those below it only.
#: A module is in the layer of the longest prefix that names it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cli", ("budget_engine.cli",)),
    ("evaluation", ("budget_engine.evaluation",)),
    ("calculation", ("budget_engine.",)),  # the package's own modules and processes/
    ("rulebook", ("budget_engine.rulebook",)),
    ("models", ("budget_engine.models", "budget_engine.money", "budget_engine.dates",
                "budget_engine.field_checks")),
)
PUBLIC_API = "budget_engine"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "_compiled" not in path.parts:
                found[module_name(path)] = path
    return found


def arrows(path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that the file imports, wherever in the file it does."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in known:
                    found.add(f"{source}.{alias.name}")
                elif source in known:
                    found.add(source)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: arrows(path, set(modules)) for name, path in modules.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part: list[str] = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        part.append(top)
                        if top == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def layer_of(module: str) -> int | None:
    """The engine layer's index (0 = top), None for the public API and for web."""
    if module == PUBLIC_API or not module.startswith(PUBLIC_API + "."):
        return None
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for number, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix if prefix.endswith(".")
                                                     else prefix + "."):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), number)
    assert best is not None, f"{module} is in no layer: add it to LAYERS"
    return best[1]


def test_the_graph_sees_the_kinds_of_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    package = tmp_path / "budget_engine" / "evaluation"
    package.mkdir(parents=True)
    sample = package / "sample.py"
    sample.write_text("from typing import TYPE_CHECKING\nfrom ..models import Case\n"
                      "from . import replay\nfrom .. import COMPILED\nimport budget_engine.dates\n"
                      "if TYPE_CHECKING:\n    from ..calculator import Calculator\n"
                      "def f():\n    from budget_engine.cli import commands\n", "utf-8")
    known = {"budget_engine", "budget_engine.models", "budget_engine.evaluation.replay",
             "budget_engine.dates", "budget_engine.calculator", "budget_engine.cli.commands",
             "budget_engine.evaluation.sample"}
    assert arrows(sample, known) == known - {"budget_engine.evaluation.sample"}


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}) == [
        ["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_layers_place_each_module() -> None:
    assert layer_of("budget_engine.cli.commands") == 0
    assert layer_of("budget_engine.evaluation.replay") == 1
    assert layer_of("budget_engine.calculator") == 2
    assert layer_of("budget_engine.runtime.isolation") == 2
    assert layer_of("budget_engine.rulebook.loader") == 3
    assert layer_of("budget_engine.models") == 4
    assert layer_of("budget_engine") is None and layer_of("budget_web.app") is None


def test_every_module_is_read() -> None:
    edges = graph()
    assert {"budget_engine.calculator", "budget_engine.evaluation.replay",
            "budget_web.cases.pages", "budget_web.api.cases"} <= set(edges)
    assert "budget_engine.runtime.session" in edges["budget_engine.memo"]


def test_no_import_circles() -> None:
    found = circles(graph())
    assert found == [], "import circles (break each: move what both sides need below " \
                        "them): " + "; ".join(" <-> ".join(part) for part in found)


def test_no_engine_layer_imports_a_higher_one() -> None:
    wrong = []
    for module, targets in graph().items():
        here = layer_of(module)
        if here is None:
            continue
        for target in sorted(targets):
            there = layer_of(target) if target != PUBLIC_API else -1
            if there is not None and there < here:
                name = "the public API" if there < 0 else LAYERS[there][0]
                wrong.append(f"{module} ({LAYERS[here][0]}) imports {target} ({name})")
    assert wrong == [], "a lower layer imports a higher one:\n" + "\n".join(wrong)


#: The most modules (its `__init__` not counted) one package folder may hold: past it, the
#: folder no longer shows its plan at a glance; split it by job.
MOST_MODULES = 15


def test_no_package_folder_holds_more_than_fifteen_modules() -> None:
    crowded = {}
    for package in (ROOT / "budget_engine", ROOT / "budget_web"):
        for folder in [package, *[p.parent for p in package.rglob("__init__.py")]]:
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            if len(modules) > MOST_MODULES and "translations" not in folder.parts:
                crowded[str(folder.relative_to(ROOT))] = len(modules)
    assert crowded == {}, f"package folders of more than {MOST_MODULES} modules: {crowded}"
