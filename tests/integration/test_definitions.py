"""The Dagster code location: one graph from raw tables through dbt models to the snapshot and the report."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.dbt_project import ensure_manifest

pytestmark = pytest.mark.integration


def test_asset_graph_joins_raw_tables_and_dbt_models():
    ensure_manifest()
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"landing/deliveries", "raw/intakes", "raw/people", "ref/belgian_holidays", "serving/snapshot",
            "reports/latest_quarter", "marts/kpi_values", "staging/stg_raw__intakes"} <= keys
    assert len([k for k in keys if k.startswith("raw/")]) == 11
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_raw__intakes"])).parent_keys}
    assert "raw/intakes" in parents  # sources' meta.dagster.asset_key joins the two graphs
    checks = {c.name for c in graph.asset_check_keys}
    assert {"ledger_balances", "contract_suite", "freshness"} <= checks
    assert any(name.startswith("unique_") for name in checks)  # dbt tests are asset checks
    assert {s.name for s in defs.sensors} == {"inbox_sensor"}
    assert defs.sensors[0].default_status == dg.DefaultSensorStatus.RUNNING
    assert next(iter(defs.schedules)).default_status == dg.DefaultScheduleStatus.RUNNING
