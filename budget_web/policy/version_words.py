"""Rule book versions in words: statuses, steps and refusals in the page's language.

The store's codes (`submitted`, `own_draft`) stay English for the command line; a page says
them by their kind, never by the English message.
"""

from __future__ import annotations

from flask_babel import gettext as _

from ..storage import get_store
from .versions import ApprovalRefused


def status_label(status: str) -> str:
    return {"draft": _("draft"), "submitted": _("submitted for approval"),
            "returned": _("returned for changes"),
            "published": _("published")}.get(status, status)


def step_label(step: str) -> str:
    return {"drafted": _("draft started"), "edited": _("changed"),
            "submitted": _("submitted for approval"), "returned": _("returned for changes"),
            "published": _("approved and published")}.get(step, step)


def refusal_text(exc: ApprovalRefused) -> str:
    """Why a step on a version is refused, as a sentence."""
    texts = {
        "own_draft": _("A second policy user must approve or return it: you wrote this "
                       "draft."),
        "not_policy": _("Only a policy user can take this step."),
        "no_user": _("Only a policy user can take this step."),
        "not_submitted": _("Only a draft submitted for approval can be approved or "
                           "returned."),
        "not_draft": _("This version is no longer a draft: it cannot be changed."),
        "not_author": _("Only the draft's author changes or submits it."),
        "comment_needed": _("Say why the draft is returned (the comment goes back to its "
                            "author)."),
        "stale": _("Another version has been published since this draft was made; "
                   "publishing it would undo that. Return it, to be made again on the "
                   "current version."),
        "changed": _("The draft was changed meanwhile (in another window?): check it "
                     "below and repeat the change."),
        "not_found": _("There is no such draft."),
        "unchanged": _("Nothing is changed by this: these rules are a version published "
                       "already."),
    }
    return texts.get(exc.kind, str(exc))


def rules_name(rules_version: str, lang: str = "lv") -> str:
    """A rule book as people name it: "versija 3 — «Aprūpes tarifs no 2026. gada»" once
    published here; otherwise (rules from a file, a draft) its technical id, the hash."""
    found = get_store().versions.named(rules_version)
    return found.name(lang) if found is not None else rules_version


def rules_naming(rules_version: str) -> dict[str, int | str | None]:
    """The API's `rules_number` and `rules_label` beside `rules_version` (the hash, still
    the technical id): the running number and the author's label once published, else
    nulls."""
    found = get_store().versions.named(rules_version)
    return {"rules_number": found.number if found is not None else None,
            "rules_label": found.label if found is not None else None}


#: What the API document says of `rules_number` and `rules_label`.
RULES_NAMING = {
    "rules_number": {"type": ["integer", "null"],
                     "description": "The running number of the published rule book version "
                                    "(\"versija 3\"); null if it was never published here"},
    "rules_label": {"type": ["string", "null"],
                    "description": "The label its author gave the version"}}
