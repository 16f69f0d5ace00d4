"""Why a case could not be calculated, in the run's language, by the kind of each error.

A replay's error row keeps the engine's English text (`error`, for tools) and, for each
problem, its kind, field path and the values it names (`errors`, from `ErrorDetail`).
The report, the rows CSV and the web's job page show the reason from those: the field named
by its label as the case form names it (Latvian on a Latvian run), the sentence chosen by
the kind, never made by translating the English wording; so is a line that could not be
read (`records.ReadProblem`: a wrong separator, an unclosed quote, an overlong line...) and
a case its worker died on. A kind not listed here (an internal error) is shown as the
engine wrote it, never dropped.
The same sentences as the case form's (budget_web/input/error_texts.py), which the web
translates through its catalogue; the engine has none, so they are kept here as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

#: The label of a field by its path without list indexes (the case form's labels).
FIELD_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "format": ("Formāta versija", "Format version"),
    "case_id": ("Lietas numurs", "Case number"),
    "calculation_date": ("Aprēķina datums", "Calculation date"),
    "person": ("Persona", "Person"),
    "person.birth_date": ("Dzimšanas datums", "Date of birth"),
    "person.municipality": ("Pašvaldība", "Municipality"),
    "person.disability_group": ("Invaliditātes grupa (pieaugušajam)",
                                "Disability group (adult)"),
    "person.diagnoses": ("Diagnozes (SSK-10)", "Diagnoses (ICD-10)"),
    "person.child_disability": ("Bērns ar invaliditāti", "Child with a disability"),
    "person.special_care_opinion": ("Atzinums par īpašas kopšanas nepieciešamību (VDEĀVK)",
                                    "Special care opinion (VDEĀVK)"),
    "person.out_of_family_care": ("Bērns ārpusģimenes aprūpē",
                                  "Child in out-of-family care"),
    "person.weekly_medical_procedures": ("Iknedēļas medicīniskās procedūras vai "
                                         "rehabilitācija",
                                         "Weekly medical procedures or rehabilitation"),
    "residence": ("Dzīvo", "Residence"),
    "residence.status": ("Dzīvo", "Residence"),
    "residence.left_vsac_on": ("VSAC pamests", "Left the VSAC on"),
    "residence.institution_placed_on": ("Ievietots institūcijā",
                                        "Placed in an institution on"),
    "residence.returned_from_institution": ("Atgriezies no ilgstošas aprūpes institūcijas",
                                            "Returned from a long-term institution"),
    "residence.eraf_vsac_group_apartment": ("Grupu dzīvoklis VSAC bāzē (ERAF)",
                                            "Group apartment on a VSAC base (ERAF)"),
    "household": ("Ienākumi un apgādnieki", "Income and maintainers"),
    "household.monthly_income": ("Klienta ienākumi mēnesī, EUR",
                                 "Client's monthly income, EUR"),
    "household.no_income": ("Klientam nav ienākumu", "The client has no income"),
    "household.needy_status": ("Trūcīgas personas statuss", "Needy person status"),
    "household.parents_working_or_studying": (
        "Vecāki vai likumiskie pārstāvji strādā vai mācās",
        "Parents or legal representatives work or study"),
    "household.maintainers": ("Apgādnieki", "Maintainers"),
    "household.maintainers.relation": ("Apgādnieks, {n}. rinda: radniecība",
                                       "Maintainer, row {n}: relation"),
    "household.maintainers.monthly_income": ("Apgādnieks, {n}. rinda: ienākumi mēnesī",
                                             "Maintainer, row {n}: monthly income"),
    "assessment": ("Vajadzību izvērtējums", "Assessment"),
    "assessment.assessed_on": ("Izvērtēts", "Assessed on"),
    "assessment.support_plan": ("Izstrādāts atbalsta plāns", "Support plan drawn up"),
    "assessment.care_level": ("VSAC aprūpes līmenis", "VSAC care level"),
    "assessment.areas": ("AIS jomu kopsummas", "AIS area totals"),
    "assessment.items": ("AIS pilnā tabula", "AIS full grid"),
    "assessment.medical_total": ("Medicīniskie papildvienumi, kopā (0–30)",
                                 "Medical extra items, total (0–30)"),
    "assessment.behavioural_total": ("Uzvedības papildvienumi, kopā (0–26)",
                                     "Behavioural extra items, total (0–26)"),
    "di_project": ("DI projekts", "DI project"),
    "di_project.enrolled_on": ("Iesaistīts DI ESF projektā no",
                               "Enrolled in a DI ESF project on"),
    "day_care_centre_created_year": ("Dienas aprūpes centra izveides gads",
                                     "Year the day care centre was created"),
    "respite_days_used_this_year": ("Šogad jau izmantotās atelpas brīža dienas",
                                    "Respite days already used this year"),
    "in_individual_budget_pilot": ("Individuālā budžeta pilotprojektā (2019–2021)",
                                   "In the individual budget pilot (2019–2021)"),
    "requested_services": ("Pieprasītie pakalpojumi", "Requested services"),
    "requested_services.service": ("Pieprasītais pakalpojums, {n}. rinda: pakalpojums",
                                   "Requested service, row {n}: service"),
    "requested_services.units": ("Pieprasītais pakalpojums, {n}. rinda: vienības",
                                 "Requested service, row {n}: units"),
})

_DATE_KINDS = ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
               "date_type", "date_invalid")
_INT_KINDS = ("int_parsing", "int_type", "int_from_float")
_DECIMAL_KINDS = ("decimal_parsing", "decimal_type", "finite_number")

#: The sentence of each kind of error: (Latvian, English), filled in from its values.
_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "missing": ("Šis lauks ir obligāts.", "This field is required."),
    "extra_forbidden": ("Nezināms lauks “{field}”: pārbaudiet tā nosaukumu.",
                        "Unknown field “{field}”: check its name."),
    **dict.fromkeys(_DATE_KINDS, ("Vajadzīgs esošs datums, piemēram, 25.04.1988.",
                                  "Expected a date that exists, such as 1988-04-25.")),
    **dict.fromkeys(_INT_KINDS, ("Vajadzīgs vesels skaitlis.", "Expected a whole number.")),
    **dict.fromkeys(_DECIMAL_KINDS, ("Vajadzīga summa, piemēram, 1 200,50.",
                                     "Expected an amount such as 1200.50.")),
    "decimal_max_places": ("Ne vairāk kā divas zīmes aiz komata.",
                           "Expected at most two decimals."),
    "greater_than_equal": ("Vajadzīgs vismaz {ge}.", "Expected at least {ge}."),
    "greater_than": ("Vajadzīgs vairāk nekā {gt}.", "Expected more than {gt}."),
    "less_than_equal": ("Ne vairāk kā {le}.", "Expected at most {le}."),
    "less_than": ("Vajadzīgs mazāk nekā {lt}.", "Expected less than {lt}."),
    "literal_error": ("Vajadzīga viena no vērtībām: {expected}.",
                      "Expected one of: {expected}."),
    "bool_parsing": ("Vajadzīgs jā vai nē (true vai false).",
                     "Expected yes or no (true or false)."),
    "bool_type": ("Vajadzīgs jā vai nē (true vai false).",
                  "Expected yes or no (true or false)."),
    "string_type": ("Vajadzīgs teksts.", "Expected a text."),
    "list_type": ("Vajadzīgs saraksts.", "Expected a list."),
    "dict_type": ("Vajadzīgs objekts (lauku kopa).", "Expected an object (a set of fields)."),
    "model_type": ("Vajadzīgs objekts (lauku kopa).", "Expected an object (a set of fields)."),
    "string_pattern_mismatch": ("Vērtībai nav gaidītās formas.",
                                "The value does not have the expected form."),
    "too_short": ("Vajadzīgi vismaz {min_length} ieraksti.",
                  "Expected at least {min_length} entries."),
    "too_long": ("Ne vairāk kā {max_length} ieraksti.", "Expected at most {max_length} entries."),
    "string_too_short": ("Vajadzīga vismaz {min_length} rakstzīme.",
                         "Expected at least {min_length} character."),
    "string_too_long": ("Ne vairāk kā {max_length} rakstzīmes.",
                        "Expected at most {max_length} characters."),
    "date_after_calculation": ("Nedrīkst būt pēc aprēķina datuma ({date}).",
                               "Must not be after the calculation date ({date})."),
    "date_before_birth": ("Nedrīkst būt pirms dzimšanas datuma ({date}).",
                          "Must not be before the date of birth ({date})."),
    "date_too_early": ("Nedrīkst būt pirms {date}.", "Must not be before {date}."),
    "string_unicode": ("Tekstā ir nederīga rakstzīme.", "The text holds an invalid character."),
    "json_invalid": ("Rindu neizdevās nolasīt: tas nav derīgs JSON.",
                     "The line could not be read: it is not valid JSON."),
    "json_invalid_at": ("Rindu neizdevās nolasīt: tā nav derīgs JSON (kļūda JSON "
                        "{json_line}. rindas {json_column}. zīmē).",
                        "The line could not be read: it is not valid JSON (at line "
                        "{json_line}, column {json_column} of its JSON)."),
    "nested_too_deeply": ("Lietu neizdevās nolasīt: tā ir pārāk dziļi ligzdota.",
                          "The case could not be read: it is nested too deeply."),
    "unknown_municipality": ("{date} nebija pašvaldības ar nosaukumu “{name}”; jābūt "
                             "vienai no {count} tad spēkā esošajām pašvaldībām.",
                             "There was no municipality called “{name}” on {date}; expected "
                             "one of the {count} municipalities in force then."),
    "unknown_service": ("Spēkā esošajos noteikumos nav pakalpojuma “{service}”.",
                        "There is no service “{service}” in the rules in force."),
    "no_rules_in_force": ("{date} nav spēkā noteikumu, ar kuriem aprēķināt (parametram "
                          "“{parameter}” tad nav vērtības).",
                          "No rules are in force on {date} (the parameter “{parameter}” "
                          "has no value then)."),
})

#: A line of the cases file that could not be read at all (`records.ReadProblem`) and a
#: case its worker died on: "line N: sentence", the line from the problem's values.
_READ_TEXTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "line_too_long": ("Rinda ir garāka par {limit} baitiem (neviena lieta nav tik gara); tā "
                      "netika nolasīta.",
                      "The line is longer than {limit} bytes (no case is near that long); "
                      "it was not read."),
    "not_utf8": ("Rinda nav UTF-8 teksts ({byte}. baitā); saglabājiet failu kā "
                 "“CSV UTF-8”.",
                 "The line is not UTF-8 text (at byte {byte}); save the file as "
                 "“CSV UTF-8”."),
    "unclosed_quote": ("Rindā atvērtas pēdiņas (\") netiek aizvērtas; neviena lietas šūna "
                       "nav vairākās rindās, tāpēc nākamā rinda tiek lasīta kā atsevišķa "
                       "lieta.",
                       "A quote (\") is opened on the line and not closed on it; no cell of "
                       "a case spans lines, so the next line is read as a case of its own."),
    "wrong_separator": ("Rinda šķietami atdalīta ar {found}, bet galvene ar {expected}.",
                        "The line seems separated by {found}, but the header by {expected}."),
    "cell_count": ("Rindā ir {found} šūnas, galvenē {expected} (atdalītājs {separator}; vai "
                   "kāda šūna, kurā tas ir, nav pēdiņās?).",
                   "The line has {found} cells, the header has {expected} (separator "
                   "{separator}; is a cell holding it not in quotes?)."),
    "csv_line_break": ("Šūnā, kas nav pēdiņās, ir rindas pārnesums (CR); saglabājiet failu "
                       "ar vienu lietu rindā.",
                       "A cell not in quotes holds a line break (a carriage return); save "
                       "the file with one case a line."),
    "csv_unreadable": ("Rindu nevar nolasīt kā CSV ({detail}).",
                       "The line cannot be read as CSV ({detail})."),
    "more_cells": ("Rindā ir vairāk šūnu nekā galvenē.",
                   "The line has more cells than the header."),
    "column_conflict": ("Kolonna “{column}” ir pretrunā ar citu kolonnu.",
                        "The column “{column}” conflicts with another column."),
    "read_error": ("Rindu neizdevās nolasīt kā lietu.", "The line could not be read as a case."),
    "engine_crash": ("Noteikumu dzinējs apstājās pie šīs lietas (iekšēja kļūda); lūdzu, "
                     "ziņojiet par to, norādot šo rindu.",
                     "The rule engine stopped on this case (an internal error); please "
                     "report it with this line."),
})
_LINE = ("{line}. rinda", "Line {line}")
#: How a separator is named in a sentence.
_SEPARATOR_WORDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    ";": ("“;” (semikolu)", "“;” (semicolon)"), ",": ("“,” (komatu)", "“,” (comma)"),
    "\t": ("tabulāciju (TAB)", "TAB"), "|": ("“|”", "“|”")})

#: A check across fields (`value_error`), by the object it is reported on.
_CROSS_CHECKS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "residence": ("Norādiet datumu, kad persona pameta VSAC.",
                  "Give the date the person left the VSAC."),
    "requested_services": ("Katru pakalpojumu var pieprasīt tikai vienreiz.",
                           "Each service can be requested only once."),
    "assessment": ("Norādiet vai nu jomu kopsummas, vai pilno tabulu, ne abas.",
                   "Give either the area totals or the full grid, not both."),
})

#: Kinds whose text quotes what the case held (`got`, a short excerpt of the input).
_QUOTES_INPUT = frozenset({
    *_DATE_KINDS, *_INT_KINDS, *_DECIMAL_KINDS, "literal_error", "bool_parsing", "bool_type",
    "string_type", "list_type", "dict_type", "string_pattern_mismatch", "greater_than_equal",
    "greater_than", "less_than_equal", "less_than", "decimal_max_places"})
_GOT = ("(norādīts: {got})", "(got {got})")
_INDEX = re.compile(r"\[(\d+)\]")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_FIELDS = ("date",)


def field_label(path: str, lang: str) -> str:
    """The field's label as the case form shows it (in `lang`); a path not known, as it is."""
    which = 0 if lang == "lv" else 1
    rows = [int(n) + 1 for n in _INDEX.findall(path)]
    bare = _INDEX.sub("", path)
    known = FIELD_LABELS.get(bare)
    if known is None:
        parent = FIELD_LABELS.get(bare.rsplit(".", 1)[0]) if "." in bare else None
        if parent is None or "{n}" in parent[which]:
            return path
        return f"{parent[which]}: {bare.rsplit('.', 1)[1]}"
    text = known[which]
    return text.format(n=rows[0]) if "{n}" in text and rows else text.replace("{n}. ", "")


def _shown(key: str, value: Any, lang: str) -> str:
    text = str(value)
    found = _ISO_DATE.match(text) if key in _DATE_FIELDS else None
    if found is not None and lang == "lv":
        return f"{found[3]}.{found[2]}.{found[1]}"
    return text


def detail_reason(kind: str, path: str, context: Mapping[str, Any], message: str,
                  lang: str) -> str:
    """One problem of a case in `lang`: "label: sentence" (the sentence alone for the case
    as a whole); the engine's English message for a kind not known."""
    which = 0 if lang == "lv" else 1
    if kind in _READ_TEXTS:
        return _read_reason(kind, context, message, which)
    if kind == "json_invalid" and "json_column" in context:
        kind = "json_invalid_at"
    texts = _CROSS_CHECKS.get(path) if kind == "value_error" else _TEXTS.get(kind)
    if texts is None:
        return f"{path}: {message}" if path else message
    values = {key: _shown(key, value, lang) for key, value in context.items()}
    if kind == "extra_forbidden":  # named by its own name, under its object's label
        path, _, values["field"] = path.rpartition(".")
    try:
        sentence = texts[which].format_map(_Blank(values))
    except (ValueError, IndexError):  # a value the text cannot take: the English, whole
        return f"{path}: {message}" if path else message
    if kind in _QUOTES_INPUT and values.get("got"):
        sentence = f"{sentence[:-1]} {_GOT[which].format(got=values['got'])}."
    return f"{field_label(path, lang)}: {sentence}" if path else sentence


def _read_reason(kind: str, context: Mapping[str, Any], message: str, which: int) -> str:
    """A line that could not be read, or a crash: "Line N: sentence" (the line when the
    problem names it); the separators by name, the limit with thousands grouped."""
    values: dict[str, str] = {key: str(value) for key, value in context.items()}
    for key in ("found", "expected", "separator"):
        if kind != "cell_count" or key == "separator":
            if key in values and values[key] in _SEPARATOR_WORDS:
                values[key] = _SEPARATOR_WORDS[values[key]][which]
    if values.get("limit", "").isdigit():
        grouped = f"{int(values['limit']):,}"
        values["limit"] = grouped.replace(",", "\u00a0") if which == 0 else grouped
    try:
        sentence = _READ_TEXTS[kind][which].format_map(_Blank(values))
    except (ValueError, IndexError):
        return message
    line = values.get("line")
    return f"{_LINE[which].format(line=line)}: {sentence}" if line else sentence


class _Blank(dict[str, str]):
    """The values of a sentence; one the error does not name is left empty, not an error."""

    def __missing__(self, key: str) -> str:
        return "…"


def row_reason(row: Mapping[str, Any], lang: str) -> str:
    """The reason of an error row in `lang`: each of its problems (`detail_reason`), or the
    row's own text when it names no kinds (a line that could not be read, a crash)."""
    errors = row.get("errors")
    if not isinstance(errors, list) or not errors or not all(
            isinstance(e, dict) and e.get("kind") for e in errors):
        return str(row.get("error", ""))
    side = row.get("rules")
    reasons = _joined(detail_reason(str(e["kind"]), str(e.get("field") or ""),
                                      e.get("context") or {}, str(e.get("message", "")), lang)
                        for e in errors)
    if side and side != "base":  # the compared book refused the case
        return f"{_SIDE[0 if lang == 'lv' else 1]}: {reasons}"
    return reasons


def _joined(reasons: Iterable[str]) -> str:
    """Sentences one after another; an engine's message (no full stop) ends with ";"."""
    out = ""
    for reason in reasons:
        out += ("" if not out else " " if out.endswith(".") else "; ") + reason
    return out


_SIDE = ("Salīdzināmie noteikumi", "The compared rules")
