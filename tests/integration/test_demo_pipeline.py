"""The bundled demo set (data/sample) through the real pipeline, once: every record type loads, every delivery's
ledger balances, exactly the deliberate mess is quarantined, every KPI code is exported, and no name, e-mail
address or phone number of the demo people reaches the serving snapshot, an export, a report or a log."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.contract.schema import RECORD_TYPES
from pipelines.demo_data import DELIBERATE_MESS
from pipelines.settings import SAMPLE_DIR
from tests.conftest import make_env
from tests.helpers import keet, kpi_table

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo_home")
    env = make_env(home)
    assert keet(env, "ingest", str(SAMPLE_DIR), "--source", "demo").returncode == 0
    run = keet(env, "run")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return env, home


def _serving(home: Path):
    return duckdb.connect(str(home / "serving.duckdb"), read_only=True)


def test_every_record_type_loads_and_every_ledger_balances(demo):
    _, home = demo
    con = _serving(home)
    try:
        loaded = dict(con.execute("select record_type, sum(rows_loaded) from marts.fct_deliveries "
                                  "where status = 'loaded' group by all").fetchall())
        unbalanced = con.execute("select count(*) from marts.fct_deliveries where status = 'loaded' and "
                                 "rows_read <> rows_loaded + rows_quarantined").fetchone()[0]
        quarantined = con.execute("select distinct file_name, row_number from marts.fct_quarantine "
                                  "order by all").fetchall()
    finally:
        con.close()
    assert set(loaded) == set(RECORD_TYPES) and all(n > 0 for n in loaded.values())
    assert unbalanced == 0
    assert quarantined == sorted((m["file"], m["row"]) for m in DELIBERATE_MESS)


def test_every_kpi_code_is_exported(demo):
    env, home = demo
    con = _serving(home)
    try:
        codes = {r[0] for r in con.execute("select kpi from marts.kpi_definitions").fetchall()}
    finally:
        con.close()
    exported = {key[0] for key in kpi_table(env)}
    assert codes and codes <= exported


def _identifiers() -> list[str]:
    found = []
    with open(SAMPLE_DIR / "people.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            found.append(f"{row['first_name']} {row['last_name']}")
            found += [row[k] for k in ("email", "phone") if row[k]]
    return [x for x in found if len(x) > 5]


class _Identifiers:
    """Finds any of the identifiers in a text, ignoring case (str.casefold; a 600-way regex took 100 s on the
    6 MB of Dagster's run storage, substring search on the folded text well under a second)."""

    def __init__(self, identifiers: list[str]) -> None:
        self._folded = sorted({x.casefold() for x in identifiers})

    def search(self, text: str) -> str | None:
        """The first identifier (folded) found in `text`, or None."""
        folded = text.casefold()
        return next((identifier for identifier in self._folded if identifier in folded), None)


def test_no_personal_identifier_leaves_the_archive(demo, tmp_path):
    env, home = demo
    identifiers = _identifiers()
    assert len(identifiers) > 600
    pattern = _Identifiers(identifiers)
    # every text cell of every table of the serving snapshot
    con = _serving(home)
    try:
        for schema, table in con.execute("select table_schema, table_name from information_schema.tables").fetchall():
            cols = [c for c, t in con.execute(
                "select column_name, data_type from information_schema.columns where table_schema = ? "
                "and table_name = ?", [schema, table]).fetchall() if t == "VARCHAR"]
            for col in cols:
                values = con.execute(f'select distinct "{col}" from "{schema}"."{table}"').fetchall()
                leaks = [v[0] for v in values if v[0] and pattern.search(v[0])]
                assert not leaks, f"{schema}.{table}.{col}: {leaks[:3]}"
    finally:
        con.close()
    # the raw and marts layers of the warehouse carry no identifier columns at all
    wh = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        columns = {c[0] for c in wh.execute("select column_name from information_schema.columns "
                                            "where table_schema in ('raw', 'staging', 'marts')").fetchall()}
    finally:
        wh.close()
    assert not columns & {"first_name", "last_name", "email", "phone"}
    # exports, reports and logs
    texts = [keet(env, "kpis").stdout, keet(env, "trace", "REACH_PEOPLE").stdout]
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    assert keet(env, "report", "--period", "project", "--out", str(pdf)).returncode == 0
    assert keet(env, "report", "--period", "project", "--format", "xlsx", "--out", str(xlsx)).returncode == 0
    texts.append(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    texts.append(" ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c))
    for log in [*(home / "dagster").rglob("*"), home / "audit.log"]:
        if log.is_file() and log.suffix != ".key":
            texts.append(log.read_bytes().decode("utf-8", errors="replace"))
    for text in texts:
        found = pattern.search(text)
        assert found is None, f"personal identifier found: {found}"
