"""A value filled into one of the engine's texts, as the text's language writes it.

The reasons and warnings a budget carries are read by social workers, clients and their
families: in Latvian a number is `8,18` and `1 200,50`, a date `01.05.2024`, and a counted
noun takes the form Latvian grammar wants after the number (`1 diena`, `21 diena`,
`2 dienas`, `11 dienas`). English texts keep the forms they always had (`1200.50`,
`2024-05-01`), so nothing an English reader or a stored English text relies on changes.

A text (a rule's text in `rules/`, `rules/messages.yaml`) says where a counted noun goes with
a placeholder whose format part lists the noun's forms: `{cap:# diena|# dienas}` is the
number with its noun (`#` stands for the number), `{left:atlikusi|atlikušas}` the word alone.
The first form follows a count Babel's plural rule calls "one" (Latvian: 1, 21, 31, … but
not 11; English: 1), the second every other count. Babel's rule, not a hand-written one: it
is CLDR's, the same the web pages' catalogues use.

Babel is asked once per language for its symbols and plural rule (`text_forms`): a replay
fills the texts of many thousands of cases, and Babel's own formatting costs about a tenth
of a millisecond a number. An `Explainer` keeps the language's `TextForms` for its book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from babel.plural import to_python

#: The languages whose texts take the local forms (English keeps the plain ones).
LOCAL_FORMS = frozenset({"lv"})


def plain(value: Any) -> str:
    """A value as the engine's English texts and its JSON print it (`1200.5`, `2026-11-25`)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class TextForms:
    """How one language writes the values of its texts: Babel's (CLDR's) decimal, group and
    minus symbols and plural rule, read once (`text_forms`)."""

    lang: str
    local: bool
    decimal: str = "."
    group: str = ","
    minus: str = "-"
    plural: Callable[[int], str] = lambda n: "one" if n == 1 else "other"

    def number(self, value: Decimal | int, places: int | None = None) -> str:
        """`1 200,50` (Latvian): digits grouped by three, the decimal symbol; `places`
        fixes the decimals (an amount's two), else the value's own (none when whole)."""
        if isinstance(value, Decimal):
            if places is not None:
                value = value.quantize(Decimal(1).scaleb(-places))
            elif value == value.to_integral():
                value = value.to_integral()
            text = format(value, "f")
        else:
            text = str(value)
        negative = text.startswith("-")
        whole, _, fraction = text.lstrip("-").partition(".")
        grouped = f"{int(whole):,}".replace(",", self.group)
        return (self.minus if negative else "") + grouped + (
            self.decimal + fraction if fraction else "")

    def value(self, value: Any) -> str:
        """`value` as a text in this language writes it: Latvian `1 200,50`, `8,18`,
        `25.11.2026`; a language without local forms as `plain`."""
        if not self.local:
            return plain(value)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, Decimal | int):
            return self.number(value)
        if isinstance(value, dt.date):
            return f"{value.day:02d}.{value.month:02d}.{value.year}"
        if isinstance(value, list):
            return ", ".join(self.value(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.value(v)}" for k, v in value.items())
        return str(value)

    def counted(self, value: Any, spec: str) -> str:
        """The form of the noun in `spec` that `value` takes, `#` replaced by the number as
        `value` writes it. A value that is no whole number (a share, a missing count) takes
        the second form: "1,5 stundas", as Latvian writes a fraction."""
        return self.noun(count_of(value), self.value(value), spec)

    def noun(self, count: int | None, shown: str, spec: str) -> str:
        """The first form in `spec` after a count of the plural category "one", the second
        otherwise, with `#` replaced by `shown`."""
        forms = counted_forms(spec)
        if forms is None:
            return shown
        one = count is not None and self.plural(abs(count)) == "one"
        return (forms[0] if one else forms[1]).replace("#", shown)


def text_forms(lang: str) -> TextForms:
    """The language's forms, from Babel's locale data (Latvian: `,`, no-break space, CLDR's
    plural rule with the categories zero, one and other)."""
    try:
        locale = Locale.parse(lang)
    except (ValueError, LookupError):
        return TextForms(lang, False)
    return TextForms(lang, lang in LOCAL_FORMS, str(get_decimal_symbol(locale)),
                     str(get_group_symbol(locale)), str(get_minus_sign_symbol(locale)),
                     to_python(locale.plural_form))


def in_words(value: Any, lang: str) -> str:
    """`value` as a text in `lang` writes it (`TextForms.value`), for a single value."""
    return text_forms(lang).value(value)


def amount_figure(value: Decimal, lang: str) -> str:
    """An amount with its cents, for a column of amounts: Latvian `1 200,50`, `0,00`;
    any other language as the JSON writes it (`1200.50`)."""
    forms = text_forms(lang)
    return forms.number(value, 2) if forms.local else f"{value:.2f}"


def counted_forms(spec: str) -> list[str] | None:
    """The noun forms a placeholder's format part lists (`# diena|# dienas`), or None when
    the part is not such a list (two forms, each not empty)."""
    forms = spec.split("|")
    if len(forms) != 2 or not all(form.strip() for form in forms):
        return None
    return forms


def spec_problem(name: str, spec: str) -> str | None:
    """What is wrong with a placeholder's format part, in English (None: nothing)."""
    if counted_forms(spec) is None:
        return (f"placeholder {{{name}:{spec}}}: after the colon write a noun's two forms, "
                f"e.g. {{{name}:# diena|# dienas}} (# is the number)")
    return None


def count_of(value: Any) -> int | None:
    """The whole number a counted noun follows (None: the value is not one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral():
        return int(value)
    return None


def counted(value: Any, spec: str, lang: str) -> str:
    """`TextForms.counted` in `lang`, for a single value."""
    return text_forms(lang).counted(value, spec)


def noun_form(count: int | None, shown: str, spec: str, lang: str) -> str:
    """`TextForms.noun` in `lang`, for a single value."""
    return text_forms(lang).noun(count, shown, spec)
