"""Numbers, dates and period labels for people, written once: Belgian in Dutch, plain in English.

Dutch (nl-BE): `1.234,5`, `14/03/2022`, `87,5 %`, `mrt 2022`, `K4 2022`. English: `1,234.5`, `2022-03-14`, `87.5%`,
`Mar 2022`, `Q4 2022`. The dashboard (dashboard/formatting.py) and the funder report (pipelines/reports/formatting.py)
build their KPI-value formats on these; no Streamlit here, so the pipeline layer can use it.
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

MISSING = "–"  # en dash: no value for this cell

PERCENT_UNITS = {"pct", "percent", "percentage", "%"}

_MONTHS = {
    "nl": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}

UNIT_LABELS = {
    "nl": {"count": "aantal", "pct": "%", "hours": "uur", "h": "uur", "kg": "kg", "eur": "€", "days": "dagen",
           "fte": "VTE", "kg_co2e": "kg CO₂e", "product_years": "productjaren", "per_10k": "per 10.000 inwoners",
           "per_10k_inhabitants": "per 10.000 inwoners"},
    "en": {"count": "number", "pct": "%", "hours": "hours", "h": "hours", "kg": "kg", "eur": "€", "days": "days",
           "fte": "FTE", "kg_co2e": "kg CO₂e", "product_years": "product years", "per_10k": "per 10,000 inhabitants",
           "per_10k_inhabitants": "per 10,000 inhabitants"},
}


def unit_label(unit: str | None, lang: str = "nl") -> str:
    """A unit code as people read it ('hours' -> 'uur'); an unknown code is shown as it is."""
    key = (unit or "").strip().lower()
    return UNIT_LABELS.get(lang, UNIT_LABELS["en"]).get(key, unit or "")


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
    text = f"{number:,.{decimals}f}"  # English grouping: 1,234.5
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no '-0'
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_percent(value: object, lang: str = "nl", decimals: int = 1) -> str:
    """87.5 -> '87,5 %' (nl, with a space as Belgian usage has it) or '87.5%' (en)."""
    if is_missing(value):
        return MISSING
    text = format_number(value, lang, decimals)
    return f"{text} %" if lang == "nl" else f"{text}%"


def as_datetime(value: object) -> dt.datetime | dt.date | None:
    """A date or datetime from a date, datetime, pandas Timestamp or ISO text (None when missing or unreadable)."""
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime()  # type: ignore[union-attr]
    text = str(value).strip()
    for parse in (dt.datetime.fromisoformat, dt.date.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def as_date(value: object) -> dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO text (None when missing)."""
    moment = as_datetime(value)
    if moment is None:
        return None
    return moment.date() if isinstance(moment, dt.datetime) else moment


def local_zone() -> dt.tzinfo:
    """Belgian time (Europe/Brussels), in which people read every time; the machine's zone without tz data."""
    try:
        return ZoneInfo("Europe/Brussels")
    except (ZoneInfoNotFoundError, ValueError):  # pragma: no cover - no time-zone database
        return dt.datetime.now().astimezone().tzinfo or dt.UTC


def local_now() -> dt.datetime:
    """Now, as Belgian wall-clock time without a zone, to the second: the one clock for every time the platform
    records and shows (snapshots, deliveries, reports, run status, audit log), whatever the server's zone."""
    return dt.datetime.now(local_zone()).replace(microsecond=0, tzinfo=None)


def format_date(value: object, lang: str = "nl") -> str:
    """date(2022, 3, 14) -> '14/03/2022' (nl) or '2022-03-14' (en). Accepts dates, datetimes and ISO text."""
    day = as_date(value)
    if day is None:
        return MISSING
    return day.strftime("%d/%m/%Y") if lang == "nl" else day.isoformat()


def format_datetime(value: object, lang: str = "nl") -> str:
    """datetime(2022, 3, 14, 9, 5) -> '14/03/2022 09:05' (nl) or '2022-03-14 09:05' (en); a time with an offset is
    shown in Belgian time."""
    moment = as_datetime(value)
    if moment is None:
        return MISSING
    if not isinstance(moment, dt.datetime):
        return format_date(moment, lang)
    if moment.tzinfo is not None:
        moment = moment.astimezone(local_zone())
    return f"{format_date(moment, lang)} {moment:%H:%M}"


def format_period(label: str, lang: str = "nl") -> str:
    """Period labels for people: '2022-03' -> 'mrt 2022', '2022-Q1' -> 'K1 2022' (nl) / 'Q1 2022' (en),
    '2022-S1' -> 'S1 2022' (the funder's reporting semester), '2022' -> '2022', 'project' -> 'hele project' /
    'whole project'."""
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
