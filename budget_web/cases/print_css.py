"""The printed budget's running head and page numbers, as CSS @page margin boxes.

Every printed page of a budget must name the case and say "page 2 of 3", so that a loose
sheet can be put back (issue 11, item 8). Chromium prints @page margin boxes
(`@top-left`, `@bottom-right`, with `counter(page)` and `counter(pages)`), but their text
can only come from CSS: there is no way to take it from the page. The pages' Content
Security Policy allows stylesheets from this site only (no inline `<style>`), so the result
page links this small stylesheet, written for its case and the page's language. A `position:
fixed` head, the other way, is placed unreliably by Chromium's printer.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, request
from flask_babel import gettext as _

from ..auth import role_required
from ..storage import MUNICIPAL_ROLES

bp = Blueprint("printing", __name__, url_prefix="/print")

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\\"]")


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, control characters dropped
    (so a case number cannot end the string and add rules of its own)."""
    return '"' + _UNSAFE.sub(lambda m: "\\" + m[0] if m[0] in '\\"' else "", text) + '"'


def margin_boxes(case_id: str, draft: bool) -> str:
    """The @page rule naming the case (and a draft) at the top and numbering the pages."""
    # (the texts are outside the f-strings: Babel's extractor does not look inside them)
    head = _("Individual budget") + " " + case_id
    draft_text = css_string(_("DRAFT – not saved"))
    right = f"\n  @top-right {{ content: {draft_text}; }}" if draft else ""
    page = _("Page %(page)s of %(pages)s", page="\x01", pages="\x02")
    before, _sep, rest = page.partition("\x01")
    middle, _sep, after = rest.partition("\x02")
    numbers = " ".join(part for part in (
        css_string(before) if before else "", "counter(page)",
        css_string(middle) if middle else "", "counter(pages)",
        css_string(after) if after else "") if part)
    return ("@page {\n"
            f"  @top-left {{ content: {css_string(head)}; }}{right}\n"
            f"  @bottom-right {{ content: {numbers}; }}\n"
            "}\n")


@bp.route("/budget.css")
@role_required(*MUNICIPAL_ROLES)  # whoever may see a budget may print it
def budget_css() -> Response:
    case_id = request.args.get("case_id", "")[:64]
    return Response(margin_boxes(case_id, request.args.get("draft") == "1"),
                    mimetype="text/css")
