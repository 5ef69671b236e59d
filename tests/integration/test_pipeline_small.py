"""End to end through the real pipeline: files -> keet ingest -> keet run (Dagster, dbt, DuckDB) -> keet kpis.

The delivery (tests/fixtures/small_delivery.py) is small enough to work every figure out by hand; the expected values are derived in the
comments beside each assertion. Two real runs: the first delivery, then a correction (an updated record and the
same file delivered again) made while a reader holds the serving snapshot open.

Calendar used (2022): Fri 04/03, Fri 11/03, Wed 16/03, Thu 14/04, Easter Monday 18/04 (Belgian public holiday).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.small_delivery import INTAKES_UPDATE
from tests.helpers import keet, kpi_table

pytestmark = pytest.mark.integration

@pytest.fixture(scope="module")
def first_run(small_pipeline):
    return kpi_table(small_pipeline)


def test_advisory_desk_kpis(first_run):
    k = first_run
    # I7 is quarantined (Aalts); 7 intakes remain: I1..I6 and I8.
    assert k[("ADV_INTAKES", "project", "all", "all", "")] == "7"
    assert k[("ADV_INTAKES", "2022-03", "all", "all", "")] == "6"  # all but I3 (April)
    assert k[("ADV_INTAKES", "2022-04", "all", "all", "")] == "1"
    assert k[("ADV_INTAKES", "2022-Q1", "41002", "all", "")] == "2"  # I1, I6 (Aalst)
    assert k[("ADV_INTAKES", "2022-Q2", "41002", "all", "")] == "1"  # I3 (Erembodegem is Aalst)
    assert k[("ADV_INTAKES", "project", "41002", "textile", "")] == "3"  # I1, I3 (kledij), I6
    assert k[("ADV_INTAKES", "project", "outside_region", "all", "")] == "1"  # I8 (Gent)
    assert k[("ADV_INTAKES", "project", "all", "all", "decision=accepted")] == "4"
    # accepted I1 I2 I3 I6 over accepted+referred+rejected (I4, I5); pending I8 is left out: 4/6
    assert k[("ADV_ACCEPTED_PCT", "project", "all", "all", "")] == "66.7"
    assert k[("ADV_REFERRED", "project", "41048", "all", "")] == "1"  # I4 via postal code 9400
    # deadlines: I1 Fri 04/03 -> Wed 09/03 (invited 09/03: on time); I2 Fri 11/03 -> Wed 16/03 (invited 17/03: late);
    # I3 Thu 14/04 -> Wed 20/04 because Easter Monday is no working day (invited 20/04: on time); I6 never: late.
    assert k[("ADV_INVITED_3WD_PCT", "project", "all", "all", "")] == "50.0"
    assert k[("ADV_INVITED_3WD_PCT", "project", "41002", "all", "")] == "66.7"  # I1, I3 on time; I6 late
    assert k[("ADV_CONVERSATIONS", "2022-03", "all", "all", "")] == "2"  # I1 14/03, I2 22/03
    assert k[("ADV_CONVERSATIONS", "project", "all", "all", "")] == "3"
    assert k[("ADV_REPORTS", "project", "all", "all", "")] == "2"  # I1, I3
    assert k[("ADV_ADVICE_HOURS", "project", "all", "all", "")] == "3.5"  # (90 + 60 default + 60) / 60


def test_event_kpis(first_run):
    k = first_run
    assert k[("EVENTS", "project", "all", "all", "")] == "3"
    assert k[("EVENTS", "2022-03", "all", "all", "")] == "2"
    assert k[("EVENTS", "project", "41002", "all", "")] == "2"  # E1, E3
    assert k[("EVENTS", "project", "41002", "unassigned", "")] == "1"  # E3 has no chain
    assert k[("EVENTS", "project", "all", "textile", "")] == "1"
    assert k[("EVENTS", "project", "all", "ict", "")] == "1"
    # E1 counts in textile AND ict, but once in chain 'all'.
    assert k[("EVENTS", "2022-03", "41002", "all", "")] == "1"
    # attendances without organisers: E1 4 (PER1 twice as participant and speaker, PER2, O3), E2 2, E3 2.
    assert k[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "8"
    assert k[("EVENT_ATTENDANCES", "2022-03", "all", "textile", "")] == "4"
    assert k[("EVENT_ATTENDANCES", "2022-03", "41002", "all", "")] == "4"  # not 8 although E1 has two chains
    assert k[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "2"
    # unique: persons PER1 PER2 PER4 PER5 plus organisation O3 attending without a person = 5
    assert k[("EVENT_UNIQUE_ATTENDEES", "project", "all", "all", "")] == "5"
    assert k[("EVENT_UNIQUE_ATTENDEES", "2022-03", "all", "all", "")] == "4"  # PER1 PER2 PER4 O3
    assert k[("EVENT_UNIQUE_ATTENDEES", "2022-Q1", "41002", "all", "")] == "3"  # PER1 PER2 O3
    assert k[("EVENT_UNIQUE_ATTENDEES", "project", "all", "ict", "")] == "3"


def test_ledger_and_quarantine(first_run, small_pipeline):
    con = duckdb.connect(str(Path(small_pipeline["KEET_HOME"]) / "serving.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select file_name, rows_read, rows_loaded, rows_quarantined from marts.fct_deliveries "
            "where record_type = 'intakes'"
        ).fetchall()
        assert rows == [("Intakes 2022 Q1.csv", 8, 7, 1)]
        q = con.execute("select row_number, column_name, value, reason_nl from marts.fct_quarantine").fetchall()
        assert q == [(8, "municipality", "Aalts", "gemeente 'Aalts' onbekend - bedoelde u Aalst?")]
    finally:
        con.close()


def test_second_run_while_a_reader_holds_the_snapshot(first_run, small_pipeline, tmp_path):
    # work on a copy of the first run's KEET_HOME, so other tests keep reading the first snapshot
    home = tmp_path / "home"
    shutil.copytree(small_pipeline["KEET_HOME"], home)
    keet_env = {**small_pipeline, "KEET_HOME": str(home)}
    delivery = Path(small_pipeline["DELIVERY"])
    serving = home / "serving.duckdb"
    reader = duckdb.connect(str(serving), read_only=True)
    query = ("select value from marts.kpi_values where kpi = 'ADV_INVITED_3WD_PCT' and period = 'project' "
             "and municipality = 'all' and chain = 'all' and breakdown = ''")
    try:
        assert reader.execute(query).fetchone()[0] == pytest.approx(50.0)
        update = tmp_path / "intakes_correction.csv"
        update.write_text(INTAKES_UPDATE, encoding="utf-8")
        assert keet(keet_env, "ingest", str(update), str(delivery / "events.csv")).returncode == 0
        run = keet(keet_env, "run")
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        # the open reader still sees its snapshot; a new reader sees the new one
        assert reader.execute(query).fetchone()[0] == pytest.approx(50.0)
    finally:
        reader.close()
    k = kpi_table(keet_env)
    # I6 is now invited on time: I1, I3, I6 on time out of 4 -> 75.0; still 7 intakes (an update, not a new one)
    assert k[("ADV_INVITED_3WD_PCT", "project", "all", "all", "")] == "75.0"
    assert k[("ADV_INTAKES", "project", "all", "all", "")] == "7"
    # events.csv delivered a second time: a duplicate delivery, nothing changes
    assert k[("EVENTS", "project", "all", "all", "")] == "3"
    con = duckdb.connect(str(serving), read_only=True)
    try:
        statuses = dict(con.execute(
            "select file_name, max(status) from marts.fct_deliveries where file_name in "
            "('events.csv', 'intakes_correction.csv') and delivery_id > 4 group by all").fetchall())
    finally:
        con.close()
    assert statuses == {"events.csv": "duplicate", "intakes_correction.csv": "loaded"}


def test_report_command_and_latest_quarter_asset(first_run, small_pipeline, tmp_path):
    import subprocess

    import openpyxl

    from tests.helpers import keet

    home = Path(small_pipeline["KEET_HOME"])
    # the Dagster asset issued the report of the latest closed quarter (cut-off 2022-12-31 -> 2022-Q4)
    issued = sorted(p.name for p in (home / "reports").glob("keet-esf-2022-Q4-nl-*"))
    assert [Path(n).suffix for n in issued] == [".pdf", ".xlsx"]
    out = tmp_path / "q1.xlsx"
    run = keet(small_pipeline, "report", "--period", "2022-Q1", "--format", "xlsx", "--lang", "en", "--out", str(out))
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)  # values, never formulas
    pdf = tmp_path / "q1.pdf"
    assert keet(small_pipeline, "report", "--period", "2022-Q1", "--out", str(pdf)).returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Adviesbureau" in text and "2022" in text
    listing = keet(small_pipeline, "report", "--list").stdout
    assert "2022-Q1\tnl\tpdf" in listing and "2022-Q1\ten\txlsx" in listing


def test_keet_kpis_published_gives_the_partners_figures_in_the_same_format(first_run, small_pipeline):
    published = keet(small_pipeline, "kpis", "--published")
    assert published.returncode == 0, published.stderr
    lines = published.stdout.splitlines()
    assert lines[0] == "kpi,period,municipality,chain,breakdown,value,unit"
    assert len(lines) == len(keet(small_pipeline, "kpis").stdout.splitlines())  # every row, none dropped
    assert "EVENT_ATTENDANCES,project,41048,all,,<5,count" in lines  # 2 in the exact table
    assert "EVENT_ATTENDANCES,project,all,all,,8,count" in lines  # shown: the same as the exact one
    assert first_run[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "2"


def test_published_table_suppresses_small_people_counts(first_run, small_pipeline):
    con = duckdb.connect(str(Path(small_pipeline["KEET_HOME"]) / "serving.duckdb"), read_only=True)
    try:
        cell = ("select display from marts.kpi_values_published where kpi = 'EVENT_UNIQUE_ATTENDEES' and period = ? "
                "and municipality = ? and chain = 'all' and breakdown = ''")
        assert con.execute(cell, ["project", "all"]).fetchone()[0] == "5"  # 5 is published
        assert con.execute(cell, ["2022-03", "all"]).fetchone()[0] == "<5"  # PER1 PER2 PER4 O3 = 4
        assert con.execute(cell, ["2022-Q1", "41002"]).fetchone()[0] == "<5"  # 3
        people = [r[0] for r in con.execute("select kpi from marts.kpi_definitions where counts_people").fetchall()]
        leaks = con.execute(
            "select count(*) from marts.kpi_values_published where kpi in (select unnest(?)) and not suppressed "
            "and value between 1 and 4", [people]).fetchone()[0]
        assert leaks == 0
        # intakes are not people counts: exact everywhere
        assert con.execute("select display from marts.kpi_values_published where kpi = 'ADV_INTAKES' and "
                           "period = '2022-04' and municipality = 'all' and chain = 'all' and breakdown = ''"
                           ).fetchone()[0] == "1"
    finally:
        con.close()
