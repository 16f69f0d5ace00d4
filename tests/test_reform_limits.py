"""A reform file's check is bounded (issue 24, item 1): a file of thousands of mistyped names
used to be read whole, a "did you mean" computed for each and every problem listed (0.88 MB:
8 s and a 2 MB page). Now the size, the values read, the problems listed and the suggestions
computed each have a limit, and what is not listed is counted, never dropped silently."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from budget_engine import ReformLimits, RuleBook, RuleErrors, load_reform, load_rules
from budget_engine.cli.commands import main
from budget_engine.evaluation.reform import human_size

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def unknown_names(count: int) -> str:
    """A reform naming `count` parameters the book does not have (two values each)."""
    return "label: x\nparameters:\n" + "".join(f"  x{i:05d}: 1\n" for i in range(count))


def caught(tmp_path: Path, text: str, book: RuleBook,
           limits: ReformLimits | None = None) -> RuleErrors:
    path = tmp_path / "reform.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleErrors) as found:
        load_reform(path, book, limits)
    return found.value


def test_thousands_of_unknown_names_list_fifty_count_the_rest_and_suggest_five(
        tmp_path: Path, book: RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = difflib.get_close_matches

    def counted(word: str, *args: Any, **kwargs: Any) -> list[str]:
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    errors = caught(tmp_path, unknown_names(2_000), book)
    assert len(errors.errors) == 50 and errors.more == 1_950
    assert str(errors.errors[0]).endswith('reform.yaml:3: unknown parameter "x00000"')
    assert str(errors.errors[49]).endswith('reform.yaml:52: unknown parameter "x00049"')
    assert str(errors).endswith("… and 1 950 more")
    assert calls == ["x00000", "x00001", "x00002", "x00003", "x00004"]


def test_a_suggestion_is_still_made_for_the_first_names(tmp_path: Path, book: RuleBook) -> None:
    errors = caught(tmp_path, "label: x\nparameters:\n  rate.home_cares:\n"
                    "    - {from: 2025-01-01, value: '1'}\n", book)
    assert errors.more == 0
    assert str(errors.errors[0]).endswith('(did you mean "rate.home_care"?)')


def test_configured_limits_of_problems_and_suggestions(
        tmp_path: Path, book: RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda word, *args, **kwargs: calls.append(word) or [])
    errors = caught(tmp_path, unknown_names(12), book,
                    ReformLimits(max_problems=3, max_suggestions=1))
    assert len(errors.errors) == 3 and errors.more == 9 and calls == ["x00000"]


def test_reading_stops_after_the_values_limit(tmp_path: Path, book: RuleBook) -> None:
    # 5 + 2 × 1,000 values; reading stops at the 21st (the value of x00007, line 10).
    errors = caught(tmp_path, unknown_names(1_000), book, ReformLimits(max_values=20))
    assert [(e.line, e.message) for e in errors.errors] == [
        (10, "more than 20 values: the file is not read further")]
    # `[1,1,1,…]` is a value every two bytes: counted as any other.
    flow = "label: x\nparameters:\n  a: [" + ",".join(["1"] * 5_000) + "]\n"
    errors = caught(tmp_path, flow, book, ReformLimits(max_values=100))
    assert "more than 100 values" in str(errors) and errors.more == 0


def test_a_file_over_the_size_limit_is_not_read(
        tmp_path: Path, book: RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    import budget_engine.evaluation.reform as reform

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an oversize reform file was parsed")

    monkeypatch.setattr(reform, "parse_yaml", never)
    errors = caught(tmp_path, unknown_names(100), book, ReformLimits(max_bytes=1024))
    assert [(e.line, e.message) for e in errors.errors] == [
        (None, "the file is larger than 1 KiB: a reform file changes a few parameters and "
         "is a few kilobytes")]


def test_a_reform_within_the_limits_still_loads(tmp_path: Path, book: RuleBook) -> None:
    path = tmp_path / "reform.yaml"
    path.write_bytes((EXAMPLES / "reform-maintainers.yaml").read_bytes())
    reform = load_reform(path, book, ReformLimits(max_bytes=400, max_values=12))
    assert list(reform.overrides) == ["copayment.maintainers_obliged"]


def test_human_sizes() -> None:
    assert [human_size(n) for n in (512, 1024, 256 * 1024, 1536 * 1024, 3 << 30)] == [
        "512 bytes", "1 KiB", "256 KiB", "1.5 MiB", "3 GiB"]


def test_the_replay_command_says_how_many_more(tmp_path: Path) -> None:
    reform = tmp_path / "reform.yaml"
    reform.write_text(unknown_names(60), encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(EXAMPLES / "cases-sample.jsonl"),
                                       "--reform", str(reform),
                                       "--out", str(tmp_path / "rows.jsonl")])
    assert result.exit_code == 1
    assert result.output.count("nezināms parametrs") == 50  # --lang lv is the default
    assert "… un vēl 10\n" in result.output
    assert "60 kļūda(s) reformas vai noteikumu failos" in result.output
    english = CliRunner().invoke(main, ["replay", str(EXAMPLES / "cases-sample.jsonl"),
                                        "--reform", str(reform), "--lang", "en",
                                        "--out", str(tmp_path / "rows.jsonl")])
    assert english.exit_code == 1
    assert english.output.count("unknown parameter") == 50
    assert "… and 10 more\n" in english.output
    assert "60 error(s) in the reform or rule files" in english.output


@pytest.mark.parametrize(("text", "line", "message"), [
    ("label: x\nparameters: {[1]: x}\n", 2, "a key must be a name, not a list or mapping"),
    ("label: x\nparameters:\n  ? {a: 1}\n  : 1\n", 3,
     "a key must be a name, not a list or mapping"),
    ("label: x\nparameters: " + "[" * 400 + "]" * 400 + "\n", 2,
     "nested more than 32 levels deep: the file is not read further"),
    ("label: x\nparameters:\n  rate.home_care:\n    - {from: 2025-01-01, value: 1"
     + "0" * 5000 + "}\n", 4, "not valid YAML: a number of more than 30 digits"),
    ("label: x\nparameters: \x00\n", 2,
     "not valid YAML: the control character U+0000 is not allowed"),
])
def test_hostile_yaml_is_a_problem_with_its_line_not_a_crash(
        tmp_path: Path, book: RuleBook, text: str, line: int, message: str) -> None:
    errors = caught(tmp_path, text, book)
    assert [(e.line, e.message) for e in errors.errors] == [(line, message)]


def test_rule_files_nested_absurdly_deep_are_refused_in_words() -> None:
    from budget_engine.rulebook.yaml_source import RuleError, parse_yaml

    with pytest.raises(RuleError,
                       match="r.yaml:1: not valid YAML: nested more than 40 levels deep"):
        parse_yaml("a: " + "[" * 3000 + "]" * 3000 + "\n", "r.yaml")


def test_each_reform_problem_in_latvian_with_file_and_line(tmp_path: Path) -> None:
    """Issue 29: `replay --reform FILE --lang lv` says every problem in Latvian, each with
    the file and line; nothing of the English messages is left."""
    reform = tmp_path / "reforma.yaml"
    reform.write_text(
        "label: Tarifi 2027\n"
        "extra: 1\n"
        "parameters:\n"
        "  rate.home_caer:\n"
        "    - {from: 2027-01-01, value: \"4.10\"}\n"
        "  rate.respite: 3\n"
        "  rate.support_group:\n"
        "    - {from: 2027-01-01, value: \"-1\"}\n"
        "    - {from: 2027-01-01}\n"
        "    - {from: janvāris, value: \"1\"}\n"
        "    - {from: 2027-02-01, value: \"1\", note: x}\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["replay", str(EXAMPLES / "cases-sample.jsonl"),
                                       "--reform", str(reform), "--lang", "lv",
                                       "--out", str(tmp_path / "rows.jsonl")])
    assert result.exit_code == 1
    lines = [line.split("reforma.yaml:", 1)[1] for line in result.stderr.splitlines()
             if "reforma.yaml:" in line]
    assert lines == [
        "2: nezināma atslēga „extra” (der: label, parameters)",
        "4: nezināms parametrs „rate.home_caer” (varbūt „rate.home_care” – Aprūpe mājās – "
        "stundas tarifs?)",
        "6: parametram „rate.respite” jābūt vērtību sarakstam {from: DATUMS, value: VĒRTĪBA}",
        "8: parametrs „rate.support_group” (amount) no 01.01.2027: nedrīkst būt negatīvs "
        "(ir '-1')",
        "9: parametra „rate.support_group” vērtībai no 01.01.2027 trūkst „value”",
        "10: parametra „rate.support_group” vērtībai „from” jābūt datumam GGGG-MM-DD (ir "
        "'janvāris')",
        "11: parametra „rate.support_group” vērtībā nezināma atslēga „note” (der: from, "
        "value, reference)"], result.stderr
    assert result.stderr.splitlines()[-1] == \
        "budget-engine: 7 kļūda(s) reformas vai noteikumu failos"
    assert not re.search(r"\b(unknown|expected|parameter|missing|got)\b", result.stderr)


def test_a_reform_file_too_large_or_not_utf8_in_latvian(tmp_path: Path) -> None:
    book = load_rules()
    big = tmp_path / "liela.yaml"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(RuleErrors) as caught:
        load_reform(big, book, ReformLimits(max_bytes=1536))
    assert caught.value.errors[0].text("lv") == (
        "fails ir lielāks par 1,5 KiB: reformas fails maina dažus parametrus un ir dažus "
        "kilobaitus liels")
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("label: Tarifs\u00e2\n".encode("latin-1"))
    with pytest.raises(RuleErrors) as caught:
        load_reform(latin, book)
    assert caught.value.errors[0].text("lv").startswith("failu nevar nolasīt: tas nav UTF-8")
