"""Pure formatting helpers: numbers, dates and period labels, the Belgian way in Dutch.

Dutch (nl-BE): `1.234,5`, `14/03/2022`, `87,5 %`. English: `1,234.5`, `2022-03-14`, `87.5%`.
No Streamlit here, so everything is unit-tested on its own.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

MISSING = "–"  # en dash: shown wherever a value is missing

PERCENT_UNITS = {"pct", "percent", "percentage", "%"}
COUNT_UNITS = {"count", "n", "number", "aantal", "people", "persons", "organisations", "events"}

_MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_UNIT_SUFFIX = {
    "nl": {
        "hours": "uur",
        "h": "uur",
        "kg": "kg",
        "eur": "€",
        "days": "dagen",
        "fte": "VTE",
        "kg_co2e": "kg CO₂e",
        "product_years": "productjaren",
        "per_10k_inhabitants": "per 10.000 inwoners",
    },
    "en": {
        "hours": "hours",
        "h": "hours",
        "kg": "kg",
        "eur": "€",
        "days": "days",
        "fte": "FTE",
        "kg_co2e": "kg CO₂e",
        "product_years": "product years",
        "per_10k_inhabitants": "per 10,000 inhabitants",
    },
}


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA count as missing."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def format_number(value: float | None, lang: str = "nl", decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5' (nl) or '1,234.5' (en).

    `decimals=None`: whole numbers without decimals, anything else with one decimal.
    """
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return MISSING
    if decimals is None:
        decimals = 0 if number == round(number) else 1
    text = f"{number:,.{decimals}f}"  # English grouping: 1,234.5
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no '-0'
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """87.5 -> '87,5 %' (nl, with a space as Belgian usage has it) or '87.5%' (en)."""
    if is_missing(value):
        return MISSING
    text = format_number(value, lang, decimals)
    return f"{text} %" if lang == "nl" else f"{text}%"


def format_value(value: float | None, unit: str | None, lang: str = "nl") -> str:
    """Format a KPI value by its unit: percentages with one decimal, counts whole, others with their unit."""
    if is_missing(value):
        return MISSING
    unit_key = (unit or "").strip().lower()
    if unit_key in PERCENT_UNITS:
        return format_percent(value, lang)
    if not unit_key or unit_key in COUNT_UNITS:
        return format_number(value, lang, 0 if abs(float(value)) >= 1000 else None)  # type: ignore[arg-type]
    suffix = _UNIT_SUFFIX.get(lang, _UNIT_SUFFIX["en"]).get(unit_key, unit or "")
    # money in whole euros; from 1.000 on no decimals (285.579 kg, not 285.578,5 kg)
    whole = suffix == "€" or abs(float(value)) >= 1000  # type: ignore[arg-type]
    text = format_number(value, lang, 0 if whole else None)
    if suffix == "€":
        return f"€ {text}" if lang == "nl" else f"€{text}"
    return f"{text} {suffix}"


def is_count_unit(unit: str | None) -> bool:
    return (unit or "").strip().lower() in COUNT_UNITS


def _as_datetime(value: object) -> dt.datetime | dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime()  # type: ignore[union-attr]
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None


def _local_zone() -> dt.tzinfo:
    try:
        return ZoneInfo("Europe/Brussels")
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - no time-zone database
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


def format_date(value: object, lang: str = "nl") -> str:
    """date(2022, 3, 14) -> '14/03/2022' (nl) or '2022-03-14' (en). Accepts dates, datetimes and ISO text."""
    parsed = _as_datetime(value)
    if parsed is None:
        return MISSING
    day = parsed.date() if isinstance(parsed, dt.datetime) else parsed
    return day.strftime("%d/%m/%Y") if lang == "nl" else day.isoformat()


def format_datetime(value: object, lang: str = "nl") -> str:
    """datetime(2022, 3, 14, 9, 5) -> '14/03/2022 09:05' (nl) or '2022-03-14 09:05' (en)."""
    parsed = _as_datetime(value)
    if parsed is None:
        return MISSING
    if not isinstance(parsed, dt.datetime):
        return format_date(parsed, lang)
    if parsed.tzinfo is not None:  # an ISO time with an offset: show it as local (Belgian) time
        parsed = parsed.astimezone(_local_zone())
    return f"{format_date(parsed, lang)} {parsed:%H:%M}"


def format_period(label: str, lang: str = "nl") -> str:
    """Period labels for people: '2022-03' -> 'mrt 2022', '2022-Q1' -> 'K1 2022' (nl) / 'Q1 2022' (en),
    '2022-S1' -> 'S1 2022' (the funder's reporting semester), 'project' -> 'hele project' / 'whole project'."""
    if label == "project":
        return "hele project" if lang == "nl" else "whole project"
    parts = label.split("-")
    if len(parts) == 1 and label.isdigit():
        return label
    if len(parts) == 2:
        year, rest = parts
        if rest.isdigit() and 1 <= int(rest) <= 12:
            return f"{_MONTHS.get(lang, _MONTHS['en'])[int(rest) - 1]} {year}"
        if rest.startswith("Q"):
            return f"{'K' if lang == 'nl' else 'Q'}{rest[1:]} {year}"
        if rest.startswith("S"):
            return f"S{rest[1:]} {year}"
    return label


def as_date(value: object) -> dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO text (None when missing)."""
    parsed = _as_datetime(value)
    if parsed is None:
        return None
    return parsed.date() if isinstance(parsed, dt.datetime) else parsed


def days_since(value: object, today: dt.date) -> int | None:
    """Whole calendar days from a date or timestamp to `today` (None when missing)."""
    parsed = _as_datetime(value)
    if parsed is None:
        return None
    day = parsed.date() if isinstance(parsed, dt.datetime) else parsed
    return (today - day).days


def per_10k(value: float | None, population: float | None) -> float | None:
    """Value per 10,000 inhabitants; None when either is missing or the population is not positive."""
    if is_missing(value) or is_missing(population):
        return None
    inhabitants = float(population)  # type: ignore[arg-type]
    if inhabitants <= 0:
        return None
    return float(value) / inhabitants * 10_000  # type: ignore[arg-type]
