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
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

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


def in_words(value: Any, lang: str) -> str:
    """`value` as a text in `lang` writes it: Latvian `1 200,50`, `8,18`, `25.11.2026`
    (Babel's CLDR digits and separators; an amount keeps its cents, a whole number shows
    none); any other language as `plain`."""
    if lang not in LOCAL_FORMS:
        return plain(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral():
            return str(format_decimal(value.to_integral(), format="#,##0", locale=lang))
        places = -int(value.as_tuple().exponent)
        return str(format_decimal(value, format="#,##0." + "0" * places, locale=lang))
    if isinstance(value, int):
        return str(format_decimal(value, format="#,##0", locale=lang))
    if isinstance(value, dt.date):
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if isinstance(value, list):
        return ", ".join(in_words(v, lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {in_words(v, lang)}" for k, v in value.items())
    return str(value)


def amount_figure(value: Decimal, lang: str) -> str:
    """An amount with its cents, for a column of amounts: Latvian `1 200,50`, `0,00`;
    any other language as the JSON writes it (`1200.50`)."""
    if lang not in LOCAL_FORMS:
        return f"{value:.2f}"
    return str(format_decimal(value, format="#,##0.00", locale=lang))


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
    """The form of the noun in `spec` that `value` takes in `lang`, `#` replaced by the
    number as `in_words` writes it. A value that is no whole number (a share, a missing
    count) takes the second form: "1,5 stundas", as Latvian writes a fraction."""
    return noun_form(count_of(value), in_words(value, lang), spec, lang)


def noun_form(count: int | None, shown: str, spec: str, lang: str) -> str:
    """The form of the noun in `spec` that `count` takes in `lang` (Babel's plural rule:
    the first after a count of the category "one", the second otherwise), with `#` replaced
    by `shown`, the number as the text writes it."""
    forms = counted_forms(spec)
    if forms is None:
        return shown
    one = count is not None and Locale.parse(lang).plural_form(abs(count)) == "one"
    return (forms[0] if one else forms[1]).replace("#", shown)
