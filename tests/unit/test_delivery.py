"""Archive and register deliveries: unchanged copies with hashes, rejected files stay in the inbox, same file twice
changes nothing, and the loader's ledger balances."""

from __future__ import annotations

import duckdb

from pipelines import settings
from pipelines.ingest.delivery import archive_inbox, load_record_type, sha256_of
from pipelines.ingest.raw_tables import create_all

GOOD = "event_id,event_type,title,date\nE1,workshop,T,2022-03-14\nE2,feest,T,2022-03-15\n"
BAD = "event_id,title\nE1,T\n"


def test_archive_reject_duplicate_and_load(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    settings.ensure_dirs()
    inbox = settings.inbox_dir()
    (inbox / "partner1").mkdir()
    (inbox / "partner1" / "events.csv").write_text(GOOD)
    (inbox / "events_bad.csv").write_text(BAD)
    con = duckdb.connect()
    create_all(con)
    outcomes = {o.file_name: o.status for o in archive_inbox(con)}
    assert outcomes == {"events.csv": "loaded", "events_bad.csv": "rejected"}
    assert sorted(p.name for p in inbox.rglob("*") if p.is_file()) == ["events_bad.csv"]  # rejected stays
    rows = con.execute("select file_name, source, status, sha256, archive_path, message_en from landing.deliveries "
                       "order by delivery_id").fetchall()
    assert rows[0][1] == "partner1" and rows[1][1] == "onbekend"
    assert "required column 'event_type' is missing" in rows[1][5]
    archived = settings.archive_dir() / rows[0][4]
    assert archived.read_text() == GOOD and sha256_of(archived) == rows[0][3]  # archived unchanged
    # a second pass: the rejected file is not reported again; the same good file again is a duplicate
    (inbox / "again").mkdir()
    (inbox / "again" / "events.csv").write_text(GOOD)
    assert {o.file_name: o.status for o in archive_inbox(con)} == {"events.csv": "duplicate",
                                                                  "events_bad.csv": "skipped"}
    loads = load_record_type(con, "events", lambda s: "P-" + s)
    assert [(o.rows_read, o.rows_loaded, o.rows_quarantined) for o in loads] == [(2, 1, 1)]
    assert con.execute("select count(*) from raw.events").fetchone()[0] == 1  # the duplicate loaded nothing
    assert load_record_type(con, "events", lambda s: s) == []  # nothing pending any more


def test_a_file_rejected_for_its_name_is_read_again_under_a_corrected_name(tmp_path, monkeypatch):
    """The rejection says the name must start with the record type; the partner renames the file without
    changing a byte. The renamed file is loaded; the old name, still in the inbox, is skipped until its bytes are
    delivered, then it is a duplicate."""
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    settings.ensure_dirs()
    inbox = settings.inbox_dir()
    (inbox / "extra.csv").write_text(GOOD)
    con = duckdb.connect()
    create_all(con)
    [first] = archive_inbox(con)
    assert first.status == "rejected" and "must start with the record type" in first.message_en
    (inbox / "events_extra.csv").write_text(GOOD)
    outcomes = {o.file_name: o.status for o in archive_inbox(con)}
    assert outcomes == {"extra.csv": "skipped", "events_extra.csv": "loaded"}
    [load] = load_record_type(con, "events", lambda s: s)
    assert (load.file_name, load.rows_read, load.rows_loaded, load.rows_quarantined) == ("events_extra.csv", 2, 1, 1)
    # once loaded, the same bytes under any name are a duplicate (registered, nothing changed, out of the inbox)
    (inbox / "events_again.csv").write_text(GOOD)
    assert {o.file_name: o.status for o in archive_inbox(con)} == {"extra.csv": "duplicate",
                                                                  "events_again.csv": "duplicate"}
    assert not [p for p in inbox.rglob("*") if p.is_file()]
