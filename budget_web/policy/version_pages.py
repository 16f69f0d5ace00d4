"""Rule book versions on the web: every version, each draft's page, its steps, and the
difference between any two versions in words.

A draft's page is where its author submits it and a second policy user approves (publishes)
or returns it with a comment — the same rules as `rules approve` (budget_web/rule_versions.py);
what changed is said by the engine's `rules_diff`, as `rules diff` says it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from budget_engine import RuleChange, rules_diff

from ..auth import role_required
from ..formatting import page_lang
from ..storage import get_store
from .last_look import render_last_look
from .version_words import refusal_text, status_label, step_label
from .versions import EDITABLE, ApprovalRefused, VersionRecord

bp = Blueprint("rule_versions", __name__, url_prefix="/rules")
COMMENT_LIMIT = 2000


def _record(version_id: int) -> VersionRecord:
    found = get_store().versions.get(version_id)
    if found is None:
        abort(404)
    return found


def changes_between(old: str | None, new: str) -> list[RuleChange]:
    if old is None or old == new:
        return []
    versions = get_store().versions
    return rules_diff(versions.book(old), versions.book(new))


def _published_id(version: str | None) -> VersionRecord | None:
    """The published record of a rule book (what a draft is compared with)."""
    return next((v for v in get_store().versions.published() if v.version == version), None)


@bp.route("/versions")
@role_required("policy")
def versions() -> Any:
    records = get_store().versions.all()
    return render_template("rule_versions.html", records=records, status_label=status_label,
                           current=get_store().versions.current_version())


def render_version(record: VersionRecord, comment: str = "", error: str | None = None
                   ) -> str:
    """A version's page: what it changes, its steps, and what this user may do with it."""
    store = get_store()
    base = store.versions.based_on(record.id)
    current = store.versions.current_version()
    user = g.user.name
    submitted = record.status == "submitted"
    book = store.versions.book(record.version)
    return render_template(
        "rule_version.html", record=record, status_label=status_label, step_label=step_label,
        events=store.versions.events(record.id), changes=changes_between(base, record.version),
        base=_published_id(base), lang=page_lang(), comment=comment, error=error,
        is_current=record.version == current and record.status == "published",
        stale=record.status != "published" and base is not None and base != current,
        can_edit=record.author == user and record.status in EDITABLE,
        can_decide=submitted and record.author != user,
        own_submitted=submitted and record.author == user,
        impact_url=url_for("impact.page", draft_id=record.id) if record.status != "published"
        else None,
        parameters=sorted(book.parameters.parameters),
        rules=[r for r in book.all_rules()])


@bp.route("/versions/<int:version_id>")
@bp.route("/drafts/<int:draft_id>")
@role_required("policy")
def draft(version_id: int | None = None, draft_id: int | None = None) -> Any:
    number = version_id if version_id is not None else draft_id
    assert number is not None
    return render_version(_record(number))


@bp.route("/drafts/<int:draft_id>/submit", methods=["POST"])
@role_required("policy")
def submit(draft_id: int) -> Any:
    record = _record(draft_id)
    try:
        get_store().versions.submit(draft_id, g.user.name)
    except ApprovalRefused as exc:
        return render_version(record, error=refusal_text(exc)), 409
    return redirect(url_for("rule_versions.draft", draft_id=draft_id))


@bp.route("/drafts/<int:draft_id>/check")
@role_required("policy")
def check(draft_id: int) -> Any:
    """The last look before publishing, reached directly (the decision form leads here)."""
    record = _record(draft_id)
    if record.status != "submitted":
        return redirect(url_for("rule_versions.draft", draft_id=draft_id))
    return render_last_look(record)


@bp.route("/drafts/<int:draft_id>/decision", methods=["POST"])
@role_required("policy")
def decide(draft_id: int) -> Any:
    """Approve (publish) or return a submitted draft: a second policy user only."""
    record = _record(draft_id)
    step = request.form.get("step", "")
    if step not in ("approve", "return"):
        abort(400)
    comment = request.form.get("comment", "")[:COMMENT_LIMIT]
    versions = get_store().versions
    if (step == "approve" and request.form.get("confirmed") != "yes"
            and record.status == "submitted" and record.author != g.user.name):
        # Two steps: the last look first (what changes, its impact, what reaches back);
        # only its confirmation publishes. A refusal (own draft, not submitted) is said
        # at once, below.
        return render_last_look(record, comment)
    try:
        if step == "approve":
            versions.approve(draft_id, g.user.name, comment)
        else:
            versions.return_draft(draft_id, g.user.name, comment)
    except ApprovalRefused as exc:
        status = 422 if exc.kind == "comment_needed" else 409
        if step == "approve" and request.form.get("confirmed") == "yes":
            return render_last_look(record, comment, refusal_text(exc)), status
        return render_version(record, comment, refusal_text(exc)), status
    if step == "approve":
        # Calculate with it from this request on, not only after the next periodic check.
        current_app.extensions["follow_published_rules"]()
    return redirect(url_for("rule_versions.draft", draft_id=draft_id))


def _version_arg(name: str) -> VersionRecord | None:
    raw = request.args.get(name, "")
    return (get_store().versions.get(int(raw))
            if raw.isdigit() and len(raw) <= 19 else None)


@bp.route("/diff")
@role_required("policy")
def diff() -> Any:
    """What changed from one version to another (any two, in either order)."""
    old, new = _version_arg("from"), _version_arg("to")
    if old is None or new is None:
        if request.args.get("from") or request.args.get("to"):
            abort(404)
        return redirect(url_for("rule_versions.versions"))
    changes = changes_between(old.version, new.version)
    return render_template("rule_diff.html", old=old, new=new, changes=changes,
                           lang=page_lang(), status_label=status_label,
                           same=old.version == new.version, nothing=_("No differences."))
