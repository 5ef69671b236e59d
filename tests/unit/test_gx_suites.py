"""The Great Expectations contract suites (pipelines/quality/gx_suites.py) on small frames: what passes, what fails
and what the failure report says; the narrow frame the asset check fetches equals the `select *` frame's columns;
`keet run`'s worker process gives the same outcome."""

from __future__ import annotations

import os
import sys

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from pipelines.contract.parsers import place_tables
from pipelines.contract.schema import RECORD_TYPES
from pipelines.ingest.raw_tables import create_all, raw_columns
from pipelines.quality import gx_suites
from pipelines.quality.gx_suites import run_suite, suite_columns, suite_frame, suite_table

PEOPLE = RECORD_TYPES["people"]


def _people(n: int = 4) -> pd.DataFrame:
    municipality = min(place_tables().by_name.values())
    return pd.DataFrame({
        "_delivery_id": list(range(n)), "first_name": ["x"] * n,
        "person_id": [f"P-{i:016x}" for i in range(n)], "gender": ["female"] * n, "birth_year": ["1980"] * n,
        "postal_code": [None] * n, "municipality": [municipality] * n, "labour_status": ["employed"] * n,
        "education_level": ["unknown"] * n, "disadvantaged": ["disability|low_qualified"] * n,
        "org_id": [None] * n, "consent": ["true"] * n,
    }).astype({"postal_code": "str", "org_id": "str"})


def test_clean_records_pass():
    outcome = run_suite(PEOPLE, _people())
    # the id column's not-null expectation is in the suite once, although person_id is also a required column
    assert (outcome.success, outcome.evaluated, outcome.failures) == (True, 11, [])


def test_broken_records_fail_with_counts_and_samples():
    frame = _people(6)
    frame.loc[0, "gender"] = "x"
    frame.loc[1, "birth_year"] = "1850"
    frame.loc[2, "birth_year"] = "abc"  # not a number: parsed as missing, not out of range
    frame.loc[3, "consent"] = None
    frame.loc[4, "person_id"] = "Jan Janssens"
    frame.loc[5, "disadvantaged"] = "disability|foo"
    outcome = run_suite(PEOPLE, frame)
    assert not outcome.success
    by_column = {(f["expectation"], f["column"]): f for f in outcome.failures}
    assert set(by_column) == {
        ("expect_column_values_to_be_in_set", "gender"),
        ("expect_column_values_to_be_between", "birth_year__num"),
        ("expect_column_values_to_not_be_null", "consent"),
        ("expect_column_values_to_match_regex", "person_id"),
        ("expect_column_values_to_match_regex", "disadvantaged"),
    }
    assert by_column[("expect_column_values_to_be_in_set", "gender")]["sample"] == ["x"]
    assert by_column[("expect_column_values_to_be_between", "birth_year__num")]["unexpected_count"] == 1
    assert by_column[("expect_column_values_to_be_between", "birth_year__num")]["sample"] == ["1850.0"]
    # a person id that is not a pseudonym is counted, never echoed
    assert by_column[("expect_column_values_to_match_regex", "person_id")] == {
        "expectation": "expect_column_values_to_match_regex", "column": "person_id", "unexpected_count": 1,
        "sample": []}


def test_duplicate_ids_fail():
    frame = _people(3)
    frame.loc[2, "person_id"] = frame.loc[0, "person_id"]
    outcome = run_suite(PEOPLE, frame)
    assert [(f["expectation"], f["unexpected_count"]) for f in outcome.failures] == [
        ("expect_column_values_to_be_unique", 2)]


def test_suite_frame_is_the_full_frame_narrowed():
    con = duckdb.connect()
    create_all(con)
    con.register("people_frame", _people())
    cols = ", ".join(raw_columns(PEOPLE))
    con.execute(f"insert into raw.people (_delivery_id, _row_number, _received_at, _file_name, {cols}) "
                f"select _delivery_id, 1, now(), 'people.csv', {cols} from people_frame")
    sql = "select * exclude (_extra) from raw.people"
    full = con.execute(sql).df()
    narrow = suite_frame(PEOPLE, con, sql)
    assert list(narrow.columns) == suite_columns(PEOPLE)
    assert "first_name" not in narrow.columns  # personal data the suite never reads stays in DuckDB
    pd.testing.assert_frame_equal(narrow, full[suite_columns(PEOPLE)])
    assert run_suite(PEOPLE, narrow) == run_suite(PEOPLE, full)
    # the Arrow table the asset check sends (to the worker) becomes the same frame, with the same outcome
    table = suite_table(PEOPLE, con, sql)
    pd.testing.assert_frame_equal(table.to_pandas(), narrow)
    con.execute("update raw.people set gender = 'x' where _delivery_id = 1")
    broken = run_suite(PEOPLE, suite_table(PEOPLE, con, sql))
    assert [(f["column"], f["sample"]) for f in broken.failures] == [("gender", ["x"])]
    assert broken == run_suite(PEOPLE, suite_frame(PEOPLE, con, sql))


def test_the_worker_validates_as_this_process_does(monkeypatch):
    """`keet run` starts a worker that imports GX at once; the suites then run there, with the same outcome. When
    the worker dies, they run in this process again."""
    frame = _people(3)
    frame.loc[2, "person_id"] = frame.loc[0, "person_id"]
    frame.loc[1, "gender"] = "x"
    here = run_suite(PEOPLE, frame)
    assert [f["column"] for f in here.failures] == ["person_id", "gender"]
    gx_suites.start_worker()
    try:
        assert gx_suites._worker.process.pid != os.getpid()
        with monkeypatch.context() as patched:
            patched.setitem(sys.modules, "great_expectations", None)  # GX cannot be imported in this process
            there = run_suite(PEOPLE, frame)  # so this ran in the worker
            there_from_arrow = run_suite(PEOPLE, pa.Table.from_pandas(frame, preserve_index=False))
            gx_suites._worker.process.kill()
            with pytest.raises(ImportError):  # the worker is gone: the suite runs here, and needs GX here
                run_suite(PEOPLE, frame)
        assert gx_suites._worker is None
        after = run_suite(PEOPLE, frame)
    finally:
        gx_suites.stop_worker()
    assert there == there_from_arrow == here == after
