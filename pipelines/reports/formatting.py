"""Number, date and period formatting for the reports: Belgian in Dutch (1.234,5 · 14/03/2022), plain in English.

Kept free of Streamlit and the dashboard so the pipeline layer does not import the presentation layer; it follows the
same conventions as dashboard/formatting.py.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

MISSING = "–"  # en dash: no value for this cell

PERCENT_UNITS = {"pct", "percent", "percentage", "%"}
COUNT_UNITS = {"count", "n", "number", "aantal", "people", "persons", "organisations", "events", ""}

_MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
UNIT_LABELS = {
    "nl": {"count": "aantal", "pct": "%", "hours": "uur", "kg": "kg", "eur": "€", "days": "dagen", "fte": "VTE",
           "kg_co2e": "kg CO₂e", "product_years": "productjaren", "per_10k": "per 10.000 inwoners",
           "per_10k_inhabitants": "per 10.000 inwoners"},
    "en": {"count": "number", "pct": "%", "hours": "hours", "kg": "kg", "eur": "€", "days": "days", "fte": "FTE",
           "kg_co2e": "kg CO₂e", "product_years": "product years", "per_10k": "per 10,000 inhabitants",
           "per_10k_inhabitants": "per 10,000 inhabitants"},
}


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA count as missing."""
    if value is None:
        return True
    if isinstance(value, str | bytes | bool | int):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_number(value: object, lang: str = "nl", decimals: int | None = None) -> str:
    """1234.5 -> '1.234,5' (nl) or '1,234.5' (en). `decimals=None`: whole numbers bare, others with one decimal."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return MISSING
    if decimals is None:
        decimals = 0 if number == round(number) else 1
    text = f"{number:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(value: object, lang: str = "nl", decimals: int = 1) -> str:
    """87.5 -> '87,5 %' (nl) or '87.5%' (en)."""
    if is_missing(value):
        return MISSING
    text = format_number(value, lang, decimals)
    return f"{text} %" if lang == "nl" else f"{text}%"


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


def unit_label(unit: str | None, lang: str = "nl") -> str:
    key = (unit or "").strip().lower()
    return UNIT_LABELS.get(lang, UNIT_LABELS["en"]).get(key, unit or "")


def format_date(value: object, lang: str = "nl") -> str:
    """date(2022, 3, 14) -> '14/03/2022' (nl) or '2022-03-14' (en)."""
    day = as_date(value)
    if day is None:
        return MISSING
    return day.strftime("%d/%m/%Y") if lang == "nl" else day.isoformat()


def format_datetime(value: object, lang: str = "nl") -> str:
    """datetime(2022, 3, 14, 9, 5) -> '14/03/2022 09:05' (nl) or '2022-03-14 09:05' (en)."""
    moment = as_datetime(value)
    if moment is None:
        return MISSING
    if not isinstance(moment, dt.datetime):
        return format_date(moment, lang)
    return f"{format_date(moment, lang)} {moment:%H:%M}"


def format_period(label: str, lang: str = "nl") -> str:
    """'2022-03' -> 'mrt 2022', '2022-Q4' -> 'K4 2022' (nl) / 'Q4 2022' (en), 'project' -> 'hele project'."""
    if label == "project":
        return "hele project" if lang == "nl" else "whole project"
    parts = label.split("-")
    if len(parts) == 2:
        year, rest = parts
        if rest.isdigit() and 1 <= int(rest) <= 12:
            return f"{_MONTHS.get(lang, _MONTHS['en'])[int(rest) - 1]} {year}"
        if rest.startswith("Q"):
            return f"{'K' if lang == 'nl' else 'Q'}{rest[1:]} {year}"
        if rest.startswith("S"):
            return f"S{rest[1:]} {year}"
    return label


def as_datetime(value: object) -> dt.datetime | dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()  # type: ignore[union-attr]
    text = str(value).strip()
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def as_date(value: object) -> dt.date | None:
    moment = as_datetime(value)
    if moment is None:
        return None
    return moment.date() if isinstance(moment, dt.datetime) else moment
