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
from pipelines.serving import open_serving

log = logging.getLogger(__name__)

RESULT_TTL_SECONDS = 3600  # results of one snapshot version never change; the TTL only bounds memory

KPI_TABLES = ("marts.kpi_values", "marts.kpi_definitions", "marts.dim_municipalities")
QUALITY_TABLES = ("marts.fct_deliveries", "marts.fct_quarantine")
PROGRESS_TABLE = "marts.kpi_progress"
PREVIOUS_TABLE = "marts.kpi_values_previous"  # written by the publish step when a previous snapshot exists
INVITATIONS_TABLE = "marts.fct_intake_invitations"
UNRESOLVED_TABLE = "marts.fct_unresolved_references"
OUT_OF_PERIOD_TABLE = "marts.fct_out_of_period_records"
FACTORS_TABLE = "marts.dim_co2e_factors"


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
        connection = open_serving(Path(path))
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

# The KPI value queries read `<values>`: marts.kpi_values (exact, the project lead) or
# marts.kpi_values_published (the publication rules applied once per snapshot: partners and viewers). `<hidden>`
# is the suppression status ('' | 'primary' | 'secondary' | 'derived'), always '' for the exact table.
EXACT_VALUES = "marts.kpi_values"
PUBLISHED_VALUES = "marts.kpi_values_published"


def _values_sql(sql: str, published: bool) -> str:
    """The statement for one audience: `<values>` and `<hidden>` take one of two fixed texts, never a value."""
    table, hidden = (PUBLISHED_VALUES, "coalesce(suppression, '')") if published else (EXACT_VALUES, "''")
    return sql.replace("<values>", table).replace("<hidden>", hidden)


def kpi_tables(published: bool) -> tuple[str, ...]:
    """The tables a KPI page needs for this audience."""
    return (
        PUBLISHED_VALUES if published else EXACT_VALUES,
        "marts.kpi_definitions",
        "marts.dim_municipalities",
    )


SQL_CELL = """
select kpi, value, unit, <hidden> as suppression
from <values>
where period_type = ? and period = ? and municipality = ? and chain = ? and breakdown = ''
"""

SQL_MONTHLY = """
select period, value, unit, <hidden> as suppression
from <values>
where kpi = ? and period_type = 'month' and period between ? and ?
  and municipality = ? and chain = ? and breakdown = ''
order by period
"""

SQL_DATA_MONTHS = """
select min(period) as first_month, max(period) as last_month
from <values>
where kpi = ? and period_type = 'month' and municipality = ? and chain = ? and breakdown = ''
"""

SQL_BY_MUNICIPALITY = """
select
    m.municipality,
    m.name_nl,
    m.population,
    m.population_year,
    v.value,
    <hidden> as suppression
from marts.dim_municipalities as m
left join <values> as v
    on v.municipality = m.municipality
    and v.kpi = ? and v.period_type = ? and v.period = ? and v.chain = ? and v.breakdown = ''
where m.in_region
order by m.name_nl
"""


SQL_CELL_ROWS = """
select kpi, breakdown, value, unit, <hidden> as suppression
from <values>
where period_type = ? and period = ? and municipality = ? and chain = ?
order by kpi, breakdown
"""

SQL_KPIS_BY_MUNICIPALITY = """
select
    m.municipality,
    m.name_nl,
    m.population,
    m.population_year,
    m.in_region,
    v.kpi,
    v.value,
    <hidden> as suppression
from marts.dim_municipalities as m
left join <values> as v
    on v.municipality = m.municipality
    and list_contains(?, v.kpi) and v.period_type = ? and v.period = ? and v.chain = ? and v.breakdown = ''
order by m.in_region desc, m.name_nl, v.kpi
"""

SQL_KPIS_BY_CHAIN = """
select chain, kpi, value, unit, <hidden> as suppression
from <values>
where list_contains(?, kpi) and period_type = ? and period = ? and municipality = ? and breakdown = ''
  and chain <> 'all'
order by chain, kpi
"""

SQL_PROGRESS = """
select
    kpi, municipality, chain, value, target, pct_reached, expected_pct, cutoff_date,
    target_version, target_type, target_confirmed, target_source
from marts.kpi_progress
order by kpi, municipality, chain
"""

# Progress for partners and viewers: value and share reached are hidden where the published project cell is
# hidden (the published table has every row of the exact one, so a missing cell is a missing value).
SQL_PROGRESS_PUBLISHED = """
select
    p.kpi, p.municipality, p.chain,
    case when coalesce(v.suppressed, false) then null else p.value end as value,
    p.target,
    case when coalesce(v.suppressed, false) then null else p.pct_reached end as pct_reached,
    p.expected_pct, p.cutoff_date, p.target_version, p.target_type, p.target_confirmed, p.target_source,
    coalesce(v.suppression, '') as suppression
from marts.kpi_progress as p
left join marts.kpi_values_published as v
    on v.kpi = p.kpi and v.period_type = 'project' and v.period = 'project'
    and v.municipality = p.municipality and v.chain = p.chain and v.breakdown = ''
order by p.kpi, p.municipality, p.chain
"""

SQL_PREVIOUS_CELL = """
select kpi, value, unit
from marts.kpi_values_previous
where period_type = ? and period = ? and municipality = ? and chain = ? and breakdown = ''
"""

SQL_CO2E_FACTORS = """
select factor_id, version, chain, product_category, r_strategy, basis, unit, low, central, high, source,
    range_method, confirmed, note
from marts.dim_co2e_factors
where is_active
order by chain, product_category, r_strategy, factor_id
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_definitions(version: str) -> pd.DataFrame:
    return _query(version, SQL_DEFINITIONS)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_cell_rows(
    version: str, period_type: str, period: str, municipality: str, chain: str, published: bool = False
) -> pd.DataFrame:
    """Every KPI row of one filter cell, breakdown rows included: kpi, breakdown, value, unit, suppression."""
    return _query(version, _values_sql(SQL_CELL_ROWS, published), [period_type, period, municipality, chain])


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpis_by_municipality(
    version: str, kpis: tuple[str, ...], period_type: str, period: str, chain: str, published: bool = False
) -> pd.DataFrame:
    """Several KPIs (no breakdown) for every municipality of the dimension (region, outside, unassigned), long."""
    return _query(
        version, _values_sql(SQL_KPIS_BY_MUNICIPALITY, published), [list(kpis), period_type, period, chain]
    )


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpis_by_chain(
    version: str,
    kpis: tuple[str, ...],
    period_type: str,
    period: str,
    municipality: str,
    published: bool = False,
) -> pd.DataFrame:
    """Several KPIs (no breakdown) for every chain with data (not 'all'), long: chain, kpi, value, unit,
    suppression."""
    return _query(
        version, _values_sql(SQL_KPIS_BY_CHAIN, published), [list(kpis), period_type, period, municipality]
    )


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_progress(version: str, published: bool = False) -> pd.DataFrame:
    """Value against target per KPI (and optionally per municipality or chain), with the expected progress."""
    if published:
        return _query(version, SQL_PROGRESS_PUBLISHED)
    return _query(version, SQL_PROGRESS).assign(suppression="")


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def previous_cell(version: str, period_type: str, period: str, municipality: str, chain: str) -> pd.DataFrame:
    """The same filter cell in the previous snapshot (`marts.kpi_values_previous`; check it is present)."""
    return _query(version, SQL_PREVIOUS_CELL, [period_type, period, municipality, chain])


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def co2e_factors(version: str) -> pd.DataFrame:
    return _query(version, SQL_CO2E_FACTORS)


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
def kpi_cell(
    version: str, period_type: str, period: str, municipality: str, chain: str, published: bool = False
) -> pd.DataFrame:
    """Every KPI of one filter cell (no breakdown): kpi, value, unit, suppression."""
    return _query(version, _values_sql(SQL_CELL, published), [period_type, period, municipality, chain])


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_monthly(
    version: str,
    kpi: str,
    first_month: str,
    last_month: str,
    municipality: str,
    chain: str,
    published: bool = False,
) -> pd.DataFrame:
    """Monthly values of one KPI between two month labels (inclusive): period, value, unit, suppression."""
    return _query(
        version, _values_sql(SQL_MONTHLY, published), [kpi, first_month, last_month, municipality, chain]
    )


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_data_months(
    version: str, kpi: str, municipality: str, chain: str, published: bool = False
) -> tuple[str | None, str | None]:
    frame = _query(version, _values_sql(SQL_DATA_MONTHS, published), [kpi, municipality, chain])
    first, last = frame.iloc[0]["first_month"], frame.iloc[0]["last_month"]
    return (None if pd.isna(first) else str(first), None if pd.isna(last) else str(last))


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def kpi_by_municipality(
    version: str, kpi: str, period_type: str, period: str, chain: str, published: bool = False
) -> pd.DataFrame:
    """One KPI for every municipality of the region, with population and its reference year."""
    return _query(version, _values_sql(SQL_BY_MUNICIPALITY, published), [kpi, period_type, period, chain])


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


SQL_UNRESOLVED = """
select
    r.record_type, r.record_id, r.column_name, r.referenced_id, r.referenced_type, r.reason,
    r.reason_nl, r.reason_en, r.delivery_id, r.file_name, r.row_number, d.source
from marts.fct_unresolved_references as r
left join (select distinct delivery_id, source from marts.fct_deliveries) as d using (delivery_id)
order by r.delivery_id desc, r.record_type, r.row_number, r.column_name
"""

SQL_OUT_OF_PERIOD = """
select
    o.record_type, o.record_id, o.date_column, o.date_value, o.flag, o.reason_nl, o.reason_en,
    o.delivery_id, o.file_name, o.row_number, d.source
from marts.fct_out_of_period_records as o
left join (select distinct delivery_id, source from marts.fct_deliveries) as d using (delivery_id)
order by o.delivery_id desc, o.record_type, o.row_number
"""

# One row per source (the partner who delivered): its files and rows, rejected rows, unresolved references
# and out-of-period records in its files, and its latest delivery. The two optional tables are counted by the
# statements below (an old snapshot may lack them).
SQL_SCORECARD = """
select
    coalesce(nullif(trim(source), ''), '?') as source,
    count(distinct delivery_id) as files,
    count(distinct delivery_id) filter (where status = 'rejected') as files_rejected,
    coalesce(sum(rows_read), 0) as rows_read,
    coalesce(sum(rows_loaded), 0) as rows_loaded,
    coalesce(sum(rows_quarantined), 0) as rows_quarantined,
    max(received_at) as latest_received_at
from marts.fct_deliveries
group by 1
order by 1
"""

SQL_UNRESOLVED_BY_SOURCE = """
select coalesce(nullif(trim(d.source), ''), '?') as source, count(*) as unresolved_references
from marts.fct_unresolved_references as r
join (select distinct delivery_id, source from marts.fct_deliveries) as d using (delivery_id)
group by 1
"""

SQL_OUT_OF_PERIOD_BY_SOURCE = """
select coalesce(nullif(trim(d.source), ''), '?') as source, count(*) as out_of_period
from marts.fct_out_of_period_records as o
join (select distinct delivery_id, source from marts.fct_deliveries) as d using (delivery_id)
group by 1
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def unresolved_references(version: str) -> pd.DataFrame:
    return _query(version, SQL_UNRESOLVED)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def out_of_period(version: str) -> pd.DataFrame:
    return _query(version, SQL_OUT_OF_PERIOD)


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def source_scorecard(version: str) -> pd.DataFrame:
    """Per source: files, rows read/loaded/rejected, unresolved references, out-of-period records, latest
    delivery (the two optional counts are NaN when the snapshot lacks their table)."""
    card = _query(version, SQL_SCORECARD)
    present = available_tables(version)
    for table, sql, column in (
        (UNRESOLVED_TABLE, SQL_UNRESOLVED_BY_SOURCE, "unresolved_references"),
        (OUT_OF_PERIOD_TABLE, SQL_OUT_OF_PERIOD_BY_SOURCE, "out_of_period"),
    ):
        if table in present:
            counts = _query(version, sql)
            card = card.merge(counts, on="source", how="left")
            card[column] = card[column].fillna(0).astype("int64")
        else:
            card[column] = float("nan")
    return card


# --------------------------------------------------------------------------------------------- advisory desk

SQL_INVITATION_FUNNEL = """
select
    count(*) filter (where decision = 'accepted') as accepted,
    count(*) filter (where decision = 'accepted' and invited_on is not null and invited_on <= ?) as invited
from marts.fct_intake_invitations
where submitted_on between ? and ?
  and (? = 'all' or municipality = ?)
  and (? = 'all' or chain = ?)
"""

SQL_WAITING_INVITATIONS = """
select
    intake_id, submitted_on, deadline_on, invitation_status, municipality, chain, applicant_stage,
    file_name, row_number
from marts.fct_intake_invitations
where invitation_status in ('overdue', 'waiting')
  and (? = 'all' or municipality = ?)
  and (? = 'all' or chain = ?)
order by deadline_on, submitted_on, intake_id
"""


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def invitation_funnel(
    version: str, first_day: str, last_day: str, cutoff: str, municipality: str, chain: str
) -> dict[str, int]:
    """Accepted intakes submitted in [first_day, last_day] and how many of them were invited by the cut-off."""
    frame = _query(
        version,
        SQL_INVITATION_FUNNEL,
        [cutoff, first_day, last_day, municipality, municipality, chain, chain],
    )
    row = frame.iloc[0]
    return {"accepted": int(row["accepted"] or 0), "invited": int(row["invited"] or 0)}


@st.cache_data(ttl=RESULT_TTL_SECONDS, show_spinner=False)
def waiting_invitations(version: str, municipality: str, chain: str) -> pd.DataFrame:
    """Accepted intakes not invited yet (overdue first by deadline, then still within the 3 working days)."""
    return _query(version, SQL_WAITING_INVITATIONS, [municipality, municipality, chain, chain])
