"""Policy staff's editor: a parameter's value from a date, a rule's texts and condition.

Each edit is written into a copy of the rule files (budget_web/rule_edits.py) and checked by
loading the whole rule book — the check of `rules check` and `rules draft` — before anything
is stored. A problem is shown next to the field it is about, by the field's label, with the
loader's `file:line` message; the form comes back with everything typed. A checked edit
starts a draft (its author the logged-in user) or adds to one of the user's open drafts.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from budget_engine import (
    RuleBook,
    RuleErrors,
    YamlLimitError,
    load_plain_yaml,
    load_rules,
    rules_diff,
    yaml_problem,
)

from .. import formatting
from ..auth import role_required
from ..formatting import amount_for_input, page_lang
from ..formatting import date as shown_date
from ..input.error_texts import form_problem, too_long_text
from ..input.form_input import read_amount, read_date, read_whole
from ..input.input_limits import holds_unshowable
from ..rulebooks import write_files
from ..storage import get_store
from . import condition_form as pickers
from .edits import Edit, EditProblem, Span, add_parameter_value, edit_rule, flow
from .version_words import refusal_text
from .versions import EDITABLE, ApprovalRefused, VersionRecord

bp = Blueprint("rule_editor", __name__, url_prefix="/rules/edit")
#: Kinds typed as one number, read the Latvian way (`4,10`).
NUMBER_KINDS = ("amount", "share", "factor")
#: Kinds whose value is typed as YAML (lists and tables other than an amount per tier).
YAML_KINDS = ("count_list", "service_list", "share_table", "band_table", "package")
#: The most a field holds (a condition or a text is a few lines; a label names a draft).
FIELD_LIMIT = 4000
LABEL_LIMIT = 200


@dataclass
class Checked:
    """What the check of an edit found: problems by form field, and the rest."""

    by_field: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.by_field and not self.general


def _most(name: str) -> int:
    return LABEL_LIMIT if name == "label" else FIELD_LIMIT


def _typed(name: str) -> str:
    """What was typed in a field, to read and to show again. A text longer than the field
    takes is neither read nor shown (`_too_long` says beside it that it was refused): it is
    never cut and stored, and a page never repeats megabytes."""
    text = request.values.get(name, "")
    return "" if len(text) > _most(name) else text


def _too_long(names: Iterable[str], problems: dict[str, str]) -> None:
    """A field longer than it may be is an error beside it, not silently shortened; it
    replaces what reading the (refused, so empty) field found."""
    for name in names:
        typed = request.values.get(name, "")
        if len(typed) > _most(name):
            problems[name] = too_long_text(len(typed), _most(name))


def _draft_to_edit() -> VersionRecord | None:
    """The user's own open draft named by `draft` (None: a new draft), or 404."""
    raw = request.values.get("draft", "")
    if not raw:
        return None
    record = (get_store().versions.get(int(raw))
              if raw.isdigit() and len(raw) <= 19 else None)
    if record is None or record.author != g.user.name or record.status not in EDITABLE:
        abort(404)
    return record


def _base(draft: VersionRecord | None) -> str:
    """The rule book the edit is made on: the draft's, or the current published one."""
    if draft is not None:
        return draft.version
    current = get_store().versions.current_version()
    if current is None:  # pragma: no cover - the app publishes the shipped rules at start
        abort(404)
    return current


def _files(version: str) -> dict[str, str]:
    files = get_store().rulebooks.files(version)
    if files is None:  # pragma: no cover - every version's files are stored with it
        abort(404)
    return files


def own_drafts() -> list[VersionRecord]:
    """The logged-in user's drafts still being edited (an edit may go into one of them)."""
    return [v for v in get_store().versions.all()
            if v.author == g.user.name and v.status in EDITABLE]


# -- reading the form ------------------------------------------------------------------------
def tier_words() -> dict[str, str]:
    """The keys of a table of amounts in words (tiers of a rate, persons of a threshold)."""
    return {"standard": _("standard rate"), "intensive": _("intensive rate"),
            "first": _("first person"), "further": _("each further person")}


def _read_value(kind: str, keys: list[str], problems: dict[str, str]) -> Any:
    """The value typed for a parameter of `kind`, as the rule files write it."""
    if kind in NUMBER_KINDS:
        return _read_number("value", problems)
    if kind == "amount_table":
        return {key: _read_number(f"value.{key}", problems) for key in keys}
    typed = _typed("value").strip()
    if not typed:
        problems["value"] = _("This field is required.")
        return None
    if kind == "count":
        whole = read_whole(typed)
        if whole is None:
            problems["value"] = _("Expected a whole number.")
        return whole
    if kind == "switch":
        if typed not in ("true", "false"):
            problems["value"] = _("Choose on or off.")
        return typed == "true"
    if kind == "date":
        day = read_date(typed)
        if day.problem:
            problems["value"] = form_problem(day.problem, typed)
            return None
        return dt.date.fromisoformat(str(day.value))
    if kind in YAML_KINDS:
        return _read_yaml("value", problems)
    return typed


def _read_number(name: str, problems: dict[str, str]) -> str | None:
    typed = _typed(name).strip()
    if not typed:
        problems[name] = _("This field is required.")
        return None
    reading = read_amount(typed)
    if reading.problem:
        problems[name] = form_problem(reading.problem, typed)
        return None
    return reading.value


def _read_yaml(name: str, problems: dict[str, str]) -> Any:
    """The YAML typed in a field. Its nesting and its numbers are bounded while it is read
    (`YamlLimitError`), and a text in it that is no character (`"\\ud800"`) is refused:
    it could be neither written to a rule file nor shown."""
    try:
        value = load_plain_yaml(_typed(name))
    except YamlLimitError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems[name] = _("Nested more than %(most)s levels deep (line %(line)s): write it "
                           "more simply.", most=exc.most, line=line) \
            if exc.kind == "yaml_depth" else \
            _("A number of more than %(most)s digits (line %(line)s).", most=exc.most,
              line=line)
        return None
    except yaml.YAMLError as exc:  # the place and the mistake in the page's words
        found, lang = yaml_problem(exc), page_lang()
        problems[name] = _("Not valid YAML (%(place)s): %(problem)s",
                           place=found.place(lang), problem=found.text(lang)) \
            if found.line is not None else \
            _("Not valid YAML: %(problem)s", problem=found.text(lang))
        return None
    if holds_unshowable(value):
        problems[name] = _("The field holds characters that cannot be shown (such as "
                           "\\ud800): it was refused.")
        return None
    return value


def _read_label(draft: VersionRecord | None, problems: dict[str, str]) -> str:
    label = _typed("label").strip()
    if draft is None and not label:
        problems["label"] = _("Name the draft in a few words (e.g. “Aprūpe mājās 2026”).")
    return label


def _published(found: Any, draft: VersionRecord | None) -> Any:
    """The parameter as the published version the draft was made on has it (a value the
    draft itself added may be changed again without asking)."""
    if draft is None:
        return found
    versions = get_store().versions
    published = versions.based_on(draft.id)
    return None if published is None else versions.book(published).parameters.parameters.get(
        found.name)


def _confirm_rewriting(found: Any, day: dt.date, problems: dict[str, str]) -> None:
    """A value that replaces a published one rewrites what budgets of those dates were
    calculated with: the editor asks before it does that, rather than doing it quietly (the
    usual change adds a value from a new date)."""
    if found is None or request.form.get("confirm") == "1":
        return
    existing = next((v for v in found.values if v.valid_from == day), None)
    if existing is not None:
        problems["confirm"] = _(
            "A value from %(day)s is there already (%(value)s): the new one replaces it, and "
            "budgets of dates since then change when they are recalculated. Tick the box to "
            "confirm.", day=shown_date(day), value=_shown_value(found.kind, existing.value))


def _checked_label(draft: VersionRecord | None, typed: dict[str, str], base: str,
                   problems: dict[str, str]) -> str:
    """The checks both editors make besides their own fields: the draft's label, no field
    too long, and the draft not changed since the form was opened."""
    label = _read_label(draft, problems)
    _too_long(typed, problems)
    if request.form.get("base", base) != base:
        problems["_form"] = _("The draft was changed meanwhile (in another window?): "
                              "check it below and repeat the change.")
    return label


# -- checking and storing --------------------------------------------------------------------
def _placed(errors: list[Any], spans: dict[str, Span], root: str) -> Checked:
    """The loader's messages, each next to the field whose lines it names."""
    found = Checked()
    for error in errors:
        path = str(error.path)
        for prefix in (root, str(Path(root).resolve())):
            path = path.removeprefix(prefix + "/")
        text = rule_error_text(error)
        message = f"{path}:{error.line}: {text}" if error.line else f"{path}: {text}"
        target = next((name for name, span in spans.items() if span.holds(path, error.line)),
                      None)
        if target is None:
            found.general.append(message)
        else:
            found.by_field[target] = "; ".join(
            x for x in (found.by_field.get(target), message) if x)
    return found


def rule_error_text(error: Any) -> str:
    """A loader's error in the page's language: the editor's limits in its own words, every
    other kind in the rule book's texts (`RuleError.text`)."""
    most = error.context.get("most", "")
    if error.kind == "condition_depth":
        return _("Conditions (all, any, not) nest more than %(most)s levels deep: write the "
                 "rule more simply.", most=most)
    if error.kind == "condition_terms":
        return _("A condition lists more than %(most)s parts.", most=most)
    if error.kind == "literal_range":
        return _("“%(fact)s” cannot be %(value)s: expected a whole number from %(low)s to "
                 "%(high)s.", fact=error.context["fact"], value=error.context["value"],
                 low=formatting.whole(error.context["low"]),
                 high=formatting.whole(error.context["high"]))
    if error.kind == "yaml_depth":
        return _("Nested more than %(most)s levels deep: write it more simply.", most=most)
    # every other kind in the engine's own Latvian or English (issue 29, item 3)
    return str(error.text("lv" if str(get_locale() or "lv") == "lv" else "en"))


def check_and_store(edit: Edit, draft: VersionRecord | None, base: str, label: str,
                    confirm: Callable[[RuleBook], dict[str, str]] = lambda book: {}
                    ) -> tuple[VersionRecord | None, Checked]:
    """Load the edited rule book; if it is sound and changes something, store it as the
    user's draft (a new one, or the next state of `draft`). Nothing is stored otherwise."""
    versions = get_store().versions
    with tempfile.TemporaryDirectory(prefix="rules-edit-") as root:
        write_files(edit.files, Path(root))
        try:
            book = load_rules(root)
        except RuleErrors as exc:
            return None, _placed(exc.errors, edit.spans, root)
        checked = Checked(by_field=confirm(book))
        if not checked.ok:
            return None, checked
        changes = rules_diff(versions.book(base), book)
        if not changes:
            return None, Checked(general=[_("Nothing is changed by this: the draft stays as "
                                            "it was.")])
        detail = "; ".join(change.lv for change in changes)
        try:
            if draft is None:
                saved = versions.draft(book, label, g.user.name, submit=False, note=detail)
            else:
                saved = versions.edit(draft.id, book, g.user.name, expected=base,
                                      detail=detail)
        except ApprovalRefused as exc:
            return None, Checked(general=[refusal_text(exc)])
    return saved, checked


def _problem_page(template: str, status: int, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


# -- the parameter editor --------------------------------------------------------------------
def _shown_value(kind: str, value: Any) -> str:
    """A value as the form shows it to be typed over (`3,83` on Latvian pages)."""
    if kind in NUMBER_KINDS:
        return amount_for_input(Decimal(value)) if page_lang() == "lv" else str(value)
    if kind == "switch":
        return "true" if value else "false"
    if kind == "date":
        return shown_date(value)
    if kind in YAML_KINDS:
        return flow(value)
    return "" if value is None else str(value)


@bp.route("/parameter/<name>", methods=["GET", "POST"])
@role_required("policy")
def parameter(name: str) -> Any:
    draft = _draft_to_edit()
    base = _base(draft)
    book = get_store().versions.book(base)
    found = book.parameters.parameters.get(name)
    if found is None:
        abort(404)
    latest = found.values[-1].value if found.values else None
    keys = [str(k) for k in latest] if found.kind == "amount_table" and isinstance(
        latest, dict) else []
    context: dict[str, Any] = {"p": found, "draft": draft, "keys": keys,
                               "tiers": tier_words(), "base": base,
                               "history": list(reversed(found.values))}
    if request.method == "GET":
        typed = {"valid_from": "", "reference": "", "label": "",
                 "value": _shown_value(found.kind, latest) if latest is not None and
                 not keys else ""}
        table = latest if isinstance(latest, dict) else {}
        typed.update({f"value.{k}": _shown_value("amount", table[k]) for k in keys})
        return render_template("rule_edit_parameter.html", typed=typed, checked=Checked(),
                               **context)
    typed = {k: _typed(k) for k in ("valid_from", "reference", "label", "value",
                                    *[f"value.{k}" for k in keys])}
    problems: dict[str, str] = {}
    day = read_date(typed["valid_from"]) if typed["valid_from"].strip() else None
    if day is None:
        problems["valid_from"] = _("This field is required.")
    elif day.problem:
        problems["valid_from"] = form_problem(day.problem, typed["valid_from"])
    value = _read_value(found.kind, keys, problems)
    label = _checked_label(draft, typed, base, problems)
    if day is not None and day.value is not None and "valid_from" not in problems:
        _confirm_rewriting(_published(found, draft), dt.date.fromisoformat(day.value),
                           problems)
    typed["confirm"] = request.form.get("confirm", "")
    if problems:
        context["ask_confirm"] = "confirm" in problems
        return _problem_page("rule_edit_parameter.html", 422, typed=typed, checked=Checked(
            by_field=problems), **context)
    assert day is not None and day.value is not None
    try:
        edit = add_parameter_value(_files(base), name, dt.date.fromisoformat(day.value), value,
                                   typed["reference"].strip() or None)
    except EditProblem as exc:
        return _problem_page("rule_edit_parameter.html", 422, typed=typed,
                             checked=Checked(general=[str(exc)]), **context)
    saved, checked = check_and_store(edit, draft, base, label)
    if saved is None:
        return _problem_page("rule_edit_parameter.html", 422, typed=typed, checked=checked,
                             **context)
    return redirect(url_for("rule_versions.draft", draft_id=saved.id))


# -- the rule editor -------------------------------------------------------------------------
def _when_text(source: Any) -> str:
    if source is None:
        return ""
    return yaml.safe_dump(_plain(source), allow_unicode=True, sort_keys=False, width=100)


@bp.route("/rule/<path:key>", methods=["GET", "POST"])
@role_required("policy")
def rule(key: str) -> Any:
    draft = _draft_to_edit()
    base = _base(draft)
    found = get_store().versions.book(base).rules_by_key.get(key)
    if found is None or found.kind not in ("eligibility", "cap", "financing", "copayment",
                                           "target_group"):
        abort(404)
    book = get_store().versions.book(base)
    context: dict[str, Any] = {"rule": found, "draft": draft, "base": base}
    names = ("title.lv", "title.en", "text.lv", "text.en", "when", "label")
    if request.method == "GET":
        typed = {"title.lv": found.title["lv"], "title.en": found.title["en"],
                 "text.lv": found.text["lv"], "text.en": found.text["en"],
                 "when": _when_text(found.when_source), "label": ""}
        return render_template("rule_edit_rule.html", typed=typed, checked=Checked(),
                               cond=pickers.page(found, book, typed["when"]), **context)
    typed = {name: _typed(name) for name in names}
    problems: dict[str, str] = {}
    try:  # the condition's pickers (condition_form.py), or the YAML view when only it changed
        post = pickers.from_post(request.form, pickers.facts_of(found, book),
                                 book.parameters.parameters, typed["when"])
    except pickers.BadForm:
        abort(400)
    typed["when"] = post.when_text
    context["cond"] = pickers.page(found, book, typed["when"], post, post.problems)
    context["field_labels"] = post.labels
    if post.rerender:
        return render_template("rule_edit_rule.html", typed=typed, checked=Checked(), **context)
    if not post.chosen:
        when = _read_yaml("when", problems)
    else:
        problems.update(post.problems)
        when = _plain(found.when_source) if post.unchanged else post.when
    label = _checked_label(draft, typed, base, problems)
    if problems:
        context["cond"]["yaml_open"] = "when" in problems
        return _problem_page("rule_edit_rule.html", 422, typed=typed,
                             checked=Checked(by_field=problems), **context)
    title = {"lv": typed["title.lv"].strip(), "en": typed["title.en"].strip()}
    text = {"lv": typed["text.lv"].strip(), "en": typed["text.en"].strip()}
    same_when = when == _plain(found.when_source)
    try:
        edit = edit_rule(_files(base), found.kind, key,
                         None if title == found.title else title,
                         None if text == found.text or found.kind == "target_group" else text,
                         None if same_when else typed["when"])
    except EditProblem as exc:
        return _problem_page("rule_edit_rule.html", 422, typed=typed,
                             checked=Checked(general=[str(exc)]), **context)

    def as_typed(book: RuleBook) -> dict[str, str]:
        """The condition the loader read is the one typed (the layout did not change it)."""
        edited = book.rules_by_key.get(key)
        if edited is None or _plain(edited.when_source) != when:
            return {"when": _("The condition could not be written as typed: check its "
                              "indentation.")}
        return {}

    saved, checked = check_and_store(edit, draft, base, label, as_typed)
    if saved is None:
        return _problem_page("rule_edit_rule.html", 422, typed=typed, checked=checked,
                             **context)
    return redirect(url_for("rule_versions.draft", draft_id=saved.id))


def _plain(source: Any) -> Any:
    """A condition as plain data (the loader's mappings that know their lines made plain
    dicts), to show it as YAML and to compare it with what was typed."""
    if isinstance(source, dict):
        return {key: _plain(value) for key, value in source.items()}
    if isinstance(source, list):
        return [_plain(value) for value in source]
    return source


@bp.route("")
@role_required("policy")
def choose() -> Any:
    """The draft page's "change a parameter / a rule" choosers land here."""
    draft = request.args.get("draft", "")
    if request.args.get("parameter"):
        return redirect(url_for("rule_editor.parameter", name=request.args["parameter"],
                                draft=draft or None))
    if request.args.get("rule"):
        return redirect(url_for("rule_editor.rule", key=request.args["rule"],
                                draft=draft or None))
    abort(404)
