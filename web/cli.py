"""The full `budget-engine` command: the engine's commands plus serve and users.

The engine package knows nothing of the web. `build_cli()` takes the engine's click group
and adds the web's commands to it, one `add_command` each; the console script points at
`main`, the group it builds. Importing this module registers nothing anywhere else.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from budget_engine import RuleErrors, engine_cli, load_rules

from . import settings
from .storage import ROLES, Store, StoreUnavailable, UserError, get_store, open_store


def _fail(message: str) -> NoReturn:
    click.echo(f"budget-engine: {message}", err=True)
    sys.exit(1)


def _fail_database(exc: StoreUnavailable) -> NoReturn:
    _fail(f"cannot open the database {_shown(exc.url)} ({settings.DATABASE_ENV}): {exc.reason}")


def _store() -> Store:
    """The store the commands use: the one the web app would open (same URL, same way)."""
    try:
        return open_store(settings.database_url())
    except StoreUnavailable as exc:
        _fail_database(exc)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
def serve(host: str, port: int, threads: int, debug: bool) -> None:
    """Run the web form and API (waitress, a production WSGI server)."""
    from .app import create_app

    try:
        app = create_app()
    except RuleErrors as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        _fail(f"{len(exc.errors)} error(s) in the rule files; not serving")
    except StoreUnavailable as exc:
        _fail_database(exc)
    click.echo(f"budget-engine: database {_shown(app.config['DATABASE_URL'])}", err=True)
    with app.app_context():
        first_run = get_store().user_count() == 0
    if first_run:
        click.echo("No users yet. Create the first one, e.g.:\n"
                   "  budget-engine users add NAME --role admin\n"
                   "  budget-engine users add NAME --role social_worker", err=True)
    click.echo(f"Serving on http://{host}:{port}/", err=True)
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    import waitress

    waitress.serve(app, host=host, port=port, threads=threads, ident="budget-engine")


def _shown(url: str) -> str:
    if "@" in url and "://" in url:  # hide a password in a database URL
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url


@click.group()
def users() -> None:
    """Manage user accounts (honours BUDGET_ENGINE_DATABASE_URL)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--municipality", default=None, metavar="NAME",
              help="The municipality whose cases the user works on (required for "
                   "social_worker and supervisor; policy, evaluator and admin may be national).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def users_add(name: str, role: str, municipality: str | None, password_stdin: bool) -> None:
    """Create a user; the password is asked for (or read from stdin)."""
    known = None
    if municipality:
        try:  # the rules the server would serve name the municipalities
            known = {m.name for m in load_rules(os.environ.get(settings.RULES_ENV))
                     .municipalities}
        except RuleErrors as exc:
            _fail(f"cannot read the rules to check the municipality: {exc.errors[0]}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        _store().add_user(name, password, role, municipality, known)
    except UserError as exc:
        click.echo(f"budget-engine: {exc}", err=True)
        sys.exit(2)
    click.echo(f"user {name} ({role}{', ' + municipality if municipality else ''}) added")


@users.command("token")
@click.argument("name")
def users_token(name: str) -> None:
    """Print a new API token for a user (send it as Authorization: Bearer TOKEN)."""
    try:
        click.echo(_store().new_token(name))
    except UserError as exc:
        click.echo(f"budget-engine: {exc}", err=True)
        sys.exit(2)


@users.command("list")
def users_list() -> None:
    """List users, their roles and municipalities."""
    for user in _store().users():
        click.echo(f"{user.name}\t{user.role}\t{user.municipality or '(national)'}")


@click.command()
@click.option("--case", "case_id", default="", help="Only entries of this case number.")
@click.option("--user", default="", help="Only entries of this user.")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, 100_000))
def audit(case_id: str, user: str, limit: int) -> None:
    """Show the audit log (newest first): time, user, action, case, municipality, version."""
    entries = _store().audit.entries(case_id=case_id, user=user, limit=limit)
    for e in entries:
        click.echo("\t".join([e.at.strftime("%Y-%m-%d %H:%M:%S"), e.user, e.action, e.case_id,
                              e.municipality, "" if e.version is None else str(e.version),
                              e.detail]))
    if not entries:
        click.echo("no entries", err=True)


def build_cli() -> click.Group:
    """The whole `budget-engine` command: the engine's group plus the web's commands."""
    cli = engine_cli()
    cli.add_command(serve)
    cli.add_command(users)
    cli.add_command(audit)
    return cli


#: The console script `budget-engine` (pyproject: `web.cli:main`).
main = build_cli()
