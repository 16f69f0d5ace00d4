"""Load a rules directory into a `RuleBook`, reporting every problem as `file:line: ...`."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..models import SERVICE_CODE_PATTERN, TARGET_GROUPS
from . import conditions as cond
from . import schema
from .actions import ACTION_BY_KIND, Action, NoAction
from .fact_catalogue import CASE_FACTS, all_facts
from .letter_texts import LetterTextErrors, LetterTexts, check_letter_texts
from .messages import (
    ADDED_LATER,
    PLACEHOLDERS,
    SCHEMA_TEXTS,
    counted_problems,
    fill,
    placeholder_problems,
)
from .parameter_types import ValueProblem, convert
from .parameters import Parameter, ParameterTable, ParameterValue
from .yaml_source import LineDict, RuleError, RuleErrors, display_path, read_yaml

RULE_FILES = (
    "ruleset.yaml", "services.yaml", "target_groups.yaml", "eligibility.yaml",
    "financing.yaml", "copayment.yaml", "regions.yaml", "messages.yaml",
)
#: Read when present: rule books stored before it existed load as before, with their hash.
OPTIONAL_FILES = ("letters.yaml",)


@dataclass
class Rule:
    """One rule entry: its id (as in domain.md), what it says, where it stands, what it does."""

    id: str
    key: str  # unique: the id, plus a suffix when an id has several entries
    kind: str  # target_group, eligibility, cap, financing, copayment
    title: dict[str, str]
    text: dict[str, str]
    legal_basis: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    services: Any  # "di", "all", a list of codes, or ParamRef
    when: cond.Condition
    then: Action
    enabled_by: str | None
    file: str
    line: int
    when_source: Any = None  # the `when` as written, for showing to policy staff

    def in_force(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or date <= self.valid_to)

    @property
    def condition_parameters(self) -> list[str]:
        """Parameters named in `when`, for explanations (computed once)."""
        cached = self.__dict__.get("_condition_parameters")
        if cached is None:
            cached = self.__dict__["_condition_parameters"] = sorted(
                cond.parameters_used(self.when))
        return cached

    def parameters_used(self) -> set[str]:
        names = cond.parameters_used(self.when)
        if isinstance(self.services, cond.ParamRef):
            names.add(self.services.name)
        names |= self.then.parameters_named()
        if self.enabled_by:
            names.add(self.enabled_by)
        return names


@dataclass(frozen=True)
class Service:
    code: str
    title: dict[str, str]
    unit: str
    per: str
    di: bool
    rate: str
    tiered: bool


@dataclass(frozen=True)
class Municipality:
    name: str
    kind: str
    region: str | None
    valid_from: dt.date
    valid_to: dt.date | None

    def in_force(self, date: dt.date) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


@dataclass
class Note:
    id: str
    title: dict[str, str]
    text: dict[str, str]
    legal_basis: str


@dataclass
class RuleBook:
    directory: Path
    label: str
    digest: str
    services: dict[str, Service]
    parameters: ParameterTable
    target_groups: list[Rule]
    eligibility: list[Rule]
    caps: list[Rule]
    financing: list[Rule]
    copayment: list[Rule]
    notes: dict[str, Note]
    regions: dict[str, dict[str, str]]
    municipalities: list[Municipality]
    #: The engine's own texts by key and language (rules/messages.yaml).
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The decision letter's texts and appeal bodies (rules/letters.yaml), if the book has it.
    letters: LetterTexts | None = None
    rules_by_key: dict[str, Rule] = field(default_factory=dict)
    _municipalities_by_period: dict[int, dict[str, Municipality]] = field(
        default_factory=dict, repr=False)
    _municipality_changes: list[dt.date] = field(default_factory=list, repr=False)

    @property
    def version(self) -> str:
        return f"{self.label}+sha256:{self.digest[:16]}"

    def all_rules(self) -> list[Rule]:
        return self.target_groups + self.eligibility + self.caps + self.financing + self.copayment

    def municipalities_on(self, date: dt.date) -> dict[str, Municipality]:
        """The list in force on a date; built once per period in which it does not change."""
        if not self._municipality_changes:
            self._municipality_changes = sorted(
                {m.valid_from for m in self.municipalities}
                | {m.valid_to + dt.timedelta(days=1) for m in self.municipalities if m.valid_to})
        period = bisect.bisect_right(self._municipality_changes, date)
        found = self._municipalities_by_period.get(period)
        if found is None:
            found = {m.name: m for m in self.municipalities if m.in_force(date)}
            self._municipalities_by_period[period] = found
        return found


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], raw: Any, path: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            line = _line_of(raw, err["loc"])
            where = ".".join(str(p) for p in err["loc"])
            errors.append(RuleError(path, line, f"{where}: {err['msg']}", "schema",
                                    _schema_context(where, err)))
        raise RuleErrors(errors) from None


#: The action model's own checks (`actions.py`), in Latvian.
ACTION_PROBLEMS_LV = MappingProxyType({
    "method esf_share needs share (a parameter)": "veidam esf_share jānorāda daļa (share, "
                                                   "parametrs)",
    "method state_share needs exactly one of share, share_by_year":
        "veidam state_share jānorāda tieši viens no: share, share_by_year",
    "payer and threshold go together": "maksātājs (payer) un slieksnis (threshold) jānorāda "
                                       "kopā",
    "a co-payment rule needs exactly one of exempt, exempt_payer, payer, order":
        "līdzmaksājuma noteikumam jānorāda tieši viens no: exempt, exempt_payer, payer, order",
})


def _message_problem_lv(problem: str) -> str:
    """`placeholder_problems`' English sentence in Latvian (its three kinds)."""
    if problem.startswith("unknown message"):
        return "nezināms teksta nosaukums (messages.yaml var saturēt tikai zināmos tekstus)"
    found = re.search(r"unknown placeholder \{(\w*)\} \(it may use (.*)\)$", problem)
    if found:
        allowed = "neko" if found[2] == "none" else found[2]
        return f"nezināma vieta {{{found[1]}}} (drīkst lietot: {allowed})"
    found = re.search(r"placeholder \{(\w*):", problem)
    if found:
        return (f"vietā {{{found[1]}:…}} aiz kola raksta lietvārda divas formas, piemēram, "
                f"{{{found[1]}:# diena|# dienas}} (# ir skaitlis)")
    return "figūriekavas nav pārī (burtisku figūriekavu raksta divkārši: {{ vai }})"


def _schema_context(where: str, err: Any) -> dict[str, Any]:
    """What a schema error's message names, with its problem in Latvian where the kind of
    problem has a text (`messages.SCHEMA_TEXTS`), else "nav derīgs" and pydantic's words."""
    template = SCHEMA_TEXTS.get(str(err.get("type", "")))
    ctx = {str(k): str(v) for k, v in (err.get("ctx") or {}).items()}
    problem_lv = fill(template, ctx) if template is not None else \
        f"nav derīgs ({err.get('msg', '')})"
    return {"where": where or "…", "problem": err.get("msg", ""), "problem_lv": problem_lv}


def _line_of(raw: Any, loc: tuple[Any, ...]) -> int | None:
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def load_rules(directory: str | Path | None = None) -> RuleBook:
    """Read and check every rule file; raise `RuleErrors` listing all problems found."""
    root = Path(directory) if directory is not None else default_rules_dir()
    if not root.is_dir():
        raise RuleErrors([RuleError(str(root), None, "not a directory of rule files",
                                    "not_a_directory")])
    errors: list[RuleError] = []
    raw: dict[str, Any] = {}
    digest = hashlib.sha256()
    files = [root / name for name in RULE_FILES]
    files += sorted((root / "parameters").glob("*.yaml"))
    optional = [root / name for name in OPTIONAL_FILES if (root / name).is_file()]
    for path in files + optional:
        shown = display_path(path)
        try:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
            raw[shown] = read_yaml(path)
        except RuleError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(RuleError(shown, None, f"cannot read: {exc.strerror}", "cannot_read",
                                    {"reason": exc.strerror}))
    if errors:
        raise RuleErrors(errors)
    try:
        book = _build(root, raw, files, digest.hexdigest())
    except RuleError as exc:
        raise RuleErrors([exc]) from None
    if optional:
        units = {service.unit for service in book.services.values()}
        try:
            book.letters = check_letter_texts(raw[display_path(optional[0])],
                                              display_path(optional[0]), units)
        except LetterTextErrors as exc:
            raise RuleErrors(exc.errors) from None
    return book


def _later_messages(keys: list[str]) -> dict[str, Any]:
    """The shipped rules' texts of messages added after a stored rule book was made
    (`messages.ADDED_LATER`): that book loads and calculates as it did, and says what a newer
    release adds (a new warning, a caseworker's override) in the shipped words."""
    path = default_rules_dir() / "messages.yaml"
    shipped = _validate(schema.MessagesFile, read_yaml(path), display_path(path))
    return {key: shipped.messages[key] for key in keys if key in shipped.messages}


def default_rules_dir() -> Path:
    """The shipped rules: `rules/` of a source checkout, else the copy inside the wheel."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if (checkout / "ruleset.yaml").is_file():
        return checkout
    return Path(__file__).resolve().parents[1] / "shipped_rules"


def _build(root: Path, raw: dict[str, Any], files: list[Path], digest: str) -> RuleBook:
    errors: list[RuleError] = []

    def checked(model: type[M], path: Path) -> M | None:
        shown = display_path(path)
        try:
            return _validate(model, raw[shown], shown)
        except RuleErrors as exc:
            errors.extend(exc.errors)
            return None

    ruleset = checked(schema.RulesetFile, root / "ruleset.yaml")
    services_file = checked(schema.ServicesFile, root / "services.yaml")
    groups_file = checked(schema.TargetGroupsFile, root / "target_groups.yaml")
    elig_file = checked(schema.EligibilityFile, root / "eligibility.yaml")
    fin_file = checked(schema.FinancingFile, root / "financing.yaml")
    cop_file = checked(schema.CopaymentFile, root / "copayment.yaml")
    regions_file = checked(schema.RegionsFile, root / "regions.yaml")
    messages_file = checked(schema.MessagesFile, root / "messages.yaml")
    # The book's services come first: a parameter or rule naming a service is checked
    # against them.
    services = _services(services_file, raw, display_path(root / "services.yaml"), errors)
    params: dict[str, Parameter] = {}
    for path in files[len(RULE_FILES):]:
        pfile = checked(schema.ParametersFile, path)
        if pfile is None:
            continue
        shown = display_path(path)
        for name, entry in pfile.parameters.items():
            line = raw[shown]["parameters"].line_of(name)
            if name in params:
                errors.append(RuleError(shown, line, f'parameter "{name}" is defined twice',
                                        "parameter_twice", {"name": name}))
            values = []
            for index, v in enumerate(entry.values):
                try:
                    values.append(ParameterValue(v.valid_from, convert(entry.type, v.value,
                                                                   services),
                                                 v.reference))
                except ValueProblem as exc:
                    at = _line_of(raw[shown], ("parameters", name, "values", index))
                    errors.append(RuleError(
                        shown, at, f'parameter "{name}" ({entry.type}) from '
                        f"{v.valid_from.isoformat()}: {exc}", "parameter_value",
                        {"name": name, "type": entry.type, "from": v.valid_from.isoformat(),
                         "from_lv": v.valid_from.strftime("%d.%m.%Y"), "problem": str(exc),
                         "problem_lv": exc.lv}))
            starts = [v.valid_from for v in entry.values]
            if len(set(starts)) != len(starts):
                errors.append(RuleError(shown, line, f'parameter "{name}" has two values '
                                        "from the same date", "parameter_same_date",
                                        {"name": name}))
            params[name] = Parameter(
                name, entry.title.model_dump(), entry.unit, entry.type, entry.source,
                entry.policy_default, values, shown, line)
    if errors:
        raise RuleErrors(errors)
    assert ruleset and services_file and groups_file and elig_file and fin_file and cop_file
    assert regions_file and messages_file

    services_path = display_path(root / "services.yaml")
    for code, service in services.items():
        if service.rate not in params:
            errors.append(RuleError(services_path,
                                    _line_of(raw[services_path], ("services", code, "rate")),
                                    f'unknown rate parameter "{service.rate}"',
                                    "unknown_rate", {"name": service.rate}))

    param_names = set(params)
    line_facts = all_facts(services)

    def make_rules(entries: list[schema.RuleEntry], kind: str, path: Path, section: str
                   ) -> list[Rule]:
        shown = display_path(path)
        out: list[Rule] = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            node = raw[shown][section][index]
            line = node.line
            seen[entry.id] = seen.get(entry.id, 0) + 1
            key = entry.id if seen[entry.id] == 1 else f"{entry.id}.{seen[entry.id]}"
            facts = CASE_FACTS if kind == "target_group" else line_facts
            try:
                when = cond.parse(entry.when, facts, param_names, shown,
                                  node.line_of("when"))
                scope = _scope(entry.services, param_names, services, shown,
                               node.line_of("services"))
                then = _action(kind, entry, param_names, shown, node.line_of("then"))
            except RuleError as exc:
                errors.append(exc)
                continue
            title = entry.title or entry.text
            text = entry.refusal or entry.text or entry.title
            if title is None or text is None:
                errors.append(RuleError(shown, line, "a rule needs a title or a text",
                                        "rule_untitled"))
                continue
            errors.extend(
                RuleError(shown, line, problem, "counted_noun",
                          {"problem": problem, "problem_lv": _message_problem_lv(problem)})
                for problem in dict.fromkeys(
                    problem for words in (title, text)
                    for template in words.model_dump().values()
                    for problem in counted_problems(template)))
            out.append(Rule(
                entry.id, f"{kind}:{key}", kind, title.model_dump(), text.model_dump(),
                entry.legal_basis, entry.valid_from, entry.valid_to, scope, when, then,
                entry.enabled_by, shown, line, entry.when))
        return out

    groups_path = display_path(root / "target_groups.yaml")
    target_groups = []
    for index, g in enumerate(groups_file.target_groups):
        node = raw[groups_path]["target_groups"][index]
        if g.id not in TARGET_GROUPS:
            errors.append(RuleError(groups_path, node.line, f'unknown target group "{g.id}" '
                                    f"(expected one of {', '.join(TARGET_GROUPS)})",
                                    "unknown_target_group",
                                    {"name": g.id, "known": ", ".join(TARGET_GROUPS)}))
            continue
        try:
            when = cond.parse(g.when, CASE_FACTS, param_names, groups_path, node.line_of("when"))
        except RuleError as exc:
            errors.append(exc)
            continue
        target_groups.append(Rule(g.id, f"target_group:{g.id}", "target_group",
                                  g.title.model_dump(), g.title.model_dump(), g.legal_basis,
                                  None, None, "all", when, NoAction(), None, groups_path, node.line,
                                  g.when))

    eligibility = make_rules(elig_file.eligibility, "eligibility", root / "eligibility.yaml",
                             "eligibility")
    caps = make_rules(elig_file.caps, "cap", root / "eligibility.yaml", "caps")
    financing = make_rules(fin_file.financing, "financing", root / "financing.yaml", "financing")
    copayment = make_rules(cop_file.copayment, "copayment", root / "copayment.yaml", "copayment")
    notes = {n.id: Note(n.id, n.title.model_dump(), n.text.model_dump(), n.legal_basis)
             for n in cop_file.counterfactual}
    for needed in ("P5", "VSAC"):
        if needed not in notes:
            errors.append(RuleError(display_path(root / "copayment.yaml"), None,
                                    f'counterfactual note "{needed}" is missing',
                                    "note_missing", {"name": needed}))
    messages_path = display_path(root / "messages.yaml")
    for key, texts in messages_file.messages.items():
        line = raw[messages_path]["messages"].line_of(key)
        problems = placeholder_problems(key, texts.lv) + placeholder_problems(key, texts.en)
        errors.extend(RuleError(messages_path, line, problem, "message_problem",
                                {"key": key, "problem": problem,
                                 "problem_lv": _message_problem_lv(problem)})
                      for problem in dict.fromkeys(problems))
    later = [key for key in ADDED_LATER if key not in messages_file.messages]
    if later and root.resolve() != default_rules_dir().resolve():
        messages_file.messages.update(_later_messages(later))
    for key in PLACEHOLDERS:
        if key not in messages_file.messages:
            errors.append(RuleError(messages_path, None, f'message "{key}" is missing',
                                    "message_missing", {"key": key}))
    for name in REQUIRED_PARAMETERS:
        if name not in params:
            errors.append(RuleError(display_path(root / "parameters"), None,
                                    f'required parameter "{name}" is missing',
                                    "parameter_missing", {"name": name}))
    if errors:
        raise RuleErrors(errors)
    book = RuleBook(
        root, ruleset.version, digest, services, ParameterTable(params), target_groups,
        eligibility, caps, financing, copayment, notes,
        {k: v.model_dump() for k, v in regions_file.regions.items()},
        [Municipality(m.name, m.kind, m.region, m.valid_from, m.valid_to)
         for m in regions_file.municipalities],
        {key: texts.model_dump() for key, texts in messages_file.messages.items()})
    book.rules_by_key = {r.key: r for r in book.all_rules()}
    return book


#: Parameters the fixed arithmetic reads by name (everything else is named in the rules).
REQUIRED_PARAMETERS = (
    "f1.window_months.adult", "f1.window_months.child", "f1.ends_on", "vsac.daily_cost",
    "vsac.days_per_month", "threshold.needy", "threshold.low_income", "copayment.order",
    "assessment.level_bands", "assessment.exceptional_total_above",
    "assessment.reassessment_months", "indicative.over_share", "indicative.package",
    "grt.icd10_chapter", "rate_tier.intensive_from_level", "vsac.client_share_of_income",
    "counterfactual.state_funded_placed_before",
)


def _services(services_file: schema.ServicesFile | None, raw: dict[str, Any], shown: str,
              errors: list[RuleError]) -> dict[str, Service]:
    """The services of services.yaml, in its order; a code that a case could not carry is
    an error at its line (the case format fixes the shape of a code, the book which exist)."""
    services: dict[str, Service] = {}
    if services_file is None:
        return services
    for code, s in services_file.services.items():
        if not re.fullmatch(SERVICE_CODE_PATTERN, code):
            errors.append(RuleError(shown, raw[shown]["services"].line_of(code),
                                    f'service code "{code}" must be 2-40 small letters, '
                                    "digits and _, starting with a letter (e.g. home_care)",
                                    "service_code", {"code": code}))
            continue
        services[code] = Service(code, s.title.model_dump(), s.unit, s.per, s.di, s.rate,
                                 s.tiered)
    if not services and not errors:
        errors.append(RuleError(shown, None, "no services: list at least one", "no_services"))
    return services


def _scope(scope: Any, params: set[str], services: dict[str, Service], file: str, line: int
           ) -> Any:
    if isinstance(scope, schema.ParamName):
        if scope.parameter not in params:
            raise RuleError(file, line, f'unknown parameter "{scope.parameter}"',
                            "unknown_parameter", {"name": scope.parameter})
        return cond.ParamRef(scope.parameter)
    if isinstance(scope, list):
        for code in scope:
            if code not in services:
                raise RuleError(file, line, f'unknown service "{code}" '
                                f"(expected one of {', '.join(services)})", "unknown_service",
                                {"code": code, "known": ", ".join(services)})
    return scope


def _action(kind: str, entry: schema.RuleEntry, params: set[str], file: str, line: int
            ) -> Action:
    """The rule's `then` as its kind's typed action, with every name it uses checked."""
    try:
        action: Action = ACTION_BY_KIND[kind].model_validate(entry.then)  # type: ignore[assignment]
    except ValidationError as exc:
        problems, problems_lv = [], []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            problems.append(f"then.{where}: {message}" if where else f"then: {message}")
            said = _schema_context(where, err)["problem_lv"] if err["type"] != "value_error" \
                else ACTION_PROBLEMS_LV.get(message, f"nav derīgs ({message})")
            problems_lv.append(f"then.{where}: {said}" if where else said)
        raise RuleError(file, line, "; ".join(problems), "action",
                        {"problem": "; ".join(problems),
                         "problem_lv": "; ".join(problems_lv)}) from None
    for name in sorted(action.parameters_named()):
        if name not in params:
            raise RuleError(file, line, f'then: unknown parameter "{name}"', "then_parameter",
                            {"name": name})
    if entry.enabled_by is not None and entry.enabled_by not in params:
        raise RuleError(file, line, f'enabled_by: unknown parameter "{entry.enabled_by}"',
                        "enabled_by_parameter", {"name": entry.enabled_by})
    minus = getattr(action, "minus", None)
    if minus is not None and minus not in CASE_FACTS:
        raise RuleError(file, line, f'then.minus: unknown fact "{minus}"', "minus_fact",
                        {"fact": minus})
    return action
