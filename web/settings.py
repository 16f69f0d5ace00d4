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
#: A login (the web's and the policy commands') locks the account after this many failed
#: attempts in a row, for LOGIN_LOCK_SECONDS, doubling with every further failure; every
#: failure is answered after LOGIN_FAIL_DELAY seconds. The app's config keys of the same
#: names default to these.
LOGIN_LOCK_AFTER = 5
LOGIN_LOCK_SECONDS = 30
LOGIN_FAIL_DELAY = 0.5


def instance_dir() -> Path:
    """The instance folder: data that belongs to this installation, not to the code."""
    path = Path(os.environ.get(INSTANCE_ENV) or Path.cwd() / "instance")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{instance_dir() / 'budget-engine.sqlite'}"


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
