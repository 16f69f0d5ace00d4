"""Reading the worked examples of ../shared/spec/examples (tests read them, never copies)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"


def example_names() -> list[str]:
    return sorted(p.name[:-5] for p in EXAMPLES.glob("*.json")
                  if not p.name.endswith(".expected.json"))


def example_case(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def example_expected(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
