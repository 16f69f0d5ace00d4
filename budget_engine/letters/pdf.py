"""A letter as an A4 PDF, made on the server with fpdf2 (pure Python, no browser).

The font is embedded so ā č ē ģ ī ķ ļ ņ š ū ž print on any reader: DejaVu Sans (regular and
bold, the Bitstream Vera licence with DejaVu's public-domain changes: fonts/LICENSE.txt), shipped
inside the package so a fresh machine makes PDFs without installing fonts; the system's
fonts-dejavu-core folder is the fallback if the packaged files were removed. Every page
carries the case number and "page n of N" (and, on a draft, the draft mark); the
easy-to-read letter is set at 14 pt and more, left aligned, the monthly amount large.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from .content import Block, BulletList, Letter, Paragraph, Table

PACKAGED_FONT_DIR = Path(__file__).with_name("fonts")
SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"


def default_font_dir() -> Path:
    """The package's own fonts; the system's DejaVu folder only if they are missing."""
    if all((PACKAGED_FONT_DIR / name).is_file() for name in (REGULAR, BOLD)):
        return PACKAGED_FONT_DIR
    return SYSTEM_FONT_DIR


DEFAULT_FONT_DIR = PACKAGED_FONT_DIR
FAMILY = "DejaVu"


class FontMissing(RuntimeError):
    """The font file is not there (reinstall the package, install fonts-dejavu-core, or point
    `font_dir` to it)."""


class _Pdf(FPDF):
    def __init__(self, letter: Letter) -> None:
        super().__init__(format="A4", unit="mm")
        self.letter = letter

    def header(self) -> None:
        if self.letter.draft_mark:
            self.set_font(FAMILY, "B", 12)
            self.set_text_color(170, 0, 0)
            self.cell(0, 7, self.letter.draft_mark, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 9)
        self.cell(0, 8, self.letter.page_label(self.page_no(), "{nb}"), align="L")


def to_pdf(letter: Letter, font_dir: Path | None = None) -> bytes:
    font_dir = font_dir if font_dir is not None else default_font_dir()
    regular, bold = font_dir / REGULAR, font_dir / BOLD
    for path in (regular, bold):
        if not path.is_file():
            raise FontMissing(f"{path}: font not found (install fonts-dejavu-core)")
    pdf = _Pdf(letter)
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.set_title(f"{letter.title} – {letter.case_id}")
    pdf.set_lang(letter.lang)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.alias_nb_pages("{nb}")
    pdf.add_page()
    base = 14.0 if letter.easy_read else 10.5
    line = base * 0.55
    pdf.set_font(FAMILY, "", base)
    for text in letter.head:
        pdf.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line)
    for text in letter.addressee:
        pdf.multi_cell(0, line, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line)
    pdf.set_font(FAMILY, "B", base + 3)
    pdf.multi_cell(0, line * 1.3, letter.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line / 2)
    for paragraph in letter.intro:
        _block(pdf, paragraph, base, line)
    for section in letter.sections:
        pdf.ln(line / 2)
        pdf.set_font(FAMILY, "B", base + 1.5)
        pdf.multi_cell(0, line * 1.2, section.heading, new_x="LMARGIN", new_y="NEXT")
        for block in section.blocks:
            _block(pdf, block, base, line)
    if not letter.easy_read:
        pdf.ln(line)
        pdf.set_font(FAMILY, "", base)
        pdf.multi_cell(0, line, letter.signature, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _block(pdf: FPDF, block: Block, base: float, line: float) -> None:
    if isinstance(block, Paragraph):
        size = base * 1.6 if block.large else base
        pdf.set_font(FAMILY, "B" if block.large else "", size)
        pdf.multi_cell(0, size * 0.55, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, BulletList):
        pdf.set_font(FAMILY, "", base)
        for item in block.items:
            pdf.multi_cell(0, line, f"– {item}", align="L", new_x="LMARGIN", new_y="NEXT")
    elif isinstance(block, Table):
        pdf.set_font(FAMILY, "", base - 0.5)
        with pdf.table(headings_style=FontFace(emphasis="BOLD"), text_align="LEFT",
                       line_height=line) as table:
            for row in (block.header, *block.rows):
                cells = table.row()
                for cell in row:
                    cells.cell(cell)
    pdf.ln(line / 3)
