"""The report's words, read once from `report_texts.yaml` (data, not code): payer names,
row labels and headings in Latvian and English."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml


def _load() -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "report_texts.yaml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _frozen(table: dict[str, dict[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({key: MappingProxyType(texts) for key, texts in table.items()})


_TEXTS = _load()
SOURCE_NAMES = _frozen(_TEXTS["sources"])
WORDS = _frozen(_TEXTS["words"])
TEXT = _frozen(_TEXTS["text"])
