"""The letter's content: what a written decision says, built from a budget of format 1.

Contents of a written administrative act (Administratīvā procesa likums, 67. pants; the term
to contest it, 79. panta pirmā daļa; the sources checked are in rules/letters.yaml): the
authority, the addressee, the date and number, what was asked, what is decided for each
service (granted, cut with the reason, refused with the reason) with its legal basis in
words, who pays, the co-payment and how it was worked out, the period, and how, where and by
when to contest it. Any format-1 budget will do (the computed one, or a decided one with a
caseworker's overrides): the letter reads only the budget's lines, refusals and totals.

The addressee's name and address are passed in and go only into the letter: the case stays
pseudonymous. The easy-to-read letter accompanies the formal one (the formal one is the act):
one idea a sentence, headings as questions, the monthly amount in large type.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import Budget, Case, Line, Reason
from ..rulebook.conditions import AllOf
from ..rulebook.letter_texts import LetterTexts
from ..rulebook.loader import Rule, RuleBook
from ..rulebook.words.condition_words import condition_words, titles_of
from . import words

LANGUAGES = ("lv", "en")
MAX_NAME = 200
MAX_ADDRESS = 300
MAX_NUMBER = 40
PAYERS = ("esf", "state", "municipality", "client", "maintainers")


class LetterInputError(ValueError):
    """What the letter was given is not usable; `field` names which input."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Paragraph:
    text: str
    large: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | Table | BulletList


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Letter:
    """A letter ready to render: heading lines, the addressee, sections, the signature."""

    lang: str
    easy_read: bool
    case_id: str
    title: str
    head: tuple[str, ...]
    addressee: tuple[str, ...]
    sections: tuple[Section, ...]
    signature: str
    page_template: str
    draft_mark: str | None = None
    intro: tuple[Paragraph, ...] = field(default_factory=tuple)

    def page_label(self, page: int, pages: int | str) -> str:
        return self.page_template.format(case_id=self.case_id, page=page, pages=pages)


@dataclass(frozen=True)
class Addressee:
    """Typed on the letter page or given on the command line; never stored."""

    name: str
    address: str

    def __post_init__(self) -> None:
        _check_text("addressee_name", self.name, MAX_NAME)
        _check_text("addressee_address", self.address, MAX_ADDRESS, lines=True)


def _check_text(name: str, value: str, limit: int, lines: bool = False) -> None:
    if not value.strip():
        raise LetterInputError(name, "is empty")
    if len(value) > limit:
        raise LetterInputError(name, f"is longer than {limit} characters")
    allowed = "\n\r" if lines else ""
    if any(ord(c) < 32 and c not in allowed for c in value):
        raise LetterInputError(name, "has a control character")


def of_municipality(name: str) -> str:
    """The genitive of a municipality's name (`Ogres novads` → `Ogres novada`, `Rīga` →
    `Rīgas`, `Daugavpils` stays), as "… sociālais dienests" needs it."""
    if name.endswith(" novads"):
        return name[: -len("novads")] + "novada"
    if name.endswith("a") or name.endswith("e"):
        return name + "s"
    return name


_ACT = re.compile(r"\blikum[sa]\b|noteikumi Nr\.|\bLaw\b|Regulations? No\.")


def legal_acts(reasons: list[Reason], titles: dict[str, str] | None = None,
               lang: str = "lv") -> list[str]:
    """The legal acts behind reasons, each once, in order: the parts of `legal_basis` that
    name an act (a law, regulations with a number). A policy default or an interpretation
    noted there is the rule book's working note, not a legal basis, and is left out."""
    acts: dict[str, None] = {}
    for reason in reasons:
        for part in reason.legal_basis.split(";"):
            part = part.strip()
            if part and _ACT.search(part) and not part.startswith(
                    ("politikas noklusējums", "interpretācija", "policy default")):
                acts[words.plain(part, titles or {}, lang)] = None
    return list(acts)


@dataclass(frozen=True)
class _Context:
    book: RuleBook
    texts: LetterTexts
    lang: str
    titles: dict[str, str]

    def t(self, key: str, **values: object) -> str:
        return self.texts.text(key, self.lang, **values)

    def money(self, amount: Decimal | None) -> str:
        return "–" if amount is None else words.money(amount, self.lang)

    def units(self, count: int, unit: str) -> str:
        return f"{count} {self.t(f'unit.{unit}.{words.plural_form(count, self.lang)}')}"

    def plain(self, text: str) -> str:
        return words.plain(text, self.titles, self.lang)


def build_letter(book: RuleBook, budget: Budget, case: Case, *, addressee: Addressee,
                 issued_on: dt.date, number: str, lang: str = "lv", easy_read: bool = False,
                 draft: bool = False, texts: LetterTexts | None = None,
                 rules_name: str | None = None) -> Letter:
    """The letter of one budget. `draft`: the budget is not an approved decision (the
    letter says so on every page). `texts`: the letter's texts when not the book's own (a
    rule book stored before letters existed has none). `rules_name`: the rule book version
    as people name it ("versija 3 «…»"); by default the book's label and hash, as
    `budget-engine calculate` shows them."""
    if lang not in LANGUAGES:
        raise LetterInputError("lang", f"must be one of {', '.join(LANGUAGES)}")
    _check_text("number", number, MAX_NUMBER)
    texts = texts or book.letters
    if texts is None:
        raise LetterInputError("rules", "the rule book has no letter texts (letters.yaml)")
    titles = {code: service.title[lang] for code, service in book.services.items()}
    ctx = _Context(book, texts, lang, titles)
    municipality = case.person.municipality
    of_mun = of_municipality(municipality)
    authority = ctx.t("authority", of_municipality=of_mun, municipality=municipality)
    appeal = texts.appeal_for(municipality, of_mun)
    start = budget.calculation_date
    end = words.add_months(start, budget.totals.period_months)
    period = {"start": words.date(start, lang), "end": words.date(end, lang)}
    head = (authority, ctx.t("number_date", date=words.date(issued_on, lang), number=number),
            ctx.t("case", case_id=budget.case_id),
            ctx.t("rules", rules=rules_name or budget.rules_version or book.version))
    to = (addressee.name.strip(), *[line.strip() for line in addressee.address.splitlines()
                                    if line.strip()])
    if easy_read:
        sections, intro = _easy_sections(ctx, budget, appeal.body, appeal.address, period)
        title = ctx.t("easy.title")
    else:
        sections = _formal_sections(ctx, budget, case, authority, appeal.body,
                                    appeal.address, period)
        intro, title = (), ctx.t("title")
    return Letter(lang, easy_read, budget.case_id, title, head, to, sections,
                  ctx.t("formal.signature", authority=authority), ctx.texts.texts["page"][lang],
                  ctx.t("draft") if draft else None, intro)


def _per(ctx: _Context, line: Line) -> str:
    return ctx.t("per.month" if line.per == "month" else "per.period")


def _cut_reason(ctx: _Context, line: Line) -> str:
    """Why a line has fewer units than asked: the last reason that used a cap's parameter."""
    cap_parameters = {name for rule in ctx.book.caps for name in rule.parameters_used()}
    for reason in reversed(line.reasons):
        if cap_parameters & set(reason.parameters):
            return ctx.plain(reason.text)
    return ctx.plain(line.reasons[-1].text) if line.reasons else ""


def _formal_sections(ctx: _Context, budget: Budget, case: Case, authority: str, body: str,
                     address: str, period: dict[str, str]) -> tuple[Section, ...]:
    lang = ctx.lang
    asked_rows = []
    for line in budget.lines:
        asked_rows.append((line.title, ctx.units(line.requested_units, _unit(ctx, line.service)),
                           ctx.units(line.approved_units, line.unit),
                           f"{ctx.money(line.monthly_cost)} {_per(ctx, line)}"))
    for refusal in budget.refused:
        asked_rows.append((refusal.title,
                           ctx.units(refusal.requested_units, _unit(ctx, refusal.service)),
                           ctx.units(0, _unit(ctx, refusal.service)), ctx.money(Decimal(0))))
    asked = Section(ctx.t("formal.asked.heading"), (
        Paragraph(ctx.t("formal.asked.intro", date=words.date(budget.calculation_date, lang))),
        Table((ctx.t("formal.table.service"), ctx.t("formal.table.requested"),
               ctx.t("formal.table.granted"), ctx.t("formal.table.amount")),
              tuple(asked_rows))))
    decisions: list[Block] = [Paragraph(ctx.t("formal.decision.intro", authority=authority))]
    all_reasons: list[Reason] = []
    for number, line in enumerate(budget.lines, 1):
        per = _per(ctx, line)
        values = {"service": line.title, "amount": ctx.money(line.monthly_cost), "per": per}
        if line.approved_units < line.requested_units:
            text = ctx.t("formal.cut", approved=line.approved_units,
                         requested=ctx.units(line.requested_units, line.unit),
                         reason=_sentence(_cut_reason(ctx, line)), **values)
        else:
            text = ctx.t("formal.granted", units=ctx.units(line.approved_units, line.unit),
                         **values)
        decisions.append(Paragraph(f"{number}. {text}"))
        decisions.extend(_because(ctx, "formal.because.granted", line.reasons, line.service))
        decisions.extend(_basis(ctx, line.reasons))
        all_reasons += line.reasons
    for number, refusal in enumerate(budget.refused, len(budget.lines) + 1):
        reason = " ".join(_sentence(ctx.plain(r.text)) for r in refusal.reasons)
        text = ctx.t("formal.refused", service=refusal.title, reason=reason,
                     requested=ctx.units(refusal.requested_units, _unit(ctx, refusal.service)))
        decisions.append(Paragraph(f"{number}. {text}"))
        decisions.extend(_because(ctx, "formal.because.refused", refusal.reasons,
                                  refusal.service))
        decisions.extend(_basis(ctx, refusal.reasons))
        all_reasons += refusal.reasons
    decision = Section(ctx.t("formal.decision.heading"), tuple(decisions))
    totals = budget.totals
    payer_rows = tuple((ctx.t(f"payer.{payer}"), ctx.money(getattr(totals.by_source, payer)))
                       for payer in PAYERS if getattr(totals.by_source, payer) != 0)
    payers_blocks: list[Block] = [
        Paragraph(ctx.t("formal.payers.intro")),
        Table((ctx.t("formal.table.payer"), ctx.t("formal.table.amount")), payer_rows)
        if payer_rows else BulletList(()),
        Paragraph(ctx.t("formal.payers.total", amount=ctx.money(totals.monthly)))]
    if totals.one_off != 0:
        payers_blocks.append(Paragraph(ctx.t("formal.payers.one_off",
                                             amount=ctx.money(totals.one_off))))
    payers = Section(ctx.t("formal.payers.heading"), tuple(
        b for b in payers_blocks if not (isinstance(b, BulletList) and not b.items)))
    return (asked, decision, payers, _copayment(ctx, budget, case),
            Section(ctx.t("formal.period.heading"), (Paragraph(ctx.t(
                "formal.period.text", months=totals.period_months, **period)),)),
            Section(ctx.t("formal.legal.heading"), (
                Paragraph(ctx.t("formal.legal.intro")),
                BulletList((*legal_acts(all_reasons, ctx.titles, lang),
                            ctx.t("formal.legal.form"))))),
            Section(ctx.t("formal.appeal.heading"), (
                Paragraph(ctx.t("formal.appeal.text", body=body, address=address)),)))


def _copayment(ctx: _Context, budget: Budget, case: Case) -> Section:
    by_source = budget.totals.by_source
    blocks: list[Block] = []
    if by_source.client == 0 and by_source.maintainers == 0:
        blocks.append(Paragraph(ctx.t("formal.copayment.none")))
    else:
        if by_source.client != 0:
            blocks.append(Paragraph(ctx.t("formal.copayment.client",
                                          amount=ctx.money(by_source.client))))
        if by_source.maintainers != 0:
            blocks.append(Paragraph(ctx.t("formal.copayment.maintainers",
                                          amount=ctx.money(by_source.maintainers))))
        household = case.household
        blocks.append(Paragraph(ctx.t(
            "formal.copayment.income", income=ctx.money(household.monthly_income),
            maintainers_income=ctx.money(sum((m.monthly_income for m in household.maintainers),
                                             Decimal(0))))))
        copayment_rules = {rule.id for rule in ctx.book.copayment}
        how: dict[str, None] = {}
        reasons: list[Reason] = []
        for line in budget.lines:
            if line.financing.client == 0 and line.financing.maintainers == 0:
                continue
            for reason in line.reasons:
                if reason.rule in copayment_rules:
                    how[ctx.t("formal.copayment.rule", text=ctx.plain(reason.text))] = None
                    reasons.append(reason)
        blocks.append(BulletList(tuple(how)))
        blocks.extend(_basis(ctx, reasons))
    return Section(ctx.t("formal.copayment.heading"), tuple(blocks))


#: The rules whose condition decides whether a service is given at all (a cap's or a
#: payer's condition says how much or who pays; the reason's own text says that).
_DECISIVE = ("target_group", "eligibility")
_CODE_IN_BRACKETS = re.compile(r" \(([a-z][a-z0-9_.]*)\)")


def _rule_of(book: RuleBook, rule_id: str, service: str) -> Rule | None:
    """The target-group or eligibility rule a reason names (an id may have several entries:
    the one listing the service, else the first)."""
    found = [r for r in book.all_rules() if r.id == rule_id and r.kind in _DECISIVE]
    listed = [r for r in found if isinstance(r.services, list) and service in r.services]
    chosen = listed or found
    return chosen[0] if chosen else None


def condition_in_words(book: RuleBook, rule: Rule, lang: str) -> str | None:
    """A rule's condition as the letter says it: the rules browser's words without the codes
    it puts in brackets for policy staff; None for a rule without a condition, or when a
    fact has no words (the letter never shows a code)."""
    always = condition_words(AllOf(()), lang)
    text = condition_words(rule.when, lang, titles_of(book))
    if text == always:
        return None
    known = set(book.parameters.parameters) | set(book.services)
    text = _CODE_IN_BRACKETS.sub(lambda m: "" if m.group(1) in known else m.group(0), text)
    return None if _CODE_IN_BRACKETS.search(text) else text


def _because(ctx: _Context, key: str, reasons: list[Reason], service: str) -> list[Block]:
    """The decisive rules' conditions in words: "Piešķirts, jo persona ir pilngadīga …"."""
    found: dict[str, None] = {}
    for reason in reasons:
        rule = _rule_of(ctx.book, reason.rule, service)
        text = condition_in_words(ctx.book, rule, ctx.lang) if rule is not None else None
        if text:
            found[text] = None
    return [Paragraph(ctx.t(key, conditions="; ".join(found)))] if found else []


def _basis(ctx: _Context, reasons: list[Reason]) -> list[Block]:
    acts = legal_acts(reasons, ctx.titles, ctx.lang)
    return [Paragraph(ctx.t("formal.basis", acts="; ".join(acts)))] if acts else []


def _unit(ctx: _Context, service: str) -> str:
    known = ctx.book.services.get(service)
    return known.unit if known is not None else "day"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def sentences(text: str) -> list[str]:
    """A text split into its sentences (after `.`, `!` or `?` and a space)."""
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _easy(ctx: _Context, key: str, large: bool = False, **values: str) -> list[Paragraph]:
    """An easy-to-read text: each sentence its own paragraph (one idea a line)."""
    return [Paragraph(s, large) for s in sentences(ctx.t(key, **values))]


def _easy_sections(ctx: _Context, budget: Budget, body: str, address: str,
                   period: dict[str, str]) -> tuple[tuple[Section, ...], tuple[Paragraph, ...]]:
    get: list[Block] = []
    for line in budget.lines:
        get += _easy(ctx, "easy.granted", service=line.title, per=_per(ctx, line),
                     units=ctx.units(line.approved_units, line.unit))
        if line.approved_units < line.requested_units:
            get += _easy(ctx, "easy.cut", service=line.title,
                         requested=ctx.units(line.requested_units, line.unit))
    sections = [Section(ctx.t("easy.get.heading"), tuple(get))]
    if budget.refused:
        refused: list[Block] = []
        for refusal in budget.refused:
            refused += _easy(ctx, "easy.refused", service=refusal.title)
        sections.append(Section(ctx.t("easy.refused.heading"), tuple(refused)))
    totals = budget.totals
    sections.append(Section(ctx.t("easy.cost.heading"), (
        *_easy(ctx, "easy.cost", large=True, amount=ctx.money(totals.monthly)),
        *_easy(ctx, "easy.cost.others"))))
    pay: list[Block] = []
    if totals.by_source.client == 0:
        pay += _easy(ctx, "easy.pay.nothing", large=True)
    else:
        pay += _easy(ctx, "easy.pay.client", large=True, amount=ctx.money(totals.by_source.client))
    if totals.by_source.maintainers != 0:
        pay += _easy(ctx, "easy.pay.maintainers", large=True,
                     amount=ctx.money(totals.by_source.maintainers))
    sections.append(Section(ctx.t("easy.pay.heading"), tuple(pay)))
    sections.append(Section(ctx.t("easy.when.heading"), tuple(_easy(
        ctx, "easy.when", start=period["start"], end=period["end"]))))
    sections.append(Section(ctx.t("easy.disagree.heading"), tuple(
        _easy(ctx, "easy.disagree", body=body, address=address))))
    return tuple(sections), tuple(_easy(ctx, "easy.intro"))
