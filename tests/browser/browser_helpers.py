"""Start `budget-engine serve` on a free port and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_currency

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
EXE = Path(sys.executable).with_name("budget-engine")
#: axe-core, vendored (see vendor/axe-core/README.md): injected into the page under test.
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: How long a test server may take to start answering (bounded: a dead one fails the test).
SERVER_START_SECONDS = 120


@contextlib.contextmanager
def served(instance: Path, users: dict[str, tuple[str, str]],
           municipality: str = "Jelgavas novads") -> Iterator[str]:
    """A real server (waitress) with the given users {name: (password, role)}; social workers
    and supervisors belong to `municipality` (the adult example's)."""
    env = {**os.environ, "BUDGET_ENGINE_INSTANCE": str(instance),
           "BUDGET_ENGINE_DATABASE_URL": f"sqlite:///{instance / 'db.sqlite'}"}
    for name, (password, role) in users.items():
        where = (["--municipality", municipality]
                 if role in ("social_worker", "supervisor") else [])
        subprocess.run([str(EXE), "users", "add", name, "--role", role, *where,
                        "--password-stdin"], input=password + "\n", text=True, env=env,
                       check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(EXE), "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        # Up to SERVER_START_SECONDS for the server to answer (a loaded CI machine took over
        # ten), then a clear failure: before, the loop ran out and the test went on to a
        # "connection refused" far from its cause.
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{url}/login", timeout=5)  # noqa: S310 - localhost
                break
            except OSError:
                if server.poll() is not None:
                    output = server.stderr.read() if server.stderr else ""
                    raise RuntimeError(f"server stopped: {output}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer on {url} within "
                                       f"{SERVER_START_SECONDS} s") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


#: The Playwright driver and the Chromium of this process, started on first use: starting
#: them took seconds per page, where a new browser context (a profile of its own: no
#: cookies, storage or cache of another) takes a fraction of one.
_started: dict[str, Any] = {}


def _chromium() -> Any:
    browser = _started.get("browser")
    if browser is None or not browser.is_connected():  # first use, or it stopped: anew
        if "playwright" not in _started:
            from playwright.sync_api import sync_playwright

            _started["playwright"] = sync_playwright().start()
        browser = _started["playwright"].chromium.launch(executable_path=CHROMIUM,
                                                         args=CHROMIUM_ARGS)
        _started["browser"] = browser
    return browser


@atexit.register
def close_chromium() -> None:
    """End this process's Chromium and driver (each browser test module ends them)."""
    browser = _started.pop("browser", None)
    if browser is not None and browser.is_connected():
        browser.close()
    playwright = _started.pop("playwright", None)
    if playwright is not None:
        playwright.stop()


@contextlib.contextmanager
def browser_page(lang: str = "lv", width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A page in a fresh browser context; `width` 390 is a phone held upright."""
    context = _chromium().new_context(viewport={"width": width, "height": height},
                                      locale=lang)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def settled(page: Any) -> None:
    """Wait until the page is laid out as its user sees it, before measuring it.

    `click` returns once the next page starts loading and `wait_for_selector` once an
    element is in the DOM; the stylesheet may still be on its way then (on a busy machine
    it is), and a page measured without it is hundreds of pixels too wide. So: the load
    event (every stylesheet, script and image in), the fonts ready, and a frame drawn.
    """
    page.wait_for_load_state("load")
    page.evaluate("""() => document.fonts.ready.then(
        () => new Promise(resolve => requestAnimationFrame(() => resolve(true))))""")


def fill_example_01(page: Any) -> None:
    """Worked example 01 typed in as a Latvian social worker would (areas mode): dates
    `dd.mm.gggg`, the income with a decimal comma, the municipality in lower case."""
    page.fill("input[name=case_id]", "JELG-2021-0007")
    page.fill("input[name=calculation_date]", "01.03.2021")
    page.fill("input[name='person.birth_date']", "14.05.1979")
    page.fill("input[name='person.municipality']", "jelgavas novads")
    page.select_option("select[name='person.disability_group']", "II")
    page.fill("input[name='person.diagnoses']", "F71")
    page.select_option("select[name='residence.status']", "left_vsac")
    page.fill("input[name='residence.left_vsac_on']", "01.06.2020")
    page.fill("input[name='residence.institution_placed_on']", "01091998")
    page.check("input[name='residence.returned_from_institution']")
    page.fill("input[name='household.monthly_income']", "320,00")
    page.select_option("select[name='household.maintainers[0].relation']", "child")
    page.fill("input[name='household.maintainers[0].monthly_income']", "900")
    page.check("input[name=assessment_mode][value=areas]")  # opens the area totals
    page.fill("input[name='assessment.assessed_on']", "10.02.2020")
    page.check("input[name='assessment.support_plan']")
    page.select_option("select[name='assessment.care_level']", "3")
    for area, score in {"home_living": 40, "community_living": 38, "lifelong_learning": 41,
                        "employment": 35, "health_safety": 30, "social_activities": 36,
                        "advocacy": 28}.items():
        page.fill(f"input[name='assessment.areas.{area}']", str(score))
    page.fill("input[name='assessment.medical_total']", "2")
    page.fill("input[name='assessment.behavioural_total']", "7")
    page.check("input[name='assessment.behavioural_any_item_2']")
    page.fill("input[name='di_project.enrolled_on']", "1.7.2020")
    page.fill("input[name='day_care_centre_created_year']", "2019")
    for i, (service, units) in enumerate([("group_apartment", 30), ("day_care_centre", 20),
                                          ("specialist_consultation", 4)]):
        page.select_option(f"select[name='requested_services[{i}].service']", service)
        page.fill(f"input[name='requested_services[{i}].units']", str(units))


def fill_child_03(page: Any) -> None:
    """Worked example 03, a four-year-old at home: no AIS scores ("nav izvērtējuma"), but a
    support plan drawn up on 20.08.2021 — the case where the plan used to be dropped."""
    page.fill("input[name=case_id]", "LIEP-2022-0102")
    page.fill("input[name=calculation_date]", "01.03.2022")
    page.fill("input[name='person.birth_date']", "02.10.2018")
    page.fill("input[name='person.municipality']", "Liepāja")
    page.fill("input[name='person.diagnoses']", "g80.1")
    page.check("input[name='person.child_disability']")
    page.check("input[name='person.special_care_opinion']")
    page.check("input[name='household.parents_working_or_studying']")
    page.fill("input[name='household.monthly_income']", "0")
    page.check("input[name=assessment_mode][value=none]")
    page.fill("input[name='assessment.assessed_on']", "20.08.2021")
    page.check("input[name='assessment.support_plan']")
    page.fill("input[name='di_project.enrolled_on']", "01.09.2021")
    page.fill("input[name=respite_days_used_this_year]", "22")
    for i, (service, units) in enumerate([("home_care", 250), ("respite", 12),
                                          ("specialist_consultation", 3)]):
        page.select_option(f"select[name='requested_services[{i}].service']", service)
        page.fill(f"input[name='requested_services[{i}].units']", str(units))


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now (WCAG 2.x A and AA and best practice),
    one line each: the rule, its impact and the elements it found."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                        "best-practice"]},
        resultTypes: ["violations"]})""")
    return [f"{v['id']} ({v['impact']}): {v['help']}: "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"]]


def draft_with_saved_cases(instance: Path, url: str, cases: list[dict[str, Any]],
                           worker: str, author: str, password: str = "parole-123") -> int:
    """Save `cases` through the API as `worker` (the first one's home-care line overridden),
    and store a draft by `author` (policy, whose password is `password`) raising the
    home-care rate from 2025-01-01, the way policy staff do it from the command line; the
    draft's id."""
    import json

    env = {**os.environ, "BUDGET_ENGINE_INSTANCE": str(instance),
           "BUDGET_ENGINE_DATABASE_URL": f"sqlite:///{instance / 'db.sqlite'}"}

    def command(*args: str, stdin: str | None = None) -> str:
        return subprocess.run([str(EXE), *args], env=env, check=True, capture_output=True,
                              text=True, input=stdin).stdout

    token = command("users", "token", worker).strip()
    for index, case in enumerate(cases):
        overrides = [{"service": "home_care", "units": 30,
                      "justification": "Pēc slimnīcas vajag vairāk aprūpes"}] if index == 0 else []
        request = urllib.request.Request(  # noqa: S310 - the local test server
            f"{url}/api/v1/cases", data=json.dumps({"case": case, "overrides": overrides})
            .encode(), headers={"Authorization": f"Bearer {token}",
                                "Content-Type": "application/json"}, method="POST")
        urllib.request.urlopen(request, timeout=30)  # noqa: S310
    draft = instance / "draft-rules"
    command("rules", "export", str(draft))
    rates = draft / "parameters" / "rates.yaml"
    lines = rates.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if 'value: "3.83"' in line)
    lines.insert(at + 1, '      - {from: 2025-01-01, value: "4.40"}')
    rates.write_text("\n".join(lines), encoding="utf-8")
    return int(command("rules", "draft", str(draft), "--label", "Aprūpe mājās 4,40 €",
                       "--user", author, "--password-stdin",
                       stdin=f"{password}\n").split("\t")[0])


def finished_run(page: Any) -> None:
    """Wait until the run on the page has finished (it reloads itself while running)."""
    for _ in range(600):  # up to two minutes
        if page.locator("meta[http-equiv=refresh]").count() == 0:
            return
        time.sleep(0.2)
        page.reload()
    raise AssertionError("the run did not finish in two minutes")

def lv_money(amount: Any) -> str:
    """An amount as a Latvian page writes it: `1 200,50 €` (Babel's Latvian format)."""
    return str(format_currency(Decimal(str(amount)), "EUR", locale="lv"))


def engine_budget(case: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The budget the engine's command calculates for `case`: the figures a page must show."""
    path = folder / f"{case['case_id'].replace('/', '_')}.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    cli = subprocess.run([str(EXE), "calculate", str(path)], capture_output=True, text=True,
                         check=True)
    return dict(json.loads(cli.stdout))


def save_draft(page: Any) -> None:
    """Save the draft budget on the page (version 1 of a new case, or the next version)."""
    page.click("form[action$='/cases/save'] button")
    page.wait_for_url("**/cases/*/v/*")


def save_case(page: Any, url: str, case_id: str) -> None:
    """A new case of example 01 under `case_id`, calculated and saved as version 1."""
    page.goto(f"{url}/cases/new")
    fill_example_01(page)
    page.fill("input[name=case_id]", case_id)
    page.click("button[value=calculate].primary")
    save_draft(page)


def save_a_second_version(page: Any, changes: dict[str, str]) -> None:
    """From a saved budget: *Labot*, type `changes` (field name -> text), calculate, save."""
    page.click(".top-actions a[href$='/edit']")
    for name, text in changes.items():
        page.fill(f"input[name='{name}']", text)
    page.click("button[value=calculate].primary")
    save_draft(page)
