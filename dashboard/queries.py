"""Every SQL statement of the dashboard, and the one read-only connection to the serving snapshot.

The dashboard opens only `pipelines.settings.serving_path()` (the copy the pipeline swaps in with `os.replace`),
never the warehouse. One read-only connection is cached per version of that file (its mtime and size); when the
file changes, the stale connection is closed before the new one is opened, because a new connection to a path
still sees the old file while any connection to it is open. Each query runs on its own cursor (connections are
not thread-safe, Streamlit sessions are threads) and is fetched fully into pandas. Results are cached per
snapshot version, so a new snapshot is picked up without a restart. Values always go in as parameters.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from pipelines import settings

log = logging.getLogger(__name__)

RESULT_TTL_SECONDS = 3600  # results of one snapshot version never change; the TTL only bounds memory

KPI_TABLES = ("marts.kpi_values", "marts.kpi_definitions", "marts.dim_municipalities")
QUALITY_TABLES = ("marts.fct_deliveries", "marts.fct_quarantine")


class SnapshotUnavailable(Exception):
    """The serving snapshot does not exist (yet), lacks a table or cannot be opened."""


class SnapshotChanged(Exception):
    """The serving file was replaced while a query ran; rerunning the page reads the new one."""


# --------------------------------------------------------------------------------------------- connection


def serving_file() -> Path:
    return settings.serving_path()


def snapshot_version() -> str | None:
    """Version of the serving file (mtime in ns and size), or None when there is no snapshot yet."""
    try:
        stat = serving_file().stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_mtime_ns}-{stat.st_size}"


_lock = threading.Lock()
_open_connections: dict[str, duckdb.DuckDBPyConnection] = {}


def _close_quietly(connection: duckdb.DuckDBPyConnection) -> None:
    try:
        connection.close()
    except duckdb.Error:  # pragma: no cover - closing twice or a broken file
        pass


@st.cache_resource(show_spinner=False, max_entries=4, on_release=_close_quietly)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    """The read-only connection for one version of the serving file (cached; the stale one is closed first)."""
    with _lock:
        stale = _open_connections.pop(path, None)
        if stale is not None:
            _close_quietly(stale)
        connection = duckdb.connect(
            path,
            read_only=True,
            config={"threads": settings.DUCKDB_THREADS, "memory_limit": settings.DUCKDB_MEMORY_LIMIT},
        )
        _open_connections[path] = connection
        log.info("opened serving snapshot %s (version %s)", path, version)
        return connection


def _query(version: str, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run one statement on a fresh cursor and fetch the whole result."""
    try:
        connection = _connection(str(serving_file()), version)
    except duckdb.Error as error:
        raise SnapshotUnavailable(str(error)) from error
    try:
        cursor = connection.cursor()
    except duckdb.ConnectionException as error:  # closed because a newer snapshot arrived meanwhile
        raise SnapshotChanged(str(error)) from error
    try:
        return cursor.execute(sql, list(params)).df()
    except duckdb.ConnectionException as error:
        raise SnapshotChanged(str(error)) from error
    except duckdb.Error as error:  # a missing table or column in an old snapshot, an unreadable file
        raise SnapshotUnavailable(str(error)) from error
    finally:
        try:
            cursor.close()
        except duckdb.Error:  # pragma: no cover
            pass


# --------------------------------------------------------------------------------------------- snapshot

SQL_TABLES = """
select table_schema || '.' || table_name as name
from information_schema.tables
where table_schema in ('marts', 'meta')
"""

SQL_SNAPSHOT = """
select snapshot_created_at, cutoff_date, code_version
from meta.snapshot
order by snapshot_created_at desc
limit 1
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def available_tables(version: str) -> frozenset[str]:
    return frozenset(_query(version, SQL_TABLES)["name"])


def missing_tables(version: str, required: Sequence[str]) -> list[str]:
    present = available_tables(version)
    return [name for name in required if name not in present]


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def snapshot_info(version: str) -> dict[str, object] | None:
    """Creation time, data cut-off and code version of the snapshot, or None in an old snapshot without it."""
    if missing_tables(version, ["meta.snapshot"]):
        return None
    frame = _query(version, SQL_SNAPSHOT)
    if frame.empty:
        return None
    row = frame.iloc[0]
    return {
        "snapshot_created_at": row["snapshot_created_at"],
        "cutoff_date": row["cutoff_date"],
        "code_version": row["code_version"],
    }


# --------------------------------------------------------------------------------------------- KPIs

SQL_DEFINITIONS = """
select kpi, family, name_nl, name_en, definition_nl, definition_en, unit, key_date, counts_people
from marts.kpi_definitions
order by family, kpi
"""

SQL_MUNICIPALITIES = """
select municipality, name_nl, population, population_year, in_region
from marts.dim_municipalities
order by name_nl
"""

SQL_PERIODS = """
select distinct period
from marts.kpi_values
where period_type = ?
order by period
"""

SQL_KPIS_WITH_DATA = """
select distinct kpi
from marts.kpi_values
order by kpi
"""

SQL_CELL = """
select kpi, value, unit
from marts.kpi_values
where period_type = ? and period = ? and municipality = ? and chain = ? and breakdown = ''
"""

SQL_MONTHLY = """
select period, value, unit
from marts.kpi_values
where kpi = ? and period_type = 'month' and period between ? and ?
  and municipality = ? and chain = ? and breakdown = ''
order by period
"""

SQL_DATA_MONTHS = """
select min(period) as first_month, max(period) as last_month
from marts.kpi_values
where kpi = ? and period_type = 'month' and municipality = ? and chain = ? and breakdown = ''
"""

SQL_BY_MUNICIPALITY = """
select
    m.municipality,
    m.name_nl,
    m.population,
    m.population_year,
    v.value
from marts.dim_municipalities as m
left join marts.kpi_values as v
    on v.municipality = m.municipality
    and v.kpi = ? and v.period_type = ? and v.period = ? and v.chain = ? and v.breakdown = ''
where m.in_region
order by m.name_nl
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_definitions(version: str) -> pd.DataFrame:
    return _query(version, SQL_DEFINITIONS)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def municipalities(version: str) -> pd.DataFrame:
    return _query(version, SQL_MUNICIPALITIES)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def periods_with_data(version: str, period_type: str) -> list[str]:
    return [str(p) for p in _query(version, SQL_PERIODS, [period_type])["period"]]


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpis_with_data(version: str) -> list[str]:
    return [str(k) for k in _query(version, SQL_KPIS_WITH_DATA)["kpi"]]


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_cell(version: str, period_type: str, period: str, municipality: str, chain: str) -> pd.DataFrame:
    """Every KPI of one filter cell (no breakdown): kpi, value, unit."""
    return _query(version, SQL_CELL, [period_type, period, municipality, chain])


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_monthly(
    version: str, kpi: str, first_month: str, last_month: str, municipality: str, chain: str
) -> pd.DataFrame:
    """Monthly values of one KPI between two month labels (inclusive): period, value, unit."""
    return _query(version, SQL_MONTHLY, [kpi, first_month, last_month, municipality, chain])


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_data_months(version: str, kpi: str, municipality: str, chain: str) -> tuple[str | None, str | None]:
    frame = _query(version, SQL_DATA_MONTHS, [kpi, municipality, chain])
    first, last = frame.iloc[0]["first_month"], frame.iloc[0]["last_month"]
    return (None if pd.isna(first) else str(first), None if pd.isna(last) else str(last))


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_by_municipality(version: str, kpi: str, period_type: str, period: str, chain: str) -> pd.DataFrame:
    """One KPI for every municipality of the region, with population and its reference year."""
    return _query(version, SQL_BY_MUNICIPALITY, [kpi, period_type, period, chain])


# --------------------------------------------------------------------------------------------- data quality

SQL_DELIVERIES = """
select
    delivery_id, file_name, source, received_at, status, message_nl, message_en,
    record_type, rows_read, rows_loaded, rows_quarantined
from marts.fct_deliveries
order by received_at desc, delivery_id desc, record_type
"""

SQL_QUARANTINE = """
select delivery_id, file_name, record_type, row_number, column_name, value, reason_nl, reason_en, suggestion
from marts.fct_quarantine
order by delivery_id desc, record_type, row_number, column_name
"""

SQL_FRESHNESS = """
select
    record_type,
    max(received_at) as latest_received_at,
    max(received_at) filter (where rows_loaded > 0) as latest_loaded_at,
    count(distinct delivery_id) as deliveries
from marts.fct_deliveries
where record_type is not null and record_type <> ''
group by record_type
order by record_type
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def deliveries(version: str) -> pd.DataFrame:
    return _query(version, SQL_DELIVERIES)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def quarantine(version: str) -> pd.DataFrame:
    return _query(version, SQL_QUARANTINE)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def freshness(version: str) -> pd.DataFrame:
    return _query(version, SQL_FRESHNESS)
