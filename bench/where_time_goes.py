"""Where the latest `keet run` of a KEET_HOME spent its time: Dagster's step timings and dbt's slowest nodes.

Prints one JSON object: {"run_s": wall seconds of the run, "steps": {step: seconds}, "dbt": [[node, seconds], ...]}.
`bench/run.py` calls it after the full and the incremental run of each scale (bench/results.md, "Where the time
goes"). Reads the Dagster run storage ($KEET_HOME/dagster) and dbt's run_results.json of that run
($KEET_HOME/dbt_target); changes nothing.
"""

from __future__ import annotations

import json
import sys

from pipelines import settings
from pipelines.dbt_project import dbt_target_path


def where_time_goes(top: int = 8) -> dict:
    from dagster import DagsterInstance

    instance = DagsterInstance.from_config(str(settings.dagster_home()))
    runs = instance.get_runs(limit=1)
    if not runs:
        return {}
    run_id = runs[0].run_id
    run = instance.get_run_stats(run_id)
    steps = {
        s.step_key: round(s.end_time - s.start_time, 1)
        for s in instance.get_run_step_stats(run_id)
        if s.start_time is not None and s.end_time is not None
    }
    result: dict = {"run_s": round(run.end_time - run.start_time, 1) if run.end_time else None, "steps": steps}
    results = dbt_target_path() / "run_results.json"
    if results.exists():
        nodes = json.loads(results.read_text(encoding="utf-8")).get("results", [])
        slowest = sorted(nodes, key=lambda n: n.get("execution_time", 0), reverse=True)[:top]
        result["dbt"] = [[_node_name(n["unique_id"]), round(n["execution_time"], 1)] for n in slowest]
    return result


def _node_name(unique_id: str) -> str:
    """model.keet.int_kpi_cells -> int_kpi_cells; tests keep their (long) generated name."""
    kind, _, rest = unique_id.split(".", 2)
    name = rest.rsplit(".", 1)[0] if kind == "test" and rest.count(".") else rest
    if len(name) > 48:
        name = name[:47] + "…"
    return name if kind == "model" else f"{kind} {name}"


if __name__ == "__main__":
    print(json.dumps(where_time_goes()))
    sys.exit(0)
