"""Automatic runs and run planning: a sensor on the inbox, a daily full rebuild, and the incremental selection.

A run is either
- `full`: every asset (the daily schedule, `keet run --full`, the first run, and any run after a failed run or a
  change of code, dbt project or cut-off date), or
- `incremental` (`keet run`, the inbox sensor): the ledger, the raw tables of the record types that have a new
  delivery in the inbox, the dbt models downstream of those (and of the delivery ledger), and the serving
  snapshot. Every model outside that selection has exactly the inputs it had in the last successful run, so the
  result equals a full rebuild (tests/integration/test_incremental_run.py). The funder report of the latest closed
  quarter is left to the daily full run (and `keet report` builds any report on demand).

The build state (`$KEET_HOME/dagster/keet_build_state.json`) is removed when a run starts archiving and written by
the serving snapshot at the end of a successful run: a failed or interrupted run always makes the next one full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import dagster as dg

from pipelines import settings
from pipelines.ingest.delivery import inbox_files

MODE_TAG = "keet/mode"
FULL, INCREMENTAL = "full", "incremental"

keet_run_job = dg.define_asset_job(
    "keet_run",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,  # one DuckDB writer at a time
    description="Archive the inbox, load raw tables, dbt build, publish the serving snapshot. Full by default; "
    "`keet run` and the inbox sensor run a subset (pipelines/schedules.py).",
)


# ------------------------------------------------------------------------------------------- build state
def build_state_path() -> Path:
    return settings.dagster_home() / "keet_build_state.json"


def build_fingerprint() -> dict:
    """What the whole build depends on besides the raw data: cut-off date, the year (holidays), code, dbt project."""
    from pipelines.dbt_project import dbt_project

    manifest = json.loads(Path(dbt_project.manifest_path).read_text(encoding="utf-8"))
    checksums = sorted(
        (uid, _checksum(node))
        for section in ("nodes", "sources", "unit_tests")
        for uid, node in (manifest.get(section) or {}).items()
    )
    # macros carry no checksum: hash the project's own macro SQL
    checksums += sorted((uid, hashlib.sha256(m.get("macro_sql", "").encode()).hexdigest())
                        for uid, m in (manifest.get("macros") or {}).items() if uid.startswith("macro.keet."))
    dbt_hash = hashlib.sha256(json.dumps(checksums).encode()).hexdigest()
    return {"cutoff_date": settings.cutoff_date().isoformat(), "year": dt.date.today().year,
            "pipeline_code": _pipeline_code_hash(), "dbt_project": dbt_hash}


# The code that decides what a build produces (loading, checks, publication rules); the command line, the
# dashboard and the reports are left out: changing them changes no table.
BUILD_CODE = ("assets", "contract", "ingest", "quality", "publication.py", "publish.py", "privacy.py",
              "schedules.py", "settings.py", "dbt_project.py", "resources.py")


def _pipeline_code_hash() -> str:
    root = settings.PROJECT_ROOT / "pipelines"
    digest = hashlib.sha256()
    for name in BUILD_CODE:
        path = root / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(root).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _checksum(node: dict) -> str:
    """A manifest node's checksum (a dict for models and seeds, a string for unit tests, absent for sources)."""
    value = node.get("checksum")
    if isinstance(value, dict):
        return str(value.get("checksum", ""))
    if value:
        return str(value)
    return hashlib.sha256(json.dumps(node.get("columns") or {}, sort_keys=True, default=str).encode()).hexdigest()


def invalidate_build_state() -> None:
    build_state_path().unlink(missing_ok=True)


def write_build_state() -> None:
    path = build_state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(build_fingerprint()), encoding="utf-8")
    tmp.replace(path)


def full_rebuild_reason() -> str | None:
    """Why the next run must be full, or None when an incremental run gives the same result."""
    path = build_state_path()
    if not path.exists() or not settings.warehouse_path().exists() or not settings.serving_path().exists():
        return "no successful run recorded"
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "unreadable build state"
    current = build_fingerprint()
    changed = [k for k in current if state.get(k) != current[k]]
    return f"changed since the last run: {', '.join(changed)}" if changed else None


# ------------------------------------------------------------------------------------------- planning
def inbox_record_types() -> set[str]:
    """Record types of the files waiting in the inbox (headers only; unreadable files are left to the archive step)."""
    from pipelines.contract.reader import read_file

    found: set[str] = set()
    for path in inbox_files(settings.inbox_dir()):
        try:
            parts = read_file(path, header_only=True)
        except Exception:  # noqa: BLE001 - a rejected or unreadable file: the archive step reports it
            parts = []
        found |= {part.record_type.name for part in parts}
    return found


def incremental_selection(record_types: set[str]) -> dg.AssetSelection:
    """The ledger, the raw tables of `record_types`, everything downstream of them and of the ledger, the snapshot."""
    raw = dg.AssetSelection.assets(*[dg.AssetKey(["raw", rt]) for rt in sorted(record_types)])
    ledger_tables = dg.AssetSelection.assets(dg.AssetKey(["landing", "delivery_parts"]),
                                             dg.AssetKey(["landing", "quarantine"]))
    ledger = ledger_tables.downstream() - ledger_tables  # the two tables are written by the raw assets, not run
    landing = dg.AssetSelection.assets(dg.AssetKey(["landing", "deliveries"]))
    # landing/deliveries itself is upstream of every raw table: only its direct dbt children join the selection
    ledger_children = landing.downstream(depth=1) - dg.AssetSelection.assets(
        *[dg.AssetKey(["raw", rt]) for rt in _all_record_types()])
    return ((landing | ledger_children | ledger | raw.downstream() | dg.AssetSelection.assets(SERVING))
            - dg.AssetSelection.assets(REPORT))


def _all_record_types() -> list[str]:
    from pipelines.contract.schema import RECORD_TYPES

    return list(RECORD_TYPES)


SERVING = dg.AssetKey(["serving", "snapshot"])
REPORT = dg.AssetKey(["reports", "latest_quarter"])


def plan_run(asset_graph, full: bool = False) -> tuple[str, list[dg.AssetKey] | None, str]:
    """(mode, asset keys to run or None for all, reason) for the next run."""
    if full:
        return FULL, None, "full rebuild asked for"
    reason = full_rebuild_reason()
    if reason:
        return FULL, None, reason
    types = inbox_record_types()
    keys = incremental_selection(types).resolve(asset_graph)
    names = ", ".join(sorted(types)) or "no new records"
    return INCREMENTAL, sorted(keys, key=lambda k: k.to_user_string()), f"new deliveries of: {names}"


# ------------------------------------------------------------------------------------------- automation
@dg.sensor(job=keet_run_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """Start a run when a new or changed file lands in the inbox (cursor: the newest file seen).

    The run is incremental (only the record types delivered, and what depends on them) unless a full rebuild is due.
    """
    files = inbox_files(settings.inbox_dir())
    if not files:
        return dg.SkipReason("inbox empty")
    fingerprint = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new files since the last run")
    context.update_cursor(fingerprint)
    mode, keys, reason = plan_run(context.repository_def.asset_graph)
    return dg.RunRequest(run_key=hashlib.sha256(fingerprint.encode()).hexdigest()[:16], asset_selection=keys,
                         tags={MODE_TAG: mode, "keet/plan": reason[:200]})


daily_rebuild = dg.ScheduleDefinition(
    job=keet_run_job, cron_schedule="0 6 * * *", execution_timezone="Europe/Brussels",
    default_status=dg.DefaultScheduleStatus.RUNNING, tags={MODE_TAG: FULL},
)
