"""A real browser fills in the form, gets the budget, saves, reopens and changes it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from browser_helpers import EXE, browser_page, fill_example_01, log_in, served

pytestmark = pytest.mark.browser

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"

if os.environ.get("BUDGET_ENGINE_SKIP_BROWSER") == "1":
    pytest.skip("browser tests switched off by BUDGET_ENGINE_SKIP_BROWSER=1",
                allow_module_level=True)


def test_social_worker_in_chromium(tmp_path: Path) -> None:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    cli = subprocess.run([str(EXE), "calculate", str(EXAMPLES / "01-adult-esf-project.json")],
                         capture_output=True, text=True, check=True)
    expected = json.loads(cli.stdout)["totals"]
    with served(tmp_path, {"anna": ("parole-123", "social_worker")}) as url, \
            browser_page() as page:
        log_in(page, url, "anna", "parole-123")
        assert page.url.endswith("/cases/new")
        fill_example_01(page)
        page.click("button[value=calculate].primary")
        page.wait_for_selector("table.budget")
        footer = page.inner_text("table.budget tfoot")
        assert expected["monthly"] in footer and expected["period_total"] in footer
        assert "Grupu dzīvoklis" in page.inner_text("table.budget tbody")
        assert page.locator("svg.chart").count() == 1
        page.click("button:has-text('Saglabāt')")
        page.wait_for_url("**/cases/JELG-2021-0007/v/1")
        # log out, log in, reopen, change a service, recalculate
        page.click("button:has-text('Iziet')")
        log_in(page, url, "anna", "parole-123")
        page.goto(f"{url}/cases?case_id=JELG")
        page.click("text=JELG-2021-0007")
        assert expected["monthly"] in page.inner_text("table.budget tfoot")
        page.click("text=Labot")
        page.fill("input[name='requested_services[1].units']", "10")
        page.click("button[value=calculate].primary")
        page.wait_for_selector("section.compare")
        compare = page.inner_text("section.compare")
        assert "924.70" in compare and "731.90" in compare
        # bad input: the error is shown next to the field, the values are kept
        page.click("button:has-text('Atpakaļ uz veidlapu')")
        page.fill("input[name='requested_services[0].units']", "0")
        page.click("button[value=calculate].primary")
        error = page.inner_text(".field-error")
        assert "1" in error
        assert page.input_value("input[name=case_id]") == "JELG-2021-0007"
