"""The report as data: sections of paragraphs, tables and charts, rendered alike to PDF and XLSX.

Both files are written from one model, so they always show the same figures; every KPI figure cell carries its key
(kpi|municipality|chain|breakdown) and lands in the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    text: str  # as printed in the PDF (formatted for the language, with unit)
    value: float | str | None = None  # as written to the XLSX cell (a number stays a number)
    key: str | None = None  # figure key for the registry, for KPI figures
    number_format: str | None = None  # XLSX number format for numeric values
    bold: bool = False


@dataclass
class Column:
    header: str
    width: float = 1.0  # relative width in the PDF
    align: str = "L"  # L | R | C
    pdf: bool = True
    xlsx: bool = True
    xlsx_width: float | None = None  # characters; None = fit to content


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    title: str | None = None
    note: str | None = None
    font_size: float = 8.0
    markdown: bool = False  # PDF only: **bold** and __italic__ in cell texts


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | notice | subtitle


@dataclass
class Chart:
    png: bytes
    width_mm: float
    height_mm: float
    caption: str = ""


Block = Paragraph | Table | Chart


@dataclass
class Section:
    id: str
    title: str
    sheet: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = True


@dataclass
class ReportModel:
    lang: str
    period_label: str
    period_text: str
    title: str
    cover: list[tuple[str, str]]  # (label, value) lines
    partners: list[str]
    sections: list[Section]
    figures: dict[str, float | str | None]
    generated_text: str
    empty: bool
    meta: dict[str, object]
    unprotected: int = 0  # hidden cells still derivable in the conservative additive model (publication.py)

    def all_text(self) -> str:
        """Every text the report prints (for the personal-identifier guard)."""
        parts = [self.title, self.period_text, self.generated_text, *(f"{a} {b}" for a, b in self.cover),
                 *self.partners]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    parts.append(block.text)
                elif isinstance(block, Table):
                    parts.extend(filter(None, [block.title, block.note]))
                    parts.extend(c.header for c in block.columns)
                    parts.extend(cell.text for row in block.rows for cell in row)
                    parts.extend(str(cell.value) for row in block.rows for cell in row if cell.value is not None)
                elif isinstance(block, Chart):
                    parts.append(block.caption)
        return "\n".join(parts)
