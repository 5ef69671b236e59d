"""Every runtime setting in one place. Environment is read when a function is called, never at import."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = PROJECT_ROOT / "dbt"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
SEEDS_DIR = DBT_DIR / "seeds"

# The programme period (domain.md): 20 months until 31 December 2022.
PROJECT_START = dt.date(2021, 5, 1)
PROJECT_END = dt.date(2022, 12, 31)

# DuckDB resource limits, set deliberately in one place (pipeline, dbt profile and dashboard read them).
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "3GB"

# Above this many people-count cells the publish step applies the suppression rules without the exact audit
# (whose cost grows faster than the table); meta.publication records which was applied.
SUPPRESSION_AUDIT_MAX_CELLS = 50_000


def keet_home() -> Path:
    return Path(os.environ.get("KEET_HOME", PROJECT_ROOT / "data")).resolve()


def inbox_dir() -> Path:
    return keet_home() / "inbox"


def free_inbox_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `stem (2).suffix`, `(3)`, ... when a file of that name is already waiting there: a
    delivery not yet loaded is never overwritten by the next one (`keet ingest` and the dashboard's upload; the
    record type is read from the start of the name, which stays the same)."""
    path = Path(name)
    candidate, number = folder / name, 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{path.stem} ({number}){path.suffix}"
    return candidate


def archive_dir() -> Path:
    return keet_home() / "archive"


def warehouse_path() -> Path:
    return Path(os.environ.get("KEET_WAREHOUSE", keet_home() / "warehouse.duckdb")).resolve()


def serving_path() -> Path:
    return keet_home() / "serving.duckdb"


def dagster_home() -> Path:
    return keet_home() / "dagster"


def secrets_dir() -> Path:
    return keet_home() / "secrets"


def run_status_path() -> Path:
    """A small JSON file the pipeline writes while running, so the dashboard can say a run is busy or failed."""
    return keet_home() / "run_status.json"


def cutoff_date() -> dt.date:
    """Data cut-off for deadline-based KPIs: KEET_CUTOFF_DATE (YYYY-MM-DD), default today."""
    value = os.environ.get("KEET_CUTOFF_DATE")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def freshness_days() -> int:
    """A record type without a delivery for more days than this is flagged (KEET_FRESHNESS_DAYS, default 30)."""
    return int(os.environ.get("KEET_FRESHNESS_DAYS", "30"))


def ensure_dirs() -> None:
    for d in (inbox_dir(), archive_dir(), dagster_home(), secrets_dir()):
        d.mkdir(parents=True, exist_ok=True)
