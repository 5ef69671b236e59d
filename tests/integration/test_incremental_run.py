"""An incremental `keet run` gives exactly the figures of a full rebuild, and does not rebuild everything.

Start: the small hand-made delivery (tests/fixtures/small_delivery.py) after its first run (session fixture).
Then one more delivery, `attendance_extra.csv`, with two new attendances of existing people:
  E2 (24/03/2022, Ninove 41048, chain furniture): PER5 participant
  E3 (12/05/2022, Aalst 41002, no chain):          PER4 participant
Before it (test_pipeline_small.py): attendances E1 4, E2 2, E3 2 = 8; unique attendees PER1 PER2 PER4 PER5 O3 = 5;
in March PER1 PER2 PER4 O3 = 4.
After it: attendances 10 (March 4 + 3 = 7, May 2 + 1 = 3, Ninove 2 + 1 = 3); unique attendees still 5 (PER4 and
PER5 attended before); in March PER5 joins: 5.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_env
from tests.fixtures.small_delivery import write_delivery
from tests.helpers import keet, kpi_table
from tests.integration.test_dbt_kpis import run_dbt

pytestmark = pytest.mark.integration

EXTRA_ATTENDANCE = "event_id,person_id,role\nE2,PER5,participant\nE3,PER4,participant\n"

KPI_COLUMNS = "kpi, period, period_type, municipality, chain, breakdown, value, unit"
PUBLISHED_COLUMNS = f"{KPI_COLUMNS}, suppressed, suppression, display"


def kpi_values(home: Path, table: str = "kpi_values", columns: str = KPI_COLUMNS) -> list[tuple]:
    con = duckdb.connect(str(home / "serving.duckdb"), read_only=True)
    try:
        return con.execute(f"select {columns} from marts.{table} order by all").fetchall()
    finally:
        con.close()


def materialized_in_last_run(home: Path) -> set[str]:
    """Asset keys materialised by the newest run recorded in this KEET_HOME's Dagster instance."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    try:
        with dg.DagsterInstance.get() as instance:
            run = instance.get_runs(limit=1)[0]
            records = instance.get_records_for_run(
                run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
            return {r.event_log_entry.dagster_event.asset_key.to_user_string() for r in records}
    finally:
        os.environ.pop("DAGSTER_HOME", None)


@pytest.fixture(scope="module")
def incremental_home(small_pipeline, tmp_path_factory) -> dict[str, str]:
    """A copy of the small pipeline's KEET_HOME, one more delivery ingested and run with plain `keet run`."""
    home = tmp_path_factory.mktemp("incremental") / "home"
    shutil.copytree(small_pipeline["KEET_HOME"], home)
    env = {**small_pipeline, "KEET_HOME": str(home)}
    extra = tmp_path_factory.mktemp("extra") / "attendance_extra.csv"
    extra.write_text(EXTRA_ATTENDANCE, encoding="utf-8")
    assert keet(env, "ingest", str(extra), "--source", "testpartner").returncode == 0
    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return {**env, "RUN_STDERR": run.stderr, "RUN_STDOUT": run.stdout, "EXTRA": str(extra)}


def test_the_run_after_a_new_delivery_is_incremental(incremental_home):
    assert "run: incremental (new deliveries of: attendance)" in incremental_home["RUN_STDERR"]
    # keet run ends with what became of the file: both attendance rows loaded (PER4 and PER5 are unresolved
    # references, not errors), none quarantined
    assert ("attendance_extra.csv: 2 rij(en) geladen, 0 in quarantaine / 2 row(s) loaded, 0 quarantined"
            in incremental_home["RUN_STDOUT"])
    done = materialized_in_last_run(Path(incremental_home["KEET_HOME"]))
    # the new record type, the models downstream of it, the ledger and the snapshot ...
    assert {"landing/deliveries", "raw/attendance", "staging/stg_raw__attendance", "intermediate/int_kpi_cells",
            "marts/kpi_values", "marts/fct_deliveries", "serving/snapshot"} <= done
    # ... and nothing that does not depend on it
    assert not done & {"raw/intakes", "raw/events", "ref/belgian_holidays", "intermediate/int_intakes_attributed",
                       "intermediate/int_events_attributed", "marts/kpi_definitions", "reports/latest_quarter"}
    # int_kpi_cells computed again only the KPIs of the families the new attendance rows feed
    results = json.loads((Path(incremental_home["KEET_HOME"]) / "dbt_target" / "run_results.json").read_text())
    (cells,) = [r for r in results["results"] if r["unique_id"] == "model.keet.int_kpi_cells"]
    # only the KPIs of the families the new attendance rows feed (events, reach, ESF, value chains) that do not
    # change by record are computed again from all their records, named in the filter (macro
    # kpi_cells_recompute_filter). Here every one of them is a count (the value chains' procurement sum has no
    # records), so the statement computes nothing
    assert recompute_filters(cells["compiled_code"]) == ["false"]
    # the uniqueness of the KPI records ran after int_kpi_cells, on the records it logged as changed (decision 29)
    (unique,) = [r for r in results["results"]
                 if r["unique_id"].startswith("test.keet.unique_combination_of_columns_int_kpi_records")]
    assert unique["status"] == "pass" and '"changelog"."kpi_records") as changed' in unique["compiled_code"]
    # ... and so did the check that every KPI record row has its source
    (sources,) = [r for r in results["results"]
                  if r["unique_id"].startswith("test.keet.kpi_record_rows_have_a_source")]
    assert sources["status"] == "pass" and '"changelog"."kpi_records") as changed' in sources["compiled_code"]
    assert previous_tables(Path(incremental_home["KEET_HOME"])) == []
    # the attendance staging table took only the ids of the new delivery's rows (decision 30) ...
    assert by_delivery_models(results) == {"stg_raw__attendance"}
    # attendance only: the record-grain models it reaches read the changed keys only (decision 28) ...
    assert delta_models(results) == RECORD_DELTA_MODELS
    # ... which int_kpi_cells dropped with the families' rows before the run
    assert record_delta_keys_table(Path(incremental_home["KEET_HOME"])) == []


RECORD_DELTA_MODELS = {"int_attendance_attributed", "int_record_lineage", "int_person_participations",
                       "int_people_esf_indicators", "fct_unresolved_references",
                       "int_kpi_events", "int_kpi_reach", "int_kpi_esf"}


# The staging tables kept up to date by delivery (decision 30).
BY_DELIVERY_MODELS = {"stg_raw__attendance"}


def delta_models(results: dict) -> set[str]:
    """The models of a dbt run whose SQL read the changed keys (dbt/macros/record_delta.sql)."""
    return {r["unique_id"].split(".")[-1] for r in results["results"]
            if r["unique_id"].startswith("model.") and "record_delta__keys" in (r.get("compiled_code") or "")}


def by_delivery_models(results: dict) -> set[str]:
    """The staging models of a dbt run that staged only the records of new deliveries (macros/
    staging_by_delivery.sql)."""
    return {r["unique_id"].split(".")[-1] for r in results["results"]
            if r["unique_id"].startswith("model.") and "__refresh)" in (r.get("compiled_code") or "")}


def record_delta_keys_table(home: Path) -> list[str]:
    return [r[0] for r in warehouse_rows(home, "select table_name from information_schema.tables "
                                               "where table_name = 'record_delta__keys'")]


def warehouse_rows(home: Path, sql: str) -> list[tuple]:
    """The rows of `sql` over the KEET_HOME's warehouse, opened read-only."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_incremental_figures_worked_out_by_hand(incremental_home):
    k = kpi_table(incremental_home)
    assert k[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "10"
    assert k[("EVENT_ATTENDANCES", "2022-03", "all", "all", "")] == "7"
    assert k[("EVENT_ATTENDANCES", "2022-05", "all", "all", "")] == "3"
    assert k[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "3"
    assert k[("EVENT_ATTENDANCES", "project", "41048", "furniture", "")] == "3"
    assert k[("EVENT_UNIQUE_ATTENDEES", "project", "all", "all", "")] == "5"
    assert k[("EVENT_UNIQUE_ATTENDEES", "2022-03", "all", "all", "")] == "5"
    # untouched record types keep their figures (test_pipeline_small.py)
    assert k[("ADV_INTAKES", "project", "all", "all", "")] == "7"
    assert k[("ADV_INVITED_3WD_PCT", "project", "all", "all", "")] == "50.0"
    assert k[("EVENTS", "project", "all", "all", "")] == "3"


def test_incremental_run_equals_a_full_rebuild(incremental_home, tmp_path):
    # the same two deliveries, in a fresh KEET_HOME, rebuilt in full
    fresh = tmp_path / "fresh"
    env = {**make_env(fresh), "KEET_PSEUDONYM_KEY": incremental_home["KEET_PSEUDONYM_KEY"]}
    first = write_delivery(tmp_path / "delivery")
    assert keet(env, "ingest", str(first), "--source", "testpartner").returncode == 0
    assert keet(env, "ingest", incremental_home["EXTRA"], "--source", "testpartner").returncode == 0
    run = keet(env, "run", "--full")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "run: full (full rebuild asked for)" in run.stderr
    full = kpi_values(fresh)
    incremental = kpi_values(Path(incremental_home["KEET_HOME"]))
    assert len(full) > 1000
    assert incremental == full
    # the published table (small counts suppressed): the incremental run suppressed only the KPIs that changed
    # and copied the others from the previous snapshot; the result is the full suppression's
    published = kpi_values(fresh, "kpi_values_published", PUBLISHED_COLUMNS)
    assert kpi_values(Path(incremental_home["KEET_HOME"]), "kpi_values_published", PUBLISHED_COLUMNS) == published
    assert sum(1 for row in published if row[-2] == "primary") > 0
    con = duckdb.connect(str(Path(incremental_home["KEET_HOME"]) / "serving.duckdb"), read_only=True)
    try:
        suppressed_again = con.execute("select kpis_suppressed from meta.publication").fetchone()[0]
        every = con.execute("select count(distinct kpi) from marts.kpi_values").fetchone()[0]
    finally:
        con.close()
    assert 0 < suppressed_again < every
    # the lineage: the incremental snapshot replaced only the changed records in a copy of the previous one, and
    # holds the full rebuild's rows. The extra delivery's 2 attendances (E2/PER5, E3/PER4) are 2 new
    # EVENT_ATTENDANCES records and add a row to 5 existing ones: the unique attendees and REACH_PEOPLE records of
    # PER4 and PER5, and PER4's ACC_HACKATHON_PARTICIPANTS record (E3 is the hackathon): 7 records; the sources
    # are the 2 new attendance records. The 7 lineage records are those int_kpi_cells logged as changed (decision
    # 29); the sources are found by comparing their rows
    for table in ("fct_kpi_record_rows", "dim_record_sources"):
        assert lineage(Path(incremental_home["KEET_HOME"]), table) == lineage(fresh, table)
    con = duckdb.connect(str(Path(incremental_home["KEET_HOME"]) / "serving.duckdb"), read_only=True)
    try:
        replaced = dict(con.execute("select mart, records_replaced from meta.record_marts").fetchall())
    finally:
        con.close()
    assert replaced == {"fct_kpi_record_rows": 7, "dim_record_sources": 2}
    assert lineage_found_by(Path(incremental_home["KEET_HOME"])) == {"fct_kpi_record_rows": "change log",
                                                                     "dim_record_sources": "comparison"}


# A second attendance list with the awkward cases of a change by key (decision 28):
#   E1/PER1 speaker  delivered again: the same record in a newer version (its source moves to this file)
#   E2/O3 participant  an organisation attending without a person (attendee org:O3 attended E1 before)
#   E9/PER2 participant  an unknown event: not counted (an unresolved reference)
#   E3/PER3 participant  the hackathon (12/05/2022); PER3 was only organiser (not an attendee) of E1 so far
SECOND_ATTENDANCE = ("event_id,person_id,org_id,role\nE1,PER1,,speaker\nE2,,O3,participant\n"
                     "E9,PER2,,participant\nE3,PER3,,participant\n")


def test_a_second_attendance_list_changed_by_key_equals_a_full_rebuild(incremental_home, tmp_path):
    """After it, by hand: attendances 10 + E2/O3 + E3/PER3 = 12 (May 3 + 1 = 4; Ninove E2 3 + 1 = 4); unique
    attendees 5 + PER3 = 6 (O3 attended before); hackathon participants PER2 PER4 + PER3 = 3 (PER5 was jury).
    Every figure, the published table and the lineage equal a full rebuild of the same three deliveries."""
    before, after = delivery_changed_by_key(incremental_home, tmp_path, "attendance_second.csv", SECOND_ATTENDANCE,
                                            RECORD_DELTA_MODELS)
    assert before[("ACC_HACKATHON_PARTICIPANTS", "project", "all", "all", "")] == "2"
    assert after[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "12"
    assert after[("EVENT_ATTENDANCES", "2022-05", "all", "all", "")] == "4"
    assert after[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "4"
    assert after[("EVENT_UNIQUE_ATTENDEES", "project", "all", "all", "")] == "6"
    assert after[("ACC_HACKATHON_PARTICIPANTS", "project", "all", "all", "")] == "3"
    # the unknown event E9 is listed as an unresolved reference of the new attendance row, with its reason in
    # Dutch and English; nothing else changed there
    query = ("select record_type, column_name, referenced_id, reason, reason_nl, reason_en "
             "from marts.fct_unresolved_references order by all")
    unresolved_before = set(warehouse_rows(Path(incremental_home["KEET_HOME"]), query))
    unresolved_after = set(warehouse_rows(tmp_path / "home", query))
    assert sorted(unresolved_after - unresolved_before) == [
        ("attendance", "event_id", "E9", "unknown_event", "Onbekend event 'E9' (nog niet geleverd)",
         "Unknown event 'E9' (not delivered yet)")]
    assert unresolved_before <= unresolved_after


# A registration export: PER4 and PER6 with consent, PER2 without (their gender and place are then not used).
PEOPLE = ("person_id,gender,birth_year,municipality,labour_status,education_level,consent\n"
          "PER4,female,2000,Lede,unemployed,isced_0_2,ja\n"
          "PER2,male,1960,Ninove,employed,isced_5_8,nee\n"
          "PER6,male,1990,Aalst,employed,isced_3_4,ja\n")


def test_a_people_export_changed_by_key_equals_a_full_rebuild(incremental_home, tmp_path):
    """Before it no person has a people record: the participants PER1 PER2 PER4 PER5 are 4 persons of unknown
    gender, placed where they attended, and no one counts in an ESF indicator. After it, by hand: still 4 (PER6
    never took part), PER4 female (consent) and the other 3 unknown (PER2 without consent); PER4 counts in Lede
    (41034, her own municipality) and in ESF_UNEMPLOYED, ESF_ISCED_0_2 and ESF_BELOW_25 (22 at her first
    participation, 24/03/2022); PER2 counts in no ESF indicator (no consent)."""
    before, after = delivery_changed_by_key(incremental_home, tmp_path, "people.csv", PEOPLE,
                                            {"int_record_lineage", "int_person_participations",
                                             "int_people_esf_indicators", "int_kpi_reach", "int_kpi_esf",
                                             "fct_unresolved_references"})
    assert before[("REACH_PEOPLE", "project", "all", "all", "gender=unknown")] == "4"
    assert not {k for k in before if k[0].startswith("ESF_")}
    assert after[("REACH_PEOPLE", "project", "all", "all", "")] == "4"
    assert after[("REACH_PEOPLE", "project", "all", "all", "gender=female")] == "1"
    assert after[("REACH_PEOPLE", "project", "all", "all", "gender=unknown")] == "3"
    assert after[("REACH_PEOPLE", "project", "41034", "all", "")] == "1"
    for kpi in ("ESF_UNEMPLOYED", "ESF_ISCED_0_2", "ESF_BELOW_25"):
        assert after[(kpi, "project", "all", "all", "")] == "1", kpi
    assert ("ESF_EMPLOYED", "project", "all", "all", "") not in after
    # the references to unknown persons: the export resolves those to PER2 and PER4 (PER6 was never named), so
    # two persons leave the list and no one enters it (persons appear by their pseudonym)
    query = "select distinct referenced_id from marts.fct_unresolved_references where referenced_type = 'person'"
    persons_before = set(warehouse_rows(Path(incremental_home["KEET_HOME"]), query))
    persons_after = set(warehouse_rows(tmp_path / "home", query))
    assert persons_after < persons_before and len(persons_before - persons_after) == 2


# An event export: E2 moved from Ninove to Aalst (its 3 attendances, PER1 PER4 PER5, move with it), and a new
# market dialogue E4 in Lede (no attendance).
EVENTS_EXPORT = ("event_id,event_type,title,date,municipality,chains\n"
                 "E2,workshop,Herstelworkshop meubelen,2022-03-24,Aalst,furniture\n"
                 "E4,market_dialogue,Marktdialoog verpakking,2022-06-02,Lede,packaging\n")


def test_an_event_export_changed_by_key_equals_a_full_rebuild(incremental_home, tmp_path):
    """After it, by hand: events E1 E2 E3 + E4 = 4, of which 1 market dialogue (Lede 41034); attendances still 10,
    all in Aalst (41002: E1 4 + E2 3 + E3 3), none left in Ninove (41048), 3 in chain furniture (E2)."""
    before, after = delivery_changed_by_key(incremental_home, tmp_path, "events_update.csv", EVENTS_EXPORT,
                                            RECORD_DELTA_MODELS)
    assert before[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "3"
    assert after[("EVENTS", "project", "all", "all", "")] == "4"
    assert after[("VC_MARKET_DIALOGUES", "project", "all", "all", "")] == "1"
    assert after[("VC_MARKET_DIALOGUES", "project", "41034", "packaging", "")] == "1"
    assert after[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "10"
    assert after[("EVENT_ATTENDANCES", "project", "41002", "all", "")] == "10"
    assert after[("EVENT_ATTENDANCES", "project", "all", "furniture", "")] == "3"
    assert not {k for k in after if k[0] in ("EVENT_ATTENDANCES", "EVENTS") and k[2] == "41048"}


def delivery_changed_by_key(incremental_home, tmp_path, name: str, text: str, models: set[str]):
    """`text` delivered as `name` on a copy of the incremental home and run: the run changes `models` by key
    (decision 28), and every figure, the published table, the lineage and those intermediate tables equal a full
    rebuild of the same three deliveries in a fresh home. Returns the KPI export before and after."""
    first = write_delivery(tmp_path / "delivery")  # for the full rebuild; older than `name` (inbox order)
    home = tmp_path / "home"
    shutil.copytree(incremental_home["KEET_HOME"], home)
    env = {**make_env(home), "KEET_PSEUDONYM_KEY": incremental_home["KEET_PSEUDONYM_KEY"]}
    before = kpi_table(env)
    delivery = tmp_path / "delivery_by_key" / name
    delivery.parent.mkdir()
    delivery.write_text(text, encoding="utf-8")
    assert keet(env, "ingest", str(delivery), "--source", "testpartner").returncode == 0
    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "run: incremental (new deliveries of: " in run.stderr
    assert delta_models(json.loads((home / "dbt_target" / "run_results.json").read_text())) == models
    assert previous_tables(home) == [] and record_delta_keys_table(home) == []

    fresh = tmp_path / "fresh"
    fresh_env = {**make_env(fresh), "KEET_PSEUDONYM_KEY": incremental_home["KEET_PSEUDONYM_KEY"]}
    for each in (first, Path(incremental_home["EXTRA"]), delivery):
        assert keet(fresh_env, "ingest", str(each), "--source", "testpartner").returncode == 0
    full = keet(fresh_env, "run", "--full")
    assert full.returncode == 0, full.stdout[-3000:] + full.stderr[-3000:]
    assert kpi_values(home) == kpi_values(fresh)
    assert (kpi_values(home, "kpi_values_published", PUBLISHED_COLUMNS)
            == kpi_values(fresh, "kpi_values_published", PUBLISHED_COLUMNS))
    for table in ("fct_kpi_record_rows", "dim_record_sources"):
        assert lineage(home, table) == lineage(fresh, table)
    assert lineage_found_by(home) == {"fct_kpi_record_rows": "change log", "dim_record_sources": "comparison"}
    for model in sorted(RECORD_DELTA_MODELS | BY_DELIVERY_MODELS):
        assert intermediate_rows(home, model) == intermediate_rows(fresh, model), model
    return before, kpi_table(env)


def intermediate_rows(home: Path, model: str) -> list[tuple]:
    """The rows of a model changed by key or by delivery (the delivery ids and arrival times of a fresh home
    differ)."""
    exclude = {"int_record_lineage": " exclude (delivery_id, received_at)",
               "fct_unresolved_references": " exclude (delivery_id)"}.get(
                   model, " exclude (_delivery_id, _received_at)" if model.startswith("stg_") else "")
    schema = "marts" if model.startswith("fct_") else "staging" if model.startswith("stg_") else "intermediate"
    return warehouse_rows(home, f"select *{exclude} from {schema}.{model} order by all")


def lineage_found_by(home: Path) -> dict[str, str]:
    """How the snapshot found the changed records of each record mart (meta.record_marts, decision 29)."""
    con = duckdb.connect(str(home / "serving.duckdb"), read_only=True)
    try:
        return dict(con.execute("select mart, found_by from meta.record_marts").fetchall())
    finally:
        con.close()


def lineage(home: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(home / "serving.duckdb"), read_only=True)
    try:
        return con.execute(f"select * exclude (delivery_id, received_at) from marts.{table} order by all"
                           if table == "dim_record_sources" else
                           f"select * from marts.{table} order by all").fetchall()
    finally:
        con.close()


def previous_tables(home: Path) -> list[str]:
    return [r[0] for r in warehouse_rows(home, "select table_name from information_schema.tables "
                                               "where table_name like '%\\_\\_previous' escape '\\'")]


def test_a_corrected_event_moves_its_figures_as_a_full_computation_does(incremental_home, tmp_path):
    """A correction changes and removes KPI rows, not only adds them: E2 (Ninove 41048, 3 attendances after the
    extra delivery) is delivered again in Aalst (41002). Ninove's event cells lose every record and disappear;
    Aalst's attendances go from E1 4 + E3 3 = 7 to 10; every cell is the one dbt computes from all records.
    Delivered with an organisation (O4 again, unchanged), so that the run has two record types and rebuilds the
    record-grain models from all their records (test_an_event_export_changed_by_key_... changes them by key)."""
    home = tmp_path / "home"
    shutil.copytree(incremental_home["KEET_HOME"], home)
    env = {**incremental_home, "KEET_HOME": str(home)}
    before = kpi_table(env)
    assert before[("EVENT_ATTENDANCES", "project", "41002", "all", "")] == "7"
    assert before[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "3"
    fix = tmp_path / "fix" / "events.csv"
    fix.parent.mkdir()
    fix.write_text("event_id,event_type,title,date,municipality,chains\n"
                   "E2,workshop,Herstelworkshop meubelen,2022-03-24,Aalst,furniture\n", encoding="utf-8")
    (fix.parent / "organisations.csv").write_text(
        "org_id,name,org_type,municipality,postal_code,social_economy_type,chains\n"
        "O4,Gentse Start-up,startup,,9000,none,other\n", encoding="utf-8")
    assert keet(env, "ingest", str(fix.parent), "--source", "testpartner").returncode == 0
    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "run: incremental (new deliveries of: events, organisations)" in run.stderr
    assert previous_tables(home) == []
    # two record types: the record-grain models are rebuilt, not changed by key
    results = json.loads((home / "dbt_target" / "run_results.json").read_text())
    assert delta_models(results) == set()
    (compiled,) = [r["compiled_code"] for r in results["results"] if r["unique_id"] == "model.keet.int_kpi_cells"]
    # organisations reach the advisory KPIs: their percentages, hours (a sum) and median are computed again from
    # all their records, named in the filter; every count changes by record (decisions 24 and 29)
    assert recompute_filters(compiled) == [
        "kpi in ('ADV_ACCEPTED_PCT', 'ADV_ADVICE_HOURS', 'ADV_DAYS_TO_REPORT_MEDIAN', 'ADV_INVITED_3WD_PCT')"]
    after = kpi_table(env)
    assert after[("EVENT_ATTENDANCES", "project", "41002", "all", "")] == "10"
    assert after[("EVENTS", "project", "41002", "all", "")] == "3"
    assert not {k for k in after if k[0] in ("EVENT_ATTENDANCES", "EVENTS") and k[2] == "41048"}
    assert after[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "10"
    # the snapshot's lineage is the warehouse's: the records changed are those the families' comparison logged
    # (decision 29), also when they are rebuilt from all records
    assert lineage_found_by(home)["fct_kpi_record_rows"] == "change log"
    assert lineage(home, "fct_kpi_record_rows") == warehouse_rows(
        home, "select * from marts.fct_kpi_record_rows order by all")
    # every cell as dbt computes it from all records (int_kpi_cells rebuilt in full on a copy of the warehouse)
    warehouse = tmp_path / "rebuilt" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(home / "warehouse.duckdb", warehouse)
    rebuild = run_dbt(warehouse, tmp_path / "rebuilt", "run", "--select", "int_kpi_cells", "--full-refresh",
                      "--vars", f"{{cutoff_date: '{env['KEET_CUTOFF_DATE']}'}}")
    assert rebuild.returncode == 0, rebuild.stdout[-3000:]
    assert cells(home / "warehouse.duckdb") == cells(warehouse)


def recompute_filters(compiled_code: str) -> list[str]:
    """The filters of int_kpi_cells' statement on the KPIs it computes again from all their records."""
    return re.findall(r"and (kpi in \([^)]*\)|false)\n", compiled_code)


def cells(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select * from intermediate.int_kpi_cells order by all").fetchall()
    finally:
        con.close()


def test_a_changed_cutoff_date_makes_the_next_run_full(incremental_home, monkeypatch):
    from pipelines.dbt_project import ensure_manifest
    from pipelines.schedules import full_rebuild_reason

    ensure_manifest()
    monkeypatch.setenv("KEET_HOME", incremental_home["KEET_HOME"])
    monkeypatch.delenv("KEET_WAREHOUSE", raising=False)
    monkeypatch.setenv("KEET_CUTOFF_DATE", incremental_home["KEET_CUTOFF_DATE"])
    assert full_rebuild_reason() is None  # the incremental run recorded a successful build
    monkeypatch.setenv("KEET_CUTOFF_DATE", "2022-11-30")
    assert full_rebuild_reason() == "changed since the last run: cutoff_date"


def test_inbox_sensor_requests_the_incremental_selection(incremental_home, tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.schedules import inbox_sensor

    home = tmp_path / "home"
    shutil.copytree(incremental_home["KEET_HOME"], home)
    (home / "inbox" / "testpartner").mkdir(parents=True, exist_ok=True)
    (home / "inbox" / "testpartner" / "events.csv").write_text(
        "event_id,event_type,title,date,municipality,chains\nE4,workshop,Repair,2022-06-02,Aalst,textile\n",
        encoding="utf-8")
    monkeypatch.setenv("KEET_HOME", str(home))
    monkeypatch.delenv("KEET_WAREHOUSE", raising=False)
    monkeypatch.setenv("KEET_CUTOFF_DATE", incremental_home["KEET_CUTOFF_DATE"])
    with dg.instance_for_test() as instance:
        request = inbox_sensor(dg.build_sensor_context(instance=instance, repository_def=defs.get_repository_def()))
        assert request.tags["keet/mode"] == "incremental"
        selected = {k.to_user_string() for k in request.asset_selection}
        assert {"landing/deliveries", "raw/events", "intermediate/int_kpi_events", "serving/snapshot"} <= selected
        assert not selected & {"raw/attendance", "raw/intakes", "reports/latest_quarter"}
        # without a recorded successful build (a failed run removes it) the sensor asks for everything
        (home / "dagster" / "keet_build_state.json").unlink()
        request = inbox_sensor(dg.build_sensor_context(instance=instance, repository_def=defs.get_repository_def(),
                                                       cursor="another"))
        assert request.tags["keet/mode"] == "full" and request.asset_selection is None
