"""The decision letter's texts and appeal bodies (`rules/letters.yaml`): the keys, the
placeholders each text may use, and their check when the rules load.

The wording of a decision is policy's, so it lives in `rules/` and changes through the same
draft and approval as a rate; this module is the contract the letter fills in, so a misspelt
`{placeholder}` or a missing text is a `file:line` error when the rules load, never a literal
brace in a letter a client receives. The file is optional for the loader: rule books stored
before letters existed still load (and keep their hash); a letter then says it has no texts.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .yaml_source import RuleError

_NONE: frozenset[str] = frozenset()
_AMOUNT = frozenset({"amount"})

#: Every text of the letter and the placeholders it may use.
LETTER_PLACEHOLDERS: MappingProxyType[str, frozenset[str]] = MappingProxyType({
    "authority": frozenset({"of_municipality", "municipality"}),
    "title": _NONE, "draft": _NONE,
    "number_date": frozenset({"date", "number"}),
    "case": frozenset({"case_id"}),
    "rules": frozenset({"rules"}),
    "addressee": _NONE,
    "page": frozenset({"case_id", "page", "pages"}),
    "per.month": _NONE, "per.period": _NONE,
    "formal.asked.heading": _NONE,
    "formal.asked.intro": frozenset({"date"}),
    "formal.table.service": _NONE, "formal.table.requested": _NONE,
    "formal.table.granted": _NONE, "formal.table.amount": _NONE, "formal.table.payer": _NONE,
    "formal.decision.heading": _NONE,
    "formal.decision.intro": frozenset({"authority"}),
    "formal.granted": frozenset({"service", "units", "amount", "per"}),
    "formal.cut": frozenset({"service", "approved", "requested", "amount", "per", "reason"}),
    "formal.refused": frozenset({"service", "requested", "reason"}),
    "formal.basis": frozenset({"acts"}),
    "formal.because.granted": frozenset({"conditions"}),
    "formal.because.refused": frozenset({"conditions"}),
    "formal.payers.heading": _NONE, "formal.payers.intro": _NONE,
    "formal.payers.total": _AMOUNT, "formal.payers.one_off": _AMOUNT,
    "payer.esf": _NONE, "payer.state": _NONE, "payer.municipality": _NONE,
    "payer.client": _NONE, "payer.maintainers": _NONE,
    "formal.copayment.heading": _NONE,
    "formal.copayment.client": _AMOUNT, "formal.copayment.maintainers": _AMOUNT,
    "formal.copayment.none": _NONE,
    "formal.copayment.income": frozenset({"income", "maintainers_income"}),
    "formal.copayment.rule": frozenset({"text"}),
    "formal.period.heading": _NONE,
    "formal.period.text": frozenset({"months", "start", "end"}),
    "formal.legal.heading": _NONE, "formal.legal.intro": _NONE, "formal.legal.form": _NONE,
    "formal.appeal.heading": _NONE,
    "formal.appeal.text": frozenset({"body", "address"}),
    "formal.signature": frozenset({"authority"}),
    "easy.title": _NONE, "easy.intro": _NONE,
    "easy.get.heading": _NONE,
    "easy.granted": frozenset({"service", "units", "per"}),
    "easy.cut": frozenset({"service", "requested"}),
    "easy.refused.heading": _NONE,
    "easy.refused": frozenset({"service"}),
    "easy.cost.heading": _NONE, "easy.cost": _AMOUNT, "easy.cost.others": _NONE,
    "easy.pay.heading": _NONE, "easy.pay.client": _AMOUNT, "easy.pay.nothing": _NONE,
    "easy.pay.maintainers": _AMOUNT,
    "easy.when.heading": _NONE, "easy.when": frozenset({"start", "end"}),
    "easy.disagree.heading": _NONE,
    "easy.disagree": frozenset({"body", "address"}),
})
#: Texts added after letters were first released, with the shipped wording: a rule book stored
#: before them (its letters.yaml without these keys) still loads and uses this wording.
ADDED_LATER: MappingProxyType[str, MappingProxyType[str, str]] = MappingProxyType({
    "rules": MappingProxyType({"lv": "Aprēķināts pēc noteikumu versijas: {rules}",
                               "en": "Calculated under the rules version: {rules}"}),
    "formal.because.granted": MappingProxyType({
        "lv": "Piešķirts, jo {conditions}.", "en": "Granted because {conditions}."}),
    "formal.because.refused": MappingProxyType({
        "lv": "Atteikts, jo nav izpildīts nosacījums: {conditions}.",
        "en": "Refused because this condition is not met: {conditions}."}),
})
#: Unit words (`unit.<unit>.one`, `unit.<unit>.many`), one pair per unit of the services.
UNIT_FORMS = ("one", "many")
APPEAL_PLACEHOLDERS = frozenset({"of_municipality", "municipality"})


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Texts(_Entry):
    lv: str = Field(min_length=1, max_length=2000)
    en: str = Field(min_length=1, max_length=2000)


class AppealBody(_Entry):
    """Where a decision is contested: the body (as the sentence needs it) and its address."""

    body: str = Field(min_length=1, max_length=300)
    address: str = Field(min_length=1, max_length=300)


class _Appeal(_Entry):
    default: AppealBody
    municipalities: dict[str, AppealBody] = Field(default_factory=dict, max_length=500)


class _LettersFile(_Entry):
    appeal: _Appeal
    texts: dict[str, _Texts] = Field(max_length=500)


@dataclass(frozen=True)
class LetterTexts:
    """The letter's texts by key and language, and the appeal bodies by municipality."""

    texts: dict[str, dict[str, str]]
    appeal_default: AppealBody
    appeal_by_municipality: dict[str, AppealBody] = field(default_factory=dict)

    def text(self, key: str, lang: str, **values: object) -> str:
        return self.texts[key][lang].format(**values)

    def appeal_for(self, municipality: str, of_municipality: str) -> AppealBody:
        """The municipality's own entry, else the policy default filled in for it."""
        own = self.appeal_by_municipality.get(municipality)
        if own is not None:
            return own
        names = {"municipality": municipality, "of_municipality": of_municipality}
        return AppealBody(body=self.appeal_default.body.format(**names),
                          address=self.appeal_default.address.format(**names))


def _problems(template: str, allowed: frozenset[str]) -> list[str]:
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        return [f"{exc} (write {{{{ for a literal brace)"]
    return [f"unknown placeholder {{{name}}} (it may use {', '.join(sorted(allowed)) or 'none'})"
            for name in sorted(used - allowed)]


def check_letter_texts(raw: Any, shown: str, units: set[str]) -> LetterTexts:
    """Read the letters file's data; raise `RuleError`s (all of them) naming file and line."""
    try:
        parsed = _LettersFile.model_validate(raw)
    except ValidationError as exc:
        raise _Errors([RuleError(shown, _line(raw, err["loc"]),
                                 f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}")
                       for err in exc.errors()]) from None
    errors: list[RuleError] = []
    texts_raw = raw["texts"]
    expected = dict(LETTER_PLACEHOLDERS)
    expected.update({f"unit.{unit}.{form}": _NONE for unit in units for form in UNIT_FORMS})
    for key, texts in parsed.texts.items():
        line = texts_raw.line_of(key) if hasattr(texts_raw, "line_of") else None
        allowed = expected.get(key)
        if allowed is None:
            errors.append(RuleError(shown, line, f'unknown letter text "{key}"'))
            continue
        for template in (texts.lv, texts.en):
            errors.extend(RuleError(shown, line, f'letter text "{key}": {problem}')
                          for problem in _problems(template, allowed))
    errors.extend(RuleError(shown, None, f'letter text "{key}" is missing')
                  for key in expected if key not in parsed.texts and key not in ADDED_LATER)
    appeal_raw = raw["appeal"]
    for name, body in [("default", parsed.appeal.default)]:
        line = appeal_raw.line_of(name) if hasattr(appeal_raw, "line_of") else None
        for template in (body.body, body.address):
            errors.extend(RuleError(shown, line, f"appeal {name}: {problem}")
                          for problem in _problems(template, APPEAL_PLACEHOLDERS))
    if errors:
        raise _Errors(errors)
    merged: dict[str, dict[str, str]] = {key: dict(words) for key, words in ADDED_LATER.items()}
    merged.update({k: v.model_dump() for k, v in parsed.texts.items()})
    return LetterTexts(merged,
                       parsed.appeal.default, dict(parsed.appeal.municipalities))


class _Errors(Exception):
    """Several `RuleError`s at once (the loader adds them to its own list)."""

    def __init__(self, errors: list[RuleError]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


LetterTextErrors = _Errors


def _line(raw: Any, loc: tuple[Any, ...]) -> int | None:
    node, line = raw, getattr(raw, "line", None)
    for part in loc:
        if hasattr(node, "line_of") and part in node:
            line = node.line_of(part)
            node = node[part]
        else:
            break
    return line
