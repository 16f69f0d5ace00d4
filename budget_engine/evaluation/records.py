"""What a cases file holds, record by record: a case's text (JSON Lines) or its cells (CSV),
or a line that could not be read; and the run's summary. Replay and the CSV reader of
`tabular` both build on these, so they live below both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

PROGRESS_EVERY = 500
#: A line of a cases file longer than this (in bytes, its line end not counted) is an error
#: row of its own, read no further than this: a case's CSV line is a few hundred bytes, a
#: JSON case a few kilobytes. It also bounds a CSV cell (a cell never spans lines,
#: `tabular.read_table`) below the csv module's field limit (131,072 characters), which is
#: process-wide and so is left as it is.
MAX_LINE_BYTES = 64 * 1024
#: At most this many characters of a case id (or other text of the input) an error row
#: echoes, then "…": a 20,000-digit case id was written whole into every row and report.
ECHO_LIMIT = 100


class ReplayInputError(Exception):
    """The replay file as a whole cannot be read (missing, not a file)."""


class CellsError(ValueError):
    """A CSV row's cells cannot make a case (`csv_row_to_case`): the English message, its
    `kind` and the values it names, as a `ReadProblem` carries them."""

    def __init__(self, message: str, kind: str, context: dict[str, Any]) -> None:
        super().__init__(message)
        self.kind = kind
        self.context = context


@dataclass
class Summary:
    cases: int = 0
    budgets: int = 0
    errors: int = 0
    blank_lines: int = 0
    seconds: float = 0.0

    def counted(self, ok: bool, progress: Callable[[int], None] | None = None) -> None:
        """One more row written (a budget, or an error row); progress every few hundred."""
        self.cases += 1
        if ok:
            self.budgets += 1
        else:
            self.errors += 1
        if progress is not None and self.cases % PROGRESS_EVERY == 0:
            progress(self.cases)


@dataclass
class ReadProblem:
    """An input line that could not be read as a case at all: the engine's English
    `message` (kept in rows.jsonl for tools), its `kind` and the values it names
    (`context`), from which a report words it in its own language
    (`case_reasons.row_reason`)."""

    message: str
    kind: str = "read_error"
    context: dict[str, Any] = field(default_factory=dict)


#: What a reader yields per case: a JSON text (JSON Lines), a dict (CSV) or a ReadProblem.
Payload = str | dict[str, Any] | ReadProblem
Record = tuple[int, Payload]


def echoed(text: str, limit: int = ECHO_LIMIT) -> str:
    """The input's own text as an error row or message quotes it: writable as UTF-8
    (`writable`) and at most `limit` characters, then "…"."""
    text = writable(text)
    return text if len(text) <= limit else text[:limit] + "…"


def writable(text: str) -> str:
    """A text as a UTF-8 file can hold it: a lone surrogate (which a JSON escape such as
    `\\ud800` in the input makes) becomes the text of its escape. An error row quotes the
    input (its case id); unchanged, it stopped the writing of rows, reports and CSV files."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def bounded_lines(stream: IO[bytes], limit: int = MAX_LINE_BYTES
                  ) -> Iterator[tuple[int, bytes | None]]:
    """(line number, the line's bytes with its line end), or None for a line longer than
    `limit` bytes (its line end not counted): no more than that of a line is held at once,
    the rest of an overlong line is read past in pieces of that size."""
    number, readline, size = 0, stream.readline, limit + 2
    while raw := readline(size):
        number += 1
        # At most `limit` bytes, and its "\n" or "\r\n" (10 and 13).
        if len(raw) <= limit or raw[-1] == 10 and (len(raw) <= size - 1 or raw[-2] == 13):
            yield number, raw
            continue
        while raw and raw[-1] != 10:
            raw = readline(size)
        yield number, None


def too_long(limit: int) -> str:
    """The message of a line longer than `limit` bytes."""
    return (f"the line is longer than {limit:,} bytes (no case is near that long); it was "
            "not read")


def read_jsonl(stream: IO[bytes], summary: Summary, max_line_bytes: int = MAX_LINE_BYTES
               ) -> Iterator[Record]:
    """Each non-blank line as text; a line that is not UTF-8, or longer than
    `max_line_bytes`, is a row of its own."""
    for number, raw in bounded_lines(stream, max_line_bytes):
        if raw is None:
            yield number, ReadProblem(too_long(max_line_bytes), "line_too_long",
                                      {"line": number, "limit": max_line_bytes})
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, ReadProblem(f"not UTF-8 text (at byte {exc.start})", "not_utf8",
                                      {"line": number, "byte": exc.start})
            continue
        if text.strip():
            yield number, text
        else:
            summary.blank_lines += 1


#: A case's own calculation date in its JSON text (the key as JSON writes it; a key inside
#: a string value has its quotes escaped, so it never matches there).
_DATE_FIELD = re.compile(r'"calculation_date"\s*:\s*(?:"[^"\\]*"|null)')


def redated(records: list[Record], day: str) -> list[Record]:
    """A chunk of records with every case's calculation date set to `day` (ISO), for a
    replay "on a date" (`replay --on`): an evaluator's question is what a rule book does to
    these people on that day, not on the dates their files happen to carry. A JSON line
    with the date once at its top level is changed as text (a replay's cases are mostly
    that; parsing and writing every line again cost more than the rewrite); any other
    object is read and written again; a line that is not an object stays as it is, and
    replay reports it. Run in the workers, chunk by chunk."""
    out: list[Record] = []
    for line, payload in records:
        if isinstance(payload, dict):
            payload = {**payload, "calculation_date": day}
        elif isinstance(payload, str):
            payload = _redated_text(payload, day)
        out.append((line, payload))
    return out


def _redated_text(text: str, day: str) -> str:
    found = _DATE_FIELD.findall(text)
    if len(found) == 1 and text.lstrip().startswith("{") and '"calculation_date"' \
            not in text.replace(found[0], "", 1):
        return _DATE_FIELD.sub(f'"calculation_date": "{day}"', text, count=1)
    try:
        case = json.loads(text)
    except ValueError:
        return text
    if not isinstance(case, dict):
        return text
    return json.dumps({**case, "calculation_date": day}, ensure_ascii=False)


LIST_FIELDS = ("person.diagnoses",)
TEXT_FIELDS = ("case_id", "person.municipality")


def _pairs(value: str, first: str, second: str) -> list[dict[str, str]]:
    out = []
    for item in value.split(";"):
        if item.strip():
            name, _, amount = item.partition(":")
            out.append({first: name.strip(), second: amount.strip()})
    return out


def csv_row_to_case(row: dict[str, str]) -> dict[str, Any]:
    """Dotted headers to a nested case; `requested_services` as `service:units;...`,
    `household.maintainers` as `relation:income;...`, lists separated by `;`."""
    case: dict[str, Any] = {}
    for header, raw in row.items():
        if header is None:
            raise CellsError("the row has more cells than the header", "more_cells", {})
        value = (raw or "").strip()
        if value == "":
            continue
        parsed: Any = value
        if header == "requested_services":
            parsed = _pairs(value, "service", "units")
            for pair in parsed:
                if pair["units"].isdigit():
                    pair["units"] = int(pair["units"])
        elif header == "household.maintainers":
            parsed = _pairs(value, "relation", "monthly_income")
        elif header in LIST_FIELDS:
            parsed = [v.strip() for v in value.split(";") if v.strip()]
        elif value.lower() in ("true", "false"):
            parsed = value.lower() == "true"
        elif value.lower() == "null":
            parsed = None
        elif header not in TEXT_FIELDS and value.lstrip("-").isdigit() and len(value) < 20:
            parsed = int(value)
        node = case
        parts = header.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise CellsError(f"column {echoed(header)!r} conflicts with another column",
                                 "column_conflict", {"column": echoed(header)})
        if isinstance(node.get(parts[-1]), dict):
            raise CellsError(f"column {echoed(header)!r} conflicts with another column",
                             "column_conflict", {"column": echoed(header)})
        node[parts[-1]] = parsed
    case.setdefault("requested_services", [])
    return case
