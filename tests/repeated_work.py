"""Work the tests repeat with the same inputs, done once per test process.

Every web test makes a new app: the shipped rules are read from YAML twice (the app's book,
and its copy stored in the database), five users' passwords are hashed with scrypt and one
is checked at login, and the app's engine workers each import the engine. On a 2-core CI
machine that was most of the suite's time (issue 26). The results depend only on their
inputs, so the tests reuse them; what each test checks is unchanged:

- a rule file's parsed YAML, by its text (a parsed file depends on nothing else; the name it
  is shown under appears in errors only); each caller gets its own copy, and a file
  that does not parse is read again each time, so its error is raised as before;
- a password's scrypt hash, and a (hash, password) check: a real hash of the same method
  and cost, only not salted anew for every user of the test password;
- the engine's modules, imported once by the fork server the engine workers are started
  from (`set_forkserver_preload`), rather than by every new worker; each worker still reads
  its rules directory and checks its digest.

Nothing here is in the engine or the web app: production reads, hashes and imports afresh.
"""

from __future__ import annotations

import functools
import multiprocessing
import pickle
from pathlib import Path
from typing import Any

#: Distinct rule files kept parsed (a rule book is about thirty; tests that edit one file
#: of a copy add one each).
PARSED_FILES = 512
#: Distinct passwords and (hash, password) checks kept.
PASSWORDS = 1024


def reuse_parsed_rule_files() -> None:
    from budget_engine.rulebook import loader, yaml_source

    read_yaml = yaml_source.read_yaml
    parsed: dict[str, bytes] = {}

    def cached_read_yaml(path: Path) -> Any:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return read_yaml(path)  # its error, as the loader reports it
        if text not in parsed:
            # Read as `read_yaml` reads it; a file that does not parse raises here, named
            # as shown, and is not kept. (The name shown is in errors only: a parsed file
            # is the same under any name, e.g. a rule book's copy in a temporary folder.)
            value = yaml_source.parse_yaml(text, yaml_source.display_path(path))
            if len(parsed) >= PARSED_FILES:
                parsed.clear()
            parsed[text] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return pickle.loads(parsed[text])  # noqa: S301 - our own bytes, made just above

    loader.read_yaml = cached_read_yaml  # type: ignore[assignment]


def reuse_password_hashes() -> None:
    from budget_web import storage

    storage.generate_password_hash = functools.lru_cache(  # type: ignore[assignment]
        maxsize=PASSWORDS)(storage.generate_password_hash)
    storage.check_password_hash = functools.lru_cache(  # type: ignore[assignment]
        maxsize=PASSWORDS)(storage.check_password_hash)


def preload_engine_in_workers() -> None:
    # By name: the fork server (Python 3.11) does not take this process's sys.path, only
    # what the installed environment finds.
    multiprocessing.set_forkserver_preload(["__main__", "budget_engine"])


def install() -> None:
    reuse_parsed_rule_files()
    reuse_password_hashes()
    preload_engine_in_workers()
