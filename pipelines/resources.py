"""Dagster resources. The warehouse path is read from settings when a connection is opened, not at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from pipelines import settings
from pipelines.ingest.raw_tables import create_all


class Warehouse(dg.ConfigurableResource):
    """The pipeline's own DuckDB file ($KEET_WAREHOUSE, default $KEET_HOME/warehouse.duckdb)."""

    read_only: bool = False

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = settings.warehouse_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=self.read_only,
                             config={"threads": settings.DUCKDB_THREADS,
                                     "memory_limit": settings.DUCKDB_MEMORY_LIMIT})
        try:
            if not self.read_only:
                create_all(con)
            yield con
        finally:
            con.close()
