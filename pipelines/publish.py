"""Publish the serving snapshot: the marts (and nothing else) copied into a file the dashboard opens read-only.

The pipeline owns warehouse.duckdb; readers only ever see serving.duckdb, replaced atomically with os.replace, so a
running dashboard keeps working during a run and a failed run leaves the previous snapshot in place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import duckdb

from pipelines import settings


def code_version() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=settings.PROJECT_ROOT, capture_output=True, text=True,
            timeout=10, check=False,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' and table_type = 'BASE TABLE'"
        " order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def publish_snapshot(warehouse: Path, serving: Path, cutoff: dt.date) -> dict:
    """Copy every marts table into a fresh file and move it onto `serving` atomically. Returns metadata."""
    tmp = serving.with_name(serving.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("checkpoint")
        con.execute(f"attach '{tmp}' as serving_new")  # path from settings, not user input
        con.execute("create schema serving_new.marts")
        con.execute("create schema serving_new.meta")
        tables = mart_tables(con)
        for table in tables:
            con.execute(f'create table serving_new.marts."{table}" as select * from marts."{table}"')
        previous_created = _copy_previous(con, serving)
        published_cells = _publish_suppressed(con, tables)
        content_hash = con.execute(
            "select coalesce(sha256(string_agg(concat_ws('|', kpi, period, municipality, chain, breakdown, "
            "value::varchar, unit), chr(10) order by kpi, period, municipality, chain, breakdown)), "
            "sha256('')) from marts.kpi_values"
        ).fetchone()[0] if "kpi_values" in tables else None
        created = dt.datetime.now().replace(microsecond=0)
        version = code_version()
        con.execute(
            "create table serving_new.meta.snapshot as select ?::timestamp as snapshot_created_at, "
            "?::date as cutoff_date, ?::varchar as code_version, ?::varchar as warehouse_sha256, "
            "?::timestamp as previous_snapshot_created_at",
            [created, cutoff, version, content_hash, previous_created],
        )
        con.execute("detach serving_new")
    finally:
        con.close()
    os.replace(tmp, serving)
    return {"tables": tables, "snapshot_created_at": created.isoformat(), "content_sha256": content_hash,
            "code_version": version, "suppressed_cells": published_cells}


def _publish_suppressed(con: duckdb.DuckDBPyConnection, tables: list[str]) -> int | None:
    """marts.kpi_values_published: the whole KPI table with the publication rules applied once per snapshot
    (people counts 1-4 as '<5', secondary suppression as 'x'). Partner and public views read only this table, so
    no two filters can be combined to recover a hidden cell. Returns the number of hidden cells."""
    if not {"kpi_values", "kpi_definitions"} <= set(tables):
        return None
    from pipelines.publication import people_kpis, suppress

    values = con.execute("select kpi, period, period_type, municipality, chain, breakdown, value, unit "
                         "from marts.kpi_values").df()
    definitions = con.execute("select * from marts.kpi_definitions").df()
    people = people_kpis(definitions)
    # The exact audit's cost grows faster than the table (bench/results.md): above the limit the catalogue's
    # primary and secondary rules are applied and meta.snapshot says the audit was skipped.
    audit = int(values["kpi"].isin(people).sum()) <= settings.SUPPRESSION_AUDIT_MAX_CELLS
    published = suppress(values, people, audit=audit)
    frame = published[["kpi", "period", "period_type", "municipality", "chain", "breakdown", "value", "unit",
                       "suppressed", "suppression", "display"]]
    con.register("_published", frame)
    try:
        con.execute("create table serving_new.marts.kpi_values_published as select * from _published")
    finally:
        con.unregister("_published")
    con.execute("create table serving_new.meta.publication as select ?::varchar as suppression_audit, "
                "?::integer as hidden_cells, ?::integer as unprotected_cells",
                [published.attrs["audit"], int(frame["suppressed"].sum()), len(published.attrs["unprotected"])])
    return int(frame["suppressed"].sum())


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
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    status = {
        "state": state,
        "started_at": started_at or (now if state == "running" else previous.get("started_at")),
        "finished_at": None if state == "running" else now,
        "message": message,
    }
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(status))
    os.replace(tmp, path)
