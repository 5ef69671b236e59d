"""The serving snapshot: only marts, atomic replacement, the previous KPI values kept for comparison."""

from __future__ import annotations

import datetime as dt

import duckdb

from pipelines.publish import publish_snapshot


def _warehouse(path, value):
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts")
    con.execute("create schema if not exists raw")
    con.execute("create or replace table raw.people as select 'P-0123456789abcdef' as person_id")
    con.execute("create or replace table marts.kpi_values as select 'ADV_INTAKES' as kpi, 'project' as period, "
                "'project' as period_type, 'all' as municipality, 'all' as chain, '' as breakdown, "
                "?::double as value, 'count' as unit", [value])
    con.close()


def test_publish_copies_marts_only_and_keeps_previous(tmp_path):
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    first = publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    reader = duckdb.connect(str(serving), read_only=True)
    tables = reader.execute("select table_schema || '.' || table_name from information_schema.tables "
                            "order by 1").fetchall()
    assert tables == [("marts.kpi_values",), ("meta.snapshot",)]  # no raw tables, no previous yet
    _warehouse(wh, 8)
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    # the open reader keeps its old file; a new connection sees the new snapshot and the previous values
    assert reader.execute("select value from marts.kpi_values").fetchone()[0] == 7
    reader.close()
    con = duckdb.connect(str(serving), read_only=True)
    assert con.execute("select value from marts.kpi_values").fetchone()[0] == 8
    assert con.execute("select value from marts.kpi_values_previous").fetchone()[0] == 7
    prev = con.execute("select previous_snapshot_created_at from meta.snapshot").fetchone()[0]
    assert prev.isoformat() == first["snapshot_created_at"]
    assert first["content_sha256"] and len(first["content_sha256"]) == 64


def test_snapshot_time_is_belgian_wall_clock_like_the_report(tmp_path, monkeypatch):
    """The snapshot and the report's 'generated at' use one clock: Belgian time, whatever the server's zone. On a
    UTC server the machine clock is one (winter) or two (summer) hours behind; the stamp must not follow it."""
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "UTC")
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    before = dt.datetime.now(ZoneInfo("Europe/Brussels")).replace(tzinfo=None, microsecond=0)
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    after = dt.datetime.now(ZoneInfo("Europe/Brussels")).replace(tzinfo=None)
    with duckdb.connect(str(serving), read_only=True) as con:
        stamp = con.execute("select snapshot_created_at from meta.snapshot").fetchone()[0]
    assert before <= stamp <= after
    assert meta["snapshot_created_at"] == stamp.isoformat()


def test_a_mart_view_is_written_into_the_snapshot_as_a_table(tmp_path):
    """marts.fct_kpi_records is a view in the warehouse (its rows are written once per run, by the snapshot): the
    snapshot holds it as a table with the view's rows, and nothing of the schemas it reads."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema intermediate")
        con.execute("create table intermediate.records as select * from range(3) as t(n)")
        con.execute("create view marts.fct_kpi_records as select n * 2 as doubled from intermediate.records")
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    assert meta["tables"] == ["fct_kpi_records", "kpi_values"]
    with duckdb.connect(str(serving), read_only=True) as con:
        kinds = con.execute("select table_schema, table_name, table_type from information_schema.tables "
                            "where table_schema <> 'meta' order by 1, 2").fetchall()
        rows = con.execute("select doubled from marts.fct_kpi_records order by 1").fetchall()
    assert kinds == [("marts", "fct_kpi_records", "BASE TABLE"), ("marts", "kpi_values", "BASE TABLE")]
    assert rows == [(0,), (2,), (4,)]
