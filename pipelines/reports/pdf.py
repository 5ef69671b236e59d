"""The report model as a PDF (fpdf2): A4, DejaVu Sans (the font matplotlib ships), grey only."""

from __future__ import annotations

import datetime as dt
import io
import struct
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from pipelines.publication import PRIMARY_LABEL, SECONDARY_LABEL
from pipelines.reports.model import Chart, Paragraph, ReportModel, Section, Table
from pipelines.reports.texts import t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "dejavu"
MARGIN = 18.0
GREY_TEXT = 85
RULE = 150
HEAD_FILL = (222, 222, 222)
ZEBRA_FILL = (244, 244, 244)
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class ReportPDF(FPDF):
    def __init__(self, model: ReportModel) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.model = model
        self.fresh_page = False
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.add_font(FONT, "BI", str(FONT_DIR / "DejaVuSans-BoldOblique.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_line_width(0.15)
        self.set_draw_color(RULE)

    # ------------------------------------------------------------------------------------------ page furniture
    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(8)
        self.set_font(FONT, "", 7)
        self.set_text_color(GREY_TEXT)
        self.cell(0, 4, f"De Keet · {self.model.title} · {self.model.period_text}", align="L")
        self.set_draw_color(RULE)
        self.line(MARGIN, 13, self.w - MARGIN, 13)
        self.set_y(MARGIN)
        self.set_text_color(0)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7)
        self.set_text_color(GREY_TEXT)
        digest = str(self.model.meta.get("warehouse_sha256") or "")[:12]
        left = f"snapshot {digest}" if digest else ""
        self.cell(0, 4, left, align="L")
        self.set_x(MARGIN)
        self.cell(0, 4, f"{t('page', self.model.lang)} {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)

    # ------------------------------------------------------------------------------------------ blocks
    def space_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def ensure(self, height: float) -> None:
        if self.space_left() < height:
            self.add_page()

    def paragraph(self, block: Paragraph) -> None:
        if block.style == "subtitle":
            self.ensure(30)
            self.ln(2)
            self.set_font(FONT, "B", 10.5)
            self.multi_cell(0, 5.5, block.text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)
        elif block.style == "note":
            self.set_font(FONT, "I", 7.5)
            self.set_text_color(GREY_TEXT)
            self.multi_cell(0, 3.8, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
            self.ln(2)
        elif block.style == "notice":
            self.set_font(FONT, "B", 9.5)
            self.set_fill_color(238)
            self.set_draw_color(0)
            self.multi_cell(0, 5.2, block.text, border=1, fill=True, padding=2.5, align="L", new_x="LMARGIN",
                            new_y="NEXT")
            self.set_draw_color(RULE)
            self.ln(3)
        else:
            self.set_font(FONT, "", 9)
            self.multi_cell(0, 4.6, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def table_block(self, block: Table) -> None:
        columns = [c for c in block.columns if c.pdf]
        keep = [i for i, c in enumerate(block.columns) if c.pdf]
        if block.title:
            self.ensure(28)
            self.set_font(FONT, "B", 9.5)
            self.multi_cell(0, 5, block.title, new_x="LMARGIN", new_y="NEXT")
            self.ln(0.5)
        else:
            self.ensure(18)
        self.set_font(FONT, "", block.font_size)
        self.set_fill_color(*ZEBRA_FILL)  # fpdf2 fills zebra rows with the current fill colour
        line_height = block.font_size * 0.48
        self.set_draw_color(RULE)
        with self.table(
            col_widths=tuple(c.width for c in columns),
            text_align=tuple({"R": "RIGHT", "C": "CENTER"}.get(c.align, "LEFT") for c in columns),
            line_height=line_height,
            width=self.epw,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
            borders_layout="HORIZONTAL_LINES",
            cell_fill_color=FontFace(fill_color=ZEBRA_FILL).fill_color,
            cell_fill_mode="ROWS",
            markdown=block.markdown,
            padding=(0.7, 1.2, 0.7, 1.2),
            v_align="MIDDLE",
        ) as table:
            head = table.row()
            for column in columns:
                head.cell(column.header)
            for cells in block.rows:
                row = table.row()
                for i in keep:
                    cell = cells[i]
                    style = FontFace(emphasis="BOLD") if cell.bold else None
                    if cell.text in (PRIMARY_LABEL, SECONDARY_LABEL):
                        style = FontFace(emphasis="ITALICS")
                    row.cell(cell.text, style=style)
        if block.note:
            self.ln(1)
            self.set_font(FONT, "I", 7)
            self.set_text_color(GREY_TEXT)
            self.multi_cell(0, 3.5, block.note, align="L", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
        self.ln(4)

    def chart(self, block: Chart) -> None:
        width_px, height_px = struct.unpack(">II", block.png[16:24])
        width = min(block.width_mm, self.epw)
        height = width * height_px / width_px
        if height > self.page_break_trigger - MARGIN - 12:
            height = self.page_break_trigger - MARGIN - 12
            width = height * width_px / height_px
        self.ensure(height + 10)
        if block.caption:
            self.set_font(FONT, "B", 8.5)
            self.multi_cell(0, 4.2, block.caption, new_x="LMARGIN", new_y="NEXT")
            self.ln(0.5)
        self.image(io.BytesIO(block.png), x=(self.w - width) / 2, w=width, h=height)
        self.ln(4)

    def section(self, section: Section) -> None:
        if self.fresh_page:
            self.fresh_page = False
        elif section.new_page:
            self.add_page()
        else:
            self.ensure(60)
            self.ln(4)
        self.start_section(section.title, level=0)
        self.set_font(FONT, "B", 15)
        self.multi_cell(0, 8, section.title, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(0)
        self.set_line_width(0.5)
        self.line(MARGIN, self.get_y() + 0.5, self.w - MARGIN, self.get_y() + 0.5)
        self.set_line_width(0.15)
        self.set_draw_color(RULE)
        self.ln(4)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table_block(block)
            elif isinstance(block, Chart):
                self.chart(block)

    # ------------------------------------------------------------------------------------------ cover and contents
    def cover(self) -> None:
        model, lang = self.model, self.model.lang
        self.add_page()
        self.set_fill_color(40)
        self.rect(0, 0, self.w, 9, style="F")
        self.set_y(34)
        self.set_font(FONT, "B", 26)
        self.multi_cell(0, 12, model.title, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 13)
        self.multi_cell(0, 7, t("project_name", lang), new_x="LMARGIN", new_y="NEXT")
        self.ln(6)
        self.set_font(FONT, "B", 17)
        self.multi_cell(0, 9, model.period_text, new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(0)
        self.set_line_width(0.6)
        self.line(MARGIN, self.get_y() + 3, self.w - MARGIN, self.get_y() + 3)
        self.set_line_width(0.15)
        self.ln(9)
        for label, value in model.cover:
            self.set_font(FONT, "", 9.5)
            self.set_text_color(GREY_TEXT)
            self.cell(66, 6, label)
            self.set_text_color(0)
            self.set_font(FONT, "B", 9.5)
            self.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        self.ln(5)
        if model.empty:
            self.paragraph(Paragraph(t("cover_empty", lang), "notice"))
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, t("cover_partners", lang), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9.5)
        for partner in model.partners:
            self.cell(6, 5.5, "•")
            self.multi_cell(0, 5.5, partner, new_x="LMARGIN", new_y="NEXT")
        self.ln(6)
        self.set_font(FONT, "I", 9)
        self.set_text_color(GREY_TEXT)
        self.multi_cell(0, 4.8, t("funded_by", lang), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.add_page()
        self.insert_toc_placeholder(render_contents, pages=1)
        self.fresh_page = True  # the placeholder already broke to a new page


def render_contents(pdf: ReportPDF, outline: list) -> None:
    lang = pdf.model.lang
    pdf.set_x(MARGIN)
    pdf.set_text_color(0)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, t("toc_title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FONT, "", 10)
    for entry in outline:
        if entry.level > 0:
            continue
        page = str(entry.page_number)
        pdf.cell(pdf.epw - 15, 6.5, entry.name)
        pdf.cell(15, 6.5, page, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(210)
        pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(10)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, t("legend_title", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    for key in ("legend_primary", "legend_secondary", "legend_missing"):
        pdf.multi_cell(0, 4.8, t(key, lang), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(2)
    pdf.set_font(FONT, "I", 8.5)
    pdf.set_text_color(GREY_TEXT)
    pdf.multi_cell(0, 4.4, t("methods_rules", lang), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)


def write_pdf(model: ReportModel, out: Path, created: dt.datetime | None) -> Path:
    pdf = ReportPDF(model)
    moment = created or FIXED_DATE
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    pdf.set_creation_date(moment)
    pdf.set_producer("keet (fpdf2)")
    pdf.set_creator("keet report")
    pdf.set_title(f"{model.title} – {model.period_text}")
    pdf.set_author("De Keet")
    pdf.set_subject(t("project_name", model.lang))
    pdf.set_lang("nl-BE" if model.lang == "nl" else "en")
    pdf.cover()
    for section in model.sections:
        pdf.section(section)
    pdf.output(str(out))
    return out
