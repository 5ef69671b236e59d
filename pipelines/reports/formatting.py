"""KPI values for the reports, on the shared Belgian formats of pipelines/formatting.py (1.234,5 · 14/03/2022 in
Dutch, plain in English). Kept free of Streamlit and the dashboard."""

from __future__ import annotations

from pipelines.formatting import (  # noqa: F401 - the report's formats are imported from here
    MISSING,
    PERCENT_UNITS,
    UNIT_LABELS,
    as_date,
    as_datetime,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_period,
    is_missing,
    unit_label,
)

COUNT_UNITS = {"count", "n", "number", "aantal", "people", "persons", "organisations", "events", ""}


def format_value(value: object, unit: str | None, lang: str = "nl", *, with_unit: bool = True) -> str:
    """A KPI value by its unit: percentages with one decimal, counts whole, amounts with their unit."""
    if is_missing(value):
        return MISSING
    key = (unit or "").strip().lower()
    if key in PERCENT_UNITS:
        return format_percent(value, lang)
    text = format_number(value, lang)
    if not with_unit or key in COUNT_UNITS:
        return text
    if key == "eur":
        return f"€ {text}" if lang == "nl" else f"€{text}"
    return f"{text} {unit_label(key, lang)}"
