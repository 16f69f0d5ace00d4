"""The copies of the worked examples in tests/data/examples are the spec's, byte for byte.

`SHA256SUMS` records the spec's files as they were copied; the copies are checked against it
(an edited copy would pass the example tests and prove nothing). The suite never reads
outside the repository: `tests/data/examples/check_against_spec.py SPEC_DIR` compares the
record with the spec's current files when the spec changes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from examples_data import EXAMPLES


def digests(files: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def recorded() -> dict[str, str]:
    lines = (EXAMPLES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_there_are_examples() -> None:
    assert len(list(EXAMPLES.glob("*.expected.json"))) >= 9


def test_copies_are_the_recorded_spec_files() -> None:
    assert digests(sorted(EXAMPLES.glob("*.json"))) == recorded()
