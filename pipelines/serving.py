"""Read-only access to the serving snapshot (the only file readers open)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import settings


def open_serving(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    path = path or settings.serving_path()
    if not path.exists():
        raise FileNotFoundError(path)
    # one config for every reader: DuckDB refuses a second connection to a file with a different config
    return duckdb.connect(str(path), read_only=True,
                          config={"threads": settings.DUCKDB_THREADS, "memory_limit": settings.DUCKDB_MEMORY_LIMIT})
