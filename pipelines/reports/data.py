"""Reading the serving snapshot for a report: read-only, only the documented tables, a missing table is None."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    # Set when the report's rows were read in SQL (see `load_snapshot`): marts.kpi_values of the report's periods
    # (and every headline row) aligned with its published values, as `content._from_snapshot` aligns the whole
    # tables; `first_units` is each KPI's unit in the first row of the whole kpi_values table (order by all).
    published: pd.DataFrame | None = None
    first_units: dict[str, object] | None = None

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def has(self, name: str) -> bool:
        return self.tables.get(name) is not None


# Large tables: read in full only for the input hash, one at a time; the report itself reads its period's rows.
VALUES, PUBLISHED = "marts.kpi_values", "marts.kpi_values_published"
KEYS = ("kpi", "period", "municipality", "chain", "breakdown")
PUBLISHED_COLUMNS = ("value", "suppressed", "suppression", "display")

# input hashes of the snapshot files read in this process (a serving file is replaced, never rewritten in place)
_HASHES: dict[tuple, str] = {}
# the last snapshot read for a period (its rows of the large tables only), by serving file and period
_SNAPSHOTS: dict[tuple, Snapshot] = {}
HASH_CACHE_FILE = ".input-hash-cache.json"  # in $KEET_HOME/reports: the same for the next process


def load_snapshot(path: Path, period: Period | None = None) -> Snapshot:
    """Every report table from the serving file (read-only). Absent tables are None; rows in a stable order.

    With `period`, and a published table that lines up with kpi_values row for row (checked in SQL), only the rows
    the report of that period reads are fetched (`Snapshot.published`); the input hash still covers every table
    in full (computed once per serving file and kept, see `_input_hash`).
    """
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, period)
    if period is not None and key in _SNAPSHOTS:  # the PDF and then the XLSX of one period
        return _SNAPSHOTS[key]
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
        names = [name for name in (*TABLES, *([factor_table] if factor_table else [])) if name in present]
        aligned = period is not None and _aligned(con, present)
        tables: dict[str, pd.DataFrame | None] = dict.fromkeys((*TABLES, *([factor_table] if factor_table else [])))
        for name in names:
            if aligned and name in (VALUES, PUBLISHED):
                continue
            tables[name] = _read(con, name)
        meta: dict[str, object] = {}
        snapshot = tables.get("meta.snapshot")
        if snapshot is not None and not snapshot.empty:
            meta = {k: _plain(v) for k, v in snapshot.iloc[0].to_dict().items()}
        published = first_units = None
        if aligned:
            published, first_units = _report_rows(con, period)  # type: ignore[arg-type]
            tables[VALUES] = tables[PUBLISHED] = published
        input_hash = _input_hash(con, path, sorted(names), tables, meta, partial=aligned)
    finally:
        con.close()
    snap = Snapshot(path=path, tables=tables, factor_table=factor_table, meta=meta, input_hash=input_hash,
                    published=published, first_units=first_units)
    if period is not None:
        _SNAPSHOTS.clear()
        _SNAPSHOTS[key] = snap
    return snap


def _read(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    schema, table = name.split(".")
    return con.execute(f'select * from "{schema}"."{table}" order by all').df()


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    schema, table = name.split(".")
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]).fetchall()]


def _aligned(con: duckdb.DuckDBPyConnection, present: set[str]) -> bool:
    """True when `content._from_snapshot` would use the published table: it has a row for every kpi_values row
    (breakdown NULL read as ''), the keys are unique on both sides, the counts are equal and `suppressed` is set.
    Any doubt (a NULL key, a missing column) answers False and the report reads the whole tables as before."""
    if VALUES not in present or PUBLISHED not in present:
        return False
    values, published = set(_columns(con, VALUES)), set(_columns(con, PUBLISHED))
    if not ({*KEYS, "value"} <= values and {*KEYS, *PUBLISHED_COLUMNS} <= published):
        return False
    on = " and ".join(f"v.{k} = p.{k}" for k in KEYS if k != "breakdown")
    keys = ", ".join(KEYS)
    row = con.execute(f"""
        with v as (select {", ".join(k for k in KEYS if k != "breakdown")}, coalesce(breakdown, '') as breakdown
                   from marts.kpi_values)
        select (select count(*) from v), (select count(*) from marts.kpi_values_published),
               (select count(*) from (select distinct {keys} from v)),
               (select count(*) from (select distinct {keys} from marts.kpi_values_published)),
               (select count(*) from v join marts.kpi_values_published p on {on} and v.breakdown = p.breakdown
                where p.suppressed is not null),
               (select count(*) from v where {" or ".join(f"{k} is null" for k in KEYS)})
    """).fetchone()
    n_values, n_published, distinct_values, distinct_published, matched, null_keys = row
    return (n_values == n_published == distinct_values == distinct_published == matched) and null_keys == 0


def _report_rows(con: duckdb.DuckDBPyConnection, period: Period) -> tuple[pd.DataFrame, dict[str, object]]:
    """kpi_values of the report's periods plus every headline row (whole region, all chains, no breakdown: the
    progress table's people counts are checked against them), with the published value, in the order of the
    whole table; and each KPI's unit in its first row of the whole table."""
    columns = _columns(con, VALUES)
    wanted = sorted({period.label, *months_of(period)} if period.kind != "month" else {period.label})
    select = ", ".join(
        "coalesce(v.breakdown, '') as breakdown" if c == "breakdown" else f"v.{c}" for c in columns if c != "value")
    on = " and ".join(f"v.{k} = p.{k}" for k in KEYS if k != "breakdown")
    order = ", ".join(f"v.{c}" for c in columns)
    frame = con.execute(f"""
        select {select}, {", ".join(f"p.{c}" for c in PUBLISHED_COLUMNS)}
        from marts.kpi_values v join marts.kpi_values_published p
          on {on} and coalesce(v.breakdown, '') = p.breakdown
        where v.period in ({", ".join("?" for _ in wanted)})
           or (v.municipality = 'all' and v.chain = 'all' and coalesce(v.breakdown, '') = '')
        order by {order}
    """, wanted).df()
    frame["suppressed"] = frame["suppressed"].astype(bool)
    first_units: dict[str, object] = {}
    if "unit" in columns:
        first_units = dict(con.execute(f"""
            select kpi, unit from marts.kpi_values
            qualify row_number() over (partition by kpi order by {", ".join(columns)}) = 1
        """).fetchall())
    return frame, first_units


def _file_key(path: Path, meta: dict[str, object], names: list[str]) -> tuple:
    stat = path.stat()
    return (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
            str(meta.get("warehouse_sha256")), str(meta.get("snapshot_created_at")), tuple(names))


def _input_hash(con: duckdb.DuckDBPyConnection, path: Path, names: list[str],
                tables: dict[str, pd.DataFrame | None], meta: dict[str, object], *, partial: bool) -> str:
    """SHA-256 over the name and CSV text of every table read, in name order, each table in full.

    The same serving file (path, inode, size, modification time and snapshot hash) gives the same hash, so it is
    kept in memory and in $KEET_HOME/reports; a table held only in part is read in full here, one at a time."""
    key = _file_key(path, meta, names)
    if key in _HASHES:
        return _HASHES[key]
    cached = _read_hash_cache().get(repr(key))
    if cached:
        _HASHES[key] = cached
        return cached
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode())
        if partial and name in (VALUES, PUBLISHED):
            text = _arrow_csv(con, name)
            digest.update((text if text is not None else _read(con, name).to_csv(index=False)).encode())
        else:
            digest.update(tables[name].to_csv(index=False).encode())  # type: ignore[union-attr]
    _HASHES.clear()
    _HASHES[key] = digest.hexdigest()
    _write_hash_cache(repr(key), _HASHES[key])
    return _HASHES[key]


NEEDS_QUOTES = '[,"\r\n]'  # the csv module (QUOTE_MINIMAL, as pandas writes) quotes a field holding one of these


def _arrow_csv(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """`_read(con, name).to_csv(index=False)`, the same text, built column-wise with Arrow (5x faster on kpi_values).

    Only for what it writes exactly as pandas does: text, float and boolean columns (no NULL booleans), at least
    two columns, no name or text value the csv module would quote; anything else returns None (use pandas).
    Floats are formatted with numpy's `astype(str)` as pandas does, NULL and NaN as ''."""
    schema, table = name.split(".")
    data = con.sql(f'select * from "{schema}"."{table}" order by all').to_arrow_table()
    if data.num_columns < 2 or data.num_rows == 0 or any(re.search(NEEDS_QUOTES, c) for c in data.column_names):
        return None
    columns = []
    for column in data.columns:
        kind = column.type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            column = pc.fill_null(column.cast(pa.string()), "")
            if pc.any(pc.match_substring_regex(column, NEEDS_QUOTES)).as_py():
                return None
            columns.append(column)
        elif pa.types.is_floating(kind) and kind.bit_width == 64:
            numbers = column.to_numpy(zero_copy_only=False)
            text = numbers.astype(str).astype(object)
            text[np.isnan(numbers)] = ""
            columns.append(pa.array(text, pa.string()))
        elif pa.types.is_boolean(kind) and column.null_count == 0:
            columns.append(pa.array(column.to_numpy(zero_copy_only=False).astype(str), pa.string()))
        else:
            return None
    lines = pc.binary_join_element_wise(*columns, ",").to_numpy(zero_copy_only=False).tolist()
    return os.linesep.join([",".join(data.column_names), *lines, ""])


def _hash_cache_path() -> Path:
    return settings.keet_home() / "reports" / HASH_CACHE_FILE


def _read_hash_cache() -> dict[str, str]:
    try:
        data = json.loads(_hash_cache_path().read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_hash_cache(key: str, value: str) -> None:
    """Best effort (a read-only home only costs the next process the hash); the last few serving files."""
    try:
        path = _hash_cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        entries = {k: v for k, v in _read_hash_cache().items() if k != key}
        entries = dict(list(entries.items())[-7:])
        entries[key] = value
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entries, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


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
