"""A letter as plain text (the command line, a mail body) or as HTML (the page's preview,
and a file to print). The easy-to-read letter's HTML follows the easy-to-read layout: 14 pt
and larger, left aligned, the monthly amount in large type."""

from __future__ import annotations

from html import escape

from .content import Block, BulletList, Letter, Paragraph


def to_text(letter: Letter) -> str:
    out: list[str] = []
    if letter.draft_mark:
        out += [f"*** {letter.draft_mark} ***", ""]
    out += [*letter.head, "", *letter.addressee, "", letter.title.upper(), ""]
    for paragraph in letter.intro:
        out.append(paragraph.text)
    if letter.intro:
        out.append("")
    for section in letter.sections:
        out += [section.heading, "-" * len(section.heading)]
        for block in section.blocks:
            out += _text_block(block)
        out.append("")
    if not letter.easy_read:
        out.append(letter.signature)
    return "\n".join(out).rstrip() + "\n"


def _text_block(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text.upper() if block.large else block.text]
    if isinstance(block, BulletList):
        return [f"  – {item}" for item in block.items]
    widths = [max(len(row[i]) for row in (block.header, *block.rows))
              for i in range(len(block.header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in (block.header, *block.rows)]
    return [lines[0], "  ".join("-" * w for w in widths), *lines[1:]]


_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
       max-width: 44rem; margin: 1rem auto; padding: 0 1rem; color: #111; text-align: left; }
.letter-easy { font-size: 14pt; }
.letter-easy .large { font-size: 22pt; font-weight: bold; }
.draft { border: 3px solid #a00; color: #a00; font-weight: bold; padding: .3rem .6rem; }
.head p, .to p { margin: 0; }
.to { margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: .2rem .4rem; text-align: left; vertical-align: top; }
td.num { white-space: nowrap; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.2em; }
.letter-easy h1 { font-size: 1.5em; } .letter-easy h2 { font-size: 1.25em; }
@media (max-width: 30rem) { table, tbody, tr, td, th { font-size: .9em; } }
"""


def to_html_fragment(letter: Letter) -> str:
    """The letter as an `<article>` for a page to embed."""
    kind = "letter-easy" if letter.easy_read else "letter-formal"
    out = [f'<article class="letter {kind}" lang="{letter.lang}">']
    if letter.draft_mark:
        out.append(f'<p class="draft">{escape(letter.draft_mark)}</p>')
    out.append('<div class="head">' + "".join(f"<p>{escape(line)}</p>" for line in letter.head)
               + "</div>")
    out.append('<div class="to">' + "".join(f"<p>{escape(line)}</p>"
                                           for line in letter.addressee) + "</div>")
    out.append(f"<h1>{escape(letter.title)}</h1>")
    out += [_html_block(p) for p in letter.intro]
    for section in letter.sections:
        out.append(f"<section><h2>{escape(section.heading)}</h2>")
        out += [_html_block(block) for block in section.blocks]
        out.append("</section>")
    if not letter.easy_read:
        out.append(f'<p class="signature">{escape(letter.signature)}</p>')
    out.append("</article>")
    return "\n".join(out)


def to_html(letter: Letter) -> str:
    """A whole HTML document (a file to open or print)."""
    return (f'<!DOCTYPE html>\n<html lang="{letter.lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(letter.title)} – {escape(letter.case_id)}</title>"
            f"<style>{_STYLE}</style></head><body>\n{to_html_fragment(letter)}\n"
            "</body></html>\n")


def style_sheet() -> str:
    return _STYLE


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        css = ' class="large"' if block.large else ""
        return f"<p{css}>{escape(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in block.header)
    num = ' class="num"'
    rows = "".join("<tr>" + "".join(
        f"<td{num if i else ''}>{escape(cell)}</td>" for i, cell in enumerate(row))
        + "</tr>" for row in block.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
