"""`keet explain`, `keet trace` and `keet kpis --definitions` on a tiny hand-made serving snapshot (no dbt).

The snapshot holds the tables the commands read, with the columns of the dbt marts: kpi_definitions,
kpi_values, fct_kpi_records (the lineage grain), dim_municipalities and meta.snapshot.

Hand-made records: event E1 (Aalst 41002, chains textile AND ict) with two attendance rows (rows 2 and 3 of
attendance.csv) -> EVENT_ATTENDANCES project/Aalst/all = 2, NOT 4; per 10,000 inhabitants of Aalst (90995):
2 x 10000 / 90995. ADV_ACCEPTED_PCT: I1 accepted, I2 referred -> 50.0. A third attendance row was delivered in a
file whose name starts with '=' (formula injection): the trace CSV must neutralise it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pytest

from pipelines import cli
from pipelines.explain import ExplainError, period_type_of, recompute

AALST = "41002"

# fmt: off
DEFINITIONS = [
    # kpi, family, name_nl, name_en, unit, key_date, counts_people, esf_plus_code, base_kpi, sort_order, sources
    ("EVENT_ATTENDANCES", "reach", "Aanwezigheden", "Attendances", "count", "event_date", True, None,
     "EVENT_ATTENDANCES", 50, "attendance|events"),
    ("EVENT_ATTENDANCES_PER_10K_INHABITANTS", "reach", "Aanwezigheden per 10.000 inwoners",
     "Attendances per 10,000 inhabitants", "per_10k_inhabitants", "event_date", True, None, "EVENT_ATTENDANCES",
     51, "attendance|events"),
    ("ADV_ACCEPTED_PCT", "advisory", "Aanvaard (%)", "Accepted (%)", "pct", "submitted_on", False, None,
     "ADV_ACCEPTED_PCT", 80, "intakes|organisations"),
    ("ESF_UNEMPLOYED", "esf", "Werklozen", "Unemployed", "count", "first_participation_on", True, "EECO02",
     "ESF_UNEMPLOYED", 420, "people|attendance|events|intakes"),
]

VALUES = [
    ("EVENT_ATTENDANCES", "project", "project", AALST, "all", "", 2.0, "count"),
    ("EVENT_ATTENDANCES", "project", "project", "all", "all", "", 3.0, "count"),
    ("EVENT_ATTENDANCES_PER_10K_INHABITANTS", "project", "project", AALST, "all", "", 2 * 10000 / 90995,
     "per_10k_inhabitants"),
    ("ADV_ACCEPTED_PCT", "project", "project", "all", "all", "", 50.0, "pct"),
]


def _record(kpi, record_type, record_id, key_date, municipality, chain, source_type, file_name, row_number,
            measure=1.0, denominator=None, agg="count", scale=None, unit="count", detail=None):
    d = dt.date.fromisoformat(key_date)
    return (kpi, record_type, record_id, d, d.strftime("%Y-%m"), f"{d.year}-Q{(d.month - 1) // 3 + 1}",
            f"{d.year}-S{1 if d.month <= 6 else 2}", str(d.year), True, municipality, chain, "", measure, denominator,
            agg, scale, False, unit, source_type, record_id, detail, 1, file_name, row_number,
            dt.datetime(2022, 7, 1, 9, 0))


RECORDS = [
    *[_record("EVENT_ATTENDANCES", "attendance", f"A-{n}", "2022-03-10", AALST, chain, "attendance",
              "attendance.csv", n, detail="E1 / participant") for n in (2, 3) for chain in ("textile", "ict")],
    _record("EVENT_ATTENDANCES", "attendance", "A-9", "2022-03-24", "41048", "furniture", "attendance",
            "=cmd|' /C calc'!A0.csv", 2, detail="E2 / participant"),
    _record("ADV_ACCEPTED_PCT", "intakes", "I1", "2022-03-04", AALST, "textile", "intakes", "intakes.csv", 2,
            measure=1.0, denominator=1.0, agg="ratio", scale=100.0, unit="pct", detail="accepted"),
    _record("ADV_ACCEPTED_PCT", "intakes", "I2", "2022-03-11", AALST, "textile", "intakes", "intakes.csv", 3,
            measure=0.0, denominator=1.0, agg="ratio", scale=100.0, unit="pct", detail="referred"),
]

# fmt: on

FCT_KPI_RECORDS_DDL = """
create table marts.fct_kpi_records (kpi varchar, record_type varchar, record_id varchar, key_date date,
    period_month varchar, period_quarter varchar, period_semester varchar, period_year varchar, in_project boolean,
    municipality varchar, chain varchar, breakdown varchar, measure double, denominator_measure double,
    agg varchar, scale double, first_only boolean, unit varchar, source_type varchar, source_id varchar,
    detail varchar, delivery_id integer, file_name varchar, row_number integer, received_at timestamp)
"""


def build_serving(path: Path, *, lineage: bool = True) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute("create schema meta")
        con.execute(
            "create table marts.kpi_definitions (kpi varchar, family varchar, name_nl varchar, name_en varchar,"
            " definition_nl varchar, definition_en varchar, unit varchar, key_date varchar, counts_people boolean,"
            " esf_2014_2020 varchar, esf_plus_code varchar, reference_framework varchar, base_kpi varchar,"
            " sort_order integer, source_records varchar)"
        )
        for kpi, family, nl, en, unit, key_date, people, esf_plus, base, order, sources in DEFINITIONS:
            con.execute(
                "insert into marts.kpi_definitions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    kpi,
                    family,
                    nl,
                    en,
                    f"Definitie van {kpi}",
                    f"Definition of {kpi}",
                    unit,
                    key_date,
                    people,
                    "Unemployed, including long-term unemployed" if esf_plus else None,
                    esf_plus,
                    "De Keet KPI catalogue",
                    base,
                    order,
                    sources,
                ],
            )
        con.execute(
            "create table marts.kpi_values (kpi varchar, period varchar, period_type varchar, municipality varchar,"
            " chain varchar, breakdown varchar, value double, unit varchar)"
        )
        con.executemany("insert into marts.kpi_values values (?, ?, ?, ?, ?, ?, ?, ?)", VALUES)
        con.execute(
            "create table marts.dim_municipalities (municipality varchar, name_nl varchar, population integer,"
            " population_year integer, in_region boolean, name_en varchar, population_source varchar)"
        )
        con.execute(
            "insert into marts.dim_municipalities values ('41002', 'Aalst', 90995, 2024, true, 'Aalst', 'x')"
        )
        con.execute(
            "insert into marts.dim_municipalities values ('41048', 'Ninove', 40090, 2023, true, 'Ninove', 'x')"
        )
        if lineage:
            con.execute(FCT_KPI_RECORDS_DDL)
            con.executemany(f"insert into marts.fct_kpi_records values ({', '.join('?' * 25)})", RECORDS)
        con.execute(
            "create table meta.snapshot as select timestamp '2022-07-02 10:00:00' as snapshot_created_at,"
            " date '2022-06-30' as cutoff_date, 'test' as code_version, 'x' as warehouse_sha256"
        )
    finally:
        con.close()
    return path


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    build_serving(tmp_path / "serving.duckdb")
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# ----------------------------------------------------------------------------------------------- pure functions
def test_period_types():
    assert [period_type_of(p) for p in ("2022-03", "2022-Q1", "2022-S2", "2022", "project")] == [
        "month",
        "quarter",
        "semester",
        "year",
        "project",
    ]
    for bad in ("2022-13", "2022-Q5", "22", "Project", "2022-03-01"):
        with pytest.raises(ExplainError):
            period_type_of(bad)


def test_recompute_counts_each_record_once():
    rows = [
        {"record_id": "E1", "measure": 1.0, "denominator_measure": None},
        {"record_id": "E1", "measure": 1.0, "denominator_measure": None},  # a second source row of E1
        {"record_id": "E2", "measure": 1.0, "denominator_measure": None},
    ]
    assert recompute(rows, "count") == 2
    sums = [
        {"record_id": "C1", "measure": 5000.0, "denominator_measure": None}
    ] * 2  # C1 in two municipalities
    assert recompute(sums, "sum") == 5000
    medians = [
        {"record_id": r, "measure": m, "denominator_measure": None} for r, m in (("a", 7.0), ("b", 4.0))
    ]
    assert recompute(medians, "median") == 5.5
    ratio = [
        {"record_id": "I1", "measure": 1.0, "denominator_measure": 1.0},
        {"record_id": "I2", "measure": 0.0, "denominator_measure": 1.0},
    ]
    assert recompute(ratio, "ratio", 100.0) == 50.0
    assert recompute(rows, "count", population=90995) == pytest.approx(2 * 10000 / 90995)
    assert recompute([], "count") is None  # no records: no figure (not 0)
    assert (
        recompute([{"record_id": "I2", "measure": 0.0, "denominator_measure": 0.0}], "ratio", 100.0) is None
    )


# ----------------------------------------------------------------------------------------------- keet kpis
def test_existing_commands_are_kept():
    parser = cli.build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # argparse has no public API for this
    assert {
        "ingest",
        "run",
        "kpis",
        "validate",
        "templates",
        "dashboard",
        "demo-data",
        "explain",
        "trace",
    } <= commands


def test_kpis_output_unchanged(home, capsys):
    code, out, _ = run(capsys, "kpis")
    assert code == 0
    assert out.splitlines() == [
        "kpi,period,municipality,chain,breakdown,value,unit",
        "ADV_ACCEPTED_PCT,project,all,all,,50.0,pct",
        "EVENT_ATTENDANCES,project,41002,all,,2,count",
        "EVENT_ATTENDANCES,project,all,all,,3,count",
        "EVENT_ATTENDANCES_PER_10K_INHABITANTS,project,41002,all,,0.219792,per_10k_inhabitants",
    ]


def test_kpis_definitions_csv(home, capsys):
    code, out, _ = run(capsys, "kpis", "--definitions")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "kpi",
        "family",
        "name_nl",
        "name_en",
        "definition_nl",
        "definition_en",
        "unit",
        "key_date",
        "source_records",
        "counts_people",
        "esf_2014_2020",
        "esf_plus_code",
        "reference_framework",
        "base_kpi",
    ]
    assert [r["kpi"] for r in rows] == [d[0] for d in DEFINITIONS]  # catalogue order (sort_order)
    esf = rows[-1]
    assert (esf["esf_plus_code"], esf["counts_people"], esf["source_records"]) == (
        "EECO02",
        "true",
        "people|attendance|events|intakes",
    )
    assert rows[1]["base_kpi"] == "EVENT_ATTENDANCES"


def test_kpis_definitions_json_to_file(home, capsys, tmp_path):
    target = tmp_path / "registry.json"
    code, out, err = run(capsys, "kpis", "--definitions", "--format", "json", "--out", str(target))
    assert code == 0 and out == "" and "4" in err
    registry = json.loads(target.read_text(encoding="utf-8"))
    assert registry[0]["kpi"] == "EVENT_ATTENDANCES"
    assert registry[0]["source_records"] == ["attendance", "events"]
    assert registry[0]["counts_people"] is True and registry[2]["counts_people"] is False
    assert registry[3]["esf_plus_code"] == "EECO02" and registry[0]["esf_plus_code"] is None


def test_json_only_with_definitions(home, capsys):
    code, out, err = run(capsys, "kpis", "--format", "json")
    assert code == 2 and out == "" and "--definitions" in err


# ----------------------------------------------------------------------------------------------- explain / trace
def test_explain_lists_each_record_once(home, capsys):
    code, out, _ = run(capsys, "explain", "EVENT_ATTENDANCES", "--municipality", "Aalst", "--lang", "en")
    assert code == 0
    assert out.startswith("EVENT_ATTENDANCES - Attendances\n")
    assert "41002 (Aalst)" in out
    assert "value: 2 count" in out and "recomputed from the records: 2" in out
    assert "Definition of EVENT_ATTENDANCES" in out and "attendance|events" in out
    assert "cut-off: 2022-06-30" in out
    listing = [line for line in out.splitlines() if line.startswith("attendance ")]
    assert len(listing) == 2  # rows 2 and 3, once each although E1 has two chains
    assert all("ict|textile" in line and "attendance.csv" in line for line in listing)


def test_explain_per_10k_and_ratio(home, capsys):
    code, out, _ = run(capsys, "explain", "EVENT_ATTENDANCES_PER_10K_INHABITANTS", "--municipality", AALST)
    assert code == 0
    assert "= EVENT_ATTENDANCES x 10.000 / 90995" in out and "0.219792" in out
    code, out, _ = run(capsys, "explain", "ADV_ACCEPTED_PCT")
    assert code == 0 and "waarde / value: 50.0 pct" in out
    assert "noemer/denominator" in out


def test_trace_csv_neutralises_formulas(home, capsys, tmp_path):
    target = tmp_path / "trace.csv"
    code, out, err = run(capsys, "trace", "EVENT_ATTENDANCES", "--out", str(target))
    assert code == 0 and out == "" and "3" in err
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(r["record_id"], r["file_name"], r["row_number"]) for r in rows] == [
        ("A-2", "attendance.csv", "2"),
        ("A-3", "attendance.csv", "3"),
        ("A-9", "'=cmd|' /C calc'!A0.csv", "2"),
    ]
    assert rows[0]["kpi"] == "EVENT_ATTENDANCES" and rows[0]["period"] == "project"
    assert rows[0]["chains"] == "ict|textile" and rows[0]["key_date"] == "2022-03-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("explain", "NO_SUCH_KPI"), "unknown KPI"),
        (("explain", "EVENT_ATTENDANCES", "--period", "2022-3"), "unknown period"),
        (("trace", "EVENT_ATTENDANCES", "--period", "Q1"), "unknown period"),
        (("explain", "EVENT_ATTENDANCES", "--municipality", "Aalts"), "unknown municipality 'Aalts'"),
    ],
)
def test_bad_requests(home, capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == "" and message in err


def test_no_snapshot_or_no_lineage(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    for args in (("explain", "EVENTS"), ("trace", "EVENTS"), ("kpis", "--definitions")):
        code, _, err = run(capsys, *args)
        assert code == 2 and "keet run" in err
    build_serving(tmp_path / "serving.duckdb", lineage=False)  # a snapshot of an older version
    code, _, err = run(capsys, "explain", "EVENT_ATTENDANCES")
    assert code == 2 and "no lineage" in err
