"""Automatic runs: a sensor on the inbox and a daily rebuild. Both are on when `dagster dev` starts."""


import hashlib

import dagster as dg

from pipelines import settings
from pipelines.ingest.delivery import inbox_files

keet_run_job = dg.define_asset_job(
    "keet_run",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,  # one DuckDB writer at a time
    description="Archive the inbox, load raw tables, dbt build, publish the serving snapshot.",
)


@dg.sensor(job=keet_run_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """Start a run when a new or changed file lands in the inbox (cursor: the newest file seen)."""
    files = inbox_files(settings.inbox_dir())
    if not files:
        return dg.SkipReason("inbox empty")
    fingerprint = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new files since the last run")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=hashlib.sha256(fingerprint.encode()).hexdigest()[:16])


daily_rebuild = dg.ScheduleDefinition(
    job=keet_run_job, cron_schedule="0 6 * * *", execution_timezone="Europe/Brussels",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
