"""Are the copies in this folder still the spec's worked examples? Run it when the spec changes.

The test suite stands alone: it checks the copies against `SHA256SUMS` (recorded when they
were copied) and never reads outside the repository. This script compares that record with a
spec folder you name, and lists each file that differs, is missing or is new.

Usage: python tests/data/examples/check_against_spec.py PATH/TO/spec/examples
Exit status: 0 the same, 1 they differ, 2 the folder cannot be read.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def recorded() -> dict[str, str]:
    lines = (HERE / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    spec = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(argv[1]).glob("*.json"))}
    mine = recorded()
    problems = [f"{name}: changed in the spec" for name in sorted(spec.keys() & mine.keys())
                if spec[name] != mine[name]]
    problems += [f"{name}: only in the spec" for name in sorted(spec.keys() - mine.keys())]
    problems += [f"{name}: no longer in the spec" for name in sorted(mine.keys() - spec.keys())]
    for problem in problems:
        print(problem)
    print(f"{len(mine)} copies, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
