"""DDL of the landing and raw layers (docs/architecture.md). Raw columns are VARCHAR holding normalised values."""

from __future__ import annotations

import duckdb

from pipelines.contract.schema import RECORD_TYPES, RecordType

META_COLUMNS = ("_delivery_id", "_row_number", "_received_at", "_file_name")


def raw_columns(rt: RecordType) -> list[str]:
    """Stored columns of a raw table, in order (personal identifiers are never stored)."""
    cols = [] if rt.id_column in rt.column_names else [rt.id_column]
    cols += [c.name for c in rt.columns if c.kind != "pii"]
    return cols


def raw_ddl(rt: RecordType) -> str:
    cols = ",\n  ".join(f'"{c}" VARCHAR' for c in raw_columns(rt))
    return (
        f"CREATE TABLE IF NOT EXISTS raw.{rt.name} (\n  _delivery_id INTEGER NOT NULL,\n"
        f"  _row_number INTEGER NOT NULL,\n  _received_at TIMESTAMP NOT NULL,\n  _file_name VARCHAR NOT NULL,\n"
        f"  {cols},\n  _extra VARCHAR\n)"
    )


LANDING_DDL = [
    "CREATE SCHEMA IF NOT EXISTS landing",
    "CREATE SCHEMA IF NOT EXISTS raw",
    "CREATE SCHEMA IF NOT EXISTS ref",
    "CREATE SEQUENCE IF NOT EXISTS landing.delivery_seq START 1",
    """CREATE TABLE IF NOT EXISTS landing.deliveries (
        delivery_id INTEGER PRIMARY KEY,
        file_name VARCHAR NOT NULL,
        source VARCHAR,
        sha256 VARCHAR NOT NULL,
        size_bytes BIGINT,
        received_at TIMESTAMP NOT NULL,
        archive_path VARCHAR,
        status VARCHAR NOT NULL,
        message_nl VARCHAR,
        message_en VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS landing.delivery_parts (
        delivery_id INTEGER NOT NULL,
        record_type VARCHAR NOT NULL,
        sheet VARCHAR,
        rows_read INTEGER,
        rows_loaded INTEGER,
        rows_quarantined INTEGER,
        extra_columns VARCHAR,
        loaded_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS landing.quarantine (
        delivery_id INTEGER NOT NULL,
        record_type VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        sheet VARCHAR,
        row_number INTEGER,
        column_name VARCHAR,
        value VARCHAR,
        reason_nl VARCHAR NOT NULL,
        reason_en VARCHAR NOT NULL,
        suggestion VARCHAR
    )""",
    # the fingerprint of the pseudonymisation key this warehouse's person ids were made with (pipelines/privacy.py)
    """CREATE TABLE IF NOT EXISTS landing.pseudonym_key (
        fingerprint VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ref.belgian_holidays (
        holiday_date DATE PRIMARY KEY,
        name VARCHAR NOT NULL
    )""",
]


def create_all(con: duckdb.DuckDBPyConnection) -> None:
    """Create every landing, raw and ref table if missing (idempotent)."""
    for stmt in LANDING_DDL:
        con.execute(stmt)
    for rt in RECORD_TYPES.values():
        con.execute(raw_ddl(rt))
