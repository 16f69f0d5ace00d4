"""What a cases file holds, record by record: a case's text (JSON Lines) or its cells (CSV),
or a line that could not be read; and the run's summary. Replay and the CSV reader of
`tabular` both build on these, so they live below both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

PROGRESS_EVERY = 500


class ReplayInputError(Exception):
    """The replay file as a whole cannot be read (missing, not a file)."""


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
    """An input line that could not be read as a case at all."""

    message: str


#: What a reader yields per case: a JSON text (JSON Lines), a dict (CSV) or a ReadProblem.
Payload = str | dict[str, Any] | ReadProblem
Record = tuple[int, Payload]


def read_jsonl(stream: IO[bytes], summary: Summary) -> Iterator[Record]:
    """Each non-blank line as text; a line that is not UTF-8 is a row of its own."""
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, ReadProblem(f"not UTF-8 text (at byte {exc.start})")
            continue
        if text.strip():
            yield number, text
        else:
            summary.blank_lines += 1


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
            raise ValueError("the row has more cells than the header")
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
                raise ValueError(f"column {header!r} conflicts with another column")
        if isinstance(node.get(parts[-1]), dict):
            raise ValueError(f"column {header!r} conflicts with another column")
        node[parts[-1]] = parsed
    case.setdefault("requested_services", [])
    return case
