"""The copies of the worked examples in tests/data/examples are the spec's, byte for byte.

`SHA256SUMS` records the spec's files as they were copied. A clone without `../shared` still
checks the copies against it (an edited copy would pass the example tests and prove
nothing); with `../shared` next to the clone, the spec's current files are checked too, so a
change of the spec shows here first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from examples_data import EXAMPLES, SPEC_EXAMPLES


def digests(files: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def recorded() -> dict[str, str]:
    lines = (EXAMPLES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_there_are_examples() -> None:
    assert len(list(EXAMPLES.glob("*.expected.json"))) >= 9


def test_copies_are_the_recorded_spec_files() -> None:
    assert digests(sorted(EXAMPLES.glob("*.json"))) == recorded()


def test_recorded_files_are_the_spec_files_when_the_spec_is_here() -> None:
    if not SPEC_EXAMPLES.is_dir():  # a clone of the project alone: the record stands in
        assert recorded()
        return
    assert digests(sorted(SPEC_EXAMPLES.glob("*.json"))) == recorded()
