"""The web's commands: serve, users, audit, the policy workflow, the database, backup,
restore and status.

`budget_web.cli` (the console script) adds them to the engine's group by name and imports this
module only when one of them runs, so the engine's commands start without Flask and
SQLAlchemy. Importing this module registers nothing anywhere else.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from sqlalchemy.exc import SQLAlchemyError

from budget_engine import RuleBook, RuleErrors, __version__, load_rules

from .. import backup, schema, settings
from ..db import Database
from ..formatting import local_time
from ..logins import PASSWORD_LIMIT, LoginLimits, check_login
from ..policy.versions import ApprovalRefused, DatabaseRuleBooks
from ..policy.workbooks import WorkbookLimits, WorkbookRefused, draft_from_workbook
from ..storage import ROLES, Store, StoreUnavailable, UserError, get_store, open_store
from .rules_state import RulesState, rules_state

T = TypeVar("T")


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
# 4, waitress's own default: with the two engine workers on a 2-core machine, 8 threads only
# queued for them and contended for the interpreter (POST /api/v1/budgets at 20 clients:
# p95 67-78 ms with 8 threads, 38-48 ms with 3-4, the same requests per second).
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads of waitress.")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
def serve(host: str, port: int, threads: int, debug: bool) -> None:
    """Run the web form and API (waitress, a production WSGI server)."""
    from ..app import create_app

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
        state = rules_state(get_store().versions, app.extensions["shipped_rules"])
    click.echo(f"budget-engine: rules in force {state.published_words()}", err=True)
    if state.notice():
        click.echo(f"budget-engine: note: {state.notice()}", err=True)
    if first_run:
        click.echo("No users yet. Create the first one, e.g.:\n"
                   "  budget-engine users add NAME --role admin\n"
                   "  budget-engine users add NAME --role social_worker", err=True)
    if debug:
        _refuse_busy_port(host, port)
        click.echo(f"Serving on http://{host}:{port}/", err=True)
        app.run(host=host, port=port, debug=True)
        return
    import waitress

    from ..input.uploads import largest_request

    # waitress refuses a larger body with its own bare page: it must let through whatever a
    # page takes, so that the page itself names the limit (its default is 1 GiB).
    try:  # binds the port here, so a busy one is said in one line, not a traceback
        server = waitress.create_server(app, host=host, port=port, threads=threads,
                                        ident="budget-engine",
                                        max_request_body_size=max(1 << 30,
                                                                  largest_request(app)))
    except OSError as exc:
        _fail(_busy_port_text(host, port, exc))
    click.echo(f"Serving on http://{host}:{port}/", err=True)
    server.run()


def _busy_port_text(host: str, port: int, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return (f"cannot serve on {host}:{port}: {reason} (is another server running? "
            "choose another --port)")


def _refuse_busy_port(host: str, port: int) -> None:
    """Flask's development server would print a traceback on a busy port: try it first."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        _fail(_busy_port_text(host, port, exc))


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
    zone = settings.timezone()
    for e in entries:
        click.echo("\t".join([local_time(e.at, zone).isoformat(sep=" "), e.user, e.action,
                              e.case_id, e.municipality,
                              "" if e.version is None else str(e.version), e.detail]))
    if not entries:
        click.echo("no entries", err=True)


def stored_rule_books() -> DatabaseRuleBooks:
    """The engine commands' rule books from this installation's database (`budget_web.cli` asks
    for them only when a database exists, or for `--rules-version`)."""
    return DatabaseRuleBooks(_store().versions, lambda: load_rules())


def _shipped() -> RuleBook:
    """The rules this release ships (or BUDGET_ENGINE_RULES names)."""
    try:
        return load_rules(os.environ.get(settings.RULES_ENV))
    except RuleErrors as exc:
        _fail(f"cannot read the rules the installation ships: {exc.errors[0]}")


def shipped_notice() -> str | None:
    """The sentence `rules check` adds when the shipped rules are not the rules in force."""
    return rules_state(_store().versions, _shipped()).notice()


def _refused(exc: ApprovalRefused) -> NoReturn:
    click.echo(f"budget-engine: {exc}", err=True)
    sys.exit(2)


F = TypeVar("F", bound=Callable[..., Any])


def _as_user(doing: str) -> Callable[[F], F]:
    """`--user NAME` and `--password-stdin`: the policy user a step is taken as, who proves
    it by their password (asked for, or one line of standard input)."""
    def wrap(command: F) -> F:
        command = click.option(
            "--password-stdin", is_flag=True,
            help="Read the user's password from the first line of standard input.")(command)
        return click.option(
            "--user", "user", required=True, metavar="NAME",
            help=f"The policy user {doing}; their password is asked for, and checked (and "
                 "locked after failures) as the web login checks it.")(command)
    return wrap


def _login(store: Store, name: str, password_stdin: bool) -> str:
    """The name of the user who gave the right password; anything else exits 2, with the
    login page's answer (it does not say whether the name, the password or a lock was
    wrong) and a failure counted toward the lock, as on the page."""
    if password_stdin:
        password = sys.stdin.readline(PASSWORD_LIMIT + 1).rstrip("\r\n")
    else:
        password = click.prompt(f"Password of {name}", hide_input=True, err=True)
    user = check_login(store, name, password, LoginLimits.from_settings())
    if user is None:
        click.echo("budget-engine: wrong user name or password, or too many failed "
                   "attempts: try again later", err=True)
        sys.exit(2)
    return user.name


def _ensure_first(store: Store) -> None:
    """The shipped (or configured) rules published as the first version, as the web app
    does when it starts: a draft is compared with what is published."""
    try:
        shipped = load_rules(os.environ.get(settings.RULES_ENV))
    except RuleErrors as exc:
        _fail(f"cannot read the rules the installation ships: {exc.errors[0]}")
    store.versions.ensure_first(shipped)


@click.command("draft")
@click.argument("rules_dir", type=click.Path(file_okay=False, exists=True))
@click.option("--label", required=True, help="What the draft changes, in a few words.")
@_as_user("proposing it")
def rules_draft(rules_dir: str, label: str, user: str, password_stdin: bool) -> None:
    """Check a rules directory and store it as a draft for another policy user to approve.

    Refused when the directory's rules are a version published already (nothing
    changed)."""
    store = _store()
    author = _login(store, user, password_stdin)
    try:
        book = load_rules(rules_dir)
    except RuleErrors as exc:
        for err in exc.errors:
            click.echo(str(err), err=True)
        click.echo(f"budget-engine: {len(exc.errors)} error(s): the draft is not stored",
                   err=True)
        sys.exit(1)
    _ensure_first(store)
    try:
        record = store.versions.draft(book, label, author)
    except ApprovalRefused as exc:
        _refused(exc)
    click.echo(f"{record.id}\t{record.version}\tdraft by {author}, submitted for approval: "
               f"{label}")


@click.command("import-xlsx")
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--label", required=True, help="What the draft changes, in a few words.")
@_as_user("proposing it")
def rules_import_xlsx(workbook: Path, label: str, user: str, password_stdin: bool) -> None:
    """Turn an edited parameter workbook (`rules export-xlsx`) into a draft of the current
    rules, submitted for another policy user to approve; every problem by sheet and cell."""
    store = _store()
    author = _login(store, user, password_stdin)
    limits = WorkbookLimits()
    if workbook.stat().st_size > limits.file_bytes:
        _fail(f"{workbook}: larger than {limits.file_bytes} bytes: not read")
    _ensure_first(store)
    try:
        record = draft_from_workbook(store.versions, store.rulebooks, workbook.read_bytes(),
                                     label, author, submit=True)
    except WorkbookRefused as exc:
        for problem in exc.problems:
            click.echo(f"{workbook}: {problem}", err=True)
        click.echo(f"budget-engine: {len(exc.problems)} problem(s): the draft is not stored",
                   err=True)
        sys.exit(1)
    except ApprovalRefused as exc:
        _refused(exc)
    click.echo(f"{record.id}\t{record.version}\tdraft by {author}, submitted for approval: "
               f"{label}")


@click.command("approve")
@click.argument("draft_id", type=int)
@_as_user("approving it")
@click.option("--comment", default="", help="A note kept with the decision.")
def rules_approve(draft_id: int, user: str, password_stdin: bool, comment: str) -> None:
    """Publish a draft: it becomes the current rules (refused for its own author)."""
    store = _store()
    approver = _login(store, user, password_stdin)
    try:
        record = store.versions.approve(draft_id, approver, comment)
    except ApprovalRefused as exc:
        _refused(exc)
    click.echo(f"{record.id}\t{record.version}\tpublished, approved by {approver}")


@click.command("return")
@click.argument("draft_id", type=int)
@_as_user("returning it")
@click.option("--comment", required=True, help="Why it is returned.")
def rules_return(draft_id: int, user: str, password_stdin: bool, comment: str) -> None:
    """Return a draft to its author with a comment; it is not published."""
    store = _store()
    returner = _login(store, user, password_stdin)
    try:
        record = store.versions.return_draft(draft_id, returner, comment)
    except ApprovalRefused as exc:
        _refused(exc)
    click.echo(f"{record.id}\t{record.version}\treturned by {returner}")


@click.command("versions")
@click.option("--all", "show_all", is_flag=True, help="Also drafts and returned versions.")
def rules_versions(show_all: bool) -> None:
    """Published rule book versions (newest first): id, version, label, author, approver."""
    versions = _store().versions
    versions.ensure_first(load_rules())
    current = versions.current_version()
    zone = settings.timezone()
    for v in versions.all() if show_all else versions.published():
        decided = (local_time(v.decided_at, zone).isoformat(sep=" ", timespec="minutes")
                   if v.decided_at else "")
        mark = "*" if v.version == current and v.status == "published" else " "
        click.echo(f"{mark} {v.id}\t{v.status}\t{v.version}\t{v.label}\t{v.author}\t"
                   f"{v.decided_by or ''}\t{decided}")


# -- the database: schema migrations, backup and restore --------------------------------------
def _database() -> Database:
    """The database the web app would open, without opening the store (which refuses a
    database not at this release's schema)."""
    url = settings.database_url()
    try:
        return Database(url)
    except (SQLAlchemyError, ImportError, ValueError, OSError) as exc:
        _fail_database(StoreUnavailable(url, str(exc).splitlines()[0] or type(exc).__name__))


def _on_database(action: Callable[[Database], T]) -> T:
    """`action` on the database; a database that cannot be reached or migrated is one line."""
    db = _database()
    try:
        return action(db)
    except schema.SchemaMismatch as exc:
        _fail(str(exc))
    except (SQLAlchemyError, OSError) as exc:
        _fail_database(StoreUnavailable(str(db.engine.url),
                                        str(exc).splitlines()[0] or type(exc).__name__))
    finally:
        db.close()


@click.group("db")
def db_group() -> None:
    """The database's schema: upgrade it to this release, show its revision and the
    history (honours BUDGET_ENGINE_DATABASE_URL)."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to this release's schema (a database of a release before
    migrations included); back it up first (`budget-engine backup FILE`)."""
    before, after = _on_database(schema.upgrade)
    url = _shown(settings.database_url())
    if before == after:
        click.echo(f"database {url} is at revision {after} already")
    else:
        click.echo(f"database {url} upgraded from {before or 'the release before migrations'}"
                   f" to revision {after}")


@db_group.command("current")
def db_current() -> None:
    """The database's schema revision, and whether it is this release's."""

    def current(db: Database) -> tuple[schema.State, str | None]:
        with db.engine.connect() as connection:
            return schema.state(connection)

    click.echo(_revision_words(*_on_database(current)))


def _revision_words(found: schema.State, revision: str | None) -> str:
    return {"empty": "empty (made at the newest revision when first opened)",
            "unversioned": "no revision: made before schema migrations (run "
                           f"`{schema.UPGRADE_COMMAND}`)",
            "current": f"{revision} (head)",
            "behind": f"{revision} (head is {schema.head()}: run "
                      f"`{schema.UPGRADE_COMMAND}`)",
            "newer": f"{revision} (unknown to this release: made by a newer one)"}[found]


@db_group.command("history")
def db_history() -> None:
    """This release's schema revisions, newest first."""
    for revision, down, title in schema.history():
        click.echo(f"{revision}\t{down or '-'}\t{title}")


def _rule_books() -> Path:
    """The instance folder's unpacked rule books (the store's RuleVersions writes them)."""
    return settings.instance_dir() / "rule-books"


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup_command(file: Path) -> None:
    """Write the database and the instance's rule books to FILE (a zip, readable by its
    owner only; restores into SQLite or PostgreSQL)."""
    if not file.parent.is_dir():
        _fail(f"{file}: no folder {file.parent}")

    def run(db: Database) -> backup.Outcome:
        return backup.backup(db, file, _rule_books())

    try:
        done = _on_database(run)
    except backup.BackupError as exc:
        _fail(str(exc))
    click.echo(f"{file}: {sum(done.rows.values())} rows of {len(done.rows)} tables, "
               f"{done.files} rule-book files, schema revision {done.revision}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that holds data (everything in it is lost).")
def restore_command(file: Path, force: bool) -> None:
    """Restore a backup made by `budget-engine backup` into the database (refused when it
    holds data, unless --force); a backup of an older release is upgraded."""

    def run(db: Database) -> backup.Outcome:
        return backup.restore(db, file, _rule_books(), force=force)

    try:
        done = _on_database(run)
    except backup.BackupError as exc:
        _fail(str(exc))
    click.echo(f"{file}: restored {sum(done.rows.values())} rows of {len(done.rows)} tables "
               f"and {done.files} rule-book files; schema revision {done.revision}")


@click.command("status")
def status() -> None:
    """Where this installation keeps its data and which rules are in force: the instance
    folder, the database (without its password), its schema revision, the current published
    rule version (label, date) and whether the rules shipped with this release differ."""
    click.echo(f"version:          budget-engine {__version__}")
    chosen = ("BUDGET_ENGINE_INSTANCE or --instance" if os.environ.get(settings.INSTANCE_ENV)
              else "the platform's data directory")
    click.echo(f"instance folder:  {settings.instance_dir(create=False)} (from {chosen})")
    click.echo(f"database:         {_shown(settings.database_url())}")
    shipped = _shipped()
    if not settings.database_exists():
        click.echo("schema revision:  none (no database yet: made when first used)")
        click.echo("published rules:  none yet (the shipped rules are published when the "
                   "database is first used)")
        click.echo(f"shipped rules:    {shipped.version} in {shipped.directory}")
        return

    def read(db: Database) -> tuple[schema.State, str | None]:
        with db.engine.connect() as connection:
            return schema.state(connection)

    found, revision = _on_database(read)
    click.echo(f"schema revision:  {_revision_words(found, revision)}")
    if found not in ("current", "empty"):
        click.echo(f"shipped rules:    {shipped.version} in {shipped.directory}")
        return
    state: RulesState = rules_state(_store().versions, shipped)
    click.echo(f"published rules:  {state.published_words()}")
    same = ("not published yet" if state.published is None else "DIFFER from the published "
            "version" if state.differs else "the same as the published version")
    click.echo(f"shipped rules:    {shipped.version} in {shipped.directory} ({same})")
    if state.notice():
        click.echo(f"note: {state.notice()}")
