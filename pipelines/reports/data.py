"""Reading the serving snapshot for a report: read-only, only the documented tables, a missing table is None."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines import settings
from pipelines.serving import open_serving

# The tables a report reads (docs/architecture.md); the optional ones may be absent from an older snapshot.
TABLES: tuple[str, ...] = (
    "marts.kpi_values",
    "marts.kpi_definitions",
    "marts.dim_municipalities",
    "marts.fct_deliveries",
    "marts.fct_quarantine",
    "marts.kpi_progress",
    "marts.fct_unresolved_references",
    "marts.dim_chains",
    "meta.snapshot",
    "marts.kpi_values_published",
    "meta.publication",
)
FACTOR_TABLE_HINT = "co2e_factor"  # any marts table whose name contains this is read as the CO2e factor table


@dataclass(frozen=True)
class Period:
    label: str
    kind: str  # month | quarter | semester | year | project
    start: dt.date
    end: dt.date


def parse_period(label: str) -> Period:
    """'2022-Q4', '2022-S2', '2022', '2022-03' or 'project' -> Period; anything else raises ValueError."""
    label = str(label).strip()
    if label == "project":
        return Period(label, "project", settings.PROJECT_START, settings.PROJECT_END)
    if re.fullmatch(r"\d{4}", label):
        year = int(label)
        return Period(label, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    match = re.fullmatch(r"(\d{4})-Q([1-4])", label)
    if match:
        year, quarter = int(match[1]), int(match[2])
        return Period(label, "quarter", dt.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
    match = re.fullmatch(r"(\d{4})-S([12])", label)
    if match:
        year, half = int(match[1]), int(match[2])
        return Period(label, "semester", dt.date(year, 6 * half - 5, 1), _month_end(year, 6 * half))
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", label)
    if match:
        year, month = int(match[1]), int(match[2])
        return Period(label, "month", dt.date(year, month, 1), _month_end(year, month))
    raise ValueError(
        f"onbekende periode / unknown period {label!r}: use 2022-Q4, 2022-S2, 2022, 2022-03 or project"
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_of(period: Period) -> list[str]:
    """The month labels inside a period, in order."""
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(f"{day:%Y-%m}")
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


@dataclass
class Snapshot:
    path: Path
    tables: dict[str, pd.DataFrame | None]
    factor_table: str | None
    meta: dict[str, object] = field(default_factory=dict)
    input_hash: str = ""

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def has(self, name: str) -> bool:
        return self.tables.get(name) is not None


def load_snapshot(path: Path) -> Snapshot:
    """Every report table from the serving file (read-only). Absent tables are None; rows in a stable order."""
    path = Path(path)
    con = open_serving(path)
    try:
        present = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        factor_table = next(
            (name for name in sorted(present) if name.startswith("marts.") and FACTOR_TABLE_HINT in name), None
        )
        tables: dict[str, pd.DataFrame | None] = {}
        for name in (*TABLES, *([factor_table] if factor_table else [])):
            if name not in present:
                tables[name] = None
                continue
            schema, table = name.split(".")
            tables[name] = con.execute(f'select * from "{schema}"."{table}" order by all').df()
    finally:
        con.close()
    meta: dict[str, object] = {}
    snapshot = tables.get("meta.snapshot")
    if snapshot is not None and not snapshot.empty:
        meta = {k: _plain(v) for k, v in snapshot.iloc[0].to_dict().items()}
    digest = hashlib.sha256()
    for name in sorted(n for n, frame in tables.items() if frame is not None):
        digest.update(name.encode())
        digest.update(tables[name].to_csv(index=False).encode())  # type: ignore[union-attr]
    return Snapshot(path=path, tables=tables, factor_table=factor_table, meta=meta, input_hash=digest.hexdigest())


def _plain(value: object) -> object:
    if value is None:
        return None
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()  # type: ignore[union-attr]
    return value
