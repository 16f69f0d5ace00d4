"""Checking a name and password: the one check the web login and the policy commands share.

`budget-engine rules draft | approve | return` act for the person they name, so they must
know it is that person, exactly as the login page must: the same password check, the same
count of failures and lock (`Store.record_login`), and the same answer after the same time
whether the name is unknown, the password wrong or the account locked, so that nothing tells
which it was. Keeping it here (no Flask) means the command line cannot drift from the page.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import settings
from .db import aware
from .storage import Store, User, check_password_timed

#: The longest name and password read: a longer input is cut, not hashed whole.
NAME_LIMIT = 64
PASSWORD_LIMIT = 1024


@dataclass(frozen=True)
class LoginLimits:
    """When an account locks, for how long, and how long a failure takes to answer."""

    lock_after: int
    lock_seconds: int
    fail_delay: float

    @classmethod
    def from_settings(cls) -> LoginLimits:
        """The installation's limits (the command line's; the app's config defaults)."""
        return cls(settings.LOGIN_LOCK_AFTER, settings.LOGIN_LOCK_SECONDS,
                   settings.LOGIN_FAIL_DELAY)

    @classmethod
    def of_app(cls, config: Mapping[str, Any]) -> LoginLimits:
        """The limits an app is configured with."""
        return cls(int(config["LOGIN_LOCK_AFTER"]), int(config["LOGIN_LOCK_SECONDS"]),
                   float(config["LOGIN_FAIL_DELAY"]))


def is_locked(user: User | None) -> bool:
    return user is not None and user.locked_until is not None and aware(
        user.locked_until) > dt.datetime.now(dt.UTC)


def check_login(store: Store, name: str, password: str, limits: LoginLimits) -> User | None:
    """The user if `password` is theirs and the account is not locked, else None.

    A wrong password of a known, unlocked user counts toward the lock; a right one resets
    the count. The password is checked even for a locked account or an unknown name, and
    every failure returns only after `limits.fail_delay` seconds from the start.
    """
    started = time.monotonic()
    name, password = name.strip()[:NAME_LIMIT], password[:PASSWORD_LIMIT]
    user = store.user(name)
    locked = is_locked(user)
    right = check_password_timed(user, password)
    if user is None or locked or not right:
        if user is not None and not locked:
            store.record_login(name, False, limits.lock_after, limits.lock_seconds)
        time.sleep(max(0.0, started + limits.fail_delay - time.monotonic()))
        return None
    store.record_login(name, True, 0, 0)
    return user
