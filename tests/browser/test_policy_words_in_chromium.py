"""The policy pages that say rules and parameters in words (issue 29, items 1, 4, 8): axe-core
finds nothing on the rules list, a rule, parameters with a chart and with tables; and none
of them scrolls sideways on a 390 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import axe_violations, browser_page, log_in, served, settled

pytestmark = pytest.mark.browser

PAGES = ("/rules", "/rules/rule/eligibility:E9", "/rules/rule/cap:E1",
         "/rules/parameter/rate.assistant", "/rules/parameter/rate.day_care_centre",
         "/rules/parameter/indicative.package", "/rules/parameter/f6.state_share_by_year")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert Path("/usr/bin/chromium").exists(), "install Debian's chromium (see .ci/run)"
    with served(tmp_path_factory.mktemp("instance"),
                {"inese": ("parole-123", "policy")}) as url:
        yield url


def _overflow(page: Any) -> int:
    settled(page)
    return int(page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"))


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_policy_pages_in_words_pass_axe_and_fit_a_phone(server: str, lang: str) -> None:
    with browser_page(lang, width=390, height=844) as page:
        log_in(page, server, "inese", "parole-123")
        for path in PAGES:
            response = page.goto(f"{server}{path}?lang={lang}")
            assert response is not None and response.status == 200, path
            found = axe_violations(page)
            assert not found, f"axe-core on {path}:\n" + "\n".join(found)
            assert _overflow(page) <= 0, path
