"""The report model as an XLSX workbook (openpyxl): one sheet per section, values only (never formulas), frozen
header rows, set column widths, and every text cell neutralised against formula injection."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.publication import neutralise_formula
from pipelines.reports.model import Chart, Paragraph, ReportModel, Section, Table
from pipelines.reports.texts import t

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
ITALIC = Font(italic=True, color="555555")
HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
HEAD_BORDER = Border(bottom=Side(style="thin", color="000000"))
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
PARAGRAPH_SPAN = 6  # columns a paragraph is merged across


def _safe(value: object) -> object:
    return neutralise_formula(value) if isinstance(value, str) else value


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Sheet"
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


class _SheetWriter:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1
        self.widths: dict[int, float] = {}
        self.fixed: dict[int, float] = {}
        self.frozen = False

    def put(self, column: int, value: object, font: Font | None = None, *, measure: bool = True) -> None:
        cell = self.ws.cell(row=self.row, column=column, value=_safe(value))
        if font is not None:
            cell.font = font
        if measure and isinstance(value, str) and len(value) <= 80:
            self.widths[column] = max(self.widths.get(column, 0), len(value) + 2)

    def title(self, text: str) -> None:
        self.ws.cell(row=self.row, column=1, value=_safe(text)).font = TITLE
        self.row += 2

    def paragraph(self, block: Paragraph) -> None:
        font = {"subtitle": BOLD, "note": ITALIC, "notice": BOLD}.get(block.style)
        cell = self.ws.cell(row=self.row, column=1, value=_safe(block.text))
        if font is not None:
            cell.font = font
        if len(block.text) > 60:
            cell.alignment = WRAP
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=PARAGRAPH_SPAN)
            self.ws.row_dimensions[self.row].height = 15 * (1 + len(block.text) // 110)
        self.row += 2 if block.style != "subtitle" else 1

    def table(self, block: Table) -> None:
        columns = [(i, c) for i, c in enumerate(block.columns) if c.xlsx]
        if block.title:
            self.put(1, block.title, BOLD, measure=False)
            self.row += 1
        for position, (_, column) in enumerate(columns, start=1):
            self.put(position, column.header, BOLD)
            cell = self.ws.cell(row=self.row, column=position)
            cell.fill = HEAD_FILL
            cell.border = HEAD_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
            if column.xlsx_width:
                self.fixed[position] = column.xlsx_width
        if not self.frozen:
            self.ws.freeze_panes = self.ws.cell(row=self.row + 1, column=1)
            self.frozen = True
        self.row += 1
        for cells in block.rows:
            for position, (i, column) in enumerate(columns, start=1):
                source = cells[i]
                value = source.value
                self.put(position, value, BOLD if source.bold else None)
                cell = self.ws.cell(row=self.row, column=position)
                if isinstance(value, dt.datetime):
                    cell.number_format = source.number_format or "yyyy-mm-dd hh:mm"
                    self.widths[position] = max(self.widths.get(position, 0), 18)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    self.widths[position] = max(self.widths.get(position, 0), len(source.text) + 2)
                    if source.number_format:
                        cell.number_format = source.number_format
                elif column.xlsx_width:
                    cell.alignment = WRAP
                if isinstance(value, str) and column.align == "R":
                    cell.alignment = Alignment(horizontal="right")
            self.row += 1
        if block.note:
            self.row += 1
            self.paragraph(Paragraph(block.note, "note"))
        else:
            self.row += 1

    def finish(self) -> None:
        for column, width in {**self.widths, **self.fixed}.items():
            fitted = self.fixed.get(column, min(MAX_WIDTH, max(MIN_WIDTH, width)))
            self.ws.column_dimensions[get_column_letter(column)].width = fitted
        if not self.frozen:
            self.ws.freeze_panes = "A2"


def _cover_sheet(ws: Worksheet, model: ReportModel) -> None:
    lang = model.lang
    writer = _SheetWriter(ws)
    writer.put(1, model.title, TITLE)
    writer.row += 1
    writer.put(1, t("project_name", lang))
    writer.row += 2
    for label, value in model.cover:
        writer.put(1, label, BOLD)
        writer.put(2, value)
        writer.row += 1
    writer.row += 1
    if model.empty:
        writer.paragraph(Paragraph(t("cover_empty", lang), "notice"))
    writer.put(1, t("cover_partners", lang), BOLD)
    writer.row += 1
    for partner in model.partners:
        writer.put(1, partner)
        writer.row += 1
    writer.row += 1
    writer.paragraph(Paragraph(t("funded_by", lang), "note"))
    writer.put(1, t("legend_title", lang), BOLD)
    writer.row += 1
    for key in ("legend_primary", "legend_secondary", "legend_missing"):
        writer.paragraph(Paragraph(t(key, lang)))
    writer.finish()
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60


def _section_sheet(ws: Worksheet, section: Section) -> None:
    writer = _SheetWriter(ws)
    writer.title(section.title)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            writer.paragraph(block)
        elif isinstance(block, Table):
            writer.table(block)
        elif isinstance(block, Chart):
            continue  # the chart's figures are in the section's tables
    writer.finish()


def write_xlsx(model: ReportModel, out: Path, created: dt.datetime | None) -> Path:
    workbook = Workbook()
    used: set[str] = set()
    cover = workbook.active
    cover.title = _sheet_title(t("sheet_report", model.lang), used)
    _cover_sheet(cover, model)
    for section in model.sections:
        ws = workbook.create_sheet(_sheet_title(section.sheet, used))
        _section_sheet(ws, section)
    moment = (created or dt.datetime(2000, 1, 1)).replace(tzinfo=None)
    workbook.properties.creator = "keet"
    workbook.properties.lastModifiedBy = "keet"
    workbook.properties.title = f"{model.title} – {model.period_text}"
    workbook.properties.created = moment
    workbook.properties.modified = moment
    workbook.save(str(out))
    return out
