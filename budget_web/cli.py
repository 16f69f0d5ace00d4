"""The `budget-engine` console script: the engine's commands plus the web's, loaded lazily.

The engine package knows nothing of the web. `build_cli()` takes the engine's click group and
adds the web's commands (budget_web/ops/commands.py) by name: a web command's module is imported
only when that command runs (or its own `--help` is asked for), so `--help`, `calculate`,
`replay`, `rules` and `synth` start without Flask and SQLAlchemy. They read the installation's
database only when one exists (a configured BUDGET_ENGINE_DATABASE_URL, or the SQLite file in
the instance folder); otherwise they use the shipped rules and create nothing.

The global `--instance DIR` sets BUDGET_ENGINE_INSTANCE for the command it precedes.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

import click

from budget_engine import __version__, engine_cli

from . import settings

if TYPE_CHECKING:  # the engine's public API is lazy: `--help` loads no rule book's modules
    from budget_engine import RuleBook

COMMANDS = "budget_web.ops.commands"

#: The web's commands: name -> (attribute of budget_web.ops.commands, the first paragraph of its
#: help, which `--help` shortens as click does). tests/test_startup.py checks each is the
#: command's own.
WEB_COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "Run the web form and API (waitress, a production WSGI server)."),
    "users": ("users", "Manage user accounts (honours BUDGET_ENGINE_DATABASE_URL)."),
    "audit": ("audit", "Show the audit log (newest first): time, user, action, case, "
                       "municipality, version."),
    "db": ("db_group", "The database's schema: upgrade it to this release, show its revision "
                       "and the history (honours BUDGET_ENGINE_DATABASE_URL)."),
    "backup": ("backup_command", "Write the database and the instance's rule books to FILE (a "
                                 "zip, readable by its owner only; restores into SQLite or "
                                 "PostgreSQL)."),
    "restore": ("restore_command", "Restore a backup made by `budget-engine backup` into the "
                                   "database (refused when it holds data, unless --force); a "
                                   "backup of an older release is upgraded."),
    "status": ("status", "Where this installation keeps its data and which rules are in "
                         "force: the instance folder, the database (without its password), "
                         "its schema revision, the current published rule version (label, "
                         "date) and whether the rules shipped with this release differ."),
}
#: The policy workflow's commands under `rules`.
RULES_COMMANDS: dict[str, tuple[str, str]] = {
    "draft": ("rules_draft", "Check a rules directory and store it as a draft for another "
                             "policy user to approve."),
    "import-xlsx": ("rules_import_xlsx", "Turn an edited parameter workbook (`rules "
                                         "export-xlsx`) into a draft of the current rules, "
                                         "submitted for another policy user to approve; every "
                                         "problem by sheet and cell."),
    "approve": ("rules_approve", "Publish a draft: it becomes the current rules (refused for "
                                 "its own author)."),
    "return": ("rules_return", "Return a draft to its author with a comment; it is not "
                               "published."),
    "versions": ("rules_versions", "Published rule book versions (newest first): id, version, "
                                   "label, author, approver."),
}

RULES_HELP = """Check and inspect rule files; the policy workflow (draft, approve, return).

Without --rules, the commands use this installation's current published rule version (from
its database; the shipped rules until a database exists). Rules shipped with a new release,
or edited in rules/ of a checkout, are not used until they are approved: `rules check` and
`status` say when they differ, and `rules draft DIR --label … --user NAME` makes them a
draft. `--rules DIR` always calculates with DIR."""


def _web(name: str) -> Any:
    return getattr(importlib.import_module(COMMANDS), name)


class LazyGroup(click.Group):
    """A click group some of whose commands are imported only when they are used; its help
    lists them from `lazy`'s short help without importing them."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            command = _web(self.lazy[cmd_name][0])
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)  # as click's own group
        rows: list[tuple[str, str]] = []
        for name in names:
            shown = self.commands.get(name) or click.Command(name, help=self.lazy[name][1])
            rows.append((name, shown.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _StoredRuleBooks:
    """The engine commands' rule books: this installation's published versions once it has
    a database; before that (nothing to read, and nothing is created) the shipped rules."""

    def current(self) -> RuleBook | None:
        if not settings.database_exists():
            return None
        return _web("stored_rule_books")().current()

    def version(self, version: str) -> RuleBook:
        return _web("stored_rule_books")().version(version)


def _set_instance(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        os.environ[settings.INSTANCE_ENV] = value


def _rules_check(engine_check: click.Command) -> click.Command:
    """The engine's `rules check`, then (where a database exists) a note when the shipped
    rules differ from the current published version."""

    def check(**options: Any) -> None:  # whatever the engine's check takes (--rules, --lang)
        assert engine_check.callback is not None
        engine_check.callback(**options)
        if settings.database_exists():
            notice = _web("shipped_notice")()
            if notice:
                click.echo(f"note: {notice}")

    return click.Command("check", callback=check, params=engine_check.params,
                         help=(engine_check.help or "") + "\n\nWith a database, also says "
                         "when the shipped rules differ from the current published version.")


def build_cli() -> click.Group:
    """The whole `budget-engine` command: the engine's group (its rules from this
    installation's published versions) plus the web's commands."""
    engine = engine_cli(_StoredRuleBooks())
    engine_rules = engine.commands["rules"]
    assert isinstance(engine_rules, click.Group)
    rules = LazyGroup("rules", help=RULES_HELP, lazy=RULES_COMMANDS,
                      commands={**engine_rules.commands,
                                "check": _rules_check(engine_rules.commands["check"])})
    cli = LazyGroup(engine.name, help=engine.help, lazy=WEB_COMMANDS,
                    context_settings=engine.context_settings,
                    commands={**engine.commands, "rules": rules})
    cli.params.append(click.Option(
        ["--instance"], metavar="DIR", expose_value=False, is_eager=True,
        callback=_set_instance, type=click.Path(file_okay=False),
        help=f"The installation's data folder (database, secret key, rule books, jobs); "
             f"sets {settings.INSTANCE_ENV}. Default: that variable, else the platform's "
             "data directory (~/.local/share/budget-engine on Linux); never the current "
             "directory."))
    click.version_option(__version__, prog_name="budget-engine")(cli)
    return cli


#: The console script `budget-engine` (pyproject: `budget_web.cli:main`).
main = build_cli()
