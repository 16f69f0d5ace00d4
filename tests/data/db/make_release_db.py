"""Make `release-d81acfe.sqlite.sql` and `release-d81acfe.postgresql.sql`: a database of the
last release made without schema migrations (commit d81acfe), with data in every table.

The migration test loads it and upgrades it: saved cases, sign-offs, rule books and the audit
log must survive. It was made by running this script on that commit's code:

    git worktree add /tmp/d81acfe d81acfe && cd /tmp/d81acfe
    python3 -m venv .venv && .venv/bin/pip install -q -e .
    .venv/bin/python /path/to/tests/data/db/make_release_db.py /path/to/tests/data/db

Everything goes through the store's API, as the web app would write it. The SQLite file is
dumped as SQLite writes it (`iterdump`); the PostgreSQL file is the DDL that release's
`create_all` sends to PostgreSQL, its audit-log trigger included, and the same rows as INSERTs.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from sqlalchemy import DateTime, create_mock_engine, insert
from sqlalchemy.dialects import postgresql

from budget_engine import Calculator, load_rules, parse_case

PASSWORD = "correct horse 1"
HOME = "Jelgavas novads"


def _book_with_rate(rules: Path, rate: str) -> Path:
    import shutil

    directory = rules.parent / f"rules-{rate}"
    shutil.copytree(load_rules().directory, directory)
    rates = directory / "parameters" / "rates.yaml"
    lines = rates.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if 'value: "3.83"' in line)
    lines.insert(at + 1, f'      - {{from: 2025-01-01, value: "{rate}"}}')
    rates.write_text("\n".join(lines), encoding="utf-8")
    return directory


def fill(url: str, work: Path) -> None:
    import os

    os.environ["BUDGET_ENGINE_INSTANCE"] = str(work / "instance")
    from web.case_store import NewVersion
    from web.storage import open_store

    store = open_store(url)
    store.add_user("darbiniece", PASSWORD, "social_worker", HOME)
    store.add_user("vaditaja", PASSWORD, "supervisor", HOME)
    store.add_user("politika", PASSWORD, "policy")
    store.add_user("politika2", PASSWORD, "policy")
    store.add_user("admins", PASSWORD, "admin")
    store.new_token("darbiniece")
    store.start_session(store.user("vaditaja"))  # type: ignore[arg-type]
    store.record_login("admins", False, 5, 60)

    shipped = load_rules()
    store.versions.ensure_first(shipped)
    store.rulebooks.remember(shipped)
    examples = Path(__file__).resolve().parents[1] / "examples"
    calc = Calculator(shipped)
    for n, name in enumerate(["01-adult-esf-project", "04-community-adult-copayment"]):
        data = json.loads((examples / f"{name}.json").read_text(encoding="utf-8"))
        data["person"]["municipality"] = HOME
        budget = calc.calculate(parse_case(data), "lv")
        new = NewVersion(case_id=data["case_id"], municipality=HOME,
                         calculation_date=str(data["calculation_date"]),
                         case_json=json.dumps(data, ensure_ascii=False),
                         budget_json=budget.model_dump_json(),
                         rules_version=budget.rules_version,
                         monthly_total=str(budget.totals.monthly), overrides=[])
        store.cases.create(new, "darbiniece")
        store.audit.add("darbiniece", "viewed", data["case_id"], HOME, 1)
        line = budget.lines[0]
        override = {"service": line.service, "units": None, "amount": "12.34",
                    "justification": "Ģimenes apstākļi — saskaņots ar vadītāju"}
        store.cases.add_version(
            NewVersion(**{**new.__dict__, "overrides": [override]}), 1, "darbiniece")
        store.cases.decide(HOME, data["case_id"], 2, "submit", "darbiniece", "social_worker",
                           "Lūdzu apstiprināt")
        step = "approve" if n == 0 else "return"
        store.cases.decide(HOME, data["case_id"], 2, step, "vaditaja", "supervisor",
                           "Labi" if n == 0 else "Trūkst pamatojuma")

    draft = load_rules(_book_with_rate(work / "rules", "4.40"))
    record = store.versions.draft(draft, "Aprūpe mājās 4,40", "politika")
    store.versions.approve(record.id, "politika2", "Saskaņots")
    store.versions.book(draft.version)  # its files written to instance/rule-books
    store.audit.add("admins", "downloaded", "", "", None, "audit CSV")
    store.close()


def postgresql_sql(sqlite_path: Path) -> str:
    """The release's `create_all` DDL as sent to PostgreSQL, its trigger, and every row."""
    from web.db import Base

    statements: list[str] = []

    def dump(sql: object, *_: object, **__: object) -> None:
        statements.append(str(sql.compile(dialect=mock.dialect)).strip())  # type: ignore[attr-defined]

    mock = create_mock_engine("postgresql+psycopg://", dump)
    mock.exec_driver_sql = statements.append  # type: ignore[attr-defined]  # the trigger
    Base.metadata.create_all(mock, checkfirst=False)
    source = sqlite3.connect(sqlite_path)
    for table in Base.metadata.sorted_tables:
        rows = source.execute(f'SELECT * FROM "{table.name}" ORDER BY 1').fetchall()
        names = [c[1] for c in source.execute(f'PRAGMA table_info("{table.name}")')]
        for row in rows:
            values = {name: dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
                      if isinstance(value, str) and isinstance(table.c[name].type, DateTime)
                      else value for name, value in zip(names, row, strict=True)}
            statements.append(str(insert(table).values(values).compile(
                dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})))
        key = [c for c in table.primary_key.columns if c.autoincrement is not False
               and c.type.python_type is int]
        if rows and key:
            statements.append(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                              f"'{key[0].name}'), (SELECT max({key[0].name}) FROM "
                              f"{table.name}))")
    return "".join(f"{s};\n" for s in statements)


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "release.sqlite"
        fill(f"sqlite:///{path}", work)
        connection = sqlite3.connect(path)
        (out / "release-d81acfe.sqlite.sql").write_text(
            "".join(f"{line}\n" for line in connection.iterdump()), encoding="utf-8")
        connection.close()
        (out / "release-d81acfe.postgresql.sql").write_text(postgresql_sql(path),
                                                            encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
