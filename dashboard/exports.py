"""CSV exports of the dashboard's tables and chart data, safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe; leave others as they are.

    `'=1+1'` becomes `"'=1+1"`; the number -5 stays -5 (only text is touched).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) neutralised; numbers stay numbers."""
    safe = frame.copy()
    safe.columns = [neutralise_formula(str(column)) for column in safe.columns]
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        safe[column] = series.map(neutralise_formula).astype(object)
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel shows accents), comma separated, `.` decimals, no index."""
    return neutralise_frame(frame).to_csv(index=False).encode("utf-8-sig")
