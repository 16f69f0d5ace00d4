"""What changed between two rule books, in sentences a policy officer (and an approver) reads.

A reviewer approving a draft must see exactly what it changes — "rate.home_care: 3.83 → 4.10
no 2026-01-01", "E9: nosacījums mainīts" — not a diff of YAML lines. Each change is one
`Change` with a Latvian and an English sentence, so the CLI, the policy pages and the
changelog say the same thing. A changed condition, text or title also carries the old and
the new wording (`before`, `after`; a condition as its sentence from `condition_words`), so
"E9: teksts mainīts" is shown with the text, as it was and as it will be.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..rulebook.fact_catalogue import ALL_FACTS, FactType, all_facts
from ..rulebook.loader import Rule, RuleBook, Service
from ..rulebook.parameters import Parameter, ParameterValue
from ..rulebook.words.condition_words import Titles, condition_sentence, titles_of
from ..rulebook.words.parameter_words import unit_words, value_words


@dataclass(frozen=True)
class Change:
    #: What changed: "parameter", "rule", "service", "municipality", "message".
    kind: str
    #: The parameter name, rule id (with its entry number when an id has several), ...
    subject: str
    lv: str
    en: str
    #: The wording before and after the change, (Latvian, English), when the change is
    #: one of words: a condition (as its sentence), a text, a title. None otherwise.
    before: tuple[str, str] | None = None
    after: tuple[str, str] | None = None

    def text(self, lang: str) -> str:
        return self.lv if lang == "lv" else self.en

    def wording(self, lang: str) -> tuple[str, str] | None:
        """(old, new) in the language, or None when the change has no wording to show."""
        if self.before is None or self.after is None:
            return None
        index = 0 if lang == "lv" else 1
        return self.before[index], self.after[index]


def _date(value: dt.date | None, lang: str = "en") -> str:
    """A date as the reader writes it: `01.01.2026` in Latvian, ISO in English."""
    if value is None:
        return "—"
    return value.strftime("%d.%m.%Y") if lang == "lv" else value.isoformat()


def _named(parameter: Parameter, name: str, lang: str) -> str:
    """A parameter by its title, the code only in parentheses (for those who search the files)."""
    title = parameter.title.get(lang) or parameter.title.get("lv")
    return f"{title} ({name})" if title else f"({name})"


def _both(make: Callable[[str], str]) -> tuple[str, str]:
    return make("lv"), make("en")


def parameter_changes(old: Parameter | None, new: Parameter | None, name: str,
                      titles: Titles | None = None) -> list[Change]:
    """Values added, removed or changed, by their `from` date; and the parameter itself. Each
    said in words: the parameter's title (its code in parentheses), values with their units
    and dates as the reader writes them (`3,83 €/h → 4,10 €/h no 01.01.2026`)."""

    def shown(parameter: Parameter, value: ParameterValue | None, lang: str) -> str:
        return value_words(parameter, value.value, lang, titles) if value is not None else "—"

    if old is None and new is not None:
        def added(lang: str) -> str:
            since, what = ("no", "jauns parametrs") if lang == "lv" else ("from", "new parameter")
            values = "; ".join(f"{shown(new, v, lang)} {since} {_date(v.valid_from, lang)}"
                               for v in new.values)
            return f"{_named(new, name, lang)}: {what} ({values})"
        return [Change("parameter", name, *_both(added))]
    if new is None and old is not None:
        return [Change("parameter", name, f"{_named(old, name, 'lv')}: parametrs izņemts",
                       f"{_named(old, name, 'en')}: parameter removed")]
    assert old is not None and new is not None
    out: list[Change] = []
    before = {v.valid_from: v for v in old.values}
    after = {v.valid_from: v for v in new.values}
    for start in sorted(set(before) | set(after)):
        was, now = before.get(start), after.get(start)
        lv_on, en_on = f"no {_date(start, 'lv')}", f"from {_date(start, 'en')}"
        lv_name, en_name = _named(new, name, "lv"), _named(new, name, "en")
        if was is None and now is not None:
            # A new value from a date: what held before it is the reader's reference.
            previous = old.on(start)
            out.append(Change(
                "parameter", name,
                f"{lv_name}: {shown(old, previous, 'lv')} → {shown(new, now, 'lv')} {lv_on}",
                f"{en_name}: {shown(old, previous, 'en')} → {shown(new, now, 'en')} {en_on}"))
        elif now is None and was is not None:
            out.append(Change(
                "parameter", name,
                f"{lv_name}: vērtība {shown(old, was, 'lv')} {lv_on} izņemta",
                f"{en_name}: value {shown(old, was, 'en')} {en_on} removed"))
        elif was is not None and now is not None and (was.value != now.value):
            out.append(Change(
                "parameter", name,
                f"{lv_name}: {shown(old, was, 'lv')} → {shown(new, now, 'lv')} {lv_on}",
                f"{en_name}: {shown(old, was, 'en')} → {shown(new, now, 'en')} {en_on}"))
        elif was is not None and now is not None and was.reference != now.reference:
            out.append(Change(
                "parameter", name, f"{lv_name}: atsauce vērtībai {lv_on} mainīta",
                f"{en_name}: reference of the value {en_on} changed",
                (was.reference or "", was.reference or ""),
                (now.reference or "", now.reference or "")))
    out += _described_changes(old, new, name)
    return out


def _described_changes(old: Parameter, new: Parameter, name: str) -> list[Change]:
    """The parameter's own description changed: said with the old and the new wording."""
    out: list[Change] = []
    lv_name, en_name = _named(new, name, "lv"), _named(new, name, "en")
    if old.title != new.title:
        out.append(Change("parameter", name, f"{lv_name}: nosaukums mainīts",
                          f"{en_name}: title changed",
                          (old.title.get("lv", ""), old.title.get("en", "")),
                          (new.title.get("lv", ""), new.title.get("en", ""))))
    if old.unit != new.unit:
        out.append(Change("parameter", name, f"{lv_name}: mērvienība mainīta",
                          f"{en_name}: unit changed",
                          _both(lambda lang: unit_words(old.unit, lang) or old.unit),
                          _both(lambda lang: unit_words(new.unit, lang) or new.unit)))
    if old.source != new.source:
        out.append(Change("parameter", name, f"{lv_name}: avots mainīts",
                          f"{en_name}: source changed",
                          (old.source, old.source), (new.source, new.source)))
    if old.kind != new.kind:
        out.append(Change("parameter", name, f"{lv_name}: vērtības veids mainīts",
                          f"{en_name}: kind of value changed"))
    if old.policy_default != new.policy_default:
        said = ("politikas noklusējums", "policy default")
        plain = ("noteikts normatīvajā aktā", "set by an act")
        out.append(Change("parameter", name,
                          f"{lv_name}: politikas noklusējuma pazīme mainīta",
                          f"{en_name}: policy default mark changed",
                          said if old.policy_default else plain,
                          said if new.policy_default else plain))
    return out


def _subject(rule: Rule) -> str:
    suffix = rule.key.split(":", 1)[1]
    return suffix if suffix != rule.id else rule.id


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


RULE_ASPECTS = (
    ("when", "nosacījums mainīts", "condition changed"),
    ("then", "darbība mainīta", "action changed"),
    ("services", "pakalpojumu loks mainīts", "services it covers changed"),
    ("title", "nosaukums mainīts", "title changed"),
    ("text", "teksts mainīts", "text changed"),
    ("legal_basis", "tiesiskais pamats mainīts", "legal basis changed"),
    ("enabled_by", "ieslēgšanas parametrs mainīts", "switch parameter changed"),
)


def _aspect(rule: Rule, aspect: str) -> str:
    if aspect == "when":
        return _canonical(rule.when_source)
    if aspect == "then":
        return _canonical(rule.then.model_dump(exclude_defaults=True))
    if aspect == "services":
        services = rule.services
        return _canonical(services if isinstance(services, str | list)
                          else {"parameter": services.name})
    return _canonical(getattr(rule, aspect))


@dataclass(frozen=True)
class _Words:
    """What a rule's condition is said with, in the old and in the new book."""

    old_titles: Titles = field(default_factory=Titles)
    new_titles: Titles = field(default_factory=Titles)
    old_facts: Mapping[str, FactType] = field(default_factory=lambda: ALL_FACTS)
    new_facts: Mapping[str, FactType] = field(default_factory=lambda: ALL_FACTS)


def _wording(old: Rule, new: Rule, aspect: str, words: _Words
             ) -> tuple[tuple[str, str], tuple[str, str]] | None:
    if aspect == "when":
        return (tuple(condition_sentence(old.when, lang, words.old_titles, words.old_facts)
                      for lang in ("lv", "en")),  # type: ignore[return-value]
                tuple(condition_sentence(new.when, lang, words.new_titles, words.new_facts)
                      for lang in ("lv", "en")))
    if aspect in ("title", "text"):
        was, now = getattr(old, aspect), getattr(new, aspect)
        return ((was.get("lv", ""), was.get("en", "")), (now.get("lv", ""), now.get("en", "")))
    if aspect == "legal_basis":
        return ((old.legal_basis, old.legal_basis), (new.legal_basis, new.legal_basis))
    return None


def rule_changes(old: Rule | None, new: Rule | None, words: _Words | None = None
                 ) -> list[Change]:
    if old is None and new is not None:
        return [Change("rule", _subject(new),
                       f"{_subject(new)}: jauns noteikums ({new.title['lv']})",
                       f"{_subject(new)}: new rule ({new.title['en']})")]
    if new is None and old is not None:
        return [Change("rule", _subject(old),
                       f"{_subject(old)}: noteikums izņemts ({old.title['lv']})",
                       f"{_subject(old)}: rule removed ({old.title['en']})")]
    assert old is not None and new is not None
    subject = _subject(new)
    out = []
    for aspect, lv, en in RULE_ASPECTS:
        if _aspect(old, aspect) != _aspect(new, aspect):
            shown = _wording(old, new, aspect, words or _Words())
            out.append(Change("rule", subject, f"{subject}: {lv}", f"{subject}: {en}",
                              shown[0] if shown else None, shown[1] if shown else None))
    if (old.valid_from, old.valid_to) != (new.valid_from, new.valid_to):
        out.append(Change(
            "rule", subject,
            f"{subject}: spēkā {_date(old.valid_from, 'lv')} – {_date(old.valid_to, 'lv')} → "
            f"{_date(new.valid_from, 'lv')} – {_date(new.valid_to, 'lv')}",
            f"{subject}: in force {_date(old.valid_from)} – {_date(old.valid_to)} → "
            f"{_date(new.valid_from)} – {_date(new.valid_to)}"))
    return out


def service_changes(old: Service | None, new: Service | None, code: str,
                    titles: Titles | None = None) -> list[Change]:
    """A service added or removed (with its title and rate parameter), or its entry changed;
    the service and its rate by their titles, the codes in parentheses."""
    if old == new:
        return []
    shown = new or old
    assert shown is not None
    named = _both(lambda lang: f"„{shown.title.get(lang, '')}” ({code})")
    if old is not None and new is not None:
        return [Change("service", code, f"pakalpojums {named[0]}: apraksts mainīts",
                       f"service {named[1]}: description changed")]
    rate_titles = (titles or Titles()).parameters.get(shown.rate, {})
    rate = _both(lambda lang: f"{rate_titles[lang]} ({shown.rate})" if rate_titles.get(lang)
                 else f"({shown.rate})")
    lv, en = ("pievienots", "added") if old is None else ("svītrots", "removed")
    return [Change("service", code, f"pakalpojums {named[0]} {lv}, tarifs: {rate[0]}",
                   f"service {named[1]} {en}, rate: {rate[1]}")]


def diff(old: RuleBook, new: RuleBook) -> list[Change]:
    """Every change from `old` to `new`: parameters, rules, services, municipalities, texts."""
    out: list[Change] = []
    if old.label != new.label:
        out.append(Change("ruleset", "version", f"versijas nosaukums: {old.label} → {new.label}",
                          f"version label: {old.label} → {new.label}"))
    old_params, new_params = old.parameters.parameters, new.parameters.parameters
    words = _Words(titles_of(old), titles_of(new), all_facts(old.services),
                   all_facts(new.services))
    for name in sorted(set(old_params) | set(new_params)):
        out += parameter_changes(old_params.get(name), new_params.get(name), name,
                                 words.new_titles)
    old_rules, new_rules = old.rules_by_key, new.rules_by_key
    order = list(old_rules) + [key for key in new_rules if key not in old_rules]
    for key in order:
        out += rule_changes(old_rules.get(key), new_rules.get(key), words)
    for code in sorted(set(old.services) | set(new.services)):
        titles = words.new_titles if code in new.services else words.old_titles
        out += service_changes(old.services.get(code), new.services.get(code), code, titles)
    old_places = {(m.name, m.valid_from): m for m in old.municipalities}
    new_places = {(m.name, m.valid_from): m for m in new.municipalities}
    for place in sorted(set(old_places) | set(new_places)):
        if old_places.get(place) != new_places.get(place):
            name = place[0]
            out.append(Change("municipality", name, f"pašvaldība {name}: ieraksts mainīts",
                              f"municipality {name}: entry changed"))
    for key in sorted(set(old.messages) | set(new.messages)):
        was, now = old.messages.get(key) or {}, new.messages.get(key) or {}
        if was != now:
            out.append(Change("message", key, f"ziņojuma teksts mainīts ({key})",
                              f"message text changed ({key})",
                              (was.get("lv", ""), was.get("en", "")),
                              (now.get("lv", ""), now.get("en", ""))))
    for note in sorted(set(old.notes) | set(new.notes)):
        before, after = old.notes.get(note), new.notes.get(note)
        if before != after:
            out.append(Change(
                "rule", note, f"{note}: teksts mainīts", f"{note}: text changed",
                (before.text.get("lv", ""), before.text.get("en", "")) if before else ("", ""),
                (after.text.get("lv", ""), after.text.get("en", "")) if after else ("", "")))
    return out


def cause_title(name: str, books: tuple[RuleBook, ...], lang: str) -> str:
    """A cause of a comparison row (`changed_by`: a parameter's name, `rule:E8`,
    `service:home_care`, a whole part) in words: the parameter's, rule's or service's
    title, as the later book has it."""
    for book in reversed(books):
        parameter = book.parameters.parameters.get(name)
        if parameter is not None:
            return str(parameter.title[lang])
        if name.startswith("rule:"):
            rule = next((r for r in book.all_rules() if r.id == name[5:]), None)
            if rule is not None:
                return f"{rule.id}: {rule.title[lang]}"
        if name.startswith("service:") and name[8:] in book.services:
            return str(book.services[name[8:]].title[lang])
    return name
