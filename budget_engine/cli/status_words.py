"""The replay command's progress and closing lines on standard error, in the run's language.

"2441 lietas: 2441 budžets, 0 kļūdas, 0 tukšas rindas izlaistas (3,1 s)": each count takes
the word form Latvian gives it (1, 21, 31 … the singular; not 11), by Babel's plural rule
for the language (CLDR), and Latvian numbers as Latvian writes them (`2 441`, `3,1`). The web's job
page reads these lines back (`budget_web.evaluation`), in either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..evaluation.records import Summary

#: Each counted thing: its singular and plural form, by language.
_WORDS: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType({
    "lv": {"cases": ("lieta", "lietas"), "budgets": ("budžets", "budžeti"),
           "errors": ("kļūda", "kļūdas"),
           "blank": ("tukša rinda izlaista", "tukšas rindas izlaistas")},
    "en": {"cases": ("case", "cases"), "budgets": ("budget", "budgets"),
           "errors": ("error", "errors"), "blank": ("blank line skipped",
                                                     "blank lines skipped")},
})
_LOCALES = MappingProxyType({"lv": "lv_LV", "en": "en_GB"})


def counted(count: int, what: str, lang: str) -> str:
    """`count` and the word for `what` in the form the count takes ("21 lieta")."""
    # Babel loads only when a replay reports (`--help` starts without it: issue 26)
    from babel import Locale
    from babel.numbers import format_decimal

    language = lang if lang in _WORDS else "en"
    one, many = _WORDS[language][what]
    form = Locale.parse(_LOCALES[language]).plural_form(count)
    # Latvian groups thousands with a no-break space; English keeps the digits as the line
    # always wrote them ("2441 cases"), for the scripts that read it.
    number = format_decimal(count, locale=_LOCALES[language]) if language == "lv" else str(count)
    return f"{number} {one if form == 'one' else many}"


def status_line(summary: Summary, lang: str) -> str:
    """The closing line: how many cases, budgets, errors and blank lines, and the time."""
    from babel.numbers import format_decimal

    language = lang if lang in _WORDS else "en"
    seconds = format_decimal(round(summary.seconds, 1), format="0.0",
                             locale=_LOCALES[language])
    return (f"{counted(summary.cases, 'cases', language)}: "
            f"{counted(summary.budgets, 'budgets', language)}, "
            f"{counted(summary.errors, 'errors', language)}, "
            f"{counted(summary.blank_lines, 'blank', language)} ({seconds} s)")


def progress_line(done: int, lang: str) -> str:
    """The progress so far: "500 lietas…"."""
    return f"{counted(done, 'cases', lang)}…"
