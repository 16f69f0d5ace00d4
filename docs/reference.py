"""The generated parts of the docs: the command reference and the facts the rules can read.

Run `python docs/reference.py` (from anywhere) after changing a command's options or help, or
the fact catalogue: it rewrites the text between the markers

    <!-- cli-reference:start --> ... <!-- cli-reference:end -->    in docs/cli.md
    <!-- facts:start --> ... <!-- facts:end -->                    in docs/guide-policy.md

`tests/test_docs.py` fails while a doc differs from what these functions render.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

DOCS = Path(__file__).resolve().parent
#: The command reference: every command's help.
CLI_DOC = DOCS / "cli.md"
#: The policy guide, whose section "Facts the rules can read" holds the fact catalogue.
FACTS_DOC = DOCS / "guide-policy.md"
#: The width the help is rendered at, whatever the terminal: the docs must not depend on it.
HELP_WIDTH = 80

CLI_MARKERS = ("<!-- cli-reference:start -->", "<!-- cli-reference:end -->")
FACTS_MARKERS = ("<!-- facts:start -->", "<!-- facts:end -->")


def _help_sections(command: click.Command, ctx: click.Context) -> list[str]:
    sections = [f"### {ctx.command_path}\n\n```text\n{command.get_help(ctx).rstrip()}\n```\n"]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
            sections += _help_sections(sub, sub_ctx)
    return sections


def reference() -> str:
    """The help of `budget-engine` and of every command and sub-command, as Markdown."""
    from budget_web.cli import main

    # make_context applies each command's context_settings (e.g. -h for help), as a run does.
    ctx = main.make_context("budget-engine", [], resilient_parsing=True,
                            terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH)
    return "\n".join(_help_sections(main, ctx))


def case_field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The dotted path of every field of a model, nested ones included, in declaration order.

    A field holding a list of objects is written `name[]`, so its fields are
    `requested_services[].units`; the index of an error message (`requested_services[0]`)
    is left out.
    """
    paths: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        paths.append(path)
        nested = _nested_model(info.annotation)
        if nested is not None:
            inner, is_list = nested
            paths += case_field_paths(inner, path + ("[]." if is_list else "."))
    return paths


def _nested_model(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    """The model a field holds (directly, optionally or in a list), and whether in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found[0], found[1] or origin is list
    return None


def facts_table() -> str:
    """The facts a rule's `when` may read (the fact catalogue), as a Markdown table."""
    from budget_engine.models import Case
    from budget_engine.rulebook.fact_catalogue import ALL_FACTS, LINE_FACTS

    paths = case_field_paths(Case)
    rows = ["| fact | type | in words (Latvian; yes / no) | description |", "|---|---|---|---|"]
    for name, fact in ALL_FACTS.items():
        kind = fact.kind
        if fact.choices:
            kind += ": " + ", ".join(f"`{choice}`" for choice in fact.choices)
        description = fact.description
        if not description:
            description = _field_of(name, paths)
        if name in LINE_FACTS:
            description = "per requested service" + (f": {description}" if description else "")
        label = fact.label.lv + (f" / {fact.label.lv_not}" if fact.label.lv_not else "")
        rows.append(f"| `{name}` | {kind} | {label} | {description or '—'} |")
    return "\n".join(rows) + "\n"


def _field_of(fact: str, paths: list[str]) -> str:
    """"`path` of the case" for a fact that is a case field, by its name (`needy_status`,
    `residence_status` for `residence.status`), else ""."""
    for path in paths:
        leaf = path.rsplit(".", 1)[-1]
        parent = path.rsplit(".", 2)[-2] if path.count(".") else ""
        if fact in (leaf, f"{parent.removesuffix('[]')}_{leaf}"):
            return f"`{path}` of the case"
    return ""


def block(text: str, markers: tuple[str, str]) -> str:
    """What stands between the two markers in `text` (ValueError when they are missing)."""
    start, end = markers
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise ValueError(f"the doc must hold {start} and then {end}, once each")
    return text.split(start, 1)[1].split(end, 1)[0]


def _replace(text: str, markers: tuple[str, str], content: str) -> str:
    old = block(text, markers)
    start, end = markers
    return text.replace(f"{start}{old}{end}", f"{start}{expected_block(content)}{end}", 1)


def expected_block(content: str) -> str:
    """The text between the markers for the given generated content."""
    return f"\n{content}"


def _rewrite(path: Path, markers: tuple[str, str], content: str) -> None:
    text = path.read_text("utf-8")
    new = _replace(text, markers, content)
    if new != text:
        path.write_text(new, "utf-8")
        print(f"{path}: rewritten")
    else:
        print(f"{path}: already up to date")


def main() -> int:
    _rewrite(CLI_DOC, CLI_MARKERS, reference())
    _rewrite(FACTS_DOC, FACTS_MARKERS, facts_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
