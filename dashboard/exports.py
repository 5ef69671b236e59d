"""CSV and XLSX exports of the dashboard's tables and chart data, safe to open in a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd

from pipelines.publication import FORMULA_PREFIXES, neutralise_formula, neutralise_frame  # noqa: F401 (re-exported)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_XLSX_MAX_WIDTH = 60
# Control characters that the XLSX format cannot hold (openpyxl raises on them).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows accents), comma separated, `.` decimals, no index."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")


def _xlsx_cell(value: object) -> object:
    """A value openpyxl writes as data, never as a formula: text neutralised, missing values empty."""
    if value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value))):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:  # Excel has no time zones
        value = value.replace(tzinfo=None)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalars
        value = value.item()
    if isinstance(value, bool | int | float | dt.date | dt.datetime | dt.time):
        return value
    text = _ILLEGAL_XLSX.sub("", str(value))
    # openpyxl stores any text starting with '=' as a formula: the apostrophe keeps it text
    return neutralise_formula(text)


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", name).strip()[:31] or "data"


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """One sheet: a bold, frozen header row and the values (numbers as numbers, dates as dates, text
    neutralised against formula injection exactly as in the CSV export). Never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_name))
    header = [str(_xlsx_cell(str(column))) for column in frame.columns]
    rows = [[_xlsx_cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    for index, title in enumerate(header, start=1):
        longest = max(
            [len(title), *(len(str(row[index - 1])) for row in rows[:500] if row[index - 1] is not None)]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, _XLSX_MAX_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
