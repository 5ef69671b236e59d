"""The dashboard's data access: read-only, parameterised, and following the serving file when it is replaced."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest
import streamlit as st

from dashboard import queries
from tests.fixtures import serving_fixture as fx


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def serving(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    return fx.build_serving(tmp_path / "serving.duckdb")


def _intakes(version: str, municipality: str = fx.NINOVE) -> float:
    cell = queries.kpi_cell(version, "project", "project", municipality, "all").set_index("kpi")
    return float(cell.at["ADV_INTAKES", "value"])


def test_no_snapshot_means_no_version(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    assert queries.snapshot_version() is None


def test_reads_the_hand_picked_values(serving):
    version = queries.snapshot_version()
    assert _intakes(version) == fx.NINOVE_INTAKES
    assert _intakes(version, "all") == fx.REGION_INTAKES
    monthly = queries.kpi_monthly(version, "ADV_INTAKES", "2022-01", "2022-12", fx.NINOVE, "all")
    assert dict(zip(monthly["period"], monthly["value"], strict=True)) == fx.NINOVE_MONTHLY_INTAKES
    by_municipality = queries.kpi_by_municipality(version, "ADV_INTAKES", "project", "project", "all")
    assert len(by_municipality) == 8  # the region only; outside_region is not a map area
    assert by_municipality.set_index("municipality").at["41034", "value"] == 20
    info = queries.snapshot_info(version)
    assert str(info["cutoff_date"])[:10] == "2022-12-31"
    assert queries.missing_tables(version, [*queries.KPI_TABLES, *queries.QUALITY_TABLES]) == []


def test_connection_is_read_only(serving):
    version = queries.snapshot_version()
    connection = queries._connection(str(serving), version)
    with pytest.raises(duckdb.Error):
        connection.cursor().execute("create table marts.x (i integer)")


def test_a_replaced_snapshot_is_picked_up_and_the_stale_connection_closed(serving, tmp_path):
    old_version = queries.snapshot_version()
    assert _intakes(old_version) == fx.NINOVE_INTAKES
    old_connection = queries._connection(str(serving), old_version)

    # the pipeline's way: write a new file next to it, then os.replace it onto the serving path
    staged = fx.build_serving(tmp_path / "serving.duckdb.tmp")
    with duckdb.connect(str(staged)) as connection:
        connection.execute(
            "update marts.kpi_values set value = 4321 where kpi = 'ADV_INTAKES' and municipality = ? "
            "and period = 'project' and chain = 'all' and breakdown = ''",
            [fx.NINOVE],
        )
    stat = serving.stat()
    os.utime(staged, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    os.replace(staged, serving)

    new_version = queries.snapshot_version()
    assert new_version != old_version
    assert _intakes(new_version) == 4321.0
    # the stale connection was closed before the new one was opened
    with pytest.raises(duckdb.ConnectionException):
        old_connection.cursor()
    # a query still holding the old version reports that the snapshot changed (the app reruns)
    with pytest.raises(queries.SnapshotChanged):
        queries._query(old_version, "select 1")


def test_missing_table_is_reported_not_raised_as_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    fx.build_serving(tmp_path / "serving.duckdb", omit=["meta.snapshot", "marts.fct_quarantine"])
    version = queries.snapshot_version()
    assert queries.snapshot_info(version) is None
    assert queries.missing_tables(version, queries.QUALITY_TABLES) == ["marts.fct_quarantine"]
    with pytest.raises(queries.SnapshotUnavailable):
        queries.quarantine(version)


def test_a_broken_file_is_unavailable_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    (tmp_path / "serving.duckdb").write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(queries.SnapshotUnavailable):
        queries.available_tables(queries.snapshot_version())


def test_sql_takes_values_only_as_parameters():
    """No f-strings or %-formatting with values in the dashboard's SQL: every statement is a constant."""
    source = (Path(queries.__file__)).read_text(encoding="utf-8")
    assert not re.search(r'f"""|f"select|f"\s*select|\.format\(|%\s*\(', source, flags=re.IGNORECASE)
    statements = [v for k, v in vars(queries).items() if k.startswith("SQL_")]
    assert len(statements) >= 10
    assert all(isinstance(sql, str) and "{" not in sql for sql in statements)
    # the one substitution: the KPI table of the audience, from a closed set
    for sql in statements:
        for published in (False, True):
            text = queries._values_sql(sql, published)
            assert "<values>" not in text and "<hidden>" not in text
            if "<values>" in sql:
                assert ("kpi_values_published" in text) == published


def test_new_page_queries_read_the_hand_picked_values(serving):
    version = queries.snapshot_version()
    rows = queries.kpi_cell_rows(version, "project", "project", "all", "all")
    events = rows[(rows["kpi"] == "EVENTS") & (rows["breakdown"] != "")]
    assert dict(zip(events["breakdown"], events["value"], strict=True)) == {
        f"event_type={k}": v for k, v in fx.EVENTS_BY_TYPE.items()
    }
    funnel = queries.invitation_funnel(version, "2021-05-01", "2022-12-31", "2022-12-31", "all", "all")
    assert funnel == {"accepted": 4, "invited": 2}
    assert queries.invitation_funnel(version, "2021-05-01", "2022-12-31", "2022-12-31", fx.NINOVE, "all") == {
        "accepted": 2,
        "invited": 1,
    }
    # an invitation after the cut-off does not count yet
    assert queries.invitation_funnel(version, "2021-05-01", "2022-12-31", "2022-03-10", "all", "all") == {
        "accepted": 4,
        "invited": 1,
    }
    assert queries.waiting_invitations(version, "all", "all")["intake_id"].tolist() == ["INT-3", "INT-4"]
    assert queries.waiting_invitations(version, "all", "furniture")["intake_id"].tolist() == ["INT-4"]
    wide = queries.kpis_by_municipality(version, ("EVENTS", "EVENT_ATTENDANCES"), "project", "project", "all")
    aalst = wide[wide["municipality"] == "41002"].set_index("kpi")["value"].to_dict()
    assert aalst == {"EVENTS": 5.0, "EVENT_ATTENDANCES": 70.0}
    chains = queries.kpis_by_chain(version, ("VC_COLLABORATIONS",), "project", "project", "all")
    assert dict(zip(chains["chain"], chains["value"], strict=True)) == {"ict": 8.0, "textile": 10.0}
    card = queries.source_scorecard(version).set_index("source")
    assert card.at["partner_upload", "rows_read"] == 5
    assert card.at["partner_upload", "rows_quarantined"] == 2
    assert card.at["partner_upload", "files"] == 2
    assert card.at["form_export", "unresolved_references"] == 1
    assert card.at["form_export", "out_of_period"] == 1
    assert queries.PREVIOUS_TABLE not in queries.available_tables(version)


def test_previous_snapshot_cell(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    fx.build_serving(tmp_path / "serving.duckdb", previous=True)
    version = queries.snapshot_version()
    assert queries.PREVIOUS_TABLE in queries.available_tables(version)
    previous = queries.previous_cell(version, "project", "project", "all", "all").set_index("kpi")["value"]
    assert previous["ADV_INTAKES"] == 1450.0
    assert "EVENTS" not in previous.index
