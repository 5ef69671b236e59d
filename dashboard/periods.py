"""Period labels as used in `marts.kpi_values` (pure functions, unit-tested).

month `2022-03`, quarter `2022-Q1`, semester `2022-S1`, year `2022`, and `project`.
"""

from __future__ import annotations

import datetime as dt

PERIOD_TYPES = ("month", "quarter", "semester", "year", "project")


def period_label(day: dt.date, period_type: str) -> str:
    """The label of the period of `period_type` that contains `day`."""
    if period_type == "month":
        return f"{day.year}-{day.month:02d}"
    if period_type == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if period_type == "semester":
        return f"{day.year}-S{1 if day.month <= 6 else 2}"
    if period_type == "year":
        return str(day.year)
    if period_type == "project":
        return "project"
    raise ValueError(f"unknown period type: {period_type}")


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months = []
    current = dt.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def period_labels(period_type: str, start: dt.date, end: dt.date) -> list[str]:
    """All labels of `period_type` that overlap [start, end], in time order."""
    if period_type == "project":
        return ["project"]
    labels: list[str] = []
    for month in _month_starts(start, end):
        label = period_label(month, period_type)
        if label not in labels:
            labels.append(label)
    return labels


def period_bounds(label: str, project_start: dt.date, project_end: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of a period label ('project' -> the project period)."""
    if label == "project":
        return project_start, project_end
    if label.isdigit():
        year = int(label)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    year_text, rest = label.split("-")
    year = int(year_text)
    if rest.startswith("Q"):
        first_month = (int(rest[1:]) - 1) * 3 + 1
        last_month = first_month + 2
    elif rest.startswith("S"):
        first_month = 1 if rest == "S1" else 7
        last_month = first_month + 5
    else:
        first_month = last_month = int(rest)
    next_month = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return dt.date(year, first_month, 1), next_month - dt.timedelta(days=1)


def period_months(label: str, project_start: dt.date, project_end: dt.date) -> list[str]:
    """The month labels ('YYYY-MM') inside a period, in order."""
    start, end = period_bounds(label, project_start, project_end)
    return period_labels("month", start, end)


def trend_months(
    label: str,
    project_start: dt.date,
    project_end: dt.date,
    data_first: str | None = None,
    data_last: str | None = None,
) -> list[str]:
    """Months for a trend chart of `label`; for 'project' widened to the first and last month with data."""
    months = period_months(label, project_start, project_end)
    if label != "project" or not data_first or not data_last:
        return months
    start = period_bounds(min(months[0], data_first), project_start, project_end)[0]
    end = period_bounds(max(months[-1], data_last), project_start, project_end)[1]
    return period_labels("month", start, end)


def sort_key(label: str) -> tuple[int, str]:
    """Time order for mixed labels; 'project' last."""
    return (1, "") if label == "project" else (0, label)


def default_period(labels: list[str], cutoff: dt.date | None, period_type: str) -> str | None:
    """The period that holds the cut-off date when offered, else the latest one before it, else the last."""
    if not labels:
        return None
    if cutoff is None:
        return labels[-1]
    current = period_label(cutoff, period_type)
    if current in labels:
        return current
    earlier = [label for label in labels if sort_key(label) <= sort_key(current)]
    return earlier[-1] if earlier else labels[-1]
