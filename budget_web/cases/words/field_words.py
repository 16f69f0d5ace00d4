"""The words for the coded values of a case's fields (`left_vsac`, `child`, `areas`).

The form offers them as the choices of its selects and radio buttons, and the comparison of
two versions says what a field held in each: both take the words from here, so a page never
shows `left_vsac` where the form said "pametis VSAC".
"""

from __future__ import annotations

from flask_babel import gettext as _


def residence_words() -> dict[str, str]:
    return {"community": _("in the community"), "in_vsac": _("in a state care centre (VSAC)"),
            "left_vsac": _("left a VSAC"), "child_institution": _("child care institution"),
            "foster_family": _("foster family"), "guardian": _("guardian")}


def relation_words() -> dict[str, str]:
    return {"spouse": _("spouse"), "parent": _("parent"), "child": _("child")}


def mode_words() -> dict[str, str]:
    return {"none": _("no assessment"), "areas": _("AIS: seven area totals"),
            "items": _("AIS: full grid of 57 activities"), "care_level": _("care level only")}


def disability_group_words() -> dict[str, str]:
    return {"": _("none"), "I": "I", "II": "II", "III": "III"}


def coded_fields() -> dict[str, dict[str, str]]:
    """The words of each field whose value is a code, by its field path."""
    return {"residence.status": residence_words(), "assessment_mode": mode_words(),
            "person.disability_group": disability_group_words()}
