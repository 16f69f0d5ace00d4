"""Rule files read from libyaml's events (issue 26, fast start) read as the pure-Python
reading does: the same values, the same lines, and every problem the same `RuleError`
(a file with a problem is always read again in pure Python, which names it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from budget_engine.rulebook import yaml_source
from budget_engine.rulebook.loader import default_rules_dir

pytestmark = pytest.mark.skipif(not yaml_source.LIBYAML, reason="PyYAML without libyaml")


def _shape(value: Any) -> Any:
    """The value with every mapping's own line and its keys' lines, to compare exactly."""
    if isinstance(value, dict):
        return (type(value).__name__, getattr(value, "line", None),
                dict(getattr(value, "key_lines", {})),
                {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """(libyaml's reading, the pure reading): each a value or the RuleError raised."""
    found = []
    for libyaml in (True, False):
        monkeypatch.setattr(yaml_source, "LIBYAML", libyaml)
        try:
            found.append(_shape(yaml_source.parse_yaml(text, "rules/x.yaml")))
        except yaml_source.RuleError as exc:
            found.append((str(exc), exc.line, exc.kind, exc.context))
    return found[0], found[1]


@pytest.mark.parametrize("path", sorted(default_rules_dir().rglob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_shipped_rule_file_reads_the_same(path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = _both(path.read_text("utf-8"), monkeypatch)
    assert fast == pure
    assert isinstance(fast, tuple) and fast[0] == "LineDict"


def test_a_good_file_is_taken_from_libyaml() -> None:
    read, value = yaml_source._read_fast("a: 1\nb:\n  - {c: 2024-01-31}\n")
    assert read and value == {"a": 1, "b": [{"c": dt.date(2024, 1, 31)}]}
    assert value.line_of("b") == 2 and value["b"][0].line == 3


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                       # an alias
    "a: 1\na: 2\n",                           # a duplicate key
    "a: 2024-13-01\n",                        # no such date
    "a:\n\t- 1\n",                            # a tab
    "a: [1, 2\n",                             # unclosed
    "a: \x00\n",                              # a control character
    "a: " + "[" * 60 + "]" * 60 + "\n",       # too deep
    "? [1]\n: 2\n",                           # a list as a key
    "a: " + "9" * 40 + "\n",                  # too many digits
    "a: 1\n--- \nb: 2\n",                     # two documents
])
def test_every_problem_is_the_pure_readings(text: str, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    fast, pure = _both(text, monkeypatch)
    assert fast == pure
    assert isinstance(pure, tuple) and pure[0].startswith("rules/x.yaml")
