"""Right to erasure: a person erased from the archive and the raw layer; the next run changes the figures by exactly
their contribution. Works on a copy of the small pipeline's KEET_HOME (tests/fixtures/small_delivery.py).

PER1 attended E1 as participant and as speaker (2022-03-10, Aalst, textile+ict) and E2 as participant
(2022-03-24, Ninove). Before: 8 attendances, 5 unique attendees. After erasing PER1: 8 - 3 = 5 attendances and
5 - 1 = 4 unique attendees; Ninove (E2) 2 -> 1 attendance. Intakes are untouched (7).
"""

from __future__ import annotations

import shutil

import duckdb
import openpyxl
import pytest

from tests.helpers import keet, kpi_table

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def erased(small_pipeline, tmp_path_factory):
    home = tmp_path_factory.mktemp("forget") / "home"
    shutil.copytree(small_pipeline["KEET_HOME"], home)
    env = {**small_pipeline, "KEET_HOME": str(home)}
    before = kpi_table(env)
    # the real command: erase, audit, and rebuild every figure (lower-case id: ids are matched case-insensitively)
    out = keet(env, "forget", "--person-id", "per1", "--actor", "test")
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    report = dict(item.split(": ") for item in out.stdout.splitlines()[0].split(", "))
    report = {k: int(v) for k, v in report.items()}
    return before, kpi_table(env), report, home


def test_figures_change_by_exactly_the_persons_contribution(erased):
    before, after, report, _ = erased
    assert report["archive_rows_blanked"] == 3 and report["raw_rows_removed"] == 3
    assert before[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "8"
    assert after[("EVENT_ATTENDANCES", "project", "all", "all", "")] == "5"
    assert after[("EVENT_UNIQUE_ATTENDEES", "project", "all", "all", "")] == "4"
    assert after[("EVENT_ATTENDANCES", "project", "41048", "all", "")] == "1"
    assert after[("ADV_INTAKES", "project", "all", "all", "")] == "7"
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed and all(k[0].startswith("EVENT_") or k[0].startswith("REACH_") or k[0].startswith("ACC_")
                           or k[0].startswith("ESF_") for k in changed)


def test_no_trace_left_in_archive_and_raw(erased):
    _, _, _, home = erased
    archived = next((home / "archive").rglob("attendance_2022.xlsx"))
    cells = [c for row in openpyxl.load_workbook(archived).active.iter_rows(values_only=True) for c in row]
    assert "PER1" not in cells and "PER2" in cells
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        n = con.execute("select count(*) from raw.attendance").fetchone()[0]
        ledger = con.execute("select rows_read, rows_loaded, rows_quarantined from landing.delivery_parts "
                             "where record_type = 'attendance'").fetchall()
    finally:
        con.close()
    assert n == 6 and ledger == [(6, 6, 0)]
    audit = (home / "audit.log").read_text()
    assert '"event": "erasure"' in audit and "PER1" not in audit and "per1" not in audit
