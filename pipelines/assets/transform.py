"""Transform: the dbt project (staging -> intermediate -> marts) run with `dbt build`; dbt tests are asset checks."""


import json

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from pipelines import settings
from pipelines.dbt_project import dbt_project


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def keet_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """All dbt models and seeds; `cutoff_date` (KEET_CUTOFF_DATE, default today) is passed as a dbt var."""
    dbt_vars = {"cutoff_date": settings.cutoff_date().isoformat()}
    yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()
