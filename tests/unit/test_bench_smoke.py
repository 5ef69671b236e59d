"""`make bench` at x1, once: every step runs, the incremental run is incremental, and the results are written.

Not a timing test: it checks that the benchmark works, never how fast (the numbers are in bench/results.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.run import incremental_delivery, measure

ROOT = Path(__file__).resolve().parents[2]


def test_incremental_delivery_is_1000_new_attendance_rows_of_known_events_and_people(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "Events 2022.csv").write_text("event_id,title\nE1,a\nE2,b\n", encoding="utf-8")
    people = "\n".join(f"P{i}" for i in range(600))
    (data / "people.csv").write_text(f"person_id\n{people}\n", encoding="utf-8-sig")
    path = incremental_delivery(data, tmp_path / "out")
    rows = path.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "event_id,person_id,role"
    assert len(rows) == 1001 and len(set(rows)) == 1001  # 1,000 distinct attendances
    assert {r.split(",")[0] for r in rows[1:]} <= {"E1", "E2"}
    assert {r.split(",")[2] for r in rows[1:]} == {"jury"}


def test_peak_memory_is_what_the_processes_held_at_once():
    """Two processes holding 200 MB each at the same time: the step's peak is about 400 MB, although neither
    process ever held more than about 210 MB (the largest single process's max RSS, also kept)."""
    hold = "import time; b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    both = (f"import subprocess, sys; ps = [subprocess.Popen([sys.executable, '-c', {hold!r}]) for _ in range(2)]; "
            "[p.wait() for p in ps]")
    result = measure([sys.executable, "-c", both], env={"PATH": "/usr/bin:/bin"})
    assert result["rc"] == 0
    assert 200 <= result["peak_mb"] < 300
    assert 400 <= result["tree_peak_mb"] < 600


def test_bench_runs_at_x1(tmp_path):
    out = tmp_path / "results.md"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--scales", "1", "--out", str(out),
                          "--work", str(tmp_path / "work")], cwd=ROOT, capture_output=True, text=True,
                         timeout=1800, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (result,) = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert result["scale"] == 1
    assert result["full_rebuild"]["plan"] == "run: full (full rebuild asked for)"
    assert result["incremental"]["plan"] == "run: incremental (new deliveries of: attendance)"
    assert result["kpi_rows"] > 0
    # where the time goes: the steps of each run (a full run loads every raw table; the incremental only attendance)
    full, incremental = result["full_rebuild"]["where"], result["incremental"]["where"]
    assert {"raw__people", "raw__attendance", "keet_dbt_models", "serving__snapshot"} <= set(full["steps"])
    assert "raw__attendance" in incremental["steps"] and "raw__people" not in incremental["steps"]
    assert full["dbt"] and all(seconds >= 0 for _, seconds in full["dbt"])
    assert 0 < incremental["run_s"] <= result["incremental"]["wall_s"]
    assert {"overview", "events", "data_quality"} <= set(result["dashboard"])
    text = out.read_text(encoding="utf-8")
    assert result["commit"].split("-")[0].isalnum() and len(result["commit"]) >= 7  # git describe of HEAD
    assert f"| x1 | {result['commit']} |" in text and "## Dashboard queries per page" in text
    assert "## Where the time goes at x1" in text and "keet_dbt_models" in text
    assert (tmp_path / "time_vs_scale.png").stat().st_size > 0
