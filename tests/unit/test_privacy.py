"""Pseudonymisation and archive retention."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from pipelines.ingest.raw_tables import create_all
from pipelines.privacy import (
    PseudonymKeyMismatch,
    forget_person,
    make_pseudonymiser,
    purge_archive,
    warehouse_pseudonymiser,
)


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


def test_a_warehouse_keeps_the_key_it_was_built_with(monkeypatch, tmp_path):
    """The first key is recorded by its fingerprint; the same key again is accepted, another one refused (with the
    message in Dutch and English), and the refusal changes nothing."""
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    con = duckdb.connect()
    create_all(con)
    monkeypatch.setenv("KEET_PSEUDONYM_KEY", "11" * 32)
    pseudonymise = warehouse_pseudonymiser(con)
    assert pseudonymise("PER1") == make_pseudonymiser(bytes.fromhex("11" * 32))("PER1")
    assert warehouse_pseudonymiser(con)("PER1") == pseudonymise("PER1")
    recorded = con.execute("select fingerprint from landing.pseudonym_key").fetchall()
    assert len(recorded) == 1 and len(recorded[0][0]) == 16 and recorded[0][0] not in "11" * 32
    monkeypatch.setenv("KEET_PSEUDONYM_KEY", "22" * 32)
    with pytest.raises(PseudonymKeyMismatch) as refused:
        warehouse_pseudonymiser(con)
    assert "pseudonimiseringssleutel" in str(refused.value) and "pseudonymisation key" in str(refused.value)
    assert con.execute("select fingerprint from landing.pseudonym_key").fetchall() == recorded


def test_an_erasure_with_another_key_changes_no_file(monkeypatch, tmp_path):
    """`keet forget` with the wrong key would blank the archived rows but miss the raw rows (other pseudonyms):
    it stops before touching the archive."""
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    monkeypatch.setenv("KEET_PSEUDONYM_KEY", "11" * 32)
    con = duckdb.connect()
    create_all(con)
    rel = "aa/hash1/people.csv"
    archived = tmp_path / "archive" / rel
    archived.parent.mkdir(parents=True)
    archived.write_text("person_id,first_name\nPER1,An\n", encoding="utf-8")
    con.execute("insert into landing.deliveries values (1, 'people.csv', 'x', 'hash1', 10, '2022-03-01', ?, "
                "'loaded', null, null)", [rel])
    con.execute("insert into raw.people (person_id, _delivery_id, _row_number, _received_at, _file_name) "
                "values (?, 1, 2, '2022-03-01', 'people.csv')", [warehouse_pseudonymiser(con)("PER1")])
    monkeypatch.setenv("KEET_PSEUDONYM_KEY", "22" * 32)
    with pytest.raises(PseudonymKeyMismatch):
        forget_person(con, person_id="PER1", actor="test")
    assert archived.read_text(encoding="utf-8") == "person_id,first_name\nPER1,An\n"
    assert con.execute("select count(*) from raw.people").fetchone()[0] == 1
