"""A YAML mistake in plain words, Latvian and English, with its line and column.

PyYAML says what its parser expected ("expected ',' or '}', but got ':'", "found character
'\\t' that cannot start any token"): true, but a policy officer typing a value or a
condition in the editor's YAML view, or editing a rule file, reads it as noise. This module
names the place (`3. rindā, 12. zīmē`) and says what is wrong and how to mend it, for the
mistakes people make (a colon in a text, a missing comma or bracket, a tab in the
indentation, an unclosed quote, an indentation step out of line, a key written twice). A
mistake it does not know is said in general words, never dropped; the English page gets
the English words, with PyYAML's own text after them for the one who wants it.

May import: PyYAML only (the rule file reader `yaml_source` and the web editor use it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml

#: A character PyYAML names in a message, as a reader would call it (Latvian in the
#: accusative: "sākties ar zīmi @").
_CHARACTER_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "\\t": ("tabulācijas zīmi", "a tab"),
    "@": ("zīmi @", "the sign @"),
    "`": ("zīmi `", "the sign `"),
    "%": ("zīmi %", "the sign %"),
})


@dataclass(frozen=True)
class YamlProblem:
    """What is wrong with a YAML text: where (1-based line and column, None when PyYAML
    did not say) and in words (`lv`, `en`), the place not included; `kind` names the
    mistake for tests and pages that treat one differently."""

    kind: str
    line: int | None
    column: int | None
    lv: str
    en: str

    def text(self, lang: str) -> str:
        """What is wrong in the language, without the place."""
        return self.lv if lang == "lv" else self.en

    def place(self, lang: str) -> str:
        """`3. rindā, 12. zīmē` / `line 3, column 12` (empty when unknown)."""
        if self.line is None:
            return ""
        if lang == "lv":
            return f"{self.line}. rindā" + (f", {self.column}. zīmē" if self.column else "")
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")

    def sentence(self, lang: str) -> str:
        """The place and what is wrong: `3. rindā, 12. zīmē: …`."""
        place = self.place(lang)
        return f"{place}: {self.text(lang)}" if place else self.text(lang)


def _mark(exc: yaml.YAMLError, name: str) -> Any:
    return getattr(exc, name, None)


def _opened(exc: yaml.YAMLError, lang: str, opened_lv: str = "atvērta") -> str:
    """Where the bracket or quote the reader must close was opened, when PyYAML says."""
    mark = _mark(exc, "context_mark")
    if mark is None:
        return ""
    return (f" ({opened_lv} {mark.line + 1}. rindā)" if lang == "lv"
            else f" (opened on line {mark.line + 1})")


def _words(exc: yaml.YAMLError, problem: str, context: str) -> tuple[str, str, str]:
    """(kind, Latvian, English) for PyYAML's `problem` and `context` texts."""
    if problem.startswith("found duplicate key") or problem.startswith("duplicate key"):
        key = problem.split("key", 1)[1].strip().strip("'\"")
        return ("duplicate_key",
                f"atslēga „{key}” ir uzrakstīta divreiz: katru atslēgu rakstiet vienu reizi",
                f'the key "{key}" is written twice: write each key once')
    if problem == "found unhashable key":
        return ("key_not_name", "atslēgai jābūt nosaukumam, nevis sarakstam vai tabulai",
                "a key must be a name, not a list or mapping")
    if problem == "mapping values are not allowed here":
        return ("colon",
                "kols (:) šeit nav atļauts: ja tas ir daļa no teksta, ielieciet visu tekstu "
                "pēdiņās (\"…\"); ja tā ir jauna atslēga, sāciet to jaunā rindā",
                "a colon (:) is not allowed here: if it is part of a text, put the whole text "
                "in quotes (\"…\"); if it starts a new key, put that key on a line of its own")
    if "anchors and aliases" in problem:
        return ("alias", "enkuri un atsauces (&nosaukums, *nosaukums) nav atļauti: uzrakstiet "
                "vērtību pilnībā", "anchors and aliases (&name, *name) are not accepted: "
                "write the value out in full")
    if "is not a real date" in problem:
        shown = problem.split(" is not", 1)[0]
        return ("date", f"{shown} nav īsts datums (pārbaudiet mēnesi un dienu)",
                f"{shown} is not a real date (check the month and the day)")
    for closing, opening, what_lv, what_en in (
            ("}", "{", "tabulā", "mapping"), ("]", "[", "sarakstā", "list")):
        if problem.startswith(f"expected ',' or '{closing}'"):
            if problem.endswith("'<stream end>'"):
                return ("unclosed_bracket",
                        f"teksts beidzas, bet iekava {opening} nav aizvērta{_opened(exc, 'lv')}:"
                        f" pielieciet {closing} beigās",
                        f"the text ends but the bracket {opening} is not closed"
                        f"{_opened(exc, 'en')}: add {closing} at the end")
            return ("missing_comma",
                    f"{what_lv} {opening}…{closing} šeit trūkst komata starp vērtībām vai "
                    f"aizverošās iekavas {closing}; ja kols ir daļa no teksta, ielieciet tekstu "
                    "pēdiņās",
                    f"in the {what_en} {opening}…{closing} a comma between values or the "
                    f"closing {closing} is missing here; if a colon is part of a text, put "
                    "the text in quotes")
    if problem.startswith("found character") and "cannot start any token" in problem:
        character = problem.split("'", 2)[1] if problem.count("'") >= 2 else "?"
        if character == "\\t":
            return ("tab", "atkāpē ir tabulācijas zīme: YAML atkāpes raksta tikai ar "
                    "atstarpēm", "a tab in the indentation: YAML indents with spaces only")
        said = _CHARACTER_WORDS.get(character, (f"zīmi {character}", f"the sign {character}"))
        return ("bad_character",
                f"vērtība nevar sākties ar {said[0]}: ielieciet vērtību pēdiņās (\"…\")",
                f"a value cannot start with {said[1]}: put the value in quotes (\"…\")")
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return ("unclosed_quote",
                "teksts beidzas, bet pēdiņas nav aizvērtas"
                f"{_opened(exc, 'lv', 'atvērtas')}: pielieciet "
                "aizverošās pēdiņas teksta beigās",
                f"the text ends but a quote is not closed{_opened(exc, 'en')}: add the closing "
                "quote at the end of the text")
    if "end of stream" in problem or problem.endswith("'<stream end>'"):
        return ("unexpected_end", "teksts beidzas pa vidu: pārbaudiet, vai visas iekavas un "
                "pēdiņas ir aizvērtas", "the text ends in the middle: check that every "
                "bracket and quote is closed")
    if problem == "expected <block end>, but found '<scalar>'":
        return ("after_value",
                "aiz vērtības šajā rindā vēl ir teksts: jaunu atslēgu sāciet jaunā rindā "
                "ar tādu pašu atkāpi; ja tas ir viens teksts, ielieciet to visu pēdiņās",
                "more text follows the value on this line: start a new key on a line of its "
                "own, with the same indentation; if it is one text, put all of it in quotes")
    if problem.startswith("expected <block end>") or problem.startswith(
            "could not find expected ':'") or "block mapping" in context:
        return ("indentation",
                "atkāpe nesakrīt ar iepriekšējām rindām vai trūkst kola aiz atslēgas: vienā "
                "līmenī esošās rindas sāciet vienā kolonnā un aiz atslēgas rakstiet „: ”",
                "the indentation does not match the lines before, or a key lacks its colon: "
                "start lines of one level in one column and write \": \" after a key")
    return ("other", "teksts nav derīgs YAML: pārbaudiet iekavas, kolus, pēdiņas un atkāpes",
            f"not valid YAML: {problem}" if problem else "not valid YAML")


def yaml_problem(exc: yaml.YAMLError) -> YamlProblem:
    """A PyYAML error in plain words with its place (`problem_mark`, else `context_mark`)."""
    mark = _mark(exc, "problem_mark") or _mark(exc, "context_mark")
    problem = str(getattr(exc, "problem", None) or "")
    if not problem and not isinstance(exc, yaml.MarkedYAMLError):
        problem = str(exc)
    context = str(getattr(exc, "context", None) or "")
    kind, lv, en = _words(exc, problem, context)
    return YamlProblem(kind, mark.line + 1 if mark is not None else None,
                       mark.column + 1 if mark is not None else None, lv, en)
