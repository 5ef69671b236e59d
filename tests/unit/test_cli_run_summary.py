"""`keet run` ends with what became of the files it received (pipelines/cli.py delivery_lines): rows loaded and
quarantined per file, or why a file was rejected or not loaded again, in Dutch and English; then the rejected
files still waiting in the inbox. Worked out by hand from the rows inserted below."""

from __future__ import annotations

import datetime as dt
import os
from unittest import mock

import duckdb

from pipelines.cli import delivery_lines
from pipelines.ingest.raw_tables import create_all

BEFORE = dt.datetime(2026, 3, 2, 9, 0)
RUN_START = dt.datetime(2026, 3, 2, 10, 0)
DURING = dt.datetime(2026, 3, 2, 10, 0, 5)


def test_delivery_lines(tmp_path):
    home = tmp_path / "home"
    (home / "inbox" / "partner").mkdir(parents=True)
    for name in ("aanwezig.csv", "oud.csv"):  # both rejected, still waiting in the inbox
        (home / "inbox" / "partner" / name).write_text("x\n", encoding="utf-8")
    con = duckdb.connect()
    create_all(con)
    deliveries = [
        # id, file, status, nl, en, received
        (1, "intakes_2026-02.csv", "loaded", None, None, BEFORE),  # an earlier run's: not listed
        (2, "oud.csv", "rejected", "oud.csv: naam fout", "oud.csv: bad name", BEFORE),
        (3, "attendance_2026-03.xlsx", "loaded", None, None, DURING),
        (4, "aanwezig.csv", "rejected", "aanwezig.csv: naam fout", "aanwezig.csv: bad name", DURING),
        (5, "intakes_copy.csv", "duplicate", "al geleverd", "delivered before", DURING),
        (6, "people_2026-03.csv", "loaded", None, None, DURING),  # its part not loaded (a run that failed)
    ]
    for delivery_id, name, status, nl, en, received in deliveries:
        con.execute("insert into landing.deliveries values (?, ?, 'partner', 'sha', 1, ?, null, ?, ?, ?)",
                    [delivery_id, name, received, status, nl, en])
    # the workbook's two sheets: 40 + 7 rows loaded, 2 + 1 quarantined
    for sheet, loaded, quarantined in (("2026-03", 40, 2), ("extra", 7, 1)):
        con.execute("insert into landing.delivery_parts values (3, 'attendance', ?, ?, ?, ?, null, ?)",
                    [sheet, loaded + quarantined, loaded, quarantined, DURING])
    con.execute("insert into landing.delivery_parts values (1, 'intakes', null, 5, 5, 0, null, ?)", [BEFORE])
    con.execute("insert into landing.delivery_parts values (6, 'people', null, null, null, null, null, null)")
    with mock.patch.dict(os.environ, {"KEET_HOME": str(home)}):
        lines = delivery_lines(con, RUN_START)
    assert lines == [
        "attendance_2026-03.xlsx: 47 rij(en) geladen, 3 in quarantaine / 47 row(s) loaded, 3 quarantined",
        "aanwezig.csv: geweigerd / rejected: naam fout / bad name",
        "intakes_copy.csv: niet opnieuw geladen / not loaded again: al geleverd / delivered before",
        "people_2026-03.csv: nog niet geladen / not loaded yet",
        "nog in de inbox, eerder geweigerd / still in the inbox, rejected before: oud.csv",
    ]


def test_no_files_no_lines(tmp_path):
    con = duckdb.connect()
    create_all(con)
    with mock.patch.dict(os.environ, {"KEET_HOME": str(tmp_path / "home")}):
        assert delivery_lines(con, RUN_START) == []
