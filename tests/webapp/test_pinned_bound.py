"""Calculators of older rule books are kept a few at a time, and closing one never cuts off
a request: each publish used to leave the previous calculator's worker processes running
until the server stopped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from web_helpers import PASSWORD, store

from budget_engine import IsolatedCalculator, RuleBook, load_rules, parse_case
from budget_web.rulebooks import PinnedCalculators, rule_files

RULES = Path(__file__).resolve().parents[2] / "rules"
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


class FilesOnly:
    """The one thing PinnedCalculators asks of the store: a version's files."""

    def __init__(self, books: dict[str, dict[str, str]]) -> None:
        self.books = books

    def files(self, version: str) -> dict[str, str] | None:
        return self.books.get(version)


class Recorded:
    """A calculator that only says which rule book it was made for."""

    def __init__(self, book: RuleBook) -> None:
        self.version = book.version
        self.directory = Path(book.directory)
        self.closed = False


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[RuleBook]:
    """Five rule books that differ by a comment only: five versions."""
    made = []
    for n in range(5):
        directory = tmp_path_factory.mktemp(f"rules-{n}")
        shutil.copytree(RULES, directory, dirs_exist_ok=True)
        with (directory / "ruleset.yaml").open("a", encoding="utf-8") as fh:
            fh.write(f"\n# version {n}\n")
        made.append(load_rules(directory))
    assert len({b.version for b in made}) == 5
    return made


def pinned_over(books: list[RuleBook], keep: int) -> tuple[PinnedCalculators, list[Recorded]]:
    made: list[Recorded] = []

    def make(book: RuleBook) -> Any:
        made.append(Recorded(book))
        return made[-1]

    def close(calculator: Any) -> None:
        calculator.closed = True

    store = FilesOnly({b.version: rule_files(Path(b.directory)) for b in books})
    current = Recorded(books[0])
    pinned = PinnedCalculators(store, current, books[0].version, make=make,  # type: ignore[arg-type]
                               close=close, keep=keep)
    return pinned, [current, *made]


def test_past_the_bound_the_one_used_longest_ago_is_closed(books: list[RuleBook]) -> None:
    pinned, _ = pinned_over(books, keep=2)
    first, second = pinned.get(books[1].version), pinned.get(books[2].version)
    assert isinstance(first, Recorded) and isinstance(second, Recorded)
    assert not first.closed and not second.closed
    assert pinned.get(books[1].version) is first  # used again: now the most recent
    third = pinned.get(books[3].version)
    assert isinstance(third, Recorded)
    # the current one and two kept: the second was used longest ago, closed, its files gone
    assert len(pinned) == 3
    assert second.closed and not first.closed and not third.closed
    assert not second.directory.exists() and first.directory.exists()
    # asked for again, a closed one is rebuilt (a new calculator, the same rules)
    again = pinned.get(books[2].version)
    assert isinstance(again, Recorded) and again is not second
    assert again.version == books[2].version and first.closed
    pinned.close()
    assert third.closed and again.closed and len(pinned) == 1


def test_a_publish_hands_the_old_current_calculator_to_the_bound(books: list[RuleBook]) -> None:
    pinned, made = pinned_over(books, keep=1)
    old_current = made[0]
    for book in books[1:4]:  # three versions published one after the other
        pinned.switch(book.version, Recorded(book))
    assert old_current.closed  # the first current one, retired by the bound
    assert len(pinned) == 2  # the current one and one kept
    current = pinned.get(books[3].version)
    assert isinstance(current, Recorded) and not current.closed
    assert [m.version for m in made if not m.closed] == []  # none was made: all switched in


@pytest.mark.slow
def test_closing_an_isolated_calculator_ends_its_processes_and_it_still_answers(
        book: RuleBook) -> None:
    case = parse_case(json.loads((EXAMPLES / "04-community-adult-copayment.json").read_text()))
    calculator = IsolatedCalculator(book, workers=2)
    expected = calculator.calculate(case).model_dump_json()
    processes = [w.process for w in calculator._all]
    assert processes and all(p.is_alive() for p in processes)
    calculator.close()
    assert not any(p.is_alive() for p in processes)
    # a request that still holds the old calculator gets its answer, and leaves no process
    assert calculator.calculate(case).model_dump_json() == expected
    assert calculator._all == []


@pytest.mark.slow
def test_publishing_versions_one_after_another_keeps_the_calculators_bounded(
        app: Flask, books: list[RuleBook]) -> None:
    """Four publishes on a running app: the app calculates with the newest each time, the
    calculators kept stay within the bound, and the retired ones' processes have ended."""
    versions = store(app).versions
    case = parse_case(json.loads((EXAMPLES / "04-community-adult-copayment.json").read_text()))
    store(app).add_user("policy2", PASSWORD, "policy", None)
    used: list[IsolatedCalculator] = [app.extensions["calculator"]]
    used[0].calculate(case)  # the shipped rules' calculator, with its processes running
    for book in books[1:]:
        draft = versions.draft(book, f"versija {book.version}", "policy")
        versions.approve(draft.id, "policy2")
        app.extensions["follow_published_rules"]()
        calculator = app.extensions["calculator"]
        assert calculator.book.version == book.version
        calculator.calculate(case)  # starts its worker processes
        used.append(calculator)
    assert len(app.extensions["pinned_calculators"]) <= 1 + 3
    retired = used[0]  # the shipped rules' one: past the bound of three kept
    assert retired._closed and retired._all == []
    assert not any(c._closed for c in used[1:])
    assert all(w.process.is_alive() for w in used[-1]._all)
