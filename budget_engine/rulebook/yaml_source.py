"""Reading rule files so that every later error can point at `file:line`.

Policy staff edit YAML by hand; an error that says only "invalid" would send them hunting,
so every mapping remembers the line it starts on and the line of each of its keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class RuleError(Exception):
    """A rule file is wrong; `str()` reads `rules/eligibility.yaml:42: unknown fact "agee"`."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class RuleErrors(Exception):
    """Every error found in the rule files at once, so one check lists them all."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class LineDict(dict[str, Any]):
    """A mapping from a YAML file that knows where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class PlainLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases (`&name`, `*name`).

    Rule files and the values policy staff type never need them, and nine nested aliases of
    nine make a billion values out of a few lines: whatever walks the result then runs for
    hours. They are refused where they stand, with the line, as any other YAML mistake.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call,unused-ignore]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not accepted: write the "
                "value out in full", event.start_mark)
        return super().compose_node(parent, index)


def load_plain_yaml(text: str) -> Any:
    """YAML text typed by a person (a form field), read as the rule files are read."""
    return yaml.load(text, Loader=PlainLoader)  # noqa: S506 - a SafeLoader subclass


class _LineLoader(PlainLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise RuleError("", key_node.start_mark.line + 1, f"duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2024-13-01) is named with its line, not a traceback."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise RuleError("", node.start_mark.line + 1,
                        f"{node.value!r} is not a real date ({exc})") from None


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def display_path(path: Path) -> str:
    """The path as a user typed it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Any:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(shown, None, f"cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except RuleError as exc:
        raise RuleError(shown, exc.line, exc.message) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(shown, line, f"not valid YAML: {problem}") from None
