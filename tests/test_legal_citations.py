"""The rule files cite acts as a social worker would look them up, never files of the spec.

Every `legal_basis`, parameter `source` and value `reference` names a Latvian act (or says in
plain words that the value is a policy default or an interpretation); no comment in the rule
files points at the spec or at its seed files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budget_engine import RuleBook, load_rules

FORBIDDEN = re.compile(r"\b00[0-4]_|domain\.md|case-format\.md|§")
POLICY_DEFAULT = "politikas noklusējums"

BOOK = load_rules()


def _rule_citations(book: RuleBook) -> list[tuple[str, str]]:
    found = [(f"{rule.kind} {rule.key} ({rule.file}:{rule.line})", rule.legal_basis)
             for rule in book.all_rules()]
    found += [(f"note {note.id}", note.legal_basis) for note in book.notes.values()]
    return found


def _parameter_citations(book: RuleBook) -> list[tuple[str, str]]:
    found = []
    for name, parameter in book.parameters.parameters.items():
        found.append((f"{name} source", parameter.source))
        for value in parameter.values:
            if value.reference is not None:
                found.append((f"{name} from {value.valid_from} reference", value.reference))
    return found


def _comment_lines(book: RuleBook) -> list[tuple[str, str]]:
    found = []
    for path in sorted(Path(book.directory).rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                found.append((f"{path.name}:{number}", line))
    return found


RULE_CITATIONS = _rule_citations(BOOK)
PARAMETER_CITATIONS = _parameter_citations(BOOK)
COMMENTS = _comment_lines(BOOK)


def _ids(pairs: list[tuple[str, str]]) -> list[str]:
    return [where for where, _ in pairs]


def test_there_is_something_to_check() -> None:
    assert len(RULE_CITATIONS) > 30
    assert len(PARAMETER_CITATIONS) > 40
    assert COMMENTS


@pytest.mark.parametrize(("where", "text"), RULE_CITATIONS, ids=_ids(RULE_CITATIONS))
def test_legal_basis_names_an_act_not_a_file(where: str, text: str) -> None:
    assert text.strip(), f"{where}: empty legal_basis"
    assert not FORBIDDEN.search(text), f"{where}: {text}"


@pytest.mark.parametrize(("where", "text"), PARAMETER_CITATIONS, ids=_ids(PARAMETER_CITATIONS))
def test_parameter_source_and_reference_name_an_act_not_a_file(where: str, text: str) -> None:
    assert text.strip(), f"{where}: empty"
    assert not FORBIDDEN.search(text), f"{where}: {text}"


@pytest.mark.parametrize(("where", "line"), COMMENTS, ids=_ids(COMMENTS))
def test_comments_do_not_point_at_the_spec(where: str, line: str) -> None:
    assert not FORBIDDEN.search(line), f"{where}: {line}"


def _marked_as_default(text: str) -> bool:
    lowered = text.lower()
    return "noklusējums" in lowered or "policy default" in lowered


@pytest.mark.parametrize(("where", "text"),
                         [(w, t) for w, t in RULE_CITATIONS + PARAMETER_CITATIONS
                          if _marked_as_default(t)] or [("none", POLICY_DEFAULT)])
def test_a_default_in_a_citation_says_politikas_noklusejums(where: str, text: str) -> None:
    assert POLICY_DEFAULT in text, f"{where}: {text}"


POLICY_DEFAULT_PARAMETERS = sorted(name for name, p in BOOK.parameters.parameters.items()
                                   if p.policy_default)


def test_some_parameters_are_policy_defaults() -> None:
    assert POLICY_DEFAULT_PARAMETERS


@pytest.mark.parametrize("name", POLICY_DEFAULT_PARAMETERS)
def test_policy_default_parameter_says_so_in_its_source(name: str) -> None:
    source = BOOK.parameters.parameters[name].source
    assert POLICY_DEFAULT in source, f"{name}: {source}"
