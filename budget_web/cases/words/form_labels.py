"""The label of every field of the case form, by its field path.

One table serves the form (each control's <label>) and the error summary (which names the
field by its label, never by `household.monthly_income`), so the two cannot drift apart.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from ...formatting import page_lang
from .ais_items import item_names

_ROW = re.compile(r"^(requested_services|household\.maintainers)\[(\d+)\](?:\.(\w+))?$")
_GRID = re.compile(r"^assessment\.items\.(\w+)(?:\[(\d+)\](?:\[(\d)\])?)?$")
_EXTRA = re.compile(r"^assessment\.(medical|behavioural)_items(?:\[(\d+)\])?$")


def _static() -> dict[str, str]:
    return {
        "case_id": _("Case number"), "calculation_date": _("Calculation date"),
        "person.birth_date": _("Date of birth"), "person.municipality": _("Municipality"),
        "person.disability_group": _("Disability group (adult)"),
        "person.diagnoses": _("Diagnoses (ICD-10, separated by commas)"),
        "person.child_disability": _("Child with a disability"),
        "person.special_care_opinion": _("Special care opinion (VDEĀVK)"),
        "person.out_of_family_care": _("Child in out-of-family care"),
        "person.weekly_medical_procedures": _("Weekly medical procedures or rehabilitation"),
        "residence": _("Residence"), "residence.status": _("Residence"),
        "residence.left_vsac_on": _("Left the VSAC on"),
        "residence.institution_placed_on": _("Placed in an institution on"),
        "residence.returned_from_institution": _("Returned from a long-term institution"),
        "residence.eraf_vsac_group_apartment": _("Group apartment on a VSAC base (ERAF)"),
        "household.monthly_income": _("Client's monthly income, EUR"),
        "household.no_income": _("The client has no income"),
        "household.needy_status": _("Needy person status (trūcīga persona)"),
        "household.parents_working_or_studying":
            _("Parents or legal representatives work or study"),
        "household.maintainers": _("Maintainers"),
        "assessment": _("Assessment"), "assessment_mode": _("Kind of assessment"),
        "assessment.assessed_on": _("Assessed on"),
        "assessment.support_plan": _("Support plan drawn up"),
        "assessment.care_level": _("VSAC care level"),
        "assessment.areas": _("AIS area totals"),
        "assessment.items": _("AIS full grid"),
        "assessment.medical_total": _("Medical extra items, total (0–30)"),
        "assessment.behavioural_total": _("Behavioural extra items, total (0–26)"),
        "assessment.medical_any_item_2": _("A medical item is rated 2"),
        "assessment.behavioural_any_item_2": _("A behavioural item is rated 2"),
        "di_project": _("DI project"),
        "di_project.enrolled_on": _("Enrolled in a DI ESF project on"),
        "day_care_centre_created_year": _("Year the day care centre was created"),
        "respite_days_used_this_year": _("Respite days already used this year"),
        "in_individual_budget_pilot": _("In the individual budget pilot (2019–2021)"),
        "requested_services": _("Requested services"),
        "person": _("Person"), "household": _("Income and maintainers"),
    }


def area_labels() -> dict[str, str]:
    return {"home_living": _("Home living"), "community_living": _("Community living"),
            "lifelong_learning": _("Lifelong learning"), "employment": _("Employment"),
            "health_safety": _("Health and safety"), "social_activities": _("Social activities"),
            "advocacy": _("Protection and advocacy")}


def grid_columns() -> list[str]:
    return [_("type"), _("frequency"), _("time")]


def label(path: str) -> str:
    """The field's label as the form shows it; a path we do not know is shown as it is."""
    path = re.sub(r"^person\.diagnoses\[\d+\]$", "person.diagnoses", path)
    known = _static().get(path)
    if known:
        return known
    if m := _ROW.match(path):
        n = int(m[2]) + 1
        if m[1] == "requested_services":
            part = {"service": _("service"), "units": _("units")}.get(m[3] or "", "")
            return _("Requested service, row %(n)s", n=n) + (f": {part}" if part else "")
        part = {"relation": _("relation"), "monthly_income": _("monthly income")}.get(
            m[3] or "", "")
        return _("Maintainer, row %(n)s", n=n) + (f": {part}" if part else "")
    if path.startswith("assessment.areas."):
        area = path.rsplit(".", 1)[1]
        return f"{_('AIS area totals')}: {area_labels().get(area, area)}"
    if m := _GRID.match(path):
        area = area_labels().get(m[1], m[1])
        if m[2] is None:
            return f"{_('AIS full grid')}: {area}"
        names = item_names(m[1], page_lang())
        name = names[int(m[2])] if int(m[2]) < len(names) else m[2]
        column = f" – {grid_columns()[int(m[3])]}" if m[3] is not None and int(m[3]) < 3 else ""
        return f"{area}: {name}{column}"
    if m := _EXTRA.match(path):
        title = _("Medical extra items (0–2)") if m[1] == "medical" else \
            _("Behavioural extra items (0–2)")
        if m[2] is None:
            return title
        names = item_names(m[1], page_lang())
        return f"{title}: {names[int(m[2])] if int(m[2]) < len(names) else m[2]}"
    return path


def field_id(path: str) -> str:
    """The HTML id of a field's control, for `<label for>` and the error summary's links."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", path)
