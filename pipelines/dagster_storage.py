"""Dagster's run history on SQLite, with one open connection per database instead of one per write.

Dagster's SQLite event log (`SqliteEventLogStorage`) creates an engine, opens a connection, commits with a full
sync of the write-ahead log and disposes the engine again for every event it stores, several times per event (the
run's own database and the index database). A `keet run` stores about 300 events (every dbt model and test
is an asset event or an asset check evaluation, and the run plans one event per asset and check first): at x1000
that took 4.1 s of the run's process, 1.4 s of it before the first step started (profile in docs/scaling.md,
session 12).

`KeetSqliteStorage` is Dagster's own SQLite storage (same files, same tables, same directories under
DAGSTER_HOME: `dagster dev` and every Dagster tool read them as before) whose event log keeps an engine, with one
connection, per database it writes to, and commits with `synchronous=NORMAL` (in WAL mode the database stays
consistent after a crash; a power cut can lose the last events of a run, which is run history, not data: the
warehouse and the snapshot are DuckDB files written and checkpointed by their own steps).

Configured in `$DAGSTER_HOME/dagster.yaml` (`pipelines/cli.py`, DAGSTER_YAML).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster import Field, StringSource
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from pipelines import settings

OPEN_DATABASES = 4  # engines kept open: the index database and the runs written to last


class KeetSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with an engine (one connection, `StaticPool`) kept per database, at most
    OPEN_DATABASES of them (least recently used closed first). The engines are used and closed only under the
    base class's lock (`_db_lock`, held by `_connect`), so the one connection is never used by two threads at
    once."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        """The kept engine of `shard`, made when missing (under `_db_lock`)."""
        engine = self._engines.get(shard)
        if engine is not None:
            self._engines.move_to_end(shard)
            return engine
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=StaticPool,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sync_normal)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_DATABASES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _close_databases(self) -> None:
        """Close every kept connection (before database files are removed, and when the instance ends), not while
        another thread holds one."""
        with self._db_lock:
            while self._engines:
                _, engine = self._engines.popitem()
                engine.dispose()

    def wipe(self) -> None:
        self._close_databases()
        super().wipe()

    def dispose(self) -> None:
        self._close_databases()
        super().dispose()


def _sync_normal(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class KeetSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage (`storage: sqlite:`) with KeetSqliteEventLogStorage as its event log.

    `base_dir` may be left out: then DAGSTER_HOME, or when that is not set KEET_HOME's `dagster` folder (where
    `keet` keeps it, settings.dagster_home()). So dagster.yaml names no path, and a home that is copied or moved
    keeps working."""

    def __init__(self, base_dir: str, inst_data=None) -> None:
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = KeetSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def config_type(cls) -> dict:
        return {"base_dir": Field(StringSource, is_required=False)}

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        base_dir = config_value.get("base_dir") or os.environ.get("DAGSTER_HOME") or str(settings.dagster_home())
        return cls.from_local(base_dir, inst_data=inst_data)
