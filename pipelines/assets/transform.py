"""Transform: the dbt project (staging -> intermediate -> marts) run with `dbt build`; dbt tests are asset checks."""


import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines import settings
from pipelines.dbt_project import dbt_project, dbt_target_path, duckdb_limits_env
from pipelines.quality import gx_suites
from pipelines.schedules import INCREMENTAL, MODE_TAG

FAMILIES_ENV = "KEET_KPI_FAMILIES_CHANGED"  # read by dbt/macros/kpi_rollup.sql (kpi_families_changed)
NOT_FAMILIES = {"int_kpi_records", "int_kpi_cells"}
RECORD_DELTA_ENV = "KEET_RECORD_DELTA"  # read by dbt/macros/record_delta.sql (record_delta_run)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def keet_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """All dbt models and seeds; `cutoff_date` (KEET_CUTOFF_DATE, default today) is passed as a dbt var."""
    # The contract suites (blocking checks of the raw tables, all before this step) are done: the GX worker's memory
    # goes before dbt's DuckDB takes its own (x1000 full run: 0.8 GB of the worker beside dbt's 3.2 GB)
    gx_suites.stop_worker()
    dbt_vars = {"cutoff_date": settings.cutoff_date().isoformat()}
    args = ["build", "--vars", json.dumps(dbt_vars)]
    os.environ.update(duckdb_limits_env())  # dagster-dbt passes this process's environment to dbt
    os.environ.pop(FAMILIES_ENV, None)
    os.environ.pop(RECORD_DELTA_ENV, None)
    if context.run.tags.get(MODE_TAG) == INCREMENTAL:
        # dagster-dbt selects the models of the subset; dbt's unit tests test the SQL, not the data, and the SQL
        # has not changed since the last full build (pipelines/schedules.py): they run in full builds only.
        args += ["--exclude-resource-type", "unit_test"]
        # int_kpi_cells computes again only the cells of the KPI families rebuilt in this run
        families = sorted(key.path[-1] for key in context.selected_asset_keys
                          if key.path[-1].startswith("int_kpi_") and key.path[-1] not in NOT_FAMILIES)
        os.environ[FAMILIES_ENV] = "families:" + ",".join(families)
        # new attendance rows only, new people only or new events only: the record-grain models they reach
        # change by key (decision 28)
        staged = {key.path[-1] for key in context.selected_asset_keys if key.path[-1].startswith("stg_raw__")}
        if staged in ({"stg_raw__attendance"}, {"stg_raw__people"}, {"stg_raw__events"}):
            os.environ[RECORD_DELTA_ENV] = staged.pop().removeprefix("stg_raw__")
    else:
        # every incremental model (changed by key or by delivery in incremental runs) is created again from its
        # SQL, so a full run also takes up a model whose columns changed with the code
        args.append("--full-refresh")
    yield from dbt.cli(args, context=context, target_path=dbt_target_path()).stream()
