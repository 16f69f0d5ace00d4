"""Reading rule files so that every later error can point at `file:line`.

Policy staff edit YAML by hand; an error that says only "invalid" would send them hunting,
so every mapping remembers the line it starts on and the line of each of its keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .messages import rule_error_words
from .words.yaml_words import yaml_problem


class RuleError(Exception):
    """A rule file is wrong; `str()` reads `rules/eligibility.yaml:42: unknown fact "agee"`."""

    def __init__(self, path: Path | str, line: int | None, message: str, kind: str = "other",
                 context: dict[str, Any] | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        #: What is wrong, for a page that says it in its own language (`message` is
        #: English); `context` holds the values the message names.
        self.kind = kind
        self.context = context or {}
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    @property
    def where(self) -> str:
        """`file:line` (or the file alone), as the CLI prints it."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def text(self, lang: str) -> str:
        """What is wrong in the language (`messages.RULE_ERROR_TEXTS`), without the place;
        the English message where a kind has no text of its own."""
        if lang != "lv":
            return self.message
        return rule_error_words(self.kind, self.context, lang) or self.message


class RuleErrors(Exception):
    """Every error found in the rule files at once, so one check lists them all.

    A check that stops listing (a reform file with thousands of mistakes) keeps the first
    `errors` and counts the rest in `more`: a page or a terminal shows what a person can
    read, and says how many were left out rather than dropping them without a word.
    """

    def __init__(self, errors: list[RuleError], more: int = 0) -> None:
        self.errors = errors
        self.more = more
        lines = [str(e) for e in errors]
        if more:
            lines.append(f"… and {more:,} more".replace(",", " "))
        super().__init__("\n".join(lines))


class LineDict(dict[str, Any]):
    """A mapping from a YAML file that knows where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


#: How deep the values of a rule file or of a typed value may nest (a value of a mapping
#: is one level below it): a condition nested as deep as `conditions.MAX_DEPTH` allows
#: takes about 20 levels with the file's own.
YAML_DEPTH_LIMIT = 40


class YamlLimitError(yaml.MarkedYAMLError):
    """YAML past one of the limits of this module; `problem_mark` is where, `kind` which
    (`yaml_depth`: nesting deeper than YAML_DEPTH_LIMIT, `number_digits`: an integer of more
    than INT_DIGITS_LIMIT digits), `most` the limit."""

    def __init__(self, mark: Any, kind: str, most: int) -> None:
        problem = {"yaml_depth": f"nested more than {most} levels deep",
                   "number_digits": f"a number of more than {most} digits"}[kind]
        super().__init__(None, None, problem, mark)
        self.kind = kind
        self.most = most


class PlainLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases (`&name`, `*name`).

    Rule files and the values policy staff type never need them, and nine nested aliases of
    nine make a billion values out of a few lines: whatever walks the result then runs for
    hours. They are refused where they stand, with the line, as any other YAML mistake.
    """

    #: How deep the node being composed is (the composer calls itself once a level).
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call,unused-ignore]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not accepted: write the "
                "value out in full", event.start_mark)
        # 3,000 nested `not` or 200 nested `all` would end in RecursionError: refused at
        # the level past the limit, where the reading has gone only that deep. (The parser
        # that makes the events keeps a stack of its own and never recurses.)
        if self.depth >= YAML_DEPTH_LIMIT:
            raise YamlLimitError(event.start_mark, "yaml_depth", YAML_DEPTH_LIMIT)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: The most digits a whole number in YAML may have. Python refuses to read an integer of
#: more than 4,300 digits with a ValueError that PyYAML lets through; no rule needs 30.
INT_DIGITS_LIMIT = 30


def _construct_int(loader: PlainLoader, node: yaml.ScalarNode) -> Any:
    """A whole number, or a YAML error at its place when it has more digits than any rule
    could mean (instead of Python's ValueError from the middle of the reading)."""
    if len(str(node.value)) > INT_DIGITS_LIMIT:
        raise YamlLimitError(node.start_mark, "number_digits", INT_DIGITS_LIMIT)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_plain_timestamp(loader: PlainLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2024-13-01) is a YAML error at its place, not Python's
    ValueError from the middle of the reading."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark) from None


def _construct_plain_mapping(loader: PlainLoader, node: yaml.MappingNode) -> Any:
    """A mapping whose keys are each written once: `{a: 1, a: 2}` typed in a form is a
    YAML error at the second key, not a value that silently drops the first."""
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:
            continue  # an unhashable key: construct_mapping names it below
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"found duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


PlainLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
PlainLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _construct_plain_mapping)
PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_plain_timestamp)


def _load(text: str, loader: type[PlainLoader]) -> Any:
    """YAML read by `loader` (its composer stops at YAML_DEPTH_LIMIT)."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:  # the last line of defence: the composer stops it first
        raise YamlLimitError(None, "yaml_depth", YAML_DEPTH_LIMIT) from None


def load_plain_yaml(text: str) -> Any:
    """YAML text typed by a person (a form field), read as the rule files are read.
    `YamlLimitError` (a YAMLError) past a limit of this module."""
    return _load(text, PlainLoader)


class _LineLoader(PlainLoader):
    pass


class _BoundedLineLoader(_LineLoader):
    """The line-keeping loader that stops after `max_values` values (YAML nodes).

    Reading is the costly part of a check (pure-Python YAML: tens of microseconds a value),
    and a file's size alone does not bound it: `[1,1,1,…]` is a value every two bytes. The
    count is the loader's own (one per file read), and reading stops where it runs out, so
    the work is bounded whatever the file holds.
    """

    #: Nesting deeper than this is refused (a reform is five levels deep; `[[[…]]]` a few
    #: hundred deep would exhaust Python's recursion on reading).
    MAX_DEPTH = 32

    def __init__(self, stream: str, max_values: int) -> None:
        super().__init__(stream)
        self.max_values = max_values
        self.values_left = max_values

    def compose_node(self, parent: Any, index: Any) -> Any:
        # `depth` is kept by PlainLoader.compose_node (called below), which also refuses
        # anything past YAML_DEPTH_LIMIT; a reform's own bound is tighter.
        self.values_left -= 1
        if self.values_left < 0 or self.depth >= self.MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call,unused-ignore]
            too_many = self.values_left < 0
            most = f"{self.max_values:,}".replace(",", " ") if too_many else self.MAX_DEPTH
            raise RuleError("", event.start_mark.line + 1, (
                f"more than {most} values" if too_many else
                f"nested more than {most} levels deep") + ": the file is not read further",
                "too_many_values" if too_many else "yaml_depth", {"most": most})
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:  # `{[1]: 2}`, `? {a: 1}`: a key is a name, never a list or mapping
            raise RuleError("", key_node.start_mark.line + 1,
                            "a key must be a name, not a list or mapping",
                            "key_not_name") from None
        if key in mapping:
            raise RuleError("", key_node.start_mark.line + 1, f"duplicate key {key!r}",
                            "duplicate_key", {"key": repr(key)[:80]})
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (2024-13-01) is named with its line, not a traceback."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise RuleError("", node.start_mark.line + 1,
                        f"{node.value!r} is not a real date ({exc})", "not_a_date",
                        {"value": repr(node.value)[:40], "reason": str(exc)}) from None


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

try:  # libyaml's scanner and parser, in C (PyYAML's wheels include it)
    from yaml._yaml import CParser

    LIBYAML = True
except ImportError:  # PyYAML built without libyaml: the pure-Python reading alone
    LIBYAML = False


if LIBYAML:
    class _FastLineLoader(_LineLoader, CParser):
        """The line-keeping loader with libyaml making the events: the same composer (its
        depth and alias checks), constructors and resolver, in Python, read from C's events.

        Scanning and parsing are most of a rule book's reading in pure Python (about six
        times the rest; `calculate` paid it at every start, issue 26). Only a file read
        without a problem is taken from here: anything this raises, `parse_yaml` reads the
        file again with `_LineLoader`, so every error is the one it always was.
        """

        check_event = CParser.check_event
        peek_event = CParser.peek_event
        get_event = CParser.get_event
        dispose = CParser.dispose

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


def _read_fast(text: str) -> tuple[bool, Any]:
    """(True, the value) when libyaml's events read the text without a problem; (False,
    None) otherwise (no libyaml, or any error: the pure reading then names it)."""
    if not LIBYAML:
        return False, None
    loader = _FastLineLoader(text)
    try:
        return True, loader.get_single_data()
    except Exception:  # noqa: BLE001 - read again in pure Python, which names the problem
        return False, None
    finally:
        loader.dispose()


def display_path(path: Path) -> str:
    """The path as a user typed it: relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Any:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(shown, None, f"cannot read: {exc}", "cannot_read",
                        {"reason": str(exc)}) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str, max_values: int | None = None) -> Any:
    """YAML text of the file shown as `shown`, read with its lines; at most `max_values`
    values (None: no bound). Every problem is a `RuleError` with the file and line.
    Unbounded (a rule book's files), it is read from libyaml's events where it can be."""
    if max_values is None:
        read, value = _read_fast(text)
        if read:
            return value
    loader: _LineLoader | None = None
    try:  # the reader checks the characters as it is made: inside the `try`
        loader = _LineLoader(text) if max_values is None else _BoundedLineLoader(text,
                                                                                 max_values)
        return loader.get_single_data()
    except RuleError as exc:
        raise RuleError(shown, exc.line, exc.message, exc.kind, exc.context) from None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. NUL
        at = text.count("\n", 0, exc.position) + 1
        raise RuleError(shown, at, "not valid YAML: the control character "
                        f"U+{exc.character:04X} is not allowed", "yaml_control",
                        {"code": f"{exc.character:04X}"}) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        words = yaml_problem(exc)  # what is wrong in plain words, for `--lang lv` and pages
        kind, context = (exc.kind, {"most": exc.most}) if isinstance(exc, YamlLimitError) \
            else ("yaml_alias" if "anchors and aliases" in str(problem) else "yaml_invalid",
                  {"problem": problem, "problem_lv": f"{words.column}. zīmē: {words.lv}"
                   if words.column else words.lv})
        raise RuleError(shown, line, f"not valid YAML: {problem}", kind, context) from None
    except RecursionError:  # the last line of defence: the composer stops it first
        raise RuleError(shown, None, f"not valid YAML: nested more than {YAML_DEPTH_LIMIT} "
                        "levels deep", "yaml_depth", {"most": YAML_DEPTH_LIMIT}) from None
    finally:
        if loader is not None:
            loader.dispose()  # type: ignore[no-untyped-call,unused-ignore]
