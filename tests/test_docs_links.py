"""The docs' relative links and images lead somewhere, and the README stays short.

The docs are split by reader (README.md, CONTRIBUTING.md, benchmarks/README.md, docs/*.md)
and point at each other, at screenshots and at files of the repository. A file moved or
renamed (another helper moving modules, a screenshot regenerated under a new name) would
leave a link dead with nothing to notice it: this test does. A link `file.md#anchor` (or
`#anchor`) must name a heading of that file, as GitHub makes its anchors.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_MAX_LINES = 300


def _docs() -> list[Path]:
    # rules/README.md (the policy recipes) and CHANGELOG.md link into these docs too.
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "benchmarks" / "README.md",
            *sorted((ROOT / "docs").glob("*.md")), ROOT / "rules" / "README.md",
            ROOT / "CHANGELOG.md"]


#: Markdown links and images `[text](target)`, `![alt](target "title")`, and HTML
#: `<img src="…">` / `<a href="…">`.
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"<(?:img|a)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.I)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def links(markdown: str) -> list[str]:
    """Every link and image target of a Markdown text, outside code blocks and code spans."""
    text = _CODE_SPAN.sub("", _FENCE.sub("", markdown))
    return _MD_LINK.findall(text) + _HTML_LINK.findall(text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading).replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors of a Markdown text's headings (a repeated heading gets -1, -2, …)."""
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", _FENCE.sub("", markdown), re.M):
        base = slug(heading)
        name, n = base, 0
        while name in found:
            n += 1
            name = f"{base}-{n}"
        found.add(name)
    return found


def problems(doc: Path, root: Path = ROOT) -> list[str]:
    """Each link of `doc` that leads nowhere, as `doc: target: why` (doc inside `root`)."""
    out: list[str] = []
    for target in links(doc.read_text("utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):   # https:, mailto:, …
            continue
        path_part, _, anchor = target.partition("#")
        path = (doc.parent / path_part).resolve() if path_part else doc
        name = f"{doc.relative_to(root)}: {target}"
        if not path.is_relative_to(root.resolve()):
            out.append(f"{name}: leads outside the repository")
        elif not path.exists():
            out.append(f"{name}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path.read_text("utf-8")):
            out.append(f"{name}: no heading #{anchor} there")
    return out


@pytest.mark.parametrize("doc", _docs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_image_resolves(doc: Path) -> None:
    assert doc.exists(), f"{doc.relative_to(ROOT)} is missing"
    assert problems(doc) == []


def test_the_readme_is_at_most_300_lines() -> None:
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines; move the detail to the doc of its reader (docs/)")


def test_the_readme_links_every_guide() -> None:
    readme_links = set(links((ROOT / "README.md").read_text("utf-8")))
    for guide in ("social-worker", "supervisor", "policy", "evaluator", "admin"):
        assert f"docs/guide-{guide}.md" in readme_links
    for doc in ("CONTRIBUTING.md", "docs/cli.md", "docs/dependencies.md",
                "benchmarks/README.md"):
        assert doc in readme_links


def test_the_checker_finds_links_and_sees_dead_ones(tmp_path: Path) -> None:
    # The checker itself: links in code are not links; a dead file, a dead anchor and a path
    # out of the repository are each reported; a live one is not.
    text = ("# Title\n\n## A `code` heading: yes\n\n"
            "[ok](#a-code-heading-yes) [gone](#nowhere) ![img](docs/form-lv.png)\n"
            "<img src=\"docs/missing.png\" alt=\"x\"> [web](https://example.org/x)\n"
            "`[not](a-link.md)`\n\n```\n[nor](this.md)\n```\n")
    assert links(text) == ["#a-code-heading-yes", "#nowhere", "docs/form-lv.png",
                           "https://example.org/x", "docs/missing.png"]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "form-lv.png").write_bytes(b"")
    (tmp_path / "outside.md").write_text("# Elsewhere\n", "utf-8")
    doc = tmp_path / "docs" / "probe.md"
    doc.write_text(text.replace("docs/", "") + "[up](../../outside.md) [in](../outside.md)\n"
                   "[bad anchor](../outside.md#nowhere) [anchor](../outside.md#elsewhere)\n",
                   "utf-8")
    assert problems(doc, tmp_path / "docs") == [
        "probe.md: #nowhere: no heading #nowhere there",
        "probe.md: ../../outside.md: leads outside the repository",
        "probe.md: ../outside.md: leads outside the repository",
        "probe.md: ../outside.md#nowhere: leads outside the repository",
        "probe.md: ../outside.md#elsewhere: leads outside the repository",
        "probe.md: missing.png: no such file"]
    assert problems(doc, tmp_path) == [
        "docs/probe.md: #nowhere: no heading #nowhere there",
        "docs/probe.md: ../../outside.md: leads outside the repository",
        "docs/probe.md: ../outside.md#nowhere: no heading #nowhere there",
        "docs/probe.md: missing.png: no such file"]
