"""The project's own generic dbt tests (dbt/tests/generic/) find what they are meant to find.

A data test that cannot fail protects nothing: each generic test's SQL is rendered here (its `{% test %}` block
as a plain Jinja macro, with `model` a DuckDB table) and run on a small table worked out by hand, with and
without the fault it looks for.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import jinja2
import pytest

GENERIC = Path(__file__).resolve().parents[2] / "dbt" / "tests" / "generic"


def render(name: str, dbt_globals: dict | None = None, **arguments) -> str:
    """The SQL of generic test `name` for the arguments (dbt passes `model` as a relation; a table name here).
    `dbt_globals`: what the test uses of dbt's context (ref, execute, adapter, the project's macros)."""
    source = (GENERIC / f"{name}.sql").read_text(encoding="utf-8")
    source = re.sub(r"{%\s*test\s+", "{% macro ", source)
    source = re.sub(r"{%\s*endtest\s*%}", "{% endmacro %}", source)
    environment = jinja2.Environment(extensions=["jinja2.ext.do"])
    environment.globals.update(dbt_globals or {})
    module = environment.from_string(source).module
    return getattr(module, name)(**arguments)


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        yield connection


def test_unique_combination_of_columns_finds_each_repeated_combination_once(con):
    # ('a', 1, null) twice and ('b', 1, 'x') three times are repeated; ('a', 2, 'x') and ('c', 3, 'y') are not,
    # and ('b', 1, 'y') differs from ('b', 1, 'x') in the last column only
    con.execute(
        "create table m as select * from (values ('a', 1, null), ('a', 1, null), ('a', 2, 'x'), ('b', 1, 'x'), "
        "('b', 1, 'x'), ('b', 1, 'x'), ('b', 1, 'y'), ('c', 3, 'y')) as t(k, n, s)"
    )
    sql = render("unique_combination_of_columns", model="m", combination_of_columns=["k", "n", "s"])
    assert sorted(con.execute(sql).fetchall(), key=str) == [("a", 1, None, 2), ("b", 1, "x", 3)]
    # on two of the columns, ('a', 1), ('b', 1) repeat
    sql = render("unique_combination_of_columns", model="m", combination_of_columns=["k", "n"])
    assert sorted(con.execute(sql).fetchall()) == [("a", 1, 2), ("b", 1, 4)]
    con.execute("create table ok as select * from (values ('a', 1), ('a', 2), ('b', 1)) as t(k, n)")
    sql = render("unique_combination_of_columns", model="ok", combination_of_columns=["k", "n"])
    assert con.execute(sql).fetchall() == []


class _Relation(str):
    database = "memory"


def _change_log(con):
    """The project's macro kpi_record_changes_log over a DuckDB connection: the log changelog.kpi_records (dbt's
    adapter.get_relation) if the table exists, else None."""

    def kpi_record_changes_log(database):
        found = con.execute("select count(*) from information_schema.tables where table_schema = 'changelog' "
                            "and table_name = 'kpi_records'").fetchone()[0]
        return _Relation("changelog.kpi_records") if found else None

    return kpi_record_changes_log


def test_unique_combination_of_columns_after_the_change_log_reads_its_records_only(con):
    """Decision 29: with changed_records_after, the KPI records of the change log only, when there is a log.
    A/r1 has a repeated row, B/r2 does not. Logged B/r2 only: nothing found (A/r1's rows are those tested at the
    last snapshot). Logged A/r1 too, or no log at all: A/r1's repeat is found."""
    con.execute("create table records as select * from (values ('A', 'r1', 'x'), ('A', 'r1', 'x'), "
                "('B', 'r2', 'y')) as t(kpi, record_id, s)")
    con.execute("create schema changelog")
    con.execute("create table changelog.kpi_records as select 'B' as kpi, 'r2' as record_id")
    dbt = {"ref": lambda name: name, "kpi_record_changes_log": _change_log(con)}

    def found():
        sql = render("unique_combination_of_columns", dbt_globals=dbt, model=_Relation("records"),
                     combination_of_columns=["kpi", "record_id", "s"], changed_records_after="int_kpi_cells")
        assert "-- depends_on: int_kpi_cells" in sql
        return con.execute(sql).fetchall()

    assert found() == []
    con.execute("insert into changelog.kpi_records values ('A', 'r1'), ('A', 'r1')")
    assert found() == [("A", "r1", "x", 2)]
    con.execute("drop schema changelog cascade")
    assert found() == [("A", "r1", "x", 2)]


def test_not_null_columns_returns_the_rows_with_a_missing_value(con):
    con.execute(
        "create table m as select * from (values (1, 'x', 10), (2, null, 20), (3, 'z', null), (4, 'w', 40)) "
        "as t(id, file_name, row_number)"
    )
    sql = render("not_null_columns", model="m", columns=["id", "file_name", "row_number"])
    assert sorted(con.execute(sql).fetchall()) == [(2, None, 20), (3, "z", None)]
    sql = render("not_null_columns", model="m", columns=["id"])
    assert con.execute(sql).fetchall() == []


def test_one_rule_per_kpi_returns_the_kpis_rolled_up_two_ways_or_not_defined(con):
    """dbt/tests/kpi_records_one_rule_per_kpi.sql (a singular test) on marts.dim_kpi_rules: B has two rules (its
    first_only differs), C has no definition, D's unit is not the defined one; A is fine."""
    con.execute(
        "create table rules as select * from (values ('A', 'count', null, false, 'count'), "
        "('B', 'sum', null, false, 'kg'), ('B', 'sum', null, true, 'kg'), ('C', 'count', null, false, 'count'), "
        "('D', 'ratio', 100.0, false, 'pct')) as t(kpi, agg, scale, first_only, unit)"
    )
    con.execute("create table definitions as select * from (values ('A', 'count'), ('B', 'kg'), ('D', 'count')) "
                "as t(kpi, unit)")
    source = (GENERIC.parent / "kpi_records_one_rule_per_kpi.sql").read_text(encoding="utf-8")
    tables = {"dim_kpi_rules": "rules", "ref_kpi_definitions": "definitions"}
    sql = jinja2.Environment().from_string(source).render(ref=tables.__getitem__)
    assert sorted(con.execute(sql).fetchall()) == [
        ("B", 2, "kg", "kg"), ("C", 1, "count", None), ("D", 1, "pct", "count")]
    con.execute("delete from rules where kpi <> 'A'")
    assert con.execute(sql).fetchall() == []


def test_record_rows_without_a_source_are_returned(con):
    """dbt/tests/kpi_record_rows_have_a_source.sql (a singular test): K's row from attendance a1 has its source;
    a2 is not delivered, i3's source has no file, and L's row names a1 under the wrong record type (intakes).
    Without a change log every row is read; with one (decision 29), the rows of its records only."""
    con.execute(
        "create table record_rows as select * from (values ('K', 'P1', 'attendance', 'a1'), "
        "('K', 'P2', 'attendance', 'a2'), ('L', 'P1', 'intakes', 'i3'), ('L', 'P1', 'intakes', 'a1')) "
        "as t(kpi, record_id, source_type, source_id)"
    )
    con.execute(
        "create table sources as select * from (values ('attendance', 'a1', 1, 'attendance.csv', 2), "
        "('intakes', 'i3', 1, null, 4)) as t(record_type, record_id, delivery_id, file_name, row_number)"
    )
    source = (GENERIC.parent / "kpi_record_rows_have_a_source.sql").read_text(encoding="utf-8")
    tables = {"fct_kpi_record_rows": "record_rows", "dim_record_sources": "sources", "int_kpi_cells": "cells"}
    dbt = {"ref": lambda name: _Relation(tables[name]), "kpi_record_changes_log": _change_log(con)}

    def found():
        sql = jinja2.Environment().from_string(source).render(**dbt)
        assert "-- depends_on: cells" in sql
        return sorted(con.execute(sql).fetchall())

    everything = [("K", "P2", "attendance", "a2"), ("L", "P1", "intakes", "a1"), ("L", "P1", "intakes", "i3")]
    assert found() == everything
    con.execute("create schema changelog")
    con.execute("create table changelog.kpi_records as select 'K' as kpi, 'P2' as record_id")
    assert found() == [("K", "P2", "attendance", "a2")]  # L/P1's rows were checked at the last snapshot
    con.execute("insert into changelog.kpi_records values ('L', 'P1'), ('L', 'P1')")
    assert found() == everything
    con.execute("drop schema changelog cascade")
    con.execute("delete from record_rows where kpi = 'L' or source_id = 'a2'")
    assert found() == [] and con.execute("select count(*) from record_rows").fetchone()[0] == 1