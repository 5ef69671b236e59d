"""The dbt project as Dagster sees it, and the one helper that makes sure its manifest exists."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.DBT_DIR, profiles_dir=settings.DBT_DIR)


def dbt_env() -> dict[str, str]:
    """Environment for dbt subprocesses: one warehouse path, no telemetry."""
    env = dict(os.environ)
    env.setdefault("KEET_WAREHOUSE", str(settings.warehouse_path()))
    env["DO_NOT_TRACK"] = "1"
    env.update(duckdb_limits_env())
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    return env


def duckdb_limits_env() -> dict[str, str]:
    """DuckDB's memory limit and threads for dbt's profile (profiles.yml reads them), from pipelines/settings.py."""
    return {"KEET_DUCKDB_MEMORY_LIMIT": settings.DUCKDB_MEMORY_LIMIT, "KEET_DUCKDB_THREADS": str(settings.DUCKDB_THREADS)}


def dbt_var(name: str):
    """A var of the dbt project (dbt_project.yml), for the Python side of something the two share."""
    import yaml

    with open(settings.DBT_DIR / "dbt_project.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["vars"][name]


def dbt_executable() -> str:
    """`keet-dbt` of this environment (pipelines/dbt_main.py: dbt's command line without the teardown), else dbt's
    own `dbt`."""
    for name in ("keet-dbt", "dbt"):
        local = Path(sys.executable).with_name(name)
        if local.exists():
            return str(local)
    return "dbt"


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than any file of the dbt project (about 10 s)."""
    manifest = dbt_project.manifest_path
    sources = [p for p in settings.DBT_DIR.rglob("*") if p.is_file() and "target" not in p.parts
               and "logs" not in p.parts]
    newest = max((p.stat().st_mtime for p in sources), default=0)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return manifest
    env = dbt_env()
    env.setdefault("KEET_WAREHOUSE", str(settings.warehouse_path()))
    result = subprocess.run(
        [dbt_executable(), "parse", "--quiet", "--project-dir", str(settings.DBT_DIR), "--profiles-dir",
         str(settings.DBT_DIR)],
        env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    return manifest


class KeetDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two fixed costs of every `dbt build` (about 9 s measured per run on 2 cores):

    - it runs `dbt --version` in a subprocess to learn the version: the installed dbt-core package says the same;
    - it opens a dbt adapter in this process, used only to fetch row counts and column metadata, which this project
      does not ask for.
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_target_path() -> Path:
    """One dbt target folder per KEET_HOME, kept between runs: dbt's partial parsing then skips the full parse
    (about 7 s) when the project, vars and profile did not change since the previous run in this home."""
    return settings.keet_home() / "dbt_target"
