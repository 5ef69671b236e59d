"""`keet explain` / `keet trace`: which records, from which delivered file and row, make up a figure.

On the dbt fixture warehouse of tests/integration/test_dbt_kpis.py (the session's single `dbt build`), published
as a serving snapshot with pipelines.publish.publish_snapshot, exactly as readers see it. The expected records are
the fixture's hand-made rows: a raw file's row 1 is its header, so the n-th delivered row is row n + 1.

attendance.csv rows: 2 E1 PER1 participant, 3 E1 PER1 speaker, 4 E1 PER2, 5 E1 O3, 6 E1 PER3 organiser,
7 E2 PER1, 8 E2 PER4, 9 E3 PER2, 10 E3 PER5 jury, 11 E4 O2, 12 E4 PER4, 13 E9 PER1 (unknown event).
intakes.csv rows: 2 I1, 3 I2, 4 I3, 5 I4, 6 I5 (old version), 7 I6, 8 I7, 9 I9; intakes_fix.csv row 2: I5 (newest).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.explain import cell_records, explain, format_explanation, verify_cells, write_trace_csv
from pipelines.publish import publish_snapshot
from tests.fixtures.raw_fixture import attendance_id
from tests.helpers import keet
from tests.integration.test_dbt_kpis import AALST, LEDE, NINOVE, built_fixture_warehouse

pytestmark = pytest.mark.integration


def att(
    event_id: str, role: str = "participant", person_id: str | None = None, org_id: str | None = None
) -> str:
    return attendance_id({"event_id": event_id, "person_id": person_id, "org_id": org_id, "role": role})


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    build = built_fixture_warehouse(tmp_path_factory)
    path = tmp_path_factory.mktemp("explain") / "serving.duckdb"
    publish_snapshot(Path(build["warehouse"]), path, dt.date(2022, 6, 30))
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def listed(explanation) -> set[tuple]:
    return {
        (r["record_id"], r["source_type"], r["source_id"], r["file_name"], r["row_number"])
        for r in explanation.records
    }


def test_every_published_cell_is_recomputed_from_its_records(serving):
    # the query-time resolution of explain agrees with dbt's rollup on every cell of kpi_values
    assert serving.execute("select count(*) from marts.kpi_values").fetchone()[0] > 3000
    assert verify_cells(serving) == []


def test_the_lineage_is_a_view_over_the_stored_rows_the_kpi_rules_and_the_sources(serving):
    # the snapshot stores the 12 columns that vary per row and joins each KPI's rules and each source record's
    # file and row when read (decision 23)
    kinds = dict(serving.execute("select table_name, table_type from information_schema.tables "
                                 "where table_schema = 'marts'").fetchall())
    assert kinds["fct_kpi_records"] == "VIEW" and kinds["fct_kpi_record_rows"] == "BASE TABLE"
    assert kinds["dim_kpi_rules"] == "BASE TABLE" and kinds["dim_record_sources"] == "BASE TABLE"
    rows, records, without_file = serving.execute(
        "select (select count(*) from marts.fct_kpi_record_rows), (select count(*) from marts.fct_kpi_records), "
        "(select count(*) from marts.fct_kpi_records where file_name is null or row_number is null)").fetchone()
    assert rows == records > 200 and without_file == 0
    # a source record is stored once, however many KPI rows it feeds: PER1's participant row of E1 (row 2)
    assert serving.execute("select count(*), min(file_name), min(row_number) from marts.dim_record_sources "
                           "where record_type = 'attendance' and record_id = ?", [att("E1", person_id="PER1")]
                           ).fetchone() == (1, "attendance.csv", 2)
    assert serving.execute("select count(*) from marts.fct_kpi_record_rows where source_type = 'attendance' "
                           "and source_id = ?", [att("E1", person_id="PER1")]).fetchone()[0] > 1
    # REACH_PEOPLE counts each person in the period of the first participation; a ratio has its scale
    assert serving.execute("select agg, first_only, unit from marts.dim_kpi_rules where kpi = 'REACH_PEOPLE'"
                           ).fetchall() == [("count", True, "count")]
    assert serving.execute("select distinct agg, scale, unit from marts.fct_kpi_records "
                           "where kpi = 'ADV_ACCEPTED_PCT'").fetchall() == [("ratio", 100.0, "pct")]
    # the labels of a key date of 2022-05-10 (ACC_COMPLETED's A1, see test_text_and_trace_output)
    assert serving.execute("select distinct period_month, period_quarter, period_semester, period_year, in_project "
                           "from marts.fct_kpi_records where kpi = 'ACC_COMPLETED' and record_id = 'A1'"
                           ).fetchall() == [("2022-05", "2022-Q2", "2022-S1", "2022", True)]


def test_two_chain_event_attendances_listed_once(serving):
    # E1 (Aalst, textile AND ict) in March: PER1 participant, PER1 speaker, PER2, O3; the organiser PER3 (row 6)
    # is not an attendee. Chain 'all': each attendance row once, with both chains.
    e = explain(serving, "EVENT_ATTENDANCES", "2022-03", AALST, "all")
    assert e.value == 4
    assert e.recomputed == 4 == len(e.records) == e.record_count
    expected = {
        (att("E1", person_id="PER1"), 2),
        (att("E1", "speaker", person_id="PER1"), 3),
        (att("E1", person_id="PER2"), 4),
        (att("E1", org_id="O3"), 5),
    }
    assert {(r["record_id"], r["row_number"]) for r in e.records} == expected
    assert {r["file_name"] for r in e.records} == {"attendance.csv"}
    assert {r["chains"] for r in e.records} == {"ict|textile"}
    assert {r["detail"] for r in e.records} == {"E1 / participant", "E1 / speaker"}
    # the same four rows in chain textile (and in ict); project, all chains: 8 rows (E1 4, E2 2, E3 2)
    assert listed(explain(serving, "EVENT_ATTENDANCES", "2022-03", AALST, "textile")) == listed(e)
    project = explain(serving, "EVENT_ATTENDANCES")
    assert project.value == 8 == len(project.records)
    assert {r["row_number"] for r in project.records} == {2, 3, 4, 5, 7, 8, 9, 10}


def test_unique_attendees_name_the_rows_they_come_from(serving):
    # Q1 in Aalst: PER1 (rows 2 and 3), PER2 (row 4), O3 attending without a person (row 5) = 3 attendees
    e = explain(serving, "EVENT_UNIQUE_ATTENDEES", "2022-Q1", AALST)
    assert e.value == 3 == e.record_count
    assert {(r["record_id"], r["row_number"]) for r in e.records} == {
        ("person:PER1", 2),
        ("person:PER1", 3),
        ("person:PER2", 4),
        ("org:O3", 5),
    }


def test_reach_people_first_participation_and_project(serving):
    # project: PER1 (rows 2, 3, 7), PER2 (4, 9), PER4 (8; E4 of 2021 is outside the project), PER5 (10) from
    # attendance.csv; P1 (I1, row 2), P2 (I2, row 3), PER6 (I3, row 4) from intakes.csv: 7 persons, 10 rows
    e = explain(serving, "REACH_PEOPLE")
    assert e.value == 7 == e.record_count == e.recomputed
    assert len(e.records) == 10
    assert {
        (r["record_id"], r["file_name"], r["row_number"]) for r in e.records if r["source_type"] == "intakes"
    } == {("P1", "intakes.csv", 2), ("P2", "intakes.csv", 3), ("PER6", "intakes.csv", 4)}
    # May: only PER5 is NEW (PER2 was first reached in March at E1), so PER2's row 9 is not listed
    may = explain(serving, "REACH_PEOPLE", "2022-05")
    assert may.value == 1
    assert {(r["record_id"], r["row_number"]) for r in may.records} == {("PER5", 10)}
    # but in chain 'unassigned' (E3 has no chain) both are new in May
    assert explain(serving, "REACH_PEOPLE", "2022-05", chain="unassigned").record_count == 2
    # PER6 counts in Lede, her own municipality (consent), although I3 was in Aalst
    lede = explain(serving, "REACH_PEOPLE", municipality="Lede")
    assert lede.municipality == LEDE and lede.municipality_name == "Lede"
    assert {r["record_id"] for r in lede.records} == {"PER6"}


def test_organisations_with_every_support(serving):
    # O1: intake I1 (advice 14/03), partner of A1 (selected 10/05), member of C1 (01/06); O2: intake I2 (by name),
    # C1; O3: lead of A1. 3 organisations through 6 delivered rows.
    e = explain(serving, "REACH_ORGS")
    assert e.value == 3 == e.record_count
    assert listed(e) == {
        ("O1", "intakes", "I1", "intakes.csv", 2),
        ("O1", "applications", "A1", "applications.csv", 2),
        ("O1", "collaborations", "C1", "collaborations.csv", 2),
        ("O2", "intakes", "I2", "intakes.csv", 3),
        ("O2", "collaborations", "C1", "collaborations.csv", 2),
        ("O3", "applications", "A1", "applications.csv", 2),
    }


def test_ratio_lists_the_denominator_with_numerator_flags(serving):
    # Aalst: I1, I3, I6 accepted (1), I5 rejected (0) = 3/4. I5's newest version is in intakes_fix.csv.
    e = explain(serving, "ADV_ACCEPTED_PCT", municipality=AALST)
    assert e.value == pytest.approx(75.0) == e.recomputed
    rows = {
        r["record_id"]: (r["measure"], r["denominator_measure"], r["file_name"], r["row_number"])
        for r in e.records
    }
    assert rows == {
        "I1": (1, 1, "intakes.csv", 2),
        "I3": (1, 1, "intakes.csv", 4),
        "I5": (0, 1, "intakes_fix.csv", 2),
        "I6": (1, 1, "intakes.csv", 7),
    }


def test_sum_counts_a_two_municipality_record_once(serving):
    # C1 joins O1 (Aalst) and O2 (Ninove): one record in 'all', EUR 5000 (not 10000)
    e = explain(serving, "VC_PROCUREMENT_EUR")
    assert e.value == pytest.approx(5000.0) == e.recomputed
    assert [(r["record_id"], r["municipalities"], r["measure"]) for r in e.records] == [
        ("C1", f"{AALST}|{NINOVE}", 5000)
    ]
    assert sum(r["measure"] for r in e.records) == e.value


def test_per_10k_lists_the_base_records(serving):
    # ADV_INTAKES in Ninove: I2, I4, I7 -> 3 x 10000 / 40090 inhabitants (2023)
    e = explain(serving, "ADV_INTAKES_PER_10K_INHABITANTS", municipality=NINOVE)
    assert e.base_kpi == "ADV_INTAKES" and e.population == 40090 and e.population_year == 2023
    assert {r["record_id"] for r in e.records} == {"I2", "I4", "I7"}
    assert e.value == pytest.approx(3 * 10000 / 40090) == e.recomputed


def test_count_kpis_listing_adds_up(serving):
    # for every count KPI (project, all, all) the number of distinct listed records is the figure
    kpis = [
        r[0]
        for r in serving.execute(
            "select distinct kpi from marts.fct_kpi_records where agg = 'count' order by kpi"
        ).fetchall()
    ]
    assert len(kpis) > 30
    for kpi in kpis:
        e = explain(serving, kpi)
        if e.value is not None:
            assert e.record_count == e.value, kpi
            assert all(r["file_name"] and r["row_number"] for r in e.records), kpi


def test_text_and_trace_output(serving):
    e = explain(serving, "ACC_COMPLETED")
    text = format_explanation(e, lang="en")
    assert text.splitlines()[0] == "ACC_COMPLETED - Programmes completed"
    assert "applications.csv" in text and "source records" in text
    out = io.StringIO()
    assert write_trace_csv(e, out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["record_id"] == "A1" and rows[0]["file_name"] == "applications.csv"
    assert rows[0]["row_number"] == "2" and rows[0]["key_date"] == "2022-05-10"
    assert rows[0]["municipalities"] == LEDE and rows[0]["chains"] == "ict"
    # an empty cell: no value, no records, no error
    empty = explain(serving, "ACC_COMPLETED", "2022-01")
    assert empty.value is None and empty.records == [] and "no value" in format_explanation(empty)
    assert cell_records(serving, "ACC_COMPLETED", "2021") == []


PSEUDONYM = re.compile(r"^P-[0-9a-f]{16}$")


def test_cli_on_the_real_pipeline_shows_pseudonyms_only(small_pipeline, tmp_path):
    """The small delivery through the real pipeline (tests/conftest.py): attendance came as an XLSX sheet, person
    ids were pseudonymised on load; `keet trace` names the delivered file and sheet row of each record."""
    out = tmp_path / "trace.csv"
    run = keet(
        small_pipeline,
        "trace",
        "EVENT_ATTENDANCES",
        "--period",
        "2022-03",
        "--municipality",
        "Aalst",
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    # E1: PER1 participant (row 2), PER1 speaker (3), PER2 (4), O3 (5); the organiser (row 6) is not listed
    assert sorted((r["file_name"], int(r["row_number"]), r["chains"]) for r in rows) == [
        ("attendance_2022.xlsx", n, "ict|textile") for n in (2, 3, 4, 5)
    ]

    people = keet(small_pipeline, "trace", "REACH_PEOPLE")
    assert people.returncode == 0, people.stderr
    people_rows = list(csv.DictReader(io.StringIO(people.stdout)))
    assert len({r["record_id"] for r in people_rows}) == 4  # PER1 PER2 PER4 PER5 (no intake contact persons)
    assert all(PSEUDONYM.match(r["record_id"]) for r in people_rows)
    assert not {"PER1", "PER2", "PER4", "PER5"} & {r["record_id"] for r in people_rows}

    text = keet(small_pipeline, "explain", "EVENT_UNIQUE_ATTENDEES", "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "value: 5" in text.stdout and "person:P-" in text.stdout and "PER1" not in text.stdout
