"""One calculator per rule book for the tests, built once (as each entry point does)."""

from __future__ import annotations

from typing import Any

from budget_engine import Budget, Calculator, Case, RuleBook, load_rules


class Calculators:
    """Calculators by rule book; the shipped rule book when none is named."""

    def __init__(self) -> None:
        self._by_book: dict[int, Calculator] = {}
        self._shipped: RuleBook | None = None

    def of(self, book: RuleBook | None = None) -> Calculator:
        if book is None:
            self._shipped = self._shipped or load_rules()
            book = self._shipped
        found = self._by_book.get(id(book))
        if found is None or found.book is not book:
            found = self._by_book[id(book)] = Calculator(book)
        return found


CALCULATORS = Calculators()


def calculate(case: Case, book: RuleBook | None = None, lang: str = "lv") -> Budget:
    return CALCULATORS.of(book).calculate(case, lang)


def parse_and_calculate(data: Any, book: RuleBook | None = None, lang: str = "lv") -> Budget:
    calculator = CALCULATORS.of(book)
    return calculator.calculate(calculator.parse(data), lang)
