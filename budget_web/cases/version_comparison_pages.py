"""The page that sets any two saved versions of a case side by side (issue 11, item 11).

`/cases/<case>/compare?first=1&second=3` (both default to the last two versions). It is a
case page like the others: reached only through `case_access` (a worker of another
municipality gets 404, as for a case that does not exist), and each version shown is
written to the audit log as viewed, naming the version it was compared with. A version
number that is not a number, not a version of the case, or the same twice is an error
naming the field; the choice comes back as it was typed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template, request
from flask_babel import gettext as _

from .. import formatting
from ..access import case_access
from ..audit import excerpt
from ..auth import role_required
from ..storage import MUNICIPAL_ROLES, get_store
from .pages import lang, rules, source_labels, unit_words
from .store import CaseVersion
from .version_comparison import Figure, choice_labels, compare_versions

bp = Blueprint("compare", __name__, url_prefix="/cases")
#: The two choices of the page, by their query parameter.
CHOICES = ("first", "second")


def chosen(args: Any, numbers: list[int]) -> tuple[dict[str, str], dict[str, str]]:
    """The versions asked for (as typed, the last two when none) and the problems, by field.

    `numbers` are the case's versions, newest first.
    """
    typed = {name: str(args.get(name, "")).strip()[:12] for name in CHOICES}
    if not any(typed.values()):
        if len(numbers) < 2:
            return typed, {}  # nothing to choose from: the page says so
        typed = {"first": str(numbers[1]), "second": str(numbers[0])}
    errors: dict[str, str] = {}
    for name, text in typed.items():
        if not text:
            errors[name] = _("Choose a version.")
        elif not text.isdigit():
            errors[name] = _("Choose a version from the list (a version number).")
        elif int(text) not in numbers:
            errors[name] = _("This case has no version %(version)s.", version=text)
    if not errors and typed["first"] == typed["second"]:
        errors["second"] = _("Choose two different versions.")
    return typed, errors


def shown(value: Any, figure: Figure) -> str:
    """A figure as the page writes it: money in the page's format, units with their word."""
    if value is None:
        return "–"
    if figure.kind == "money":
        return formatting.money(value)
    return f"{value} {figure.unit}".strip()


def change_of(figure: Figure) -> str:
    return formatting.change(figure.change, money_sign=figure.kind == "money")


@bp.route("/<path:case_id>/compare")
@role_required(*MUNICIPAL_ROLES)
@case_access(None)
def versions(row: CaseVersion) -> Any:
    store = get_store()
    versions = store.cases.versions(row.municipality, row.case_id)
    by_number = {v.version: v for v in versions}
    typed, errors = chosen(request.args, list(by_number))
    if errors or len(versions) < 2:
        store.audit.add(g.user.name, "viewed", row.case_id, row.municipality, row.version,
                        excerpt(f"{request.full_path}: choosing versions to compare"))
        return _page(row, versions, typed, errors, None), 422 if errors else 200
    first, second = by_number[int(typed["first"])], by_number[int(typed["second"])]
    for this, other in ((first, second), (second, first)):
        store.audit.add(g.user.name, "viewed", row.case_id, row.municipality, this.version,
                        excerpt(f"{request.path}: compared with version {other.version}"))
    book = rules()
    result = compare_versions(
        first, second, {code: s.title[lang()] for code, s in book.services.items()},
        unit_words(), {code: s.unit for code, s in book.services.items()}, source_labels())
    return _page(row, versions, typed, {}, result)


def _page(row: CaseVersion, versions: list[CaseVersion], typed: dict[str, str],
          errors: dict[str, str], result: Any) -> str | Response:
    return render_template("compare.html", case_id=row.case_id, versions=versions,
                           chooser=typed, chooser_errors=errors, labels=choice_labels(),
                           result=result, shown=shown, change_of=change_of)
