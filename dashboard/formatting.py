"""Formatting for the dashboard: KPI values by unit, on the shared Belgian formats of pipelines/formatting.py.

Dutch (nl-BE): `1.234,5`, `14/03/2022`, `87,5 %`. English: `1,234.5`, `2022-03-14`, `87.5%`.
No Streamlit here, so everything is unit-tested on its own.
"""

from __future__ import annotations

import datetime as dt

from pipelines.formatting import (  # noqa: F401 - the dashboard's formats are imported from here
    MISSING,
    PERCENT_UNITS,
    as_date,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_period,
    is_missing,
    unit_label,
)

COUNT_UNITS = {"count", "n", "number", "aantal", "people", "persons", "organisations", "events"}


def format_value(value: float | None, unit: str | None, lang: str = "nl") -> str:
    """Format a KPI value by its unit: percentages with one decimal, counts whole, others with their unit."""
    if is_missing(value):
        return MISSING
    unit_key = (unit or "").strip().lower()
    if unit_key in PERCENT_UNITS:
        return format_percent(value, lang)
    if not unit_key or unit_key in COUNT_UNITS:
        return format_number(value, lang, 0 if abs(float(value)) >= 1000 else None)  # type: ignore[arg-type]
    suffix = unit_label(unit, lang)
    # money in whole euros; from 1.000 on no decimals (285.579 kg, not 285.578,5 kg)
    whole = suffix == "€" or abs(float(value)) >= 1000  # type: ignore[arg-type]
    text = format_number(value, lang, 0 if whole else None)
    if suffix == "€":
        return f"€ {text}" if lang == "nl" else f"€{text}"
    return f"{text} {suffix}"


def is_count_unit(unit: str | None) -> bool:
    return (unit or "").strip().lower() in COUNT_UNITS


def days_since(value: object, today: dt.date) -> int | None:
    """Whole calendar days from a date or timestamp to `today` (None when missing)."""
    day = as_date(value)
    return None if day is None else (today - day).days


def per_10k(value: float | None, population: float | None) -> float | None:
    """Value per 10,000 inhabitants; None when either is missing or the population is not positive."""
    if is_missing(value) or is_missing(population):
        return None
    inhabitants = float(population)  # type: ignore[arg-type]
    if inhabitants <= 0:
        return None
    return float(value) / inhabitants * 10_000  # type: ignore[arg-type]
