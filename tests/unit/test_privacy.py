"""Pseudonymisation and archive retention."""

from __future__ import annotations

import datetime as dt

import duckdb

from pipelines.ingest.raw_tables import create_all
from pipelines.privacy import make_pseudonymiser, purge_archive


def test_pseudonyms_are_keyed_stable_and_not_the_id():
    p1, p2 = make_pseudonymiser(b"k" * 32), make_pseudonymiser(b"other key" * 4)
    assert p1("PER-0001") == p1(" per-0001 ")  # normalised before hashing
    assert p1("PER-0001") != p2("PER-0001")  # a different key gives different pseudonyms
    assert p1("PER-0001").startswith("P-") and len(p1("PER-0001")) == 18 and "0001" not in p1("PER-0001")


def test_purge_archive_removes_old_originals_only(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    archive = tmp_path / "archive"
    con = duckdb.connect()
    create_all(con)
    for i, received in ((1, dt.datetime(2021, 1, 1)), (2, dt.datetime(2022, 12, 1))):
        rel = f"aa/hash{i}/people.csv"
        (archive / rel).parent.mkdir(parents=True)
        (archive / rel).write_text("person_id,first_name\nPER1,An\n")
        con.execute("insert into landing.deliveries values (?, 'people.csv', 'x', ?, 10, ?, ?, 'loaded', null, null)",
                    [i, f"hash{i}", received, rel])
    report = purge_archive(con, older_than_days=365, now=dt.datetime(2023, 1, 1))
    assert report == {"deliveries_purged": 1, "files_removed": 1, "retention_days": 365}
    assert not (archive / "aa/hash1/people.csv").exists() and (archive / "aa/hash2/people.csv").exists()
    assert purge_archive(con, older_than_days=365, now=dt.datetime(2023, 1, 1))["deliveries_purged"] == 0
    assert purge_archive(con, older_than_days=0)["files_removed"] == 1  # purge now
    assert con.execute("select count(*) from landing.deliveries").fetchone()[0] == 2  # the register stays


def test_an_erasure_makes_the_next_run_full(tmp_path, monkeypatch):
    """`keet forget --no-run` then `keet run`: the run must rebuild every figure (and write a fresh snapshot), not
    run incrementally over the new deliveries only."""
    from pipelines.privacy import forget_person
    from pipelines.schedules import build_state_path, full_rebuild_reason

    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    state = build_state_path()
    state.parent.mkdir(parents=True)
    state.write_text("{}", encoding="utf-8")  # a successful run was recorded
    con = duckdb.connect()
    create_all(con)
    con.execute("insert into raw.people (person_id, _delivery_id, _row_number, _received_at, _file_name) "
                "values (?, 1, 2, '2022-03-01', 'people.csv')", [make_pseudonymiser()("PER1")])
    report = forget_person(con, person_id="per1", actor="test")
    assert report["raw_rows_removed"] == 1
    assert not state.exists()
    assert full_rebuild_reason() == "no successful run recorded"
