"""The serving snapshot: only marts, atomic replacement, the previous KPI values kept for comparison."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

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
    """marts.fct_kpi_record_rows is a view in the warehouse (its rows are written once per run, by the snapshot):
    the snapshot holds it as a table with the view's rows, and nothing of the schemas it reads."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema intermediate")
        con.execute("create table intermediate.records as select * from range(3) as t(n)")
        con.execute("create view marts.fct_kpi_record_rows as select n * 2 as doubled from intermediate.records")
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    assert meta["tables"] == ["fct_kpi_record_rows", "kpi_values"]
    with duckdb.connect(str(serving), read_only=True) as con:
        kinds = con.execute("select table_schema, table_name, table_type from information_schema.tables "
                            "where table_schema <> 'meta' order by 1, 2").fetchall()
        rows = con.execute("select doubled from marts.fct_kpi_record_rows order by 1").fetchall()
    assert kinds == [("marts", "fct_kpi_record_rows", "BASE TABLE"), ("marts", "kpi_values", "BASE TABLE")]
    assert rows == [(0,), (2,), (4,)]


def _lineage_warehouse(wh):
    """A warehouse with the lineage split as dbt builds it: rows (a view over intermediate), rules (a table) and
    fct_kpi_records, a view joining the two, naming them with their database as dbt does."""
    _warehouse(wh, 7)
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema intermediate")
        con.execute("create table intermediate.records as select * from (values ('K', 1), ('K', 2), ('L', 3)) "
                    "as t(kpi, n)")
        con.execute("create view marts.fct_kpi_record_rows as select kpi, n from intermediate.records")
        con.execute("create table marts.dim_kpi_rules as select * from (values ('K', 'count'), ('L', 'sum')) "
                    "as t(kpi, agg)")
        con.execute("create view marts.fct_kpi_records as select r.kpi, r.n * 10 as n10, k.agg "
                    "from \"warehouse\".\"marts\".fct_kpi_record_rows as r "
                    "inner join \"warehouse\".\"marts\".dim_kpi_rules as k using (kpi)")


def test_the_lineage_view_is_kept_as_a_view_over_the_snapshots_own_tables(tmp_path):
    """fct_kpi_records (SERVING_VIEWS) stays a view in the snapshot: the 16-column rows are written, the rules and
    period labels joined when read. Opened on its own, the snapshot's view reads its own copies (here: after the
    warehouse changed, the snapshot still shows what it was published with)."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _lineage_warehouse(wh)
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    assert meta["tables"] == ["dim_kpi_rules", "fct_kpi_record_rows", "fct_kpi_records", "kpi_values"]
    with duckdb.connect(str(wh)) as con:
        con.execute("update intermediate.records set n = 100")
    with duckdb.connect(str(serving), read_only=True) as con:
        kinds = con.execute("select table_name, table_type from information_schema.tables "
                            "where table_schema = 'marts' order by 1").fetchall()
        rows = con.execute("select kpi, n10, agg from marts.fct_kpi_records order by n10").fetchall()
    assert kinds == [("dim_kpi_rules", "BASE TABLE"), ("fct_kpi_record_rows", "BASE TABLE"),
                     ("fct_kpi_records", "VIEW"), ("kpi_values", "BASE TABLE")]
    assert rows == [("K", 10, "count"), ("K", 20, "count"), ("L", 30, "sum")]


def test_a_kept_view_that_reads_outside_the_marts_fails_the_snapshot_and_keeps_the_old_one(tmp_path):
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema intermediate")
        con.execute("create table intermediate.records as select 1 as n")
        con.execute("create view marts.fct_kpi_records as select n from intermediate.records")
    with pytest.raises(RuntimeError, match="view marts.fct_kpi_records must read only marts"):
        publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                           "and table_name = 'fct_kpi_records'").fetchone()[0] == 0


def test_a_failure_while_the_marts_are_copied_fails_the_snapshot_and_keeps_the_old_one(tmp_path, monkeypatch):
    """The marts are copied on a second connection while the small-count rules run: an error in the rules waits
    for the copy, is raised as it was, and leaves the previous snapshot in place."""
    import pipelines.publication

    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    _warehouse(wh, 7)
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    _warehouse(wh, 8)
    with duckdb.connect(str(wh)) as con:
        con.execute("create table marts.kpi_definitions as select 'ADV_INTAKES' as kpi")

    def broken(definitions):
        raise ValueError("rules broken")

    monkeypatch.setattr(pipelines.publication, "people_kpis", broken)
    with pytest.raises(ValueError, match="rules broken"):
        publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select value from marts.kpi_values").fetchone()[0] == 7


def test_the_lineage_rows_are_copied_without_changing_the_other_connections_settings(tmp_path):
    """UNORDERED_MARTS are written with preserve_insertion_order off on the copying connection only (a session
    setting): the rows are all there, and other marts keep their order."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    with duckdb.connect(str(wh)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.fct_kpi_record_rows as select range as n from range(5000)")
        con.execute("create table marts.ordered as select 4999 - range as n from range(5000)")
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*), sum(n) from marts.fct_kpi_record_rows").fetchone() == (5000, 12497500)
        assert [r[0] for r in con.execute("select n from marts.ordered").fetchall()] == list(range(4999, -1, -1))


def _lineage(path, rows, logged=None):
    """marts.fct_kpi_record_rows with (kpi, record_id, key_date, measure) rows, and dim_record_sources.

    As dbt does: a rebuild without comparing drops the change log of the KPI records (decision 29); with `logged`
    (kpi, record_id) pairs, they are appended to the log instead, as int_kpi_cells does in an incremental run."""
    with duckdb.connect(str(path)) as con:
        if logged is None:
            con.execute("drop schema if exists changelog cascade")
        elif logged:
            con.executemany("insert into changelog.kpi_records values (?, ?)", logged)
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.fct_kpi_record_rows (kpi varchar, record_id varchar, "
                    "key_date date, measure double)")
        con.executemany("insert into marts.fct_kpi_record_rows values (?, ?, ?, ?)", rows)
        con.execute("create or replace table marts.dim_record_sources as select distinct 'people' as record_type, "
                    "record_id, 1 as delivery_id from marts.fct_kpi_record_rows")


def _rows(path, table="fct_kpi_record_rows"):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select * from marts.{table} order by all").fetchall()


def test_an_incremental_snapshot_replaces_only_the_records_that_changed(tmp_path):
    """Incremental runs start from a copy of the previous snapshot and replace, in the record marts, only the
    records whose rows differ. Lineage before: A/r1 (2 rows), A/r2, B/r1; after: A/r1 the same, A/r2's measure
    1 -> 5, B/r1 gone, A/r3 new, so 3 records are replaced (A/r2, B/r1, A/r3). Sources (one row per record id):
    r1, r2 before, r1, r2, r3 after, so 1 is replaced (r3)."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    day = dt.date(2022, 3, 10)
    _lineage(wh, [("A", "r1", day, 1.0), ("A", "r1", day, 2.0), ("A", "r2", day, 1.0), ("B", "r1", day, None)])
    assert publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)["records_replaced"] == {}
    after = [("A", "r1", day, 1.0), ("A", "r1", day, 2.0), ("A", "r2", day, 5.0), ("A", "r3", None, 1.0)]
    _lineage(wh, after)
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert meta["records_replaced"] == {"fct_kpi_record_rows": 3, "dim_record_sources": 1}
    assert _rows(serving) == sorted(after, key=lambda r: (r[0], r[1], r[2] or dt.date.min, r[3]))
    assert _rows(serving, "dim_record_sources") == _rows(wh, "dim_record_sources")
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select * from meta.record_marts order by mart").fetchall() == [
            ("dim_record_sources", 1, "comparison"), ("fct_kpi_record_rows", 3, "comparison")]
        # nothing else of the previous snapshot is left: one snapshot row, the previous values compared
        assert con.execute("select count(*) from meta.snapshot").fetchone()[0] == 1
    # nothing changed: nothing replaced; a full run writes a fresh file (no meta.record_marts)
    again = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert again["records_replaced"] == {"fct_kpi_record_rows": 0, "dim_record_sources": 0}
    assert _rows(serving) == _rows(wh)
    assert publish_snapshot(wh, serving, dt.date(2022, 12, 31))["records_replaced"] == {}
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*) from information_schema.tables where table_name = 'record_marts'"
                           ).fetchone()[0] == 0


def _change_log(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return (con.execute("select * from changelog.kpi_records order by all").fetchall(),
                con.execute("select snapshot_created_at from changelog.kpi_records_since").fetchall())


def _created(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select snapshot_created_at from meta.snapshot").fetchall()


def test_an_incremental_snapshot_takes_the_changed_records_from_the_change_log(tmp_path):
    """Decision 29. Every snapshot starts the warehouse's change log again (empty, since itself); dbt logs the KPI
    records an incremental run changed, and the next snapshot replaces exactly those. Lineage before: A/r1 (2 rows),
    A/r2, B/r1; the run changes A/r2 (measure 1 -> 5), removes B/r1, adds A/r3 and logs them (A/r3 twice, as two
    families would). A/r1's measure also changes without being logged: the snapshot keeps its previous rows, which
    shows that it read the log and compared no rows. Sources: r3 is new (found by comparison, 1 record)."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    day = dt.date(2022, 3, 10)
    _lineage(wh, [("A", "r1", day, 1.0), ("A", "r1", day, 2.0), ("A", "r2", day, 1.0), ("B", "r1", day, None)])
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    assert _change_log(wh) == ([], _created(serving))
    _lineage(wh, [("A", "r1", day, 9.0), ("A", "r1", day, 2.0), ("A", "r2", day, 5.0), ("A", "r3", None, 1.0)],
             logged=[("A", "r2"), ("B", "r1"), ("A", "r3"), ("A", "r3")])
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert meta["records_replaced"] == {"fct_kpi_record_rows": 3, "dim_record_sources": 1}
    assert _rows(serving) == [("A", "r1", day, 1.0), ("A", "r1", day, 2.0), ("A", "r2", day, 5.0),
                              ("A", "r3", None, 1.0)]
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select * from meta.record_marts order by mart").fetchall() == [
            ("dim_record_sources", 1, "comparison"), ("fct_kpi_record_rows", 3, "change log")]
    assert _change_log(wh) == ([], _created(serving))


def test_a_change_log_of_another_snapshot_is_not_used(tmp_path):
    """The log must start from the snapshot being replaced: if it names another one (a snapshot that was written
    but never published), or there is none (dbt rebuilt a family without comparing), every record is compared.
    Here A/r1's measure changes and nothing is logged: found by comparison both times."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    day = dt.date(2022, 3, 10)
    _lineage(wh, [("A", "r1", day, 1.0)])
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(wh)) as con:
        con.execute("update changelog.kpi_records_since set snapshot_created_at = snapshot_created_at - interval 1 "
                    "second")
    _lineage(wh, [("A", "r1", day, 2.0)], logged=[])
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert meta["records_replaced"]["fct_kpi_record_rows"] == 1
    assert _rows(serving) == [("A", "r1", day, 2.0)]
    _lineage(wh, [("A", "r1", day, 3.0)])  # no log
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert meta["records_replaced"]["fct_kpi_record_rows"] == 1
    assert _rows(serving) == [("A", "r1", day, 3.0)]
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select found_by from meta.record_marts where mart = 'fct_kpi_record_rows'"
                           ).fetchone()[0] == "comparison"


def test_a_record_mart_whose_columns_changed_is_written_again(tmp_path):
    """New code may add a column to a record mart: the previous snapshot's table is then not reused."""
    wh, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    day = dt.date(2022, 3, 10)
    _lineage(wh, [("A", "r1", day, 1.0)])
    publish_snapshot(wh, serving, dt.date(2022, 12, 31))
    with duckdb.connect(str(wh)) as con:
        con.execute("alter table marts.fct_kpi_record_rows add column detail varchar default 'new'")
        con.execute("drop table marts.dim_record_sources")
    meta = publish_snapshot(wh, serving, dt.date(2022, 12, 31), reuse_unchanged=True)
    assert meta["records_replaced"] == {}
    assert meta["tables"] == ["fct_kpi_record_rows"]
    assert _rows(serving) == [("A", "r1", day, 1.0, "new")]
    with duckdb.connect(str(serving), read_only=True) as con:  # the dropped mart is not carried over
        assert con.execute("select table_name from information_schema.tables where table_schema = 'marts'"
                           ).fetchall() == [("fct_kpi_record_rows",)]


def test_the_kpis_suppressed_again_are_those_whose_rows_or_bases_changed(tmp_path):
    """Hand-worked: EVENT_ATTENDANCES changes one value (so its per-10k rate, unchanged itself, is suppressed again
    with it); REACH_PEOPLE loses a row; EVENTS swaps the values of its two cells (same values, other cells);
    ADV_INTAKES is the same."""
    from pipelines.publish import _kpis_to_suppress

    def values(path, rows):
        with duckdb.connect(str(path)) as con:
            con.execute("create schema if not exists marts")
            con.execute("create or replace table marts.kpi_values (kpi varchar, period varchar, period_type varchar,"
                        " municipality varchar, chain varchar, breakdown varchar, value double, unit varchar)")
            con.executemany("insert into marts.kpi_values values (?, 'project', 'project', ?, 'all', '', ?, 'n')",
                            rows)

    before = [("EVENT_ATTENDANCES", "41002", 7), ("EVENT_ATTENDANCES_PER_10K_INHABITANTS", "41002", 0.8),
              ("REACH_PEOPLE", "41002", 5), ("REACH_PEOPLE", "41048", 2), ("EVENTS", "41002", 3),
              ("EVENTS", "41048", 1), ("ADV_INTAKES", "41002", 4)]
    after = [("EVENT_ATTENDANCES", "41002", 10), ("EVENT_ATTENDANCES_PER_10K_INHABITANTS", "41002", 0.8),
             ("REACH_PEOPLE", "41002", 5), ("EVENTS", "41002", 1), ("EVENTS", "41048", 3),
             ("ADV_INTAKES", "41002", 4)]
    values(tmp_path / "previous.duckdb", before)
    values(tmp_path / "warehouse.duckdb", after)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        assert _kpis_to_suppress(con, attached=False) is None  # no previous snapshot: everything
        con.execute(f"attach '{tmp_path / 'previous.duckdb'}' as serving_prev (read_only)")
        assert _kpis_to_suppress(con, attached=True) == {
            "EVENT_ATTENDANCES", "EVENT_ATTENDANCES_PER_10K_INHABITANTS", "REACH_PEOPLE", "EVENTS"}
