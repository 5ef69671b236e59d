"""The dbt project as Dagster sees it, and the one helper that makes sure its manifest exists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.DBT_DIR, profiles_dir=settings.DBT_DIR)


def dbt_env() -> dict[str, str]:
    """Environment for dbt subprocesses: one warehouse path, no telemetry."""
    env = dict(os.environ)
    env.setdefault("KEET_WAREHOUSE", str(settings.warehouse_path()))
    env["DO_NOT_TRACK"] = "1"
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    return env


def dbt_executable() -> str:
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else "dbt"


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
