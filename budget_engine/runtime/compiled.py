"""The hot modules compiled to C with mypyc: an optional accelerator, never a second engine.

A replay's per-case time is Python's own overhead over many small steps (no single one
dominates a profile), so the arithmetic, explanations and JSON writing are compiled from
the very same sources (`budget-engine compile`). The sources stay the only definition: a
build records a digest of every source file of the package, and at import the build is
used only if the digest still matches (all or nothing: compiled modules call each other
directly, so one edited module invalidates the whole build). Otherwise, or with
`BUDGET_ENGINE_PURE=1`, the package runs as plain Python; a stale build is said once on
stderr, never silently used. tests/test_compiled.py proves compiled and plain outputs
byte-identical.

Not compiled: the pydantic models (pydantic builds their validators itself), the
durable_rules glue (durable_rules reads its actions' `__code__`), the replay loop (its
catch-all `except` must catch everything) and the doors.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from pathlib import Path

#: The modules compiled, by file name in the package directory.
COMPILED_MODULES = (
    "allocation.py", "assessment.py", "budget_json.py", "budget_parts.py", "calculator.py",
    "case_io.py", "dates.py", "explain.py", "facts.py", "field_checks.py", "memo.py",
    "money.py", "plan.py", "service_check.py",
)
#: The package whose modules are compiled (this module sits in its `runtime` folder).
PACKAGE_DIR = Path(__file__).resolve().parents[1]
MANIFEST = "manifest.json"


def build_dir() -> Path:
    """Where the build lives: `BUDGET_ENGINE_COMPILED_DIR`, or `_compiled/` in the package."""
    configured = os.environ.get("BUDGET_ENGINE_COMPILED_DIR")
    return Path(configured) if configured else PACKAGE_DIR / "_compiled"


def source_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """A digest of every Python source of the package (any edit makes a build stale)."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        if "_compiled" in path.relative_to(package_dir).parts:
            continue
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _expected_manifest(package_dir: Path) -> dict[str, str]:
    return {"digest": source_digest(package_dir),
            "ext_suffix": str(sysconfig.get_config_var("EXT_SUFFIX")),
            "modules": ",".join(COMPILED_MODULES)}


def build_state(directory: Path, package_dir: Path = PACKAGE_DIR) -> str:
    """"absent", "current" or "stale" (built from other sources or another Python)."""
    try:
        found = json.loads((directory / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return "absent"
    return "current" if found == _expected_manifest(package_dir) else "stale"


def activate(package_path: list[str]) -> bool:
    """Put a current build first on the package's module path (called by `__init__`
    before any module is imported). True if the compiled modules are in use."""
    if os.environ.get("BUDGET_ENGINE_PURE") == "1":
        return False
    directory = build_dir()
    state = build_state(directory)
    if state == "stale":
        print("budget-engine: the compiled modules are older than the sources; running as "
              "plain Python (run `budget-engine compile` again)", file=sys.stderr)
    if state != "current":
        return False
    # mypyc's shared library is a top-level module; it has a folder of its own, so no folder
    # named like the package is ever on sys.path (a spawned process inherits sys.path and
    # would import that folder as an empty namespace package instead of the package).
    sys.path.append(str(directory / "shared"))
    package_path.insert(0, str(directory / "budget_engine"))
    return True


def in_use() -> bool:
    """Whether this process runs the compiled modules: the calculator came from the build
    (an extension module), not from its source. `budget_engine.COMPILED` says the same, but
    the commands ask here: the package's face is above them, they do not import it."""
    from .. import calculator

    return not str(calculator.__file__).endswith(".py")


def byte_compile(package_dir: Path = PACKAGE_DIR) -> bool:
    """Write the byte code (`__pycache__/*.pyc`) of every module of the package, as
    `pip install` does for a wheel: a checkout or an editable install otherwise compiles
    each module from source at every start when PYTHONDONTWRITEBYTECODE is set (Python
    still reads byte code that exists). True if every module compiled."""
    import compileall

    return bool(compileall.compile_dir(str(package_dir), quiet=1))


def compile_modules(directory: Path | None = None) -> Path:
    """Build the compiled modules into `directory` (replaced whole, so a failed build
    leaves the previous one as it was). Needs mypy (mypyc) and a C compiler."""
    import shutil  # here, not at the top: every start imports this module, few compile
    import subprocess
    import tempfile

    target = directory or build_dir()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(PACKAGE_DIR, work / "budget_engine",
                        ignore=shutil.ignore_patterns("_compiled", "__pycache__", "*.so"))
        sources = [f"budget_engine/{name}" for name in COMPILED_MODULES]
        done = subprocess.run([sys.executable, "-m", "mypyc", *sources], cwd=work,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError((done.stdout + done.stderr).strip()[-2000:])
        fresh = work / "out"
        (fresh / "budget_engine").mkdir(parents=True)
        (fresh / "shared").mkdir()
        for library in work.glob("*.so"):
            shutil.move(str(library), fresh / "shared" / library.name)
        for library in (work / "budget_engine").glob("*.so"):
            shutil.move(str(library), fresh / "budget_engine" / library.name)
        # The digest of the copy that was compiled: a source edited during the build makes
        # the build stale at once instead of being taken for what was compiled.
        (fresh / MANIFEST).write_text(
            json.dumps(_expected_manifest(work / "budget_engine")), "utf-8")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(fresh), target)
    return target
