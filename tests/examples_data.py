"""The worked examples, kept as test data in tests/data/examples (a copy of the spec's).

The repository must run its tests on its own, so the examples live here;
`tests/data/examples/check_against_spec.py` compares them with a spec folder you name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples"


def example_names() -> list[str]:
    return sorted(p.name[:-5] for p in EXAMPLES.glob("*.json")
                  if not p.name.endswith(".expected.json"))


def example_case(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def example_expected(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
