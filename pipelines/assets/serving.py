"""Publish: the serving snapshot the dashboard, `keet kpis` and the reports read."""


import dagster as dg

from pipelines import settings
from pipelines.assets.transform import keet_dbt_models
from pipelines.publish import publish_snapshot

SERVING = dg.AssetKey(["serving", "snapshot"])


@dg.asset(key=SERVING, deps=[keet_dbt_models], group_name="publish", kinds={"duckdb"})
def serving_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """The marts copied into serving.duckdb and swapped in atomically (readers never see a half-built file)."""
    meta = publish_snapshot(settings.warehouse_path(), settings.serving_path(), settings.cutoff_date())
    context.log.info(f"published {len(meta['tables'])} tables to {settings.serving_path()}")
    return dg.MaterializeResult(
        metadata={
            "tables": len(meta["tables"]),
            "content_sha256": meta["content_sha256"] or "",
            "code_version": meta["code_version"],
            "path": str(settings.serving_path()),
        }
    )
