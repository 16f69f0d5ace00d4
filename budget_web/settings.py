"""Where the web app keeps its data and secrets; every value can come from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATABASE_ENV = "BUDGET_ENGINE_DATABASE_URL"
SECRET_ENV = "BUDGET_ENGINE_SECRET_KEY"
INSTANCE_ENV = "BUDGET_ENGINE_INSTANCE"
RULES_ENV = "BUDGET_ENGINE_RULES"
TIMEZONE_ENV = "BUDGET_ENGINE_TIMEZONE"
#: The office's clock: the times pages show (stored times stay UTC).
DEFAULT_TIMEZONE = "Europe/Riga"
#: Background jobs (replays, drafts' impact): how many run at once, for one user and for
#: the whole server (the rest wait their turn), the most cases one may calculate, and the
#: days a job's folder is kept (0: kept until its owner deletes it).
JOBS_PER_USER_ENV = "BUDGET_ENGINE_JOBS_PER_USER"
JOBS_PER_SERVER_ENV = "BUDGET_ENGINE_JOBS_PER_SERVER"
JOB_MAX_CASES_ENV = "BUDGET_ENGINE_JOB_MAX_CASES"
JOB_RETENTION_DAYS_ENV = "BUDGET_ENGINE_JOB_RETENTION_DAYS"
DEFAULT_JOB_MAX_CASES = 200_000
DEFAULT_JOB_RETENTION_DAYS = 30

#: A login (the web's and the policy commands') locks the account after this many failed
#: attempts in a row, for LOGIN_LOCK_SECONDS, doubling with every further failure; every
#: failure is answered after LOGIN_FAIL_DELAY seconds. The app's config keys of the same
#: names default to these.
LOGIN_LOCK_AFTER = 5
LOGIN_LOCK_SECONDS = 30
LOGIN_FAIL_DELAY = 0.5


#: The folder's name under the platform's data directory (platformdirs).
APP_NAME = "budget-engine"
DATABASE_FILE = "budget-engine.sqlite"


def instance_dir(create: bool = True) -> Path:
    """The instance folder: data that belongs to this installation, not to the code (the
    SQLite database, the secret key, rule books, jobs).

    BUDGET_ENGINE_INSTANCE (which the global `--instance` option sets), else the platform's
    data directory for the user running it (platformdirs: ~/.local/share/budget-engine on
    Linux). Never the current directory by accident: which rules are current must not
    depend on where a command is typed."""
    chosen = os.environ.get(INSTANCE_ENV)
    if chosen:
        path = Path(chosen).expanduser().absolute()
    else:
        import platformdirs  # only here: most commands never ask for the folder

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{instance_dir() / DATABASE_FILE}"


def database_exists() -> bool:
    """Whether there is a database to read the published rules from, without making one:
    a configured URL always counts (a server's database); the default SQLite file only once
    it exists. The engine's commands use the shipped rules until then, and create nothing."""
    return bool(os.environ.get(DATABASE_ENV)) or (
        instance_dir(create=False) / DATABASE_FILE).is_file()


def secret_key() -> str:
    """From the environment, else a random key kept in the instance folder (mode 600)."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = instance_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def timezone() -> ZoneInfo:
    """The time zone pages show times in; a name the time zone database does not know is
    refused at start, with the name, rather than shown as UTC without a word."""
    name = os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SystemExit(f"budget-engine: {TIMEZONE_ENV}={name!r} is not a time zone "
                         "(e.g. Europe/Riga)") from exc


def whole_setting(name: str, default: int, least: int) -> int:
    """A whole number from the environment variable `name` (`default` when unset); one that
    is not a whole number of at least `least` is refused at start, with its name."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise SystemExit(f"budget-engine: {name}={text!r} is not a whole number of at least "
                         f"{least}")
    return value


def job_settings() -> dict[str, int]:
    """The background jobs' limits as the app's configuration keys
    (`budget_web.evaluation.job_queue`):
    by default one job at a time per user and half the processor cores (at least one) for
    the server, 200,000 cases, folders kept 30 days."""
    return {
        "JOBS_PER_USER": whole_setting(JOBS_PER_USER_ENV, 1, 1),
        "JOBS_PER_SERVER": whole_setting(JOBS_PER_SERVER_ENV,
                                         max(1, (os.cpu_count() or 2) // 2), 1),
        "JOB_MAX_CASES": whole_setting(JOB_MAX_CASES_ENV, DEFAULT_JOB_MAX_CASES, 1),
        "JOB_RETENTION_DAYS": whole_setting(JOB_RETENTION_DAYS_ENV,
                                            DEFAULT_JOB_RETENTION_DAYS, 0),
    }
