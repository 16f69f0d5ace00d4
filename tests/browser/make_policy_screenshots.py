"""Screenshots of policy staff's pages, in Latvian, for docs/: the rules browser (the list
and a parameter with its history and step chart), the parameter editor with a value refused
next to its field, the rule editor, the condition editor's pickers, a draft's page with its
changes in words and the "Ietekme" link, the last look before publishing (with the
back-dating warning), and the versions list.

Usage: .venv/bin/python tests/browser/make_policy_screenshots.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from browser_helpers import browser_page, log_in, served

DOCS = Path(__file__).resolve().parents[2] / "docs"
USERS = {"anna": ("parole-123", "policy"), "berzs": ("parole-456", "policy")}


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, served(Path(tmp), USERS) as url:
        with browser_page("lv") as page:
            log_in(page, url, "anna", "parole-123")
            page.goto(f"{url}/rules")
            page.screenshot(path=str(DOCS / "policy-rules-lv.png"))  # the top of a long page
            page.goto(f"{url}/rules/parameter/rate.assistant")
            page.screenshot(path=str(DOCS / "policy-parameter-lv.png"), full_page=True)
            page.goto(f"{url}/rules/edit/parameter/rate.home_care")
            page.fill("input[name=label]", "Aprūpe mājās 2026")
            page.fill("input[name=valid_from]", "01.01.2026")
            page.fill("input[name=value]", "4,1x")
            page.fill("input[name=reference]", "MK 2025. gada 16. decembra noteikumi Nr. 800")
            page.click("form.rule-edit button[type=submit]")
            page.wait_for_selector("#err-value")
            page.screenshot(path=str(DOCS / "policy-editor-lv.png"), full_page=True)
            page.fill("input[name=value]", "4,10")
            page.click("form.rule-edit button[type=submit]")
            page.wait_for_selector("ul.changes")
            page.select_option("select[name=rule]", "eligibility:E6")
            page.click("section.edit-draft form:nth-of-type(2) button")
            page.wait_for_selector("form.rule-edit")
            page.click("details.yaml-view summary")  # the advanced view (YAML)
            page.fill("textarea[name=when]", "in_target_group: true\nage: {'>=': 16}\n")
            page.fill("textarea[name='text.lv']",
                      "Atbalsta grupu piešķir tikai no 16 gadu vecuma.")
            page.screenshot(path=str(DOCS / "policy-rule-editor-lv.png"), full_page=True)
            page.click("form.rule-edit button.primary")
            page.wait_for_selector("ul.changes")
            page.goto(page.url.replace("/rules/drafts/", "/rules/edit/rule/eligibility:E10?draft="))
            page.fill("section.condition-editor input[name='c-1.value']", "6")
            page.click("text=Pievienot nosacījumu")
            page.select_option("select[name='c-5.fact']", label="personai ir GRT diagnoze")
            page.click("button[value='refresh:c-5']")
            page.check("input[name='c-5.value'][value=true]")
            page.locator("section.condition-editor").screenshot(
                path=str(DOCS / "policy-condition-editor-lv.png"))
            page.click("form.rule-edit button.primary")
            page.wait_for_selector("ul.changes")
            page.screenshot(path=str(DOCS / "policy-draft-lv.png"), full_page=True)
            page.click("text=Iesniegt apstiprināšanai")
            draft_url = page.url
        with browser_page("lv") as page:
            log_in(page, url, "berzs", "parole-456")
            page.goto(draft_url)
            page.fill("textarea[name=comment]", "Pārbaudīts; saskaņots ar MK noteikumiem.")
            page.screenshot(path=str(DOCS / "policy-approve-lv.png"), full_page=True)
            page.click("button[value=approve]")
            page.wait_for_selector("ul.back-dated")
            page.screenshot(path=str(DOCS / "policy-last-look-lv.png"), full_page=True)
            page.click("text=Apstiprinu un publicēju")
            page.wait_for_selector("text=Tīmekļa lietotne un API rēķina pēc šīs versijas.")
            page.goto(f"{url}/rules/versions")
            page.screenshot(path=str(DOCS / "policy-versions-lv.png"), full_page=True)
    print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
