"""The evaluators' replay page in a real browser (issue 30): a run started with a
calculation date, over cases one of which cannot be calculated; the job page and the report
pass axe-core and a phone does not scroll sideways on them."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import axe_violations, browser_page, finished_run, log_in, served, settled

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "data" / "examples"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("instance"),
                {"edgars": ("parole-123", "evaluator")}) as url:
        yield url


def _cases(folder: Path) -> Path:
    good = json.loads((EXAMPLES / "01-adult-esf-project.json").read_text("utf-8"))
    gone = copy.deepcopy(good)
    gone["case_id"] = "GONE-1"
    gone["person"]["municipality"] = "Varakļānu novads"  # none such on 01.03.2026
    path = folder / "cases.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n"
                    + json.dumps(gone, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _wider(page: object) -> int:
    return int(page.evaluate(  # type: ignore[attr-defined]
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_dated_run_its_job_page_and_report_pass_axe_and_fit_a_phone(
        server: str, tmp_path: Path, width: int) -> None:
    with browser_page("lv", width=width) as page:
        log_in(page, server, "edgars", "parole-123")
        page.goto(f"{server}/replay")
        settled(page)
        assert not axe_violations(page), axe_violations(page)
        page.check("input[name=source][value=file]")
        page.set_input_files("#cases", str(_cases(tmp_path)))
        page.fill("#on_date", "01.03.2026")
        page.check("input[name=compare][value=reform]")
        page.set_input_files("#reform", str(ROOT / "examples" / "reform-maintainers.yaml"))
        page.click("button.primary")
        page.wait_for_load_state("load")
        finished_run(page)
        settled(page)
        text = page.inner_text("main")
        assert "Aprēķina datums: 01.03.2026" in text
        assert "nebija pašvaldības ar nosaukumu “Varakļānu novads”" in text
        found = axe_violations(page)
        assert not found, "\n".join(found)
        if width == 390:
            assert _wider(page) <= 0
        page.click("a[href$='/report.html?view=1']")
        page.wait_for_load_state("load")
        settled(page)
        report = page.inner_text("body")
        assert "01.03.2026" in report and "GONE-1" in report
        assert "nebija pašvaldības ar nosaukumu “Varakļānu novads”" in report
        found = axe_violations(page)
        assert not found, "\n".join(found)
        if width == 390:
            assert _wider(page) <= 0
