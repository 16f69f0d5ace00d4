"""The engine's own texts (warnings, assessment summary, a cut line's note): their keys and
the placeholders each may use.

The sentences themselves live in `rules/messages.yaml`, beside the rule texts, so policy
staff can reword them like any rule; this module is the contract the arithmetic fills in,
checked when the rules load so a misspelt `{placeholder}` is a `file:line` error, not a
literal brace in somebody's decision.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .words.text_values import spec_problem

WARNING_PLACEHOLDERS = MappingProxyType({
    "reassessment_due": frozenset({"assessed_on", "months"}),
    "over_indicative_budget": frozenset({"monthly", "share_pct", "indicative"}),
    "di_funding_ends": frozenset({"ends", "months"}),
    "no_rate": frozenset({"service", "date"}),
    "no_threshold": frozenset({"parameter", "date", "payer"}),
    "di_enrolment_after_window": frozenset({"enrolled_on", "ends"}),
    "municipality_unchecked": frozenset({"municipality", "date"}),
    "implausible_income": frozenset({"payer", "amount", "most"}),
    "implausible_enrolment": frozenset({"enrolled_on", "began"}),
})

PLACEHOLDERS = MappingProxyType({
    **{f"warning.{code}": names for code, names in WARNING_PLACEHOLDERS.items()},
    "payer.client": frozenset(),
    "payer.maintainers": frozenset(),
    "cap.cut": frozenset({"text", "requested", "approved"}),
    "assessment.ais": frozenset({"score", "mean", "band_level"}),
    "assessment.ais_exceptional": frozenset({"score", "mean", "band_level", "needs", "level"}),
    "assessment.need.medical": frozenset(),
    "assessment.need.behavioural": frozenset(),
    "assessment.need.both": frozenset({"first", "second"}),
    "assessment.care_level": frozenset({"care_level"}),
    "assessment.unknown": frozenset(),
    "override.decided": frozenset({"units", "amount", "computed_units", "computed_amount",
                                   "reference"}),
    "override.removed": frozenset({"reference"}),
    "override.no_rate": frozenset({"date"}),
})


#: Messages added after rule books were first stored: a stored (pinned) rule book made
#: before them does not have them, and still loads — it takes the text of the rules shipped
#: with this release (`loader._later_messages`). A budget saved years ago must recalculate.
ADDED_LATER = frozenset({
    "warning.implausible_income", "warning.implausible_enrolment", "override.decided",
    "override.removed", "override.no_rate"})


def placeholder_problems(key: str, template: str) -> list[str]:
    """What is wrong with one text: an unknown key, or a placeholder it may not use."""
    allowed = PLACEHOLDERS.get(key)
    if allowed is None:
        return [f'unknown message "{key}" (expected one of {", ".join(PLACEHOLDERS)})']
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        return [f'message "{key}": {exc} (write {{{{ for a literal brace)']
    return [f'message "{key}": unknown placeholder {{{name}}} (it may use '
            f'{", ".join(sorted(allowed)) or "none"})' for name in sorted(used - allowed)
            ] + [f'message "{key}": {problem}' for problem in counted_problems(template)]


def counted_problems(template: str) -> list[str]:
    """A placeholder with a format part that is not a counted noun's two forms
    (`{cap:# diena|# dienas}`, `text_values.counted`): it would fail when filled."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return []  # unbalanced braces: said by the check of the placeholders
    return [problem for _, name, spec, _ in parsed
            if name is not None and spec
            for problem in [spec_problem(name, spec)] if problem is not None]


# -- the rule files' own errors, in Latvian and English ------------------------------------
#: Every kind of `RuleError` with its Latvian and English text; `{name}` is filled from the
#: error's `context` (a key `name_lv` replaces `name` in the Latvian text, for a part that is
#: itself words: a value's problem, a kind of fact). The English text is the one `str()` of
#: the error gives after `file:line:`; a page or `rules check --lang lv` shows the Latvian.
RULE_ERROR_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    # reading the files
    "not_a_directory": ("nav noteikumu failu mape", "not a directory of rule files"),
    "cannot_read": ("failu nevar nolasīt ({reason})", "cannot read: {reason}"),
    # {problem_lv}: `words.yaml_words` says the mistake in plain Latvian, with the column
    "yaml_invalid": ("teksts nav derīgs YAML, {problem}", "not valid YAML: {problem}"),
    "yaml_alias": ("enkuri un atsauces (&nosaukums, *nosaukums) nav atļauti: uzrakstiet "
                   "vērtību pilnībā", "anchors and aliases (&name, *name) are not accepted: "
                   "write the value out in full"),
    "yaml_control": ("teksts nav derīgs YAML: vadības rakstzīme U+{code} nav atļauta",
                     "not valid YAML: the control character U+{code} is not allowed"),
    "yaml_depth": ("ligzdots dziļāk par {most} līmeņiem: uzrakstiet vienkāršāk",
                   "not valid YAML: nested more than {most} levels deep"),
    "number_digits": ("skaitlis ar vairāk nekā {most} cipariem",
                      "not valid YAML: a number of more than {most} digits"),
    "too_many_values": ("vairāk nekā {most} vērtību: failu tālāk nelasa",
                        "more than {most} values: the file is not read further"),
    "key_not_name": ("atslēgai jābūt nosaukumam, nevis sarakstam vai tabulai",
                     "a key must be a name, not a list or mapping"),
    "duplicate_key": ("atslēga {key} ir divreiz", "duplicate key {key}"),
    "not_a_date": ("{value} nav īsts datums", "{value} is not a real date ({reason})"),
    # the files' shape (the schema)
    "schema": ("{where}: {problem}", "{where}: {problem}"),
    # conditions
    "condition_mapping": ("nosacījumam jābūt tabulai (fakts: vērtība), nevis {value}",
                          "a condition must be a mapping, got {value}"),
    "condition_depth": ("nosacījumi (all, any, not) ligzdoti dziļāk par {most} līmeņiem: "
                        "uzrakstiet noteikumu vienkāršāk",
                        "conditions nest more than {most} levels deep (all, any, not): "
                        "write the rule more simply"),
    "condition_terms": ("nosacījumā ir vairāk nekā {most} daļu",
                        "a condition has more than {most} parts"),
    "condition_list": ("„{key}” prasa netukšu nosacījumu sarakstu",
                       '"{key}" takes a non-empty list of conditions'),
    "unknown_fact": ("nezināms fakts „{fact}”{hint_lv}",
                     'unknown fact "{fact}" (known: {known})'),
    "unknown_operator": ("nezināms salīdzinājums „{op}” faktam „{fact}” (der: {known})",
                         'unknown operator "{op}" for "{fact}" (expected one of {known})'),
    "unknown_parameter": ("nezināms parametrs „{name}”", 'unknown parameter "{name}"'),
    "list_needed": ("„{op}” faktam „{fact}” prasa netukšu sarakstu",
                    '"{op}" for "{fact}" takes a non-empty list'),
    "order_needs_number": ("„{op}” der tikai skaitlim vai datumam; „{fact}” ir {kind_lv}",
                           '"{op}" needs a number or date fact; "{fact}" is {kind}'),
    "literal_type": ("„{fact}” nevar būt {value}: jābūt {expected_lv}",
                     '"{fact}" cannot be {value}: expected {expected}'),
    "literal_range": ("„{fact}” nevar būt {value}: jābūt veselam skaitlim no {low} līdz "
                      "{high}", '"{fact}" cannot be {value}: expected a whole number from '
                      "{low} to {high}"),
    # parameters
    "parameter_twice": ("parametrs „{name}” ir definēts divreiz",
                        'parameter "{name}" is defined twice'),
    "parameter_value": ("parametrs „{name}” ({type}) no {from_lv}: {problem_lv}",
                        'parameter "{name}" ({type}) from {from}: {problem}'),
    "parameter_same_date": ("parametram „{name}” ir divas vērtības no viena datuma",
                            'parameter "{name}" has two values from the same date'),
    "parameter_missing": ("trūkst obligātā parametra „{name}”",
                          'required parameter "{name}" is missing'),
    "unknown_rate": ("nezināms tarifa parametrs „{name}”", 'unknown rate parameter "{name}"'),
    # rules, services, texts
    "rule_untitled": ("noteikumam vajag nosaukumu vai tekstu", "a rule needs a title or a text"),
    "unknown_target_group": ("nezināma mērķa grupa „{name}” (der: {known})",
                             'unknown target group "{name}" (expected one of {known})'),
    "note_missing": ("trūkst piezīmes „{name}”", 'counterfactual note "{name}" is missing'),
    "message_problem": ("teksts „{key}”: {problem_lv}", "{problem}"),
    "counted_noun": ("{problem_lv}", "{problem}"),
    "message_missing": ("trūkst teksta „{key}”", 'message "{key}" is missing'),
    "service_code": ("pakalpojuma kods „{code}” jāraksta ar 2–40 mazajiem burtiem, cipariem "
                     "un _, sākot ar burtu (piemēram, home_care)",
                     'service code "{code}" must be 2-40 small letters, digits and _, '
                     "starting with a letter (e.g. home_care)"),
    "no_services": ("nav neviena pakalpojuma: norādiet vismaz vienu",
                    "no services: list at least one"),
    "unknown_service": ("nezināms pakalpojums „{code}” (der: {known})",
                        'unknown service "{code}" (expected one of {known})'),
    "action": ("lēmuma daļa (then) nav derīga: {problem_lv}", "{problem}"),
    "then_parameter": ("lēmumā (then) nezināms parametrs „{name}”",
                       'then: unknown parameter "{name}"'),
    "enabled_by_parameter": ("ieslēgšanas parametrs (enabled_by) „{name}” nav zināms",
                             'enabled_by: unknown parameter "{name}"'),
    "minus_fact": ("then.minus: nezināms fakts „{fact}”", 'then.minus: unknown fact "{fact}"'),
    # a reform file (`evaluation/reform.py`: `replay --reform`, the evaluator's upload)
    "reform_too_large": ("fails ir lielāks par {most}: reformas fails maina dažus parametrus "
                         "un ir dažus kilobaitus liels", "the file is larger than {most}: a "
                         "reform file changes a few parameters and is a few kilobytes"),
    "reform_not_utf8": ("failu nevar nolasīt: tas nav UTF-8 teksts (saglabājiet to kā UTF-8)",
                        "cannot read: {reason}"),
    "reform_not_mapping": ("failā jābūt atslēgām „label:” (nosaukums) un „parameters:” "
                           "(mainītie parametri)",
                           "expected a mapping with `label:` and `parameters:`"),
    "reform_unknown_key": ("nezināma atslēga „{key}” (der: label, parameters)",
                           "unknown key {key!r} (expected label, parameters)"),
    "reform_label": ("label: jābūt tekstam – reformas nosaukumam", "label: expected a text"),
    "reform_no_parameters": ("parameters: norādiet vismaz vienu parametru ar vērtību sarakstu "
                             "{{from: DATUMS, value: VĒRTĪBA}}",
                             "parameters: expected at least one parameter name with a list "
                             "of {{from: DATE, value: VALUE}}"),
    "reform_unknown_parameter": ("nezināms parametrs „{name}”{hint_lv}",
                                 'unknown parameter "{name}"{hint}'),
    "reform_values": ("parametram „{name}” jābūt vērtību sarakstam {{from: DATUMS, value: "
                      "VĒRTĪBA}}", 'parameter "{name}": expected a list of {{from: DATE, '
                      "value: VALUE}}"),
    "reform_entry": ("parametra „{name}” vērtībai jābūt tabulai {{from: DATUMS, value: "
                     "VĒRTĪBA}}", 'parameter "{name}": expected {{from: DATE, value: VALUE}}'),
    "reform_entry_key": ("parametra „{name}” vērtībā nezināma atslēga „{key}” (der: from, "
                         "value, reference)", 'parameter "{name}": unknown key {key!r} '
                         "(expected from, value, reference)"),
    "reform_from": ("parametra „{name}” vērtībai „from” jābūt datumam GGGG-MM-DD (ir {value})",
                    'parameter "{name}": from: expected a date YYYY-MM-DD, got {value}'),
    "reform_value_missing": ("parametra „{name}” vērtībai no {from_lv} trūkst „value”",
                             'parameter "{name}": value is missing'),
})

#: A value's problem (`parameter_types.ValueProblem.kind`) in Latvian; `{value}` and the
#: others from its context.
VALUE_PROBLEM_TEXTS: Mapping[str, str] = MappingProxyType({
    "not_number": "jābūt skaitlim, piemēram, 3.83 (ir {value})",
    "negative": "nedrīkst būt negatīvs (ir {value})",
    "decimal_comma": "„{value}” raksta ar komatu: failā rakstiet „{fixed}”",
    "too_many_digits": "pārāk daudz ciparu ({value}): ne vairāk kā {whole} pirms punkta un "
                       "{decimals} aiz tā",
    "share_range": "daļai jābūt no 0 līdz 1 (0.85 = 85 %), ir {value}",
    "not_whole": "jābūt veselam skaitlim (ir {value})",
    "too_large": "pārāk liels ({value}): ne vairāk kā {whole} cipari",
    "not_date": "jābūt datumam GGGG-MM-DD (ir {value})",
    "not_bool": "jābūt true vai false (ir {value})",
    "not_text": "jābūt tekstam (ir {value})",
    "not_list": "jābūt netukšam sarakstam (ir {value})",
    "not_table": "jābūt tabulai (atslēga: vērtība), ir {value}",
    "unknown_service": "nezināms pakalpojums „{value}” (der: {known})",
})

#: The schema's (pydantic's) kinds of error in Latvian; others say "nav derīgs".
SCHEMA_TEXTS: Mapping[str, str] = MappingProxyType({
    "missing": "trūkst obligātā lauka",
    "extra_forbidden": "nezināms lauks (pārbaudiet rakstību)",
    "string_type": "jābūt tekstam",
    "string_too_short": "nedrīkst būt tukšs",
    "string_too_long": "pārāk garš teksts",
    "string_pattern_mismatch": "neatbilst vajadzīgajam pierakstam",
    "int_type": "jābūt veselam skaitlim", "int_parsing": "jābūt veselam skaitlim",
    "int_from_float": "jābūt veselam skaitlim",
    "bool_type": "jābūt true vai false", "bool_parsing": "jābūt true vai false",
    "date_type": "jābūt datumam GGGG-MM-DD", "date_parsing": "jābūt datumam GGGG-MM-DD",
    "date_from_datetime_parsing": "jābūt datumam GGGG-MM-DD",
    "date_from_datetime_inexact": "jābūt datumam bez laika",
    "literal_error": "jābūt vienai no atļautajām vērtībām: {expected}",
    "enum": "jābūt vienai no atļautajām vērtībām: {expected}",
    "dict_type": "jābūt tabulai (atslēga: vērtība)",
    "list_type": "jābūt sarakstam",
    "too_short": "sarakstā par maz vērtību",
    "too_long": "sarakstā par daudz vērtību",
    "greater_than_equal": "jābūt vismaz {ge}",
    "less_than_equal": "jābūt ne vairāk kā {le}",
})

#: A kind of fact in Latvian words, for a message about comparing it.
FACT_KIND_WORDS: Mapping[str, str] = MappingProxyType({
    "bool": "jā/nē fakts", "int": "vesels skaitlis", "date": "datums",
    "enum": "izvēle no saraksta"})


def rule_error_words(kind: str, context: Mapping[str, Any], lang: str) -> str | None:
    """The text of an error of `kind` in the language, or None when the kind has none."""
    texts = RULE_ERROR_TEXTS.get(kind)
    if texts is None:
        return None
    template = texts[0] if lang == "lv" else texts[1]
    fields = {name: context.get(f"{name}_{lang}", context.get(name, "…"))
              for _, name, _, _ in string.Formatter().parse(template) if name}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return None


def fill(template: str, context: Mapping[str, Any]) -> str:
    """A template with what its context has, "…" for what it lacks."""
    fields = {name: context.get(name, "…")
              for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**fields)
