"""Deliveries: archive every inbox file unchanged, register it, and load its rows into the raw layer.

Plain functions over a DuckDB connection, so the Dagster assets stay thin and the tests need no Dagster.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines import settings
from pipelines.contract.reader import FileRejected, read_file
from pipelines.contract.schema import RECORD_TYPES
from pipelines.contract.validate import Result, validate_part
from pipelines.formatting import local_now
from pipelines.ingest.raw_tables import raw_columns

UNKNOWN_SOURCE = "onbekend"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def inbox_files(inbox: Path) -> list[Path]:
    """Files waiting in the inbox (sub-folders name the source), oldest first; hidden and temp files skipped."""
    if not inbox.exists():
        return []
    files = [
        p
        for p in inbox.rglob("*")
        if p.is_file() and not p.name.startswith((".", "~$")) and not p.name.endswith(".part")
    ]
    return sorted(files, key=lambda p: (p.stat().st_mtime, str(p)))


def source_of(path: Path, inbox: Path) -> str:
    rel = path.relative_to(inbox)
    return rel.parts[0] if len(rel.parts) > 1 else UNKNOWN_SOURCE


@dataclass
class ArchiveOutcome:
    file_name: str
    status: str  # loaded (accepted for loading) | rejected | duplicate | skipped (rejected before, unchanged)
    delivery_id: int | None
    message_en: str | None = None


def archive_inbox(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> list[ArchiveOutcome]:
    """Archive and register every inbox file. Accepted files leave the inbox; rejected ones stay in it."""
    inbox, archive = settings.inbox_dir(), settings.archive_dir()
    outcomes: list[ArchiveOutcome] = []
    for path in inbox_files(inbox):
        received = now or local_now()
        digest = sha256_of(path)
        # Bytes delivered before (loaded or duplicate) make a duplicate under any name. The same bytes under the
        # same name as a file rejected before stay in the inbox, already reported; under another name they are
        # read again, because a rejection can be about the name alone (it must start with the record type).
        known, rejected_before = con.execute(
            "select coalesce(bool_or(status <> 'rejected'), false), "
            "coalesce(bool_or(status = 'rejected' and file_name = ?), false) "
            "from landing.deliveries where sha256 = ?", [path.name, digest]).fetchone()
        if rejected_before and not known:
            outcomes.append(ArchiveOutcome(path.name, "skipped", None))
            continue
        source = source_of(path, inbox)
        target = archive / digest[:2] / digest / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy2(path, target)
        delivery_id = con.execute("select nextval('landing.delivery_seq')").fetchone()[0]
        status, msg_nl, msg_en, parts = "loaded", None, None, []
        if known:
            status = "duplicate"
            msg_nl = "hetzelfde bestand werd al eerder geleverd; niets gewijzigd"
            msg_en = "the same file was delivered before; nothing changed"
        else:
            try:
                parts = read_file(target, header_only=True)
            except FileRejected as rej:
                status, msg_nl, msg_en = "rejected", rej.message_nl, rej.message_en
        con.execute(
            "insert into landing.deliveries values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [delivery_id, path.name, source, digest, path.stat().st_size, received,
             str(target.relative_to(archive)), status, msg_nl,
             msg_en],
        )
        for part in parts:
            con.execute(
                "insert into landing.delivery_parts values (?, ?, ?, null, null, null, ?, null)",
                [delivery_id, part.record_type.name, part.sheet, ", ".join(part.extra_columns) or None],
            )
        if status != "rejected":
            path.unlink()
        outcomes.append(ArchiveOutcome(path.name, status, delivery_id, msg_en))
    return outcomes


@dataclass
class LoadOutcome:
    delivery_id: int
    file_name: str
    sheet: str | None
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


def pending_parts(con: duckdb.DuckDBPyConnection, record_type: str) -> list[tuple]:
    return con.execute(
        """select p.delivery_id, p.sheet, d.archive_path, d.file_name, d.received_at
           from landing.delivery_parts p join landing.deliveries d using (delivery_id)
           where p.record_type = ? and p.loaded_at is null and d.status = 'loaded'
           order by p.delivery_id""",
        [record_type],
    ).fetchall()


def load_record_type(con: duckdb.DuckDBPyConnection, record_type: str, pseudonymise) -> list[LoadOutcome]:
    """Load every pending part of one record type: accepted rows to raw, the rest to quarantine; fill the ledger."""
    rt = RECORD_TYPES[record_type]
    outcomes = []
    for delivery_id, sheet, archive_path, file_name, received_at in pending_parts(con, record_type):
        with _cycle_collector_paused():
            try:
                parts = [p for p in read_file(settings.archive_dir() / archive_path)
                         if p.record_type.name == record_type and p.sheet == sheet]
            except FileRejected as rej:  # cannot happen for a file that passed the header check, but never lose it
                con.execute(
                    "update landing.deliveries set status = 'rejected', message_nl = ?, message_en = ? "
                    "where delivery_id = ?",
                    [rej.message_nl, rej.message_en, delivery_id],
                )
                continue
            result = validate_part(parts[0], file_name, pseudonymise)
            del parts  # the raw cells: only the result is needed from here on
            write_result(con, rt.name, delivery_id, file_name, sheet, received_at, result)
        outcomes.append(LoadOutcome(delivery_id, file_name, sheet, result.rows_read, result.rows_loaded,
                                    result.rows_quarantined))
    return outcomes


@contextlib.contextmanager
def _cycle_collector_paused():
    """Python's cyclic garbage collector paused while a part is read, validated and written.

    A part is millions of small lists, strings and dicts without reference cycles: the collector would walk them
    again and again while they are built (more than a third of the load time at x1000) and never free one of them.
    Memory is still freed as usual (reference counting); the collector runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_result(con, record_type: str, delivery_id: int, file_name: str, sheet: str | None,
                 received_at, result: Result) -> None:
    rt = RECORD_TYPES[record_type]
    cols = raw_columns(rt)
    if result.rows_loaded:
        accepted = result.accepted_columns  # every stored column, _row_number and _extra
        frame = pa.table(
            {
                "_row_number": pa.array(accepted["_row_number"], type=pa.int32()),
                **{c: pa.array(accepted[c], type=pa.string()) for c in [*cols, "_extra"]},
            }
        )
        con.register("_accepted", frame)
        col_list = ", ".join(["_row_number", *[f'"{c}"' for c in cols], "_extra"])
        con.execute(f"insert into raw.{rt.name} (_delivery_id, _received_at, _file_name, {col_list}) "
                    f"select ?, ?, ?, {col_list} from _accepted", [delivery_id, received_at, file_name])
        con.unregister("_accepted")
    if result.issues:
        issues = pd.DataFrame(
            {
                "delivery_id": delivery_id,
                "record_type": rt.name,
                "file_name": file_name,
                "sheet": sheet,
                "row_number": [i.row_number for i in result.issues],
                "column_name": [i.column for i in result.issues],
                "value": pd.Series([i.value for i in result.issues], dtype="string"),
                "reason_nl": [i.reason_nl for i in result.issues],
                "reason_en": [i.reason_en for i in result.issues],
                "suggestion": pd.Series([i.suggestion for i in result.issues], dtype="string"),
            }
        )
        con.register("_issues", issues)
        con.execute("insert into landing.quarantine select * from _issues")
        con.unregister("_issues")
    con.execute(
        """update landing.delivery_parts set rows_read = ?, rows_loaded = ?, rows_quarantined = ?,
           loaded_at = now()::timestamp
           where delivery_id = ? and record_type = ? and sheet is not distinct from ?""",
        [result.rows_read, result.rows_loaded, result.rows_quarantined, delivery_id, rt.name, sheet],
    )
