"""AppTest smoke tests of every dashboard page, on the hand-made serving snapshot (tests/fixtures).

KEET_HOME points at a temporary folder per test; Streamlit's caches are cleared around every test because they
are process-wide and would otherwise leak one test's snapshot into the next.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fixtures import serving_fixture as fx

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def keet_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    monkeypatch.delenv("KEET_WAREHOUSE", raising=False)
    return tmp_path


@pytest.fixture
def serving(keet_home) -> Path:
    return fx.build_serving(keet_home / "serving.duckdb")


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def params_of(at: AppTest) -> dict[str, str]:
    """The URL query parameters after a run (AppTest gives a list for a repeated key)."""
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


# --------------------------------------------------------------------------------------------- overview


def test_overview_shows_the_hand_picked_value_the_belgian_way(serving):
    at = run_app({"mun": fx.NINOVE})
    shown = metrics(at)
    assert shown["Intakes"] == "1.234"  # 1234 in Ninove, whole project, all chains; not a breakdown row
    assert shown["Aanvaard (%)"] == "87,5 %"
    assert shown["Uitgenodigd binnen 3 werkdagen (%)"] == "66,7 %"
    # EVENTS has no row for Ninove: a dash with an explanation, not an error
    assert shown["Events"] == "–"
    assert "Geen gegevens voor deze selectie" in texts(at.caption)
    events = next(m for m in at.metric if m.label == "Events")
    assert "Er is geen waarde voor deze combinatie" in events.help
    intakes = next(m for m in at.metric if m.label == "Intakes")
    assert "Definitie van intakes" in intakes.help  # the definition from kpi_definitions as hover help
    # snapshot info always visible
    assert "Gegevens tot 31/12/2022 · momentopname van 05/01/2023 10:15" in texts(at.caption)
    # a chart, a map, the table beside it, and a CSV download for each of them
    assert len(at.get("plotly_chart")) == 2
    assert len(at.dataframe) == 1
    assert len(at.get("download_button")) == 3


def test_filters_are_read_from_and_written_to_the_url(serving):
    at = run_app({"ptype": "quarter", "period": "2022-Q1", "mun": "all", "chain": "all"})
    assert at.selectbox(key="ptype").value == "quarter"
    assert at.selectbox(key="period").value == "2022-Q1"
    assert metrics(at)["Intakes"] == "156"  # 40 + 55 + 61
    assert params_of(at)["period"] == "2022-Q1"

    at.selectbox(key="mun").set_value(fx.NINOVE)
    at.selectbox(key="ptype").set_value("project")
    at.run()
    assert not at.exception
    params = params_of(at)
    assert params["mun"] == fx.NINOVE
    assert params["ptype"] == "project"
    assert params["period"] == "project"  # a period of the old type falls back to the new type's default
    assert metrics(at)["Intakes"] == "1.234"


def test_invalid_url_values_fall_back_to_defaults(serving):
    at = run_app({"mun": "99999", "chain": "nonsense", "ptype": "decade", "lang": "fr"})
    assert at.selectbox(key="mun").value == "all"
    assert at.selectbox(key="chain").value == "all"
    assert at.selectbox(key="ptype").value == "project"
    assert at.radio(key="lang").value == "nl"
    assert metrics(at)["Intakes"] == "1.500"


def test_english_switch_changes_labels_and_number_format(serving):
    at = run_app({"mun": fx.NINOVE})
    assert at.title[0].value == "Overzicht"
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    shown = metrics(at)
    assert shown["Accepted (%)"] == "87.5%"
    assert shown["Intakes"] == "1,234"
    assert "No data for this selection" in texts(at.caption)
    assert "Data up to 2022-12-31" in texts(at.caption)
    assert at.selectbox(key="mun").value == fx.NINOVE  # filters survive the switch
    assert params_of(at)["lang"] == "en"


def test_municipality_labels_include_all_and_outside_region(serving):
    at = run_app()
    options = at.selectbox(key="mun").options
    assert options[0] == "Alle gemeenten"
    assert options[-1] == "Buiten de regio"
    assert "Ninove" in options and len(options) == 10  # all + 8 municipalities + outside


def test_missing_snapshot_shows_a_friendly_message(keet_home):
    at = run_app()
    assert "Nog geen gegevens: voer `keet run` uit." in texts(at.info)
    assert not at.metric
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert "No data yet: run `keet run`." in texts(at.info)


def test_old_snapshot_without_kpi_tables(keet_home):
    fx.build_serving(keet_home / "serving.duckdb", omit=["marts.kpi_values", "meta.snapshot"])
    at = run_app()
    assert "marts.kpi_values" in texts(at.info)
    assert "keet run" in texts(at.info)
    assert not at.metric
    at.switch_page("app_pages/data_quality.py").run()
    assert not at.exception
    assert fx.QUARANTINE_REASON_NL in at.dataframe[1].value.to_string()


def test_unreadable_or_changed_snapshot_shows_a_warning_not_a_traceback(keet_home):
    (keet_home / "serving.duckdb").write_bytes(b"not a duckdb file" * 100)
    at = run_app()
    assert "kunnen nu niet gelezen worden" in texts(at.warning)

    # a snapshot whose KPI definitions lack a column the dashboard reads
    path = fx.build_serving(keet_home / "serving.duckdb")
    with duckdb.connect(str(path)) as connection:
        connection.execute("alter table marts.kpi_definitions drop column definition_nl")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = run_app()
    assert "kunnen nu niet gelezen worden" in texts(at.warning)


def test_run_status_banner_keeps_showing_the_last_snapshot(serving, keet_home):
    status = keet_home / "run_status.json"
    status.write_text(
        json.dumps(
            {"state": "running", "started_at": "2023-01-06T09:00:00", "finished_at": None, "message": ""}
        )
    )
    at = run_app({"mun": fx.NINOVE})
    assert "Er loopt een verwerking (gestart 06/01/2023 09:00)" in texts(at.info)
    assert metrics(at)["Intakes"] == "1.234"

    status.write_text(
        json.dumps(
            {
                "state": "failed",
                "started_at": "2023-01-06T09:00:00",
                "finished_at": "2023-01-06T09:02:00",
                "message": "dbt build failed",
            }
        )
    )
    at = run_app({"mun": fx.NINOVE})
    assert "De laatste verwerking is mislukt (06/01/2023 09:02): dbt build failed." in texts(at.warning)
    assert metrics(at)["Intakes"] == "1.234"

    status.write_text("{not json")
    at = run_app()
    assert not at.warning


# --------------------------------------------------------------------------------------------- data quality


def test_data_quality_lists_ledger_and_quarantine_reasons(serving):
    at = run_app()
    at.switch_page("app_pages/data_quality.py").run()
    assert not at.exception
    assert at.title[0].value == "Datakwaliteit"
    assert "Elke rij is verantwoord" in texts(at.success)
    deliveries, quarantine, freshness = (d.value for d in at.dataframe)
    assert deliveries.loc[deliveries["Levering"] == "2", "Gelezen"].item() == "5"
    assert deliveries.loc[deliveries["Levering"] == "2", "Geweigerd"].item() == "2"
    assert quarantine["Reden"].tolist()[0] == fx.QUARANTINE_REASON_NL
    assert "bestaande datum" in quarantine["Suggestie"].tolist()[0]
    assert set(freshness["Soort gegevens"]) == {"Intakes", "Aanwezigheden"}
    assert len(at.get("download_button")) == 3

    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    quarantine = at.dataframe[1].value
    assert quarantine["Reason"].tolist()[0] == fx.QUARANTINE_REASON_EN
