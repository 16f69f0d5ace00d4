"""Counted nouns in the page's language: "1 diena", "2 dienas", "21 diena", "31 diena".

Latvian has three plural forms (the catalogue's Plural-Forms: a number ending in 1 but not
in 11 takes the singular; every other number the plural), English two: a count and its noun
are never written as `{n} dienas`, always through Babel's `ngettext`, so the catalogue
decides. The engine's rule texts are written once for every number (`ne vairāk kā {cap}
dienas mēnesī`); `agree` puts the noun after a number in such a text into its right form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext

#: Each counted noun by its key: the count with its noun, in the page's language.
COUNTED: dict[str, Callable[[int], str]] = {
    "day": lambda n: ngettext("%(num)s day", "%(num)s days", n),
    "session": lambda n: ngettext("%(num)s session", "%(num)s sessions", n),
    "month": lambda n: ngettext("%(num)s month", "%(num)s months", n),
    "case": lambda n: ngettext("%(num)s case", "%(num)s cases", n),
    "budget": lambda n: ngettext("%(num)s budget", "%(num)s budgets", n),
}
#: Units of a service that are written as an abbreviation, the same after every number.
ABBREVIATED = {"hour"}


def counted(number: object, noun: str) -> str:
    """`number` with `noun` (a key of COUNTED or a service's unit) in its right form."""
    if noun in ABBREVIATED or noun not in COUNTED or isinstance(number, bool):
        return f"{number} {_('h') if noun in ABBREVIATED else noun}"
    try:
        n = int(str(number))
    except ValueError:
        return f"{number} {noun}"
    return COUNTED[noun](n)


#: The forms of the nouns the engine's Latvian rule texts write after a number.
_LV_AFTER_NUMBER = re.compile(r"\b(\d+) (dienas|diena|dienu)\b")


def agree(text: str) -> str:
    """A rule text with each "<number> dienas" in the form the number takes ("31 diena")."""
    return _LV_AFTER_NUMBER.sub(lambda m: counted(int(m[1]), "day"), text)
