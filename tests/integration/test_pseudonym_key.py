"""A run with another pseudonymisation key is refused and loses nothing (decision 27).

Start: the small hand-made delivery after its first run (session fixture `small_pipeline`), 8 attendances. Then the
extra attendance file of test_incremental_run.py (E2/PER5 and E3/PER4, 2 rows) is ingested and run with another
key: PER5 and PER4 would get pseudonyms that match no one, so the run must stop before loading them. With the
right key the next run loads the 2 rows: 8 + 2 = 10 attendances.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.helpers import keet
from tests.integration.test_incremental_run import EXTRA_ATTENDANCE, kpi_values

pytestmark = pytest.mark.integration


def attendances(home: Path) -> float:
    return next(value for kpi, period, _, municipality, chain, breakdown, value, _ in kpi_values(home)
                if (kpi, period, municipality, chain, breakdown) == ("EVENT_ATTENDANCES", "project", "all", "all", ""))


def warehouse(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_run_with_another_key_is_refused_and_loses_nothing(small_pipeline, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(small_pipeline["KEET_HOME"], home)
    env = {**small_pipeline, "KEET_HOME": str(home)}
    assert attendances(home) == 8
    extra = tmp_path / "attendance_extra.csv"
    extra.write_text(EXTRA_ATTENDANCE, encoding="utf-8")
    assert keet(env, "ingest", str(extra), "--source", "testpartner").returncode == 0
    raw_before = warehouse(home, "select count(*) from raw.attendance")[0][0]

    other = {**env, "KEET_PSEUDONYM_KEY": "22" * 32}
    assert other["KEET_PSEUDONYM_KEY"] != env["KEET_PSEUDONYM_KEY"]
    run = keet(other, "run")
    assert run.returncode != 0
    # the line the user reads says why, in Dutch and English (not only Dagster's traceback above it)
    said = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith("keet: run mislukt")]
    assert len(said) == 1
    assert "is niet die waarmee dit warehouse is opgebouwd" in said[0]
    assert "is not the one this warehouse was built with" in said[0]
    assert "PseudonymKeyMismatch" not in said[0] and "Error occurred while executing" not in said[0]
    # nothing loaded with the wrong key, nothing lost: the part waits, the published figures stay
    assert warehouse(home, "select count(*) from raw.attendance")[0][0] == raw_before
    assert warehouse(home, "select count(*) from landing.delivery_parts p join landing.deliveries d "
                           "using (delivery_id) where d.file_name = 'attendance_extra.csv' "
                           "and p.loaded_at is null")[0][0] == 1
    assert attendances(home) == 8
    # the same key as the first load: one fingerprint, 16 hex characters, not the key
    (fingerprint,), = warehouse(home, "select fingerprint from landing.pseudonym_key")
    assert len(fingerprint) == 16 and fingerprint not in env["KEET_PSEUDONYM_KEY"]

    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert warehouse(home, "select count(*) from raw.attendance")[0][0] == raw_before + 2
    assert attendances(home) == 10
