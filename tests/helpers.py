"""Helpers shared by the integration and end-to-end tests."""

from __future__ import annotations

import csv
import io
import subprocess
import sys


def keet(env: dict, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run the real `keet` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def kpi_table(env: dict) -> dict[tuple, str]:
    """`keet kpis` parsed: (kpi, period, municipality, chain, breakdown) -> value as exported."""
    out = keet(env, "kpis")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows, "empty KPI export"
    assert list(rows[0]) == ["kpi", "period", "municipality", "chain", "breakdown", "value", "unit"]
    return {(r["kpi"], r["period"], r["municipality"], r["chain"], r["breakdown"]): r["value"] for r in rows}
