"""Case errors in the user's language: by the kind of error, not by its English wording.

The engine reports each problem with a kind (pydantic's error type, or its own), the field
path and the values it names; this module turns that into a sentence through the gettext
catalogue. It never looks at the English message.
An error of a kind not listed here is shown as the engine wrote it (English), never dropped.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..formatting import date as show_date
from ..formatting import whole
from .form_input import WHOLE_DIGITS
from .input_limits import limit

DATE_KINDS = {"date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
              "date_type", "date_invalid"}
INT_KINDS = {"int_parsing", "int_type", "int_from_float"}
DECIMAL_KINDS = {"decimal_parsing", "decimal_type", "finite_number"}


def too_long_text(typed: int, most: int) -> str:
    """A field longer than it may be: refused whole (never cut and kept), not shown again."""
    return _("At most %(most)s characters (typed: %(typed)s): the text was refused and is "
             "not shown again.", most=whole(most), typed=whole(typed))


def form_problem(kind: str, typed: str) -> str:
    """A problem the form found before the case model saw the value (budget_web/case_form.py)."""
    if kind == "date_format":
        return _("Write the date as dd.mm.yyyy, e.g. 25.04.1988 (typed: “%(typed)s”).",
                 typed=typed)
    if kind == "date_invalid":
        return _("There is no such day: “%(typed)s”.", typed=typed)
    if kind == "amount_format":
        return _("Write an amount such as 1 200,50 or 320.50, with at most two decimals "
                 "(typed: “%(typed)s”).", typed=typed)
    if kind == "panel_areas_filled":
        return _("AIS area totals are filled in, but another kind of assessment is chosen: "
                 "choose “AIS: seven area totals”, or empty them.")
    if kind == "panel_items_filled":
        return _("The AIS full grid is filled in, but another kind of assessment is chosen: "
                 "choose “AIS: full grid of 57 activities”, or empty it.")
    if kind == "too_long":
        return too_long_text(int(typed), limit("FORM_FIELD_LIMIT"))
    if kind == "whole_digits":
        return _("Expected a whole number of at most %(most)s digits.", most=WHOLE_DIGITS)
    if kind == "income_required":
        return _("Enter the client's monthly income, or tick “The client has no income”.")
    if kind == "income_and_no_income":
        return _("“The client has no income” is ticked, but an income is entered "
                 "(“%(typed)s”): empty the field or untick the box.", typed=typed)
    if kind == "grid_unfilled":
        return _("Not filled in: rows %(rows)s. Choose a value in every column.", rows=typed)
    return kind


def localise(detail: Any, typed: str = "") -> str:
    """The engine's error in the page's language; `typed` is the text the user typed there."""
    kind, ctx, path = detail.kind, detail.context, detail.path
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("Unknown field: check its name.")
    if kind in DATE_KINDS:
        return _("Expected a date that exists, such as 25.04.1988.")
    if kind in INT_KINDS:
        return _("Expected a whole number.")
    if kind in DECIMAL_KINDS:
        return _("Expected an amount such as 1 200,50.")
    if kind == "decimal_max_places":
        return _("Expected at most two decimals.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Expected at least %(value)s.", value=ctx.get("ge", ctx.get("gt", "")))
    if kind in ("less_than_equal", "less_than"):
        return _("Expected at most %(value)s.", value=ctx.get("le", ctx.get("lt", "")))
    if kind == "literal_error":
        return _("Expected one of: %(values)s.", values=ctx.get("expected", ""))
    if kind in ("bool_parsing", "bool_type"):
        return _("Expected yes or no.")
    if kind == "string_pattern_mismatch":
        if path.startswith("person.diagnoses"):
            return _("Expected an ICD-10 code such as F20 or F20.0.")
        if path == "case_id":
            return _("Expected 1–64 letters, digits, -, _ or /.")
        return _("The value does not have the expected form.")
    if kind in ("too_short", "too_long"):
        return _("Expected %(min)s–%(max)s entries.", min=ctx.get("min_length", "0"),
                 max=ctx.get("max_length", ctx.get("min_length", "")))
    if kind in ("string_too_long", "string_too_short"):
        return _("Expected %(min)s–%(max)s characters.", min=ctx.get("min_length", "1"),
                 max=ctx.get("max_length", ""))
    if kind == "date_after_calculation":
        return _("Must not be after the calculation date.")
    if kind == "date_before_birth":
        return _("Must not be before the date of birth (%(date)s).",
                 date=show_date(ctx.get("date", "")))
    if kind == "date_too_early":
        return _("Must not be before %(date)s.", date=show_date(ctx.get("date", "")))
    if kind == "string_unicode":
        return _("The text holds an invalid character.")
    if kind in ("json_invalid", "nested_too_deeply"):
        return _("The case could not be read.")
    if kind == "unknown_municipality":
        return _("There was no municipality called “%(name)s” on %(date)s: choose one "
                 "from the list.", name=typed, date=show_date(ctx.get("date", "")))
    if kind == "unknown_service":
        return _("There is no service “%(service)s” in the rules in force: choose one from "
                 "the list.", service=ctx.get("service", typed))
    if kind == "value_error":
        # A check across fields; the case format has one such check per object, so the
        # object it is reported on says which (never its English wording).
        if path == "residence":
            return _("Give the date the person left the VSAC.")
        if path == "requested_services":
            return _("Each service can be requested only once.")
        if path == "assessment":
            return _("Give either the area totals or the full grid, not both.")
    return str(detail.message)
