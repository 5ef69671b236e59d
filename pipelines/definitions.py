"""The one Dagster code location of the platform (workspace.yaml and pyproject's [tool.dagster] point here)."""

from __future__ import annotations

import dagster as dg

from pipelines.assets.ingest import belgian_holidays, landing_deliveries, raw_assets, raw_checks
from pipelines.assets.serving import latest_quarter_report, serving_snapshot
from pipelines.assets.transform import keet_dbt_models
from pipelines.dbt_project import KeetDbtCliResource, dbt_executable, dbt_project
from pipelines.resources import Warehouse
from pipelines.schedules import daily_rebuild, inbox_sensor, keet_run_job

dbt_project.prepare_if_dev()

defs = dg.Definitions(
    assets=[landing_deliveries, *raw_assets, belgian_holidays, keet_dbt_models, serving_snapshot,
            latest_quarter_report],
    asset_checks=raw_checks,
    jobs=[keet_run_job],
    sensors=[inbox_sensor],
    schedules=[daily_rebuild],
    resources={
        "warehouse": Warehouse(),
        "dbt": KeetDbtCliResource(project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir),
                                  dbt_executable=dbt_executable()),
    },
)
