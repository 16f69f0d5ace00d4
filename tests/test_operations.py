"""The production example of docs/operations.md (deploy/systemd/) is one that works.

What is tested, and what is not:
- `systemd-analyze verify` accepts the service unit (where the machine has systemd-analyze),
  with its ExecStart pointed at this checkout's `budget-engine` and its EnvironmentFile at
  the example env file: the unit's syntax, every key, and that the command exists;
- ExecStart's arguments are parsed by the real `serve` command (options and their ranges);
- every variable of the env file is one the program reads, and the settings read them as
  meant (the database URL, the instance folder the unit's StateDirectory makes, the time
  zone, the job limits, HTTPS-only cookies).
Not tested here: a running systemd, PostgreSQL behind the URL, a reverse proxy.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from sqlalchemy.engine import make_url

from budget_web import cli, settings

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "systemd" / "budget-engine@.service"
ENV_FILE = ROOT / "deploy" / "systemd" / "budget-engine.env"
INSTALLED = "/opt/budget-engine/venv/bin/budget-engine"


def _unit_values(key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in UNIT.read_text("utf-8").splitlines()
            if line.startswith(f"{key}=")]


def _env() -> dict[str, str]:
    pairs = [line.split("=", 1) for line in ENV_FILE.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return {name: value for name, value in pairs}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "budget-engine"
    assert script.exists()
    text = UNIT.read_text("utf-8").replace(INSTALLED, str(script)).replace(
        "EnvironmentFile=/etc/budget-engine/budget-engine.env", f"EnvironmentFile={ENV_FILE}")
    unit = tmp_path / "budget-engine@8001.service"
    unit.write_text(text, "utf-8")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


def test_the_units_command_is_one_serve_takes() -> None:
    [start] = _unit_values("ExecStart")
    words = shlex.split(start.replace("%i", "8001"))
    assert words[0] == INSTALLED and words[1] == "serve"
    serve = cli.build_cli().get_command(click.Context(cli.main), "serve")
    assert isinstance(serve, click.Command)
    parsed = serve.make_context("serve", words[2:])
    assert parsed.params["port"] == 8001 and parsed.params["host"] == "127.0.0.1"
    assert not parsed.params["debug"]


def test_the_env_file_says_what_the_program_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    env = _env()
    sources = "\n".join(p.read_text("utf-8") for p in (ROOT / "budget_web").rglob("*.py"))
    for name in env:
        assert f'"{name}"' in sources, f"{name}: the program does not read it"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    url = make_url(settings.database_url())
    assert url.drivername == "postgresql+psycopg" and url.database == "budget_engine"
    # the instance folder every process shares is the one systemd makes for the unit
    assert _unit_values("StateDirectory") == ["budget-engine"]
    assert settings.instance_dir(create=False) == Path("/var/lib/budget-engine")
    assert settings.timezone().key == "Europe/Riga"
    assert settings.job_settings()["JOBS_PER_SERVER"] == 1
    assert env["BUDGET_ENGINE_SECURE_COOKIES"] == "1"  # what create_app compares with
    assert settings.secret_key() == env["BUDGET_ENGINE_SECRET_KEY"]


def test_the_wheel_lists_every_package_and_one_version() -> None:
    """A package folder missing from pyproject's list is missing from the wheel (budget_web/ops was,
    at first): every folder with an `__init__.py` is listed."""
    import tomllib

    import budget_engine

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(project["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for top in ("budget_engine", "budget_web") for p in (ROOT / top).rglob("__init__.py")
             if "_compiled" not in p.parts}
    # the catalogues' build tool stays in the checkout; the catalogues ship as web's data
    found.discard("budget_web.translations")
    assert found <= listed, f"not in pyproject's packages: {sorted(found - listed)}"
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "budget_engine.__version__"}
    assert budget_engine.__version__.count(".") == 2


def test_the_release_has_a_dated_changelog_section() -> None:
    """An administrator reads what an upgrade brings: the version `--version` prints is the
    newest numbered section of CHANGELOG.md, with its release date."""
    import re
    from datetime import date

    import budget_engine

    sections = re.findall(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)$",
                          (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert sections, "CHANGELOG.md has no dated release section (## X.Y.Z (YYYY-MM-DD))"
    newest, released = sections[0]
    assert newest == budget_engine.__version__
    date.fromisoformat(released)
