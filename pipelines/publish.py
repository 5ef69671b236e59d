"""Publish the serving snapshot: the marts (and nothing else) copied into a file the dashboard opens read-only.

The pipeline owns warehouse.duckdb; readers only ever see serving.duckdb, replaced atomically with os.replace, so a
running dashboard keeps working during a run and a failed run leaves the previous snapshot in place.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import settings
from pipelines.formatting import local_now


def code_version() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=settings.PROJECT_ROOT, capture_output=True, text=True,
            timeout=10, check=False,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# Marts views the snapshot keeps as views, over its own copies of the marts they read (DuckDB stores a view's SQL
# without its own database, and binds it where it is created): the lineage marts.fct_kpi_records joins the stored
# lineage rows (marts.fct_kpi_record_rows) with each KPI's rollup rules (marts.dim_kpi_rules) and the file and row
# of each source record (marts.dim_record_sources), and adds the period labels when read, so 12 of its 25 columns
# are written per row (x1000 of the demo set: 17.5 million rows; docs/decisions.md, decision 23).
SERVING_VIEWS = ("fct_kpi_records",)

# Marts written without keeping their rows' order (DuckDB's preserve_insertion_order off: the copy runs in parallel
# and its file is smaller): the lineage rows, read only through queries that order what they list (explain, trace).
# x1000: 17.5 million rows, about 2-3 s less per run.
UNORDERED_MARTS = ("fct_kpi_record_rows",)

# Record-grain marts an incremental run's snapshot updates in a copy of the snapshot it replaces, instead of writing
# them again (x1000: 17.5 and 2.8 million rows, about 12 s): mart -> the columns that name a record. Only the records
# whose rows differ from the warehouse's are deleted and inserted again; the rows are compared, not assumed, so the
# result is the warehouse's rows whatever happened in between (_replace_changed_records). Full runs (the daily one,
# `keet run --full`, `keet forget`) always write a fresh file, so no deleted row of an erased person stays behind in
# the file's free space (docs/decisions.md, decision 25).
RECORD_MARTS = {"fct_kpi_record_rows": ("kpi", "record_id"), "dim_record_sources": ("record_type", "record_id")}
# The KPI records whose rows changed since a snapshot, logged by dbt (decision 29, dbt/macros/kpi_record_changes.sql):
# the mart whose records the log names. When the log starts from the snapshot being replaced, the snapshot replaces
# those records without comparing the rows of every record (x1000: 6.0 -> 2.5 s).
LOGGED_MART = "fct_kpi_record_rows"
# The records are first compared in this many buckets (by a hash of the record key), then record by record in the
# buckets that differ: a 1,000-row delivery changes a few thousand records, so about 1-4 % of the rows are read twice.
RECORD_BUCKETS = 1 << 18


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts the snapshot holds: dbt's tables, its views written here for the first time as tables
    (marts.fct_kpi_record_rows, the lineage rows: a view in the warehouse so its rows are written once per run),
    and the views of SERVING_VIEWS, kept as views."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
        " and table_catalog = current_database() and table_type in ('BASE TABLE', 'VIEW') order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def publish_snapshot(warehouse: Path, serving: Path, cutoff: dt.date, reuse_unchanged: bool = False) -> dict:
    """Copy every marts table into a fresh file and move it onto `serving` atomically. Returns metadata.

    `reuse_unchanged` (incremental runs): the published (suppressed) rows of every KPI whose values, and whose
    base KPIs' values, are the same as in the snapshot being replaced are taken from that snapshot instead of
    being suppressed again. Suppression never crosses KPIs (its groups are within one KPI; a derived rate or ratio
    reads only its base counts), so the table is the same as a full suppression (tests/unit/test_publish.py).
    The new file also starts as a copy of that snapshot, whose record marts (RECORD_MARTS) are then brought up to
    date record by record; everything else in it is written again. `records_replaced` in the result (and the
    snapshot's meta.record_marts) says how many records each took; empty for a fresh file."""
    tmp = serving.with_name(serving.name + ".tmp")
    tmp.unlink(missing_ok=True)
    from_previous = reuse_unchanged and _start_from_previous(serving, tmp)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("checkpoint")
        con.execute(f"attach '{tmp}' as serving_new")  # path from settings, not user input
        tables = mart_tables(con)
        copied_from = _created_at(con, "serving_new") if from_previous else None
        kept = _keep_record_marts(con, tables) if from_previous else set()
        con.execute("create schema if not exists serving_new.marts")
        con.execute("create schema if not exists serving_new.meta")
        previous_created = _copy_previous(con, serving)
        logged = {LOGGED_MART} & kept if _change_log_since(con, copied_from) else set()
        # The marts are copied by DuckDB on a second connection while this one applies the small-count rules in
        # Python (DuckDB releases the GIL while it works): x1000, about 14 s of copying and 7-10 s of rules. The
        # content hash follows the copy on that connection: in an incremental run the copy ends first (x1000:
        # 4.4 s against 5.1 s of rules), so the hash's 0.6 s is no longer added after both.
        # Leaving the pool waits for the copy and the hash, also when the rules fail (their error is the one raised).
        with ThreadPoolExecutor(max_workers=1) as pool:
            copying = pool.submit(_copy_marts, con.cursor(), tables, kept, logged)
            hashing = pool.submit(_content_hash, con.cursor(), tables)
            published_cells = _publish_suppressed(con, tables, serving if reuse_unchanged else None,
                                                  before_writing=copying.result)
            replaced = copying.result()  # raises what the copy raised, also when the rules wrote nothing
            content_hash = hashing.result()
        created = local_now()
        version = code_version()
        con.execute(
            "create table serving_new.meta.snapshot as select ?::timestamp as snapshot_created_at, "
            "?::date as cutoff_date, ?::varchar as code_version, ?::varchar as warehouse_sha256, "
            "?::timestamp as previous_snapshot_created_at",
            [created, cutoff, version, content_hash, previous_created],
        )
        if replaced:  # what this snapshot took from the previous one (meta.record_marts; absent in a fresh file)
            con.execute("create table serving_new.meta.record_marts as select unnest(?)::varchar as mart, "
                        "unnest(?)::bigint as records_replaced, unnest(?)::varchar as found_by",
                        [list(replaced), list(replaced.values()),
                         ["change log" if mart in logged else "comparison" for mart in replaced]])
        _reset_change_log(con, created)
        con.execute("detach serving_new")
    finally:
        con.close()
    os.replace(tmp, serving)
    return {"tables": tables, "snapshot_created_at": created.isoformat(), "content_sha256": content_hash,
            "code_version": version, "suppressed_cells": published_cells, "records_replaced": replaced}


def _content_hash(con: duckdb.DuckDBPyConnection, tables: list[str]) -> str | None:
    """sha256 of the warehouse's kpi_values, every cell in a fixed order (meta.snapshot.warehouse_sha256)."""
    if "kpi_values" not in tables:
        return None
    return con.execute(
        "select coalesce(sha256(string_agg(concat_ws('|', kpi, period, municipality, chain, breakdown, "
        "value::varchar, unit), chr(10) order by kpi, period, municipality, chain, breakdown)), "
        "sha256('')) from marts.kpi_values"
    ).fetchone()[0]


def _start_from_previous(serving: Path, tmp: Path) -> bool:
    """Copy the snapshot being replaced to `tmp`, the start of the new one (incremental runs; RECORD_MARTS)."""
    if not serving.exists() or serving.with_name(serving.name + ".wal").exists():
        return False  # no snapshot, or one not closed cleanly: write a fresh file
    shutil.copyfile(serving, tmp)
    return True


def _mart_columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns where table_catalog = ? "
        "and table_schema = 'marts' and table_name = ? order by ordinal_position", [database, table]).fetchall()


def _keep_record_marts(con: duckdb.DuckDBPyConnection, tables: list[str]) -> set[str]:
    """In serving_new (a copy of the previous snapshot): keep the RECORD_MARTS tables whose columns are the
    warehouse's, drop everything else. Returns the kept marts, which _copy_marts brings up to date."""
    home = con.execute("select current_database()").fetchone()[0]
    before = {r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = 'serving_new' and schema_name = 'marts'")
        .fetchall()}
    kept = {table for table in RECORD_MARTS if table in tables and table in before
            and _mart_columns(con, home, table) == _mart_columns(con, "serving_new", table)}
    for schema, view in con.execute("select schema_name, view_name from duckdb_views() "
                                    "where database_name = 'serving_new' and not internal").fetchall():
        con.execute(f'drop view serving_new."{schema}"."{view}"')
    for schema, table in con.execute("select schema_name, table_name from duckdb_tables() "
                                     "where database_name = 'serving_new'").fetchall():
        if not (schema == "marts" and table in kept):
            con.execute(f'drop table serving_new."{schema}"."{table}"')
    return kept


def _copy_marts(con: duckdb.DuckDBPyConnection, tables: list[str], kept: set[str] = frozenset(),
                logged: set[str] = frozenset()) -> dict[str, int]:
    """Every marts table and view into serving_new (`con`: a connection of its own, closed here): tables and views
    outside SERVING_VIEWS as tables, then SERVING_VIEWS as views over those copies. The `kept` marts (already in
    serving_new, from the previous snapshot) are brought up to date record by record instead, the `logged` ones
    among them from the change log. Returns, per kept mart, the number of records replaced."""
    replaced = {}
    try:
        views = [table for table in tables if table in SERVING_VIEWS]
        for table in tables:
            if table not in views:
                keep_order = "false" if table in UNORDERED_MARTS else "true"
                con.execute(f"set session preserve_insertion_order = {keep_order}")  # this connection only
                if table in kept:
                    replaced[table] = _replace_changed_records(con, table, RECORD_MARTS[table],
                                                               logged=table in logged)
                else:
                    con.execute(f'create table serving_new.marts."{table}" as select * from marts."{table}"')
        _copy_views(con, views)
    finally:
        con.close()
    return replaced


def _replace_changed_records(con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...],
                             logged: bool = False) -> int:
    """Make serving_new.marts.<table> hold the rows of marts.<table>: the records (the rows sharing `key`) whose
    rows differ are deleted and inserted again. They are the change log's records when `logged` (LOGGED_MART),
    else found by comparing the rows: first per bucket of records, then record by record in the buckets that
    differ (_differing). Returns the number of records replaced."""
    home = con.execute("select current_database()").fetchone()[0]
    columns = [name for name, _ in _mart_columns(con, home, table)]
    sides = (f'marts."{table}"', f'serving_new.marts."{table}"')
    if logged:
        con.execute(f"create or replace temp table _changed_records as select distinct {_quoted(key)} "
                    f"from {_change_log()[0]}")
    else:
        bucket = f"hash({_quoted(key)}) % {RECORD_BUCKETS}"
        con.execute("create or replace temp table _changed_buckets as "
                    + _differing(sides, {"bucket": bucket}, columns))
        con.execute("create or replace temp table _changed_records as "
                    + _differing(sides, {c: f'"{c}"' for c in key}, columns,
                                 where=f"{bucket} in (select bucket from _changed_buckets)"))
        con.execute("drop table _changed_buckets")
    changed = con.execute("select count(*) from _changed_records").fetchone()[0]
    if changed:
        match = " and ".join(f'rows."{c}" is not distinct from changed."{c}"' for c in key)
        con.execute(f"delete from {sides[1]} as rows using _changed_records as changed where {match}")
        con.execute(f"insert into {sides[1]} by name select rows.* from {sides[0]} as rows "
                    f"semi join _changed_records as changed on {match}")
    con.execute("drop table _changed_records")
    return int(changed)


@functools.cache
def _change_log() -> tuple[str, str]:
    """The change log of the KPI records and the table naming the snapshot it starts from (dbt var
    kpi_record_changes; dbt/macros/kpi_record_changes.sql)."""
    from pipelines.dbt_project import dbt_var

    schema, table = dbt_var("kpi_record_changes").split(".")
    return f'"{schema}"."{table}"', f'"{schema}"."{table}_since"'


def _created_at(con: duckdb.DuckDBPyConnection, database: str):
    """When the snapshot attached as `database` was written (None: not a snapshot this code wrote)."""
    try:
        return con.execute(f"select snapshot_created_at from {database}.meta.snapshot").fetchone()[0]
    except (duckdb.CatalogException, TypeError):
        return None


def _change_log_since(con: duckdb.DuckDBPyConnection, snapshot_created_at) -> bool:
    """Whether the warehouse's change log holds every KPI record changed since the snapshot written at
    `snapshot_created_at`: it starts from that snapshot and dbt has not dropped it (decision 29)."""
    if snapshot_created_at is None:
        return False
    log, since = _change_log()
    try:
        con.execute(f"select count(*) from {log}").fetchone()
        return con.execute(f"select count(*) = 1 and bool_and(snapshot_created_at = ?::timestamp) from {since}",
                           [snapshot_created_at]).fetchone()[0] is True
    except duckdb.CatalogException:
        return False


def _reset_change_log(con: duckdb.DuckDBPyConnection, created) -> None:
    """The change log starts again from the snapshot being written (created at `created`). Written before the file
    replaces the previous one: if it never does, the log names a snapshot that was not published and the next
    snapshot compares every record."""
    log, since = _change_log()
    con.execute(f"create schema if not exists {since.split('.')[0]}")
    con.execute(f"create or replace table {since} as select ?::timestamp as snapshot_created_at", [created])
    con.execute(f"create or replace table {log} (kpi varchar, record_id varchar)")


def _quoted(names) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _differing(sides: tuple[str, str], grain: dict[str, str], columns: list[str], where: str = "") -> str:
    """SQL for the values of `grain` (name -> expression) whose rows differ between the relations `sides` (now,
    before), optionally restricted by `where`: per value, the number of rows and the sum of their 64-bit hashes
    over `columns` are compared (two different row sets with the same count and sum: about 1 in 10^19, as in
    decision 24)."""
    select = ", ".join(f'{expression} as "{name}"' for name, expression in grain.items())
    row_hash = f"sum(hash({_quoted(columns)})::hugeint)"
    now, before = (f"select {select}, count(*) as n, {row_hash} as h from {side} "
                   f"{'where ' + where if where else ''} group by all" for side in sides)
    pick = ", ".join(f'coalesce(now."{name}", before."{name}") as "{name}"' for name in grain)
    on = " and ".join(f'now."{name}" is not distinct from before."{name}"' for name in grain)
    return (f"select {pick} from ({now}) as now full join ({before}) as before on {on} "
            "where now.n is distinct from before.n or now.h is distinct from before.h")


def _copy_views(con: duckdb.DuckDBPyConnection, views: list[str]) -> None:
    """Create each of `views` in serving_new with the warehouse's SQL for it (after the tables it reads)."""
    home = con.execute("select current_database()").fetchone()[0]
    for view in views:
        sql = con.execute("select sql from duckdb_views() where database_name = ? and schema_name = 'marts' "
                          "and view_name = ?", [home, view]).fetchone()[0]
        con.execute("use serving_new")  # the view's relations are bound in the new file, so it reads its copies
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise RuntimeError(f"serving snapshot: view marts.{view} must read only marts (SERVING_VIEWS): "
                               f"{exc}") from exc
        finally:
            con.execute(f'use "{home}"')


def _publish_suppressed(con: duckdb.DuckDBPyConnection, tables: list[str], previous: Path | None = None,
                        before_writing=lambda: None) -> int | None:
    """marts.kpi_values_published: the whole KPI table with the publication rules applied once per snapshot
    (people counts 1-4 as '<5', secondary suppression as 'x'). Partner and public views read only this table, so
    no two filters can be combined to recover a hidden cell. Returns the number of hidden cells.

    With `previous` (the serving file being replaced): KPIs unchanged since it are copied from it (see
    publish_snapshot). `before_writing` is called once the rules are applied, before anything is written to
    serving_new (publish_snapshot waits there for the marts' copy, so no two connections write at once)."""
    if not {"kpi_values", "kpi_definitions"} <= set(tables):
        return None
    from pipelines.publication import people_kpis, suppress

    columns = ["kpi", "period", "period_type", "municipality", "chain", "breakdown", "value", "unit"]
    definitions = con.execute("select * from marts.kpi_definitions").df()
    people = people_kpis(definitions)
    # The exact audit's cost grows faster than the table (bench/results.md): above the limit the catalogue's
    # primary and secondary rules are applied and meta.snapshot says the audit was skipped.
    people_cells = con.execute("select count(*) from marts.kpi_values where kpi in (select unnest(?))",
                               [sorted(people)]).fetchone()[0]
    audit = people_cells <= settings.SUPPRESSION_AUDIT_MAX_CELLS
    audit_label = "exact" if audit else "rules only"
    attached = previous is not None and _attach_reusable(con, previous, audit_label)
    try:
        recompute = _kpis_to_suppress(con, attached)
        where = "" if recompute is None else " where kpi in (select unnest(?))"
        needed = None if recompute is None else sorted(recompute | {b for k in recompute for b in _bases(k)})
        values = con.execute(f"select {', '.join(columns)} from marts.kpi_values{where}",
                             [] if needed is None else [needed]).df()
        if values.empty:  # nothing changed since the previous snapshot
            published = values.assign(suppressed=False, suppression="", display="")
            published.attrs["unprotected"] = []
        else:
            published = suppress(values, people, audit=audit)
        # taken off the frame first: pandas deep-copies attrs into every selection (thousands of tuples at x1)
        unprotected = pd.DataFrame(published.attrs.pop("unprotected"), columns=["kpi", "period", "municipality",
                                                                               "chain", "breakdown"])
        if recompute is not None:  # the base KPIs were suppressed along, but keep their previous rows
            published = published[published["kpi"].isin(recompute)]
            unprotected = unprotected[unprotected["kpi"].isin(recompute)]
        frame = published[[*columns, "suppressed", "suppression", "display"]]
        per_kpi = unprotected.groupby("kpi").size().rename("unprotected_cells").reset_index()
        before_writing()
        con.register("_published", frame)
        con.register("_unprotected", per_kpi)
        try:
            if recompute is None:
                con.execute("create table serving_new.marts.kpi_values_published as select * from _published")
                con.execute("create table serving_new.meta.publication_kpis as "
                            "select kpi, unprotected_cells::integer as unprotected_cells from _unprotected")
            else:
                con.execute(
                    "create table serving_new.marts.kpi_values_published as "
                    "select * from serving_prev.marts.kpi_values_published where kpi not in (select unnest(?)) "
                    "union all by name select * from _published", [sorted(recompute)])
                con.execute(
                    "create table serving_new.meta.publication_kpis as "
                    "select kpi, unprotected_cells from serving_prev.meta.publication_kpis "
                    "where kpi not in (select unnest(?)) "
                    "union all select kpi, unprotected_cells::integer from _unprotected", [sorted(recompute)])
        finally:
            con.unregister("_published")
            con.unregister("_unprotected")
    finally:
        if attached:
            con.execute("detach serving_prev")
    hidden, unprotected_total = con.execute(
        "select (select count(*) from serving_new.marts.kpi_values_published where suppressed), "
        "(select coalesce(sum(unprotected_cells), 0) from serving_new.meta.publication_kpis)").fetchone()
    con.execute("create table serving_new.meta.publication as select ?::varchar as suppression_audit, "
                "?::integer as hidden_cells, ?::integer as unprotected_cells, ?::integer as kpis_suppressed",
                [audit_label, hidden, unprotected_total,
                 None if recompute is None else len(recompute)])
    return int(hidden)


def _bases(kpi: str) -> set[str]:
    """The KPIs whose published status a KPI's own status depends on (a rate's count, a ratio's counts)."""
    from pipelines.publication import PER_10K_SUFFIX, RATIO_DEPENDENCIES

    if kpi.endswith(PER_10K_SUFFIX):
        return {kpi[: -len(PER_10K_SUFFIX)]}
    return {k for k in RATIO_DEPENDENCIES.get(kpi, ()) if k}


def _attach_reusable(con: duckdb.DuckDBPyConnection, previous: Path, audit_label: str) -> bool:
    """Attach the previous snapshot as serving_prev when its published table can be reused (same rules, same
    definitions, per-KPI audit results present)."""
    if not previous.exists():
        return False
    try:
        con.execute(f"attach '{previous}' as serving_prev (read_only)")
    except duckdb.Error:
        return False
    try:
        same = con.execute(
            "select (select suppression_audit from serving_prev.meta.publication) = ? "
            "and not exists (select * from marts.kpi_definitions except all "
            "                select * from serving_prev.marts.kpi_definitions) "
            "and not exists (select * from serving_prev.marts.kpi_definitions except all "
            "                select * from marts.kpi_definitions) "
            "and (select count(*) from serving_prev.meta.publication_kpis) >= 0", [audit_label]).fetchone()[0]
    except duckdb.Error:  # an older snapshot without these tables
        same = False
    if not same:
        con.execute("detach serving_prev")
    return bool(same)


def _kpis_to_suppress(con: duckdb.DuckDBPyConnection, attached: bool) -> set[str] | None:
    """None (suppress everything) or the KPIs whose values, or whose bases' values, changed since serving_prev."""
    if not attached:
        return None
    # the KPIs a row-by-row `except all` both ways finds (x1000, 495,651 rows: 1.1-2.8 s), in 0.02 s
    columns = ["kpi", "period", "period_type", "municipality", "chain", "breakdown", "value", "unit"]
    changed = {r[0] for r in con.execute(_differing(("marts.kpi_values", "serving_prev.marts.kpi_values"),
                                                    {"kpi": "kpi"}, columns)).fetchall()}
    every = {r[0] for r in con.execute("select distinct kpi from marts.kpi_values").fetchall()}
    return changed | {k for k in every if _bases(k) & changed}


def _copy_previous(con: duckdb.DuckDBPyConnection, serving: Path):
    """The KPI values of the snapshot being replaced, as marts.kpi_values_previous ("what changed?")."""
    if not serving.exists():
        return None
    try:
        con.execute(f"attach '{serving}' as serving_prev (read_only)")
    except duckdb.Error:
        return None  # unreadable old snapshot: nothing to compare with
    try:
        has_values = con.execute(
            "select count(*) from information_schema.tables where table_catalog = 'serving_prev' "
            "and table_schema = 'marts' and table_name = 'kpi_values'").fetchone()[0]
        if not has_values:
            return None
        con.execute("create table serving_new.marts.kpi_values_previous as "
                    "select * from serving_prev.marts.kpi_values")
        try:
            return con.execute("select snapshot_created_at from serving_prev.meta.snapshot").fetchone()[0]
        except duckdb.Error:
            return None
    finally:
        con.execute("detach serving_prev")


def write_run_status(state: str, message: str = "", started_at: str | None = None) -> None:
    """Tell readers (the dashboard) that a run is busy, succeeded or failed."""
    path = settings.run_status_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = {}
    if path.exists():
        try:
            previous = json.loads(path.read_text())
        except (OSError, ValueError):
            previous = {}
    now = local_now().isoformat()
    status = {
        "state": state,
        "started_at": started_at or (now if state == "running" else previous.get("started_at")),
        "finished_at": None if state == "running" else now,
        "message": message,
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(status))
    os.replace(tmp, path)
