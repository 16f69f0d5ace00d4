"""`Templates.fill` (each template taken apart once) fills every text exactly as `fill`
(`str.format_map`) does: the rule book's own texts, and templates that need format_map's
own reading (a format spec, a conversion, an index, a positional field, stray braces)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from budget_engine import RuleBook, load_rules
from budget_engine.explain import Templates, fill
from budget_engine.rulebook.words.text_values import text_forms


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def _outcome(filling: Any, template: str, values: dict[str, Any]) -> str:
    try:
        return str(filling(template, values))
    except (ValueError, IndexError, KeyError, AttributeError) as exc:
        return f"{type(exc).__name__}: {exc}"


def _book_texts(book: RuleBook) -> list[str]:
    texts = [text for texts in book.messages.values() for text in texts.values()]
    for item in [*book.all_rules(), *book.notes.values()]:
        texts.extend(item.text.values())
        texts.extend(item.title.values())
    return texts


VALUES: tuple[Any, ...] = (Decimal("1200.50"), Decimal("85"), Decimal("0.10"), 12, "teksts",
                           dt.date(2026, 11, 25), [3, 4], {"a": Decimal("1.0")}, "{cap}")
ODD = ("", "plain", "{a:>8}", "{a!r}", "{c[0]}", "{d.year}", "{}", "{0}", "a}}b{{", "{a",
       "a}", "{{{a}}}", "{a}{a}", "ā{b}ē", "{missing} {a}", "{ a }")


def test_every_text_of_the_book_is_filled_as_format_map_fills_it(book: RuleBook) -> None:
    texts = _book_texts(book)
    assert len(texts) > 100
    rng = random.Random(5)
    templates = Templates()
    names = sorted({name for text in texts for name in _names(text)})
    for text in texts:
        for _ in range(3):
            values = {name: rng.choice(VALUES) for name in names if rng.random() < 0.8}
            for lang in ("lv", "en"):
                assert templates.fill(text, values, text_forms(lang)) == \
                    fill(text, values, lang), text


def test_templates_format_map_reads_itself_are_filled_as_before() -> None:
    templates = Templates(limit=4)  # also starts afresh when full
    values = {"a": Decimal("1.50"), "b": "x", "c": [1, 2], "d": dt.date(2026, 1, 2)}
    english = text_forms("en")
    for template in ODD * 2:
        assert _outcome(lambda t, v: templates.fill(t, v, english), template, values) == \
            _outcome(fill, template, values)
    assert templates.fill("{a} un {missing}", values, english) == "1.50 un {missing}"
    assert templates.fill("{a} un {missing}", values, text_forms("lv")) == "1,50 un {missing}"


def _names(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text)
            if name and name.isidentifier()]
