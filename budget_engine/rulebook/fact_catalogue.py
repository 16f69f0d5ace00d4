"""The facts a rule's `when` may read, with their types and their words.

This is the vocabulary shared by `facts.py` (which computes them from a case) and the rule
checker (which refuses a rule naming a fact that does not exist, such as "agee").
Line facts exist only for rules about a requested service; case facts exist for both.
The codes `service` may be compared with are the rule book's own (services.yaml): the
loader checks a rule with `all_facts(book_services)`, the catalogue of that book.

Each fact has a Latvian and an English label (`FactType.label`), so a condition is read as
a sentence (`condition_words.py`) and the condition editor offers facts by what they mean,
not by their codes. A yes/no fact's label is the statement that it holds ("persona ir
bērns") with the statement that it does not beside it ("persona ir pilngadīga"); any other
fact's label is a noun ("personas vecums pilnos gados") with its choices in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ..models import DISABILITY_GROUPS, RESIDENCE_STATUSES, TARGET_GROUPS

#: The numbers a rule may compare a whole-number fact with, unless the fact has its own
#: bounds: beyond them a literal is a typing slip (`age >= 10^23`), not a policy.
INT_BOUNDS = (-10**9, 10**9)


@dataclass(frozen=True)
class FactLabel:
    """A fact in words. For a yes/no fact `lv`/`en` say that it holds and `lv_not`/`en_not`
    that it does not; for any other fact `lv`/`en` name it (a noun a sentence goes on from:
    "personas vecums pilnos gados ir vismaz 5")."""

    lv: str
    en: str
    lv_not: str = ""
    en_not: str = ""

    def text(self, lang: str, holds: bool = True) -> str:
        if lang == "lv":
            return self.lv if holds or not self.lv_not else self.lv_not
        return self.en if holds or not self.en_not else self.en_not


@dataclass(frozen=True)
class FactType:
    kind: str  # "bool", "int", "date" or "enum"
    choices: tuple[str, ...] = ()
    description: str = ""
    #: For "int": the least and the greatest value a condition may compare the fact with.
    bounds: tuple[int, int] = INT_BOUNDS
    #: The fact in Latvian and English (every fact of the catalogue has one; a test holds it).
    label: FactLabel = FactLabel("", "")
    #: The choices of an "enum" fact in words: code -> (Latvian, English). The services'
    #: words are the rule book's own titles (`condition_words` reads them from the book).
    choice_words: Mapping[str, tuple[str, str]] = field(
        default_factory=lambda: MappingProxyType({}))


def _yes_no(lv: str, lv_not: str, en: str, en_not: str, description: str = "") -> FactType:
    return FactType("bool", description=description, label=FactLabel(lv, en, lv_not, en_not))


CASE_FACTS: Mapping[str, FactType] = MappingProxyType({
    "date": FactType("date", description="calculation date",
                     label=FactLabel("aprēķina datums", "the calculation date")),
    "age": FactType("int", description="full years on the calculation date", bounds=(0, 150),
                    label=FactLabel("personas vecums pilnos gados",
                                    "the person's age in full years")),
    "is_child": _yes_no("persona ir bērns", "persona ir pilngadīga",
                        "the person is a child", "the person is an adult",
                        "age < 18"),
    "has_grt": _yes_no("personai ir GRT diagnoze", "personai nav GRT diagnozes",
                       "the person has a mental disorder diagnosis (GRT)",
                       "the person has no mental disorder diagnosis (GRT)",
                       "an ICD-10 diagnosis of chapter F (GRT)"),
    "disability_group": FactType(
        "enum", (*DISABILITY_GROUPS, "none"),
        label=FactLabel("invaliditātes grupa", "the disability group"),
        choice_words=MappingProxyType({"I": ("I", "I"), "II": ("II", "II"),
                                       "III": ("III", "III"),
                                       "none": ("nenoteikta", "none")})),
    "child_disability": _yes_no("bērnam ir noteikta invaliditāte",
                                "bērnam nav noteiktas invaliditātes",
                                "the child has a disability status",
                                "the child has no disability status"),
    "special_care_opinion": _yes_no(
        "ir atzinums par īpašas kopšanas nepieciešamību",
        "nav atzinuma par īpašas kopšanas nepieciešamību",
        "there is an opinion that special care is needed",
        "there is no opinion that special care is needed"),
    "parents_working_or_studying": _yes_no("vecāki strādā vai mācās",
                                           "vecāki nestrādā un nemācās",
                                           "the parents work or study",
                                           "the parents neither work nor study"),
    "weekly_medical_procedures": _yes_no(
        "medicīniskas procedūras vajadzīgas ik nedēļu",
        "medicīniskas procedūras ik nedēļu nav vajadzīgas",
        "medical procedures are needed every week",
        "medical procedures are not needed every week"),
    "out_of_family_care": _yes_no("bērns ir ārpusģimenes aprūpē",
                                  "bērns nav ārpusģimenes aprūpē",
                                  "the child is in out-of-family care",
                                  "the child is not in out-of-family care"),
    "residence_status": FactType(
        "enum", RESIDENCE_STATUSES,
        label=FactLabel("personas dzīvesvieta", "the person's place of residence"),
        choice_words=MappingProxyType({
            "community": ("kopiena", "the community"),
            "in_vsac": ("valsts sociālās aprūpes centrs (VSAC)",
                        "a state social care centre (VSAC)"),
            "left_vsac": ("kopiena pēc aiziešanas no VSAC",
                          "the community after leaving a VSAC"),
            "child_institution": ("bērnu aprūpes iestāde", "a children's care institution"),
            "foster_family": ("audžuģimene", "a foster family"),
            "guardian": ("aizbildņa ģimene", "a guardian's family"),
        })),
    "returned_from_institution": _yes_no(
        "persona ir atgriezusies no institūcijas", "persona nav atgriezusies no institūcijas",
        "the person has returned from an institution",
        "the person has not returned from an institution"),
    "eraf_vsac_group_apartment": _yes_no(
        "persona dzīvo ERAF finansētā VSAC grupu dzīvoklī",
        "persona nedzīvo ERAF finansētā VSAC grupu dzīvoklī",
        "the person lives in an ERDF-funded VSAC group apartment",
        "the person does not live in an ERDF-funded VSAC group apartment"),
    "needy_status": _yes_no("personai ir trūcīgas personas statuss",
                            "personai nav trūcīgas personas statusa",
                            "the person has needy status",
                            "the person does not have needy status"),
    "has_maintainers": _yes_no("personai ir apgādnieki", "personai nav apgādnieku",
                               "the person has maintainers", "the person has no maintainers"),
    "in_individual_budget_pilot": _yes_no(
        "persona piedalās individuālā budžeta izmēģinājumā",
        "persona nepiedalās individuālā budžeta izmēģinājumā",
        "the person takes part in the individual budget pilot",
        "the person does not take part in the individual budget pilot"),
    "respite_days_used_this_year": FactType(
        "int", bounds=(0, 366),
        label=FactLabel("šajā gadā izmantoto atelpas brīža dienu skaits",
                        "the number of respite days used this year")),
    "assessment_and_plan": _yes_no(
        "ir veikts vajadzību izvērtējums un izstrādāts atbalsta plāns",
        "nav vajadzību izvērtējuma ar atbalsta plānu",
        "there is a needs assessment with a support plan",
        "there is no needs assessment with a support plan",
        "an assessment with a support plan"),
    "support_level": FactType(
        "int", description="1-4, 0 when unknown", bounds=(0, 4),
        label=FactLabel("atbalsta līmenis", "the support level")),
    "di_enrolled": _yes_no("persona ir iesaistīta DI ESF projektā",
                           "persona nav iesaistīta DI ESF projektā",
                           "the person is enrolled in a DI ESF project",
                           "the person is not enrolled in a DI ESF project",
                           "enrolled in a DI ESF project"),
    "day_care_centre_age": FactType(
        "int", description="calculation year - creation year of the day centre, -1 if unknown",
        label=FactLabel("dienas centra vecums gados", "the day centre's age in years")),
})

#: The target groups in words, as the yes/no line facts of the same names read.
_GROUP_WORDS = MappingProxyType({
    "adult_grt": ("pilngadīgas personas ar GRT (I vai II invaliditātes grupa)",
                  "adults with a mental disorder (GRT) and disability group I or II"),
    "child_ft": ("bērni ar funkcionāliem traucējumiem",
                 "children with functional impairments"),
    "child_out_of_family": ("bērni ārpusģimenes aprūpē", "children in out-of-family care"),
})


def _group(code: str) -> FactType:
    lv, en = _GROUP_WORDS[code]
    return _yes_no(f"persona pieder mērķa grupai „{lv}”", f"persona nepieder mērķa grupai „{lv}”",
                   f"the person is in the target group “{en}”",
                   f"the person is not in the target group “{en}”")


LINE_FACTS: Mapping[str, FactType] = MappingProxyType({
    # Its choices are those of the book being checked (`all_facts`).
    "service": FactType("enum", description="`requested_services[].service` of the case: "
                        "a code of the rule book's services.yaml",
                        label=FactLabel("pakalpojums", "the service")),
    "di_service": _yes_no("pakalpojums ir DI pakalpojums", "pakalpojums nav DI pakalpojums",
                          "the service is a DI service", "the service is not a DI service"),
    **{group: _group(group) for group in TARGET_GROUPS},
    "in_target_group": _yes_no("persona pieder kādai DI mērķa grupai",
                               "persona nepieder nevienai DI mērķa grupai",
                               "the person is in a DI target group",
                               "the person is in no DI target group"),
    "in_f1_window": _yes_no("pakalpojums ir DI ESF projekta laikā (F1)",
                            "pakalpojums nav DI ESF projekta laikā (F1)",
                            "the service falls inside the DI ESF project window (F1)",
                            "the service falls outside the DI ESF project window (F1)",
                            "inside the DI ESF project window (F1)"),
})

ALL_FACTS: Mapping[str, FactType] = MappingProxyType({**CASE_FACTS, **LINE_FACTS})


def all_facts(services: Iterable[str]) -> Mapping[str, FactType]:
    """Every fact, for a book with these service codes: `service` may be compared only
    with them."""
    service = replace(LINE_FACTS["service"], choices=tuple(services))
    return MappingProxyType({**ALL_FACTS, "service": service})
