"""The names of the 57 AIS activities and 28 extra items, from budget_web/data/ais_items.yaml.

The Latvian names there are working translations (marked so in the file) until the official
wording of the Latvian AIS form replaces them; keeping them in one data file means that
replacement touches no code. Read once per process: the file ships with the package.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parents[2] / "data" / "ais_items.yaml"


@lru_cache(maxsize=1)
def _groups() -> dict[str, Any]:
    with open(DATA, encoding="utf-8") as data:
        groups: dict[str, Any] = yaml.safe_load(data)["groups"]
    return groups


def item_names(group: str, lang: str) -> list[str]:
    """`HL3 Ēdiena gatavošana`, ... for an area (or `medical`, `behavioural`), in order."""
    return [f"{item['code']} {item.get(lang) or item['en']}" for item in _groups()[group]["items"]]


def group_title(group: str, lang: str) -> str:
    title = _groups()[group]["title"]
    return str(title.get(lang) or title["en"])
