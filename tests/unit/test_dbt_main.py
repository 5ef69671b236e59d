"""`keet-dbt` (pipelines/dbt_main.py): dbt's command line that ends without Python's teardown. It must give dbt's
exit codes and output, and leave the DuckDB database closed (checkpointed: no write-ahead log left behind), as
`dbt` itself does."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.dbt_main import exit_code
from pipelines.dbt_project import dbt_executable

PROJECT = """\
name: tiny
version: "1.0"
profile: tiny
models:
  tiny:
    +materialized: table
"""

PROFILES = """\
tiny:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{path}"
      threads: 1
"""


def keet_dbt(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([dbt_executable(), *args], check=False, cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_the_pipeline_runs_keet_dbt():
    assert Path(dbt_executable()).name == "keet-dbt"
    assert Path(dbt_executable()).exists()


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (1, 1), (2, 2), ("dbt failed", 1)])
def test_exit_code(code, expected, capsys):
    assert exit_code(code) == expected
    assert capsys.readouterr().err == ("dbt failed\n" if isinstance(code, str) else "")


def test_a_real_run_leaves_the_database_closed(tmp_path):
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(PROJECT, encoding="utf-8")
    database = tmp_path / "tiny.duckdb"
    (project / "profiles.yml").write_text(PROFILES.format(path=database), encoding="utf-8")
    (project / "models" / "answer.sql").write_text("select 6 * 7 as answer, 'ok' as status\n", encoding="utf-8")
    (project / "models" / "doubled.sql").write_text("select answer * 2 as doubled from {{ ref('answer') }}\n",
                                                    encoding="utf-8")
    args = ["--project-dir", str(project), "--profiles-dir", str(project), "--log-format", "json"]
    run = keet_dbt("run", *args, cwd=project)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Completed successfully" in run.stdout
    # closed by dbt-duckdb's exit handler: the write-ahead log is folded into the file
    assert not Path(f"{database}.wal").exists()
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select answer, status from main.answer").fetchall() == [(42, "ok")]
        assert con.execute("select doubled from main.doubled").fetchall() == [(84,)]
    finally:
        con.close()
    # dbt's own exit code for a failing model (1) and for a usage error (2)
    (project / "models" / "broken.sql").write_text("select * from no_such_table\n", encoding="utf-8")
    failed = keet_dbt("run", *args, cwd=project)
    assert failed.returncode == 1
    assert "no_such_table" in failed.stdout
    usage = keet_dbt("no-such-command")
    assert usage.returncode == 2
    assert "No such command" in usage.stderr
