"""An installation's data in one place, the rules in force never a surprise, a fast start.

- the engine's commands (`--help`, `calculate`) import no Flask or SQLAlchemy and, in an
  empty directory with no database yet, create nothing anywhere (issue 26, items 2 and 4);
  `--help` loads none of the engine's heavy libraries either (pydantic, durable_rules, yaml,
  openpyxl, fpdf), and a command loads only those it uses (fpdf for a PDF letter alone);
- the instance folder is BUDGET_ENGINE_INSTANCE / `--instance`, else the platform's data
  directory, never the current directory;
- after a shipped rule file is edited, `status` and `rules check` say the shipped rules differ
  from the published version and name both, while `calculate` keeps the published one and
  `--rules DIR` calculates with DIR (item 3).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import platformdirs
import pytest
from click.testing import CliRunner
from flask import Flask

import budget_engine
from budget_web import cli, settings

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "adult-left-vsac.json"
WEB_MODULES = ("flask", "flask_babel", "wtforms", "sqlalchemy", "budget_web.app",
               "budget_web.storage")
#: The engine's own heavy libraries (issue 26, fast start): a command imports those it uses.
HEAVY_MODULES = ("pydantic", "durable_rules", "yaml", "openpyxl", "fpdf", "babel")
#: Those a calculation or a rules check may use (never openpyxl or fpdf; Babel writes the
#: Latvian texts' numbers and plurals).
RULES_AND_MODELS = ("pydantic", "durable_rules", "yaml", "babel")

PROBE = """
import atexit, sys
watched = {watched!r}
atexit.register(lambda: sys.stderr.write(
    "\\nLOADED:" + ",".join(m for m in watched if m in sys.modules) + "\\n"))
sys.argv = ["budget-engine", *{args!r}]
from budget_web.cli import main
main()
"""


def _run(args: list[str], cwd: Path, instance: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (settings.DATABASE_ENV, settings.RULES_ENV)}
    env[settings.INSTANCE_ENV] = str(instance)
    watched = WEB_MODULES + HEAVY_MODULES
    return subprocess.run([sys.executable, "-c", PROBE.format(watched=watched, args=args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def _loaded(done: subprocess.CompletedProcess[str]) -> list[str]:
    line = [x for x in done.stderr.splitlines() if x.startswith("LOADED:")]
    assert len(line) == 1, done.stderr
    return [m for m in line[0].removeprefix("LOADED:").split(",") if m]


@pytest.mark.parametrize("args, may_load", [
    (["--help"], ()), (["calculate", str(CASE)], RULES_AND_MODELS), (["rules", "--help"], ()),
    (["rules", "check"], RULES_AND_MODELS), (["replay", "--help"], ()), (["synth", "--help"], ()),
])
def test_the_engine_commands_import_no_web_and_create_nothing(
        tmp_path: Path, args: list[str], may_load: tuple[str, ...]) -> None:
    here, instance = tmp_path / "empty", tmp_path / "instance"
    here.mkdir()
    done = _run(args, here, instance)
    assert done.returncode == 0, done.stderr
    assert [m for m in _loaded(done) if m not in may_load] == []
    assert list(here.iterdir()) == [] and not instance.exists()
    if args[0] == "calculate":  # the shipped rules, as no database exists yet
        budget = json.loads(done.stdout)
        assert budget["rules_version"] == budget_engine.load_rules().version


@pytest.mark.parametrize("output_format", ["text", "pdf"])
def test_a_letter_loads_fpdf_only_for_a_pdf(tmp_path: Path, output_format: str) -> None:
    """fpdf (and fontTools, ~0.3 s) is imported by `letter --format pdf` alone; the probe
    sees it there, so its absence elsewhere means something."""
    done = _run(["letter", str(CASE), "--format", output_format,
                 "--out", str(tmp_path / "letter.out")], tmp_path, tmp_path / "instance")
    loaded = _loaded(done)
    assert ("fpdf" in loaded) == (output_format == "pdf"), done.stderr
    assert "openpyxl" not in loaded and not set(WEB_MODULES) & set(loaded)
    if done.returncode == 0:  # the fonts may be missing (exit 1, said on stderr)
        written = (tmp_path / "letter.out").read_bytes()
        assert written.startswith(b"%PDF") == (output_format == "pdf")


def test_a_web_command_still_loads_the_web(tmp_path: Path) -> None:
    """The probe itself sees the web's modules when a command needs them."""
    done = _run(["status"], tmp_path, tmp_path / "instance")
    assert done.returncode == 0, done.stderr
    assert "budget_web.storage" in _loaded(done) or "sqlalchemy" in _loaded(done)
    assert f"instance folder:  {tmp_path / 'instance'}" in done.stdout


@pytest.mark.parametrize("group, lazy", [(None, cli.WEB_COMMANDS),
                                         ("rules", cli.RULES_COMMANDS)])
def test_the_help_lines_of_lazy_commands_are_their_own(group: str | None,
                                                      lazy: dict[str, tuple[str, str]]) -> None:
    from budget_web.ops import commands

    for name, (attribute, first_paragraph) in lazy.items():
        command = getattr(commands, attribute)
        assert isinstance(command, click.Command) and command.help
        own = " ".join(command.help.split("\n\n")[0].split())
        assert own == first_paragraph, name
    root = cli.build_cli()
    ctx = click.Context(root)
    parent = root if group is None else root.get_command(ctx, group)
    assert isinstance(parent, click.Group)
    assert set(lazy) <= set(parent.list_commands(ctx))
    assert all(isinstance(parent.get_command(ctx, n), click.Command) for n in lazy)


def test_the_instance_folder_is_never_the_current_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(settings.INSTANCE_ENV, raising=False)
    default = settings.instance_dir(create=False)
    assert default == Path(platformdirs.user_data_dir("budget-engine", appauthor=False))
    assert tmp_path not in default.parents
    monkeypatch.setenv(settings.INSTANCE_ENV, "relative/inst")
    assert settings.instance_dir(create=False) == tmp_path / "relative" / "inst"
    # --instance sets the variable for the command it precedes
    monkeypatch.setenv(settings.INSTANCE_ENV, str(tmp_path / "unused"))
    monkeypatch.delenv(settings.DATABASE_ENV, raising=False)
    chosen = tmp_path / "chosen"
    result = CliRunner().invoke(cli.main, ["--instance", str(chosen), "status"])
    assert result.exit_code == 0, result.output
    assert f"instance folder:  {chosen} (from BUDGET_ENGINE_INSTANCE" in result.output
    assert f"database:         sqlite:///{chosen / 'budget-engine.sqlite'}" in result.output
    assert "no database yet" in result.output and not (tmp_path / "unused").exists()


def test_version_is_defined_once() -> None:
    result = CliRunner().invoke(cli.main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"budget-engine, version {budget_engine.__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert 'version = {attr = "budget_engine.__version__"}' in pyproject


def test_edited_shipped_rules_are_named_and_not_used_until_approved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.INSTANCE_ENV, str(tmp_path / "instance"))
    monkeypatch.setenv(settings.DATABASE_ENV, f"sqlite:///{tmp_path / 'db.sqlite'}")
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    monkeypatch.setenv(settings.RULES_ENV, str(rules))
    runner = CliRunner()
    assert runner.invoke(cli.main, ["rules", "versions"]).exit_code == 0  # first published
    published = budget_engine.load_rules(str(rules)).version
    same = runner.invoke(cli.main, ["status"])
    assert same.exit_code == 0, same.output
    assert f"published rules:  {published} (" in same.output
    assert "the same as the published version" in same.output and "note:" not in same.output

    caps = rules / "parameters" / "caps.yaml"
    caps.write_text(caps.read_text("utf-8") + "# a developer's edit\n", "utf-8")
    edited = budget_engine.load_rules(str(rules)).version
    assert edited != published
    status = runner.invoke(cli.main, ["status"])
    assert status.exit_code == 0, status.output
    assert f"shipped rules:    {edited} in {rules} (DIFFER" in status.output
    note = [x for x in status.output.splitlines() if x.startswith("note:")]
    assert len(note) == 1 and published in note[0] and edited in note[0]
    assert f"budget-engine rules draft {rules} --label" in note[0]
    check = runner.invoke(cli.main, ["rules", "check"])
    assert check.exit_code == 0 and f"version {published}" in check.output
    assert any(edited in x and published in x for x in check.output.splitlines()
               if x.startswith("note: the shipped rules"))
    # serve's start says it too (the server itself is not started here)
    import waitress

    class Server:
        def run(self) -> None:
            pass

    monkeypatch.setattr(waitress, "create_server", lambda app, **kw: Server())
    served = runner.invoke(cli.main, ["serve", "--port", "8124"])
    assert served.exit_code == 0, served.output
    assert f"budget-engine: rules in force {published} (" in served.output
    assert any(x.startswith("budget-engine: note: the shipped rules") and edited in x
               for x in served.output.splitlines())
    # nothing was published: the published version calculates, --rules DIR calculates DIR
    calculated = runner.invoke(cli.main, ["calculate", str(CASE)])
    assert json.loads(calculated.output)["rules_version"] == published
    with_dir = runner.invoke(cli.main, ["calculate", str(CASE), "--rules", str(rules)])
    assert json.loads(with_dir.output)["rules_version"] == edited


def test_the_policy_pages_say_when_the_shipped_rules_are_not_in_force(
        app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same database served by a release whose shipped rules were edited: the pages say
    so, in Latvian, with the command; the version in force stays the published one."""
    from web_helpers import login

    from budget_web import create_app

    pages = ["/rules", "/rules/versions"]
    client = app.test_client()
    assert login(client, "policy").status_code == 302
    for page in pages:  # shipped = published: no notice
        assert "shipped-rules" not in client.get(page).get_data(as_text=True)
    rules = tmp_path / "edited-rules"
    shutil.copytree(ROOT / "rules", rules)
    caps = rules / "parameters" / "caps.yaml"
    caps.write_text(caps.read_text("utf-8") + "# edited\n", "utf-8")
    monkeypatch.setenv(settings.RULES_ENV, str(rules))
    upgraded = create_app({"WTF_CSRF_ENABLED": False, "LOGIN_FAIL_DELAY": 0, "TESTING": True})
    try:
        published = app.extensions["rules"].version
        assert upgraded.extensions["rules"].version == published
        client = upgraded.test_client()
        assert login(client, "policy").status_code == 302
        for page in pages:
            html = client.get(page).get_data(as_text=True)
            assert "atšķiras no spēkā esošās versijas" in html, page
            edited = upgraded.extensions["shipped_rules"].version
            assert edited in html and published in html and edited != published
            assert f"budget-engine rules draft {rules} --label" in html
    finally:
        upgraded.extensions["pinned_calculators"].close()
        upgraded.extensions["calculator"].close()
