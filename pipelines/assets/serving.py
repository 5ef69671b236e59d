"""Publish: the serving snapshot the dashboard, `keet kpis` and the reports read."""


import dagster as dg

from pipelines import settings
from pipelines.assets.transform import keet_dbt_models
from pipelines.publish import publish_snapshot
from pipelines.schedules import INCREMENTAL, MODE_TAG, write_build_state

SERVING = dg.AssetKey(["serving", "snapshot"])


@dg.asset(key=SERVING, deps=[keet_dbt_models], group_name="publish", kinds={"duckdb"})
def serving_snapshot(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """The marts copied into serving.duckdb and swapped in atomically (readers never see a half-built file)."""
    incremental = context.run.tags.get(MODE_TAG) == INCREMENTAL
    meta = publish_snapshot(settings.warehouse_path(), settings.serving_path(), settings.cutoff_date(),
                            reuse_unchanged=incremental)
    context.log.info(f"published {len(meta['tables'])} tables to {settings.serving_path()}")
    write_build_state()  # the next run may be incremental (pipelines/schedules.py)
    return dg.MaterializeResult(
        metadata={
            "tables": len(meta["tables"]),
            "hidden_cells": meta["suppressed_cells"] if meta["suppressed_cells"] is not None else -1,
            "content_sha256": meta["content_sha256"] or "",
            "code_version": meta["code_version"],
            # incremental runs: lineage records replaced in a copy of the previous snapshot (-1: a fresh file)
            "records_replaced": sum(meta["records_replaced"].values()) if meta["records_replaced"] else -1,
            "path": str(settings.serving_path()),
        }
    )


def latest_closed_quarter(cutoff) -> str:
    """The last quarter that ended on or before the cut-off, within the project period."""
    day = min(cutoff, settings.PROJECT_END)
    quarter_end_months = {3: 31, 6: 30, 9: 30, 12: 31}
    year, q = day.year, (day.month - 1) // 3 + 1
    end_month = q * 3
    if day.month != end_month or day.day != quarter_end_months[end_month]:
        q -= 1
        if q == 0:
            year, q = year - 1, 4
    return f"{year}-Q{q}"


@dg.asset(key=dg.AssetKey(["reports", "latest_quarter"]), deps=[SERVING], group_name="publish",
          kinds={"pdf", "xlsx"})
def latest_quarter_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """The ESF progress report (PDF and XLSX, Dutch) of the latest closed quarter, kept up to date with the snapshot.

    A report is only issued (and registered) when the snapshot changed since the last one for that quarter.
    """
    from pipelines.reports import build_report, issued_reports
    from pipelines.serving import open_serving

    period = latest_closed_quarter(settings.cutoff_date())
    con = open_serving()
    try:
        snapshot_hash = con.execute("select warehouse_sha256 from meta.snapshot").fetchone()[0]
    finally:
        con.close()
    paths = {}
    for fmt in ("pdf", "xlsx"):
        done = [r for r in issued_reports() if r.get("period") == period and r.get("format") == fmt
                and r.get("lang") == "nl" and r.get("snapshot_sha256") == snapshot_hash]
        paths[fmt] = done[-1]["path"] if done else str(build_report(None, period, lang="nl", fmt=fmt))
    context.log.info(f"report {period}: {paths}")
    return dg.MaterializeResult(metadata={"period": period, "pdf": paths["pdf"], "xlsx": paths["xlsx"],
                                          "snapshot_sha256": snapshot_hash or ""})
