"""The copies of the worked examples in tests/data/examples still match the spec's."""

from __future__ import annotations

import pytest
from examples_data import EXAMPLES, SPEC_EXAMPLES


def test_there_are_examples() -> None:
    assert len(list(EXAMPLES.glob("*.expected.json"))) >= 9


@pytest.mark.skipif(not SPEC_EXAMPLES.is_dir(), reason="no ../shared/spec next to the clone")
def test_copies_match_the_spec() -> None:
    spec = {p.name: p.read_bytes() for p in SPEC_EXAMPLES.glob("*.json")}
    ours = {p.name: p.read_bytes() for p in EXAMPLES.glob("*.json")}
    assert ours == spec
