"""Edits policy staff make in a form, written into the rule files as a person would write them.

A form edit (a value from a date, a rule's texts or its condition) changes the few lines of
one YAML file it is about and leaves every other line — comments, quoting, order — as it
was, so a stored draft reads like a careful hand edit and `rules diff` names exactly that
change. The YAML is located through PyYAML's node marks (the line and column of every
node). Whether the result is a valid rule book is not decided here: the caller loads the
whole book with the engine's loader, the same check as `rules check`, and `spans` says which
lines each form field became, so the loader's `file:line` messages land next to the field.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Where each kind of rule is written: its file and the list in it.
RULE_SECTIONS = {
    "target_group": ("target_groups.yaml", "target_groups"),
    "eligibility": ("eligibility.yaml", "eligibility"),
    "cap": ("eligibility.yaml", "caps"),
    "financing": ("financing.yaml", "financing"),
    "copayment": ("copayment.yaml", "copayment"),
}
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


class EditProblem(Exception):
    """The edit cannot be written (the entry is not where the rule book says it is)."""


@dataclass(frozen=True)
class Span:
    """Lines of a rule file, 1-based and inclusive, as the loader counts them."""

    file: str
    first: int
    last: int

    def holds(self, file: str, line: int | None) -> bool:
        return line is not None and file.endswith(self.file) and \
            self.first <= line <= self.last


@dataclass(frozen=True)
class Edit:
    """The rule book's files after the edit, and which lines each form field became."""

    files: dict[str, str]
    spans: dict[str, Span]


def flow(value: Any) -> str:
    """A value on one line in the rule files' own style: `{from: 2026-01-01, value: "4.10"}`.

    Strings are double-quoted (money stays a string, never a float), switches are
    `true`/`false`, dates ISO — as the files' authors write them.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _key(key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    text = str(key)
    return text if _PLAIN_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def _get(mapping: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _last_line(node: Node, lines: list[str], first: int) -> int:
    """The last line (0-based) a node's text takes, leaving out blank and comment lines.

    A block node's end mark is where the next token starts (the next line's beginning, or
    the indentation before the next key), so that line is not the node's own.
    """
    end = node.end_mark
    last = end.line
    if last >= len(lines) or end.column == 0 or not lines[last][:end.column].strip():
        last -= 1
    while last > first and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
        last -= 1
    return max(last, first)


def _set_key(lines: list[str], mapping: MappingNode, key: str,
             render: Callable[[str], list[str]]) -> tuple[int, int]:
    """Write `key` of `mapping` as `render(key)`'s lines (the key's own line first, the rest
    relative to the key's column); replaces the key and its value, or adds it at the end.
    Returns the 0-based (first, last) lines it takes now."""
    found = _get(mapping, key)
    new = render(key)
    if found is not None:
        key_node, value_node = found
        first, column = key_node.start_mark.line, key_node.start_mark.column
        last = _last_line(value_node, lines, first)
        rest = lines[last][value_node.end_mark.column:] if value_node.end_mark.line == last \
            else ""
        if rest.strip().startswith("#") and len(new) == 1:
            new = [new[0] + rest]
        prefix = lines[first][:column]
    else:
        first_key = mapping.value[0][0]
        column = first_key.start_mark.column
        first = _last_line(mapping, lines, mapping.start_mark.line) + 1
        last = first - 1
        prefix = " " * column
    shown = [prefix + new[0]] + [" " * column + line for line in new[1:]]
    lines[first:last + 1] = shown
    return first, first + len(shown) - 1


def _split(text: str) -> list[str]:
    return text.split("\n")


def add_parameter_value(files: dict[str, str], name: str, valid_from: dt.date, value: Any,
                        reference: str | None) -> Edit:
    """The value of parameter `name` from `valid_from` (a value from the same date is
    replaced; otherwise a line is added in date order)."""
    for file_name in sorted(f for f in files if f.startswith("parameters/")):
        root = yaml.compose(files[file_name], Loader=yaml.SafeLoader)
        parameters = _get(root, "parameters")
        entry = _get(parameters[1], name) if parameters is not None else None
        if entry is not None:
            break
    else:
        raise EditProblem(f"parameter {name} is not in any parameters/*.yaml")
    values = _get(entry[1], "values")
    if values is None or not isinstance(values[1], SequenceNode) or not isinstance(
            entry[1], MappingNode):
        raise EditProblem(f"parameter {name} has no list of values")
    written = {"from": valid_from, "value": value}
    if reference:
        written["reference"] = reference
    line_text = "- " + flow(written)
    lines = _split(files[file_name])
    sequence = values[1]
    if sequence.flow_style or not sequence.value:
        # `values: [...]`: written out as the usual one line per value.
        old = yaml.safe_load(files[file_name])["parameters"][name]["values"] or []
        kept = [v for v in old if v.get("from") != valid_from]
        ordered = sorted([*kept, written], key=lambda v: str(v.get("from")))
        first, _last = _set_key(lines, entry[1], "values", lambda key: [f"{key}:"] + [
            "  - " + flow(v) for v in ordered])
        at = first + 1 + ordered.index(written)
    else:
        at = _insert_item(lines, sequence, valid_from, line_text)
    edited = {**files, file_name: "\n".join(lines)}
    return Edit(edited, {"value": Span(file_name, at + 1, at + 1)})


def _insert_item(lines: list[str], sequence: SequenceNode, valid_from: dt.date,
                 line_text: str) -> int:
    """Put the new value's line among the items (by date); the 0-based line it is on."""
    first_item = sequence.value[0]
    dash_line = lines[first_item.start_mark.line]
    indent = dash_line[:len(dash_line) - len(dash_line.lstrip())]
    for item in sequence.value:
        start = _get(item, "from")
        try:
            day = dt.date.fromisoformat(start[1].value) if start is not None and isinstance(
                start[1], ScalarNode) else None
        except ValueError:
            day = None
        first = item.start_mark.line
        if day == valid_from:
            lines[first:_last_line(item, lines, first) + 1] = [indent + line_text]
            return first
        if day is not None and day > valid_from:
            lines.insert(first, indent + line_text)
            return first
    after = _last_line(sequence.value[-1], lines, sequence.value[-1].start_mark.line) + 1
    lines.insert(after, indent + line_text)
    return after


def rule_entry(files: dict[str, str], kind: str, key: str) -> tuple[str, MappingNode]:
    """The file and the YAML node of a rule by its key (`eligibility:E6`, `cap:E8.2`)."""
    if kind not in RULE_SECTIONS:
        raise EditProblem(f"rules of kind {kind} are not edited here")
    file_name, section = RULE_SECTIONS[kind]
    rule_id, _, nth = key.split(":", 1)[1].partition(".")
    wanted = int(nth) if nth.isdigit() else 1
    root = yaml.compose(files[file_name], Loader=yaml.SafeLoader)
    entries = _get(root, section)
    seen = 0
    for item in entries[1].value if entries is not None else []:
        found = _get(item, "id")
        if found is not None and found[1].value == rule_id:
            seen += 1
            if seen == wanted and isinstance(item, MappingNode):
                return file_name, item
    raise EditProblem(f"rule {key} is not in {file_name}")


def _texts(value: dict[str, str], block: bool) -> Callable[[str], list[str]]:
    def render(key: str) -> list[str]:
        if not block:
            return [f"{key}: {flow(value)}"]
        return [f"{key}:"] + [f"  {lang}: {flow(text)}" for lang, text in value.items()]
    return render


def _typed_yaml(text: str) -> Callable[[str], list[str]]:
    """The condition as the user typed it (their layout and comments kept)."""
    typed = [line.rstrip() for line in text.strip("\n").split("\n")]
    def render(key: str) -> list[str]:
        if len(typed) == 1 and typed[0].lstrip()[:1] in ("{", "["):
            return [f"{key}: {typed[0].strip()}"]
        return [f"{key}:"] + ["  " + line if line else "" for line in typed]
    return render


def edit_rule(files: dict[str, str], kind: str, key: str, title: dict[str, str] | None,
              text: dict[str, str] | None, when: str | None) -> Edit:
    """A rule's title, its text (the refusal text of an eligibility rule) and its condition
    (`when`, YAML as typed); None leaves a part as it is. Parts are written from the last
    line up, so the lines of the parts above stay where they were."""
    file_name, item = rule_entry(files, kind, key)
    lines = _split(files[file_name])
    text_key = "refusal" if _get(item, "refusal") is not None or kind == "eligibility" \
        else "text"
    parts: list[tuple[str, str, Callable[[str], list[str]]]] = []
    if title is not None:
        found = _get(item, "title")
        parts.append(("title", "title", _texts(title, bool(
            found and isinstance(found[1], MappingNode) and not found[1].flow_style))))
    if text is not None:
        found = _get(item, text_key)
        parts.append(("text", text_key, _texts(text, not (
            found and isinstance(found[1], MappingNode) and found[1].flow_style))))
    if when is not None:
        parts.append(("when", "when", _typed_yaml(when)))

    def position(part: tuple[str, str, Callable[[str], list[str]]]) -> int:
        found = _get(item, part[1])
        return found[0].start_mark.line if found is not None else len(lines)

    spans: dict[str, Span] = {}
    shift: list[tuple[int, int]] = []  # (0-based line, lines added) of edits made below
    for field, yaml_key, render in sorted(parts, key=position, reverse=True):
        before = len(lines)
        first, last = _set_key(lines, item, yaml_key, render)
        spans[field] = Span(file_name, first + 1, last + 1)
        shift.append((first, len(lines) - before))
    # A part added at the end moved nothing above it; one replaced above moved those below.
    for field, span in list(spans.items()):
        moved = sum(added for at, added in shift if at < span.first - 1)
        spans[field] = Span(span.file, span.first + moved, span.last + moved)
    return Edit({**files, file_name: "\n".join(lines)}, spans)
