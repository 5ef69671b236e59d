"""AppTest smoke tests of every dashboard page, on the hand-made serving snapshot (tests/fixtures).

KEET_HOME points at a temporary folder per test; Streamlit's caches are cleared around every test because they
are process-wide and would otherwise leak one test's snapshot into the next.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import duckdb
import numpy as np
import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import access
from pipelines.auth import User
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


LEAD = User("projectleider", "lead")
PARTNER = User("partner", "partner")
VIEWER = User("lezer", "viewer")


def run_app(query: dict[str, str] | None = None, user: User | None = LEAD) -> AppTest:
    """The app after its first run, logged in as `user` (None: an anonymous visitor)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if user is not None:
        at.session_state[access.USER_KEY] = user
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


def open_page(page: str, query: dict[str, str] | None = None, user: User | None = LEAD) -> AppTest:
    """Run the app once (st.navigation registers the pages), then switch to `app_pages/<page>.py`."""
    at = run_app(query, user)
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _decoded(value):
    """plotly's JSON holds numeric arrays as {'dtype', 'bdata'} (base64); turn them back into lists."""
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    return value


def figure_of(chart) -> go.Figure:
    return go.Figure(_decoded(json.loads(chart.proto.spec)))


def figure(at: AppTest, key: str) -> go.Figure:
    """The plotly figure drawn with `key` (binary arrays decoded)."""
    charts = {c.key: c for c in at.get("plotly_chart")}
    assert key in charts, list(charts)
    return figure_of(charts[key])


def table(at: AppTest, column: str):
    """The first shown dataframe that has `column`."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with column {column!r}")


KPI_PAGES = ("overview", "map", "advisory", "events", "accelerator", "value_chains", "circular", "social")
ALL_PAGES = (*KPI_PAGES, "report", "data_quality", "upload")


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
    # targets chart, trend chart and a small map, the targets table; CSV and XLSX for each (and the cards)
    assert [c.key for c in at.get("plotly_chart")] == ["chart_targets", "chart_trend", "chart_overview_map"]
    assert len(at.dataframe) == 1
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download CSV") == labels.count("Download XLSX") == 4
    # Ninove has its own intake target: 1234 of 1500
    targets = table(at, "Doel")
    intakes_target = targets[targets["Indicator"] == "Intakes"].iloc[0]
    assert (intakes_target["Waarde"], intakes_target["Doel"], intakes_target["Bereikt"]) == (
        "1.234",
        "1.500 *",
        "82,3 %",
    )


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
    assert fx.QUARANTINE_REASON_NL in table(at, "Reden").to_string()


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
    assert "verwerking" not in texts(at.warning)


# --------------------------------------------------------------------------------------------- data quality


def test_data_quality_lists_ledger_and_quarantine_reasons(serving):
    at = open_page("data_quality")
    assert at.title[0].value == "Datakwaliteit"
    assert "Elke rij is verantwoord" in texts(at.success)
    scorecard, deliveries, quarantine, unresolved, out_of_period, freshness = (d.value for d in at.dataframe)
    assert deliveries.loc[deliveries["Levering"] == "2", "Gelezen"].item() == "5"
    assert deliveries.loc[deliveries["Levering"] == "2", "Geweigerd"].item() == "2"
    assert quarantine["Reden"].tolist()[0] == fx.QUARANTINE_REASON_NL
    assert "bestaande datum" in quarantine["Suggestie"].tolist()[0]
    assert set(freshness["Soort gegevens"]) == {"Intakes", "Aanwezigheden"}
    # issue 3: unresolved references, out-of-period records and a scorecard per source
    assert unresolved["Reden"].tolist() == [
        fx.UNRESOLVED_REASON_NL,
        "Onbekende organisatie 'O99' (nog niet geleverd)",
    ]
    assert unresolved["Bron"].tolist() == ["partner_upload", "form_export"]
    assert unresolved["Rij"].tolist() == ["3", "7"]
    assert out_of_period["Buiten de periode"].tolist() == ["voor de projectstart"]
    assert out_of_period["Datum"].tolist() == ["20/04/2021"]
    by_source = scorecard.set_index("Bron")
    assert by_source.at["partner_upload", "Geweigerd (%)"] == "40,0 %"  # 2 of 5 rows
    assert by_source.at["partner_upload", "Onopgeloste verwijzingen"] == "1"
    assert by_source.at["form_export", "Geweigerd (%)"] == "0,0 %"
    assert by_source.at["form_export", "Buiten periode"] == "1"
    assert by_source.at["form_export", "Laatste levering"] == "14/03/2022"
    assert set(by_source["Actie"]) == {"☎ bellen"}  # nobody delivered for weeks
    assert "Contacteer: " in texts(at.warning)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download CSV") == labels.count("Download XLSX") == 6

    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert table(at, "Reason")["Reason"].tolist()[0] == fx.QUARANTINE_REASON_EN
    assert fx.UNRESOLVED_REASON_EN in at.dataframe[3].value["Reason"].tolist()


def test_data_quality_on_a_snapshot_without_the_issue_3_tables(keet_home):
    fx.build_serving(
        keet_home / "serving.duckdb",
        omit=["marts.fct_unresolved_references", "marts.fct_out_of_period_records"],
    )
    at = open_page("data_quality")
    assert "marts.fct_unresolved_references" in texts(at.info)
    assert "marts.fct_out_of_period_records" in texts(at.info)
    scorecard = table(at, "Bron")
    assert scorecard["Onopgeloste verwijzingen"].tolist() == ["–", "–"]  # unknown, not 0


# --------------------------------------------------------------------------------------------- overview additions


def test_overview_targets_show_progress_and_mark_placeholders(serving):
    at = run_app()
    assert "Voorlopige doelen (*)" in texts(at.warning)
    targets = table(at, "Doel").set_index("Indicator")
    assert targets.loc["Intakes"].tolist() == [
        "1.500",
        "2.000 *",
        "75,0 %",
        "60,0 %",
        "✓ op schema",
        "voorlopig (niet bevestigd)",
    ]
    assert targets.loc["Uitgenodigd binnen 3 werkdagen (%)", "Bereikt"] == "83,9 %"
    assert targets.loc["Uitgenodigd binnen 3 werkdagen (%)", "Stand"] == "⚠ achter"
    assert targets.loc["Events", "Doel"] == "10"  # confirmed: no asterisk
    assert targets.loc["Events", "Status van het doel"] == "bevestigd"
    bars = figure(at, "chart_targets").data[0]
    assert list(bars.y) == ["Intakes", "Uitgenodigd binnen 3 werkdagen (%)", "Events"]
    assert list(bars.x) == [75.0, pytest.approx(83.89, abs=0.01), 70.0]
    assert "Streep: verwacht op 31/12/2022." in texts(at.caption)
    # CO2e never as one line without its range
    trend_options = at.selectbox(key="trend").options
    assert "Vermeden CO2e" not in trend_options and "Materiaal in gebruik (kg)" in trend_options


def test_overview_without_targets_table_says_so(keet_home):
    fx.build_serving(keet_home / "serving.duckdb", omit=["marts.kpi_progress"])
    at = run_app()
    assert "nog geen doelen" in texts(at.info)


def test_changes_since_the_previous_snapshot(keet_home):
    fx.build_serving(keet_home / "serving.duckdb")
    at = run_app()
    assert "Er is geen vorige momentopname om mee te vergelijken." in texts(at.info)

    st.cache_data.clear()
    st.cache_resource.clear()
    fx.build_serving(keet_home / "serving.duckdb", previous=True)
    at = run_app()
    changes = table(at, "Verschil").set_index("Indicator")
    assert changes.at["Intakes", "Vorige momentopname"] == "1.450"
    assert changes.at["Intakes", "Nu"] == "1.500"
    assert changes.at["Intakes", "Verschil"] == "+50"
    assert changes.at["Aanvaard (%)", "Verschil"] == "+2,0 procentpunt"
    assert changes.at["Events", "Verschil"] == "nieuw"
    assert changes.at["Bereikte organisaties", "Verschil"] == "niet meer aanwezig"
    assert "Definitie" not in changes.index  # unchanged KPIs are not listed
    assert len(changes) == 4


# --------------------------------------------------------------------------------------------- KPI pages


def test_advisory_desk_funnel_trend_and_waiting_list(serving):
    at = open_page("advisory")
    assert at.title[0].value == "Adviesloket"
    shown = metrics(at)
    assert shown["Adviesuren"] == "987,5 uur"
    assert shown["Dagen tot rapport (mediaan)"] == "12,5 dagen"
    assert shown["Uitgenodigd binnen 3 werkdagen (%)"] == "75,5 %"
    assert "Definitie van adviesuren" in next(m for m in at.metric if m.label == "Adviesuren").help
    funnel = figure(at, "chart_advisory_funnel").data[0]
    assert list(funnel.y) == [
        "Intakes",
        "Aanvaard",
        "Uitgenodigd",
        "Adviesgesprek",
        "Adviesrapport",
        "Opvolging",
    ]
    assert list(funnel.x) == [
        1500,
        1100,
        2,
        950,
        900,
        321,
    ]  # invited: 2 of the 4 accepted in the invitation list
    assert funnel.text[1] == "1.100 (73,3 %)"
    decisions = figure(at, "chart_decisions").data[0]
    assert list(decisions.y) == ["Aanvaard", "Doorverwezen", "Geweigerd", "In behandeling"]
    assert "200 intake(s) doorverwezen naar een partner (13,3 % van de intakes)." in texts(at.caption)
    invited = figure(at, "chart_invited_3wd")
    assert [v for v in invited.data[0].y if not np.isnan(v)] == [80.0, 66.7, 90.0]
    assert invited.layout.shapes[0].y0 == 90.0  # the target line, marked provisional
    assert "doel 90,0 % (voorlopig)" in invited.layout.annotations[0].text
    waiting = table(at, "Intake")
    assert waiting["Intake"].tolist() == ["INT-3", "INT-4"]
    assert waiting["Toestand"].tolist() == ["⚠ te laat", "wacht (termijn loopt)"]
    assert waiting["Uiterlijk uitnodigen op"].tolist() == ["23/12/2022", "03/01/2023"]
    assert waiting["Dagen over de termijn"].tolist() == ["8", "0"]
    assert waiting["Gemeente"].tolist() == ["Ninove", "Aalst"]
    assert "1 intake(s) wachten langer dan 3 werkdagen" in texts(at.warning)
    # no personal data in the list: no name, e-mail or phone column
    assert not {"name", "email", "phone", "Naam", "E-mail"} & set(waiting.columns)


def test_advisory_waiting_list_follows_the_municipality_filter(serving):
    at = open_page("advisory", {"mun": fx.NINOVE})
    assert table(at, "Intake")["Intake"].tolist() == ["INT-3"]


def test_events_by_type_and_reach_per_municipality(serving):
    at = open_page("events")
    shown = metrics(at)
    assert (shown["Events"], shown["Aanwezigheden"], shown["Unieke deelnemers"]) == ("7", "120", "80")
    by_type = figure(at, "chart_events_by_type").data[0]
    assert list(by_type.y) == ["Netwerkevent", "Workshop", "Marktdialoog"]  # the contract's order
    assert list(by_type.x) == [2, 4, 1]
    reach = table(at, "Unieke deelnemers").set_index("Gemeente")
    assert reach.loc["Aalst"].tolist() == ["5", "70", "50"]
    assert reach.loc["Lede"].tolist() == ["2", "5", "5"]
    assert reach.loc["Ninove"].tolist() == ["–", "45", "30"]
    assert reach.loc["Denderleeuw"].tolist() == ["–", "–", "–"]


def test_accelerator_funnel_hours_and_outcomes(serving):
    at = open_page("accelerator")
    funnel = figure(at, "chart_accelerator_funnel").data[0]
    assert list(funnel.x) == [60, 24, 12, 9, 8]
    assert list(funnel.text) == ["60 (100,0 %)", "24 (40,0 %)", "12 (20,0 %)", "9 (15,0 %)", "8 (13,3 %)"]
    hours = figure(at, "chart_hours_by_session_type").data[0]
    assert list(hours.y) == ["Designsprint", "Coaching"]
    assert list(hours.text) == ["210 uur", "100,5 uur"]
    outcomes = figure(at, "chart_outcomes").data[0]
    assert list(outcomes.y) == ["Nieuw product", "Partnerschap"]
    assert "2 van de 8 resultaten werden gepromoot (25,0 %)." in texts(at.caption)
    assert metrics(at)["Programma-uren"] == "310,5 uur"


def test_value_chains_collaborations_procurement_and_per_chain(serving):
    at = open_page("value_chains")
    assert metrics(at)["Circulaire aankopen"] == "€ 125.400"
    collaborations = figure(at, "chart_collaborations").data[0]
    assert list(collaborations.x) == [16, 12]
    assert "75,0 % van de samenwerkingen verbindt de sociale met de reguliere economie." in texts(at.caption)
    procurement = figure(at, "chart_procurement_by_buyer").data[0]
    assert list(procurement.y) == ["Overheid", "Privaat"]
    assert list(procurement.text) == ["€ 100.400", "€ 25.000"]
    per_chain = table(at, "Keten").set_index("Keten")
    assert per_chain.at["Textiel (professionele kledij)", "Samenwerkingen"] == "10"
    assert per_chain.at["ICT-materiaal", "Samenwerkingen"] == "8"
    assert per_chain.at["ICT-materiaal", "Ketenactoren"] == "20"


def test_circular_r_ladder_co2e_range_and_mass_without_factor(serving):
    at = open_page("circular")
    ladder = figure(at, "chart_r_ladder").data[0]
    assert [label.split(" · ")[0] for label in ladder.y] == [f"R{i}" for i in range(10)]  # R-ladder order
    assert list(ladder.x) == [0, 0, 0, 8000, 2500, 0, 0, 0, 1500, 0]
    assert ladder.marker.color[3] != ladder.marker.color[8]  # high (R0-R7) and low R-strategies differ
    # CO2e avoided only as a range, never one number alone
    shown = metrics(at)
    assert shown["Vermeden t CO₂e: bereik laag – hoog"] == "6,0 – 13,5"
    assert "Centrale schatting: 9,0 t CO₂e" in texts(at.caption)
    assert [t for t in figure(at, "chart_co2e_range").data[0].text] == ["laag 6,0 t CO₂e", "hoog 13,5 t CO₂e"]
    assert "Voor 1.500 kg van de 12.000 kg materiaal (12,5 %) is er geen CO₂e-factor." in texts(at.warning)
    factors = table(at, "Bron van de factor")
    assert factors["Bevestigd"].tolist() == ["nee", "ja"]  # ict (unconfirmed), textile


def test_social_impact(serving):
    at = open_page("social")
    shown = metrics(at)
    assert (shown["Jobs"], shown["VTE"], shown["Opleidingsuren"]) == ("40", "31,5 VTE", "1.250 uur")
    groups = figure(at, "chart_target_groups").data[0]
    assert list(groups.y) == ["Arbeidshandicap", "Jongeren"]
    per_chain = table(at, "Keten").set_index("Keten")
    assert per_chain.at["Textiel (professionele kledij)", "Jobs"] == "22"
    assert per_chain.at["Meubilair", "Jobs"] == "18"


def test_map_page_any_count_kpi_absolute_or_per_10k(serving):
    at = open_page("map", {"map": "ADV_INTAKES", "scale": "per10k"})
    assert at.title[0].value == "Kaart"
    by_municipality = table(at, "Per 10.000 inwoners").set_index("Gemeente")
    assert by_municipality.at["Ninove", "Waarde"] == "1.234"
    assert by_municipality.at["Ninove", "Per 10.000 inwoners"] == "307,8"
    assert "Buiten de regio (niet op de kaart): 5." in texts(at.caption)
    options = at.selectbox(key="map").options
    assert "Jobs" in options and "Events" in options and "Aanvaard (%)" not in options  # counts only
    assert params_of(at)["scale"] == "per10k"


@pytest.mark.parametrize("page", KPI_PAGES)
def test_an_empty_filter_cell_is_explained_never_an_error(serving, page):
    at = open_page(page, {"mun": fx.NINOVE, "chain": "packaging"})
    assert not at.error
    assert "Geen gegevens" in texts(at.info) + texts(at.caption)
    for chart in at.get("plotly_chart"):  # whatever is drawn has data (the map's grey base layer aside)
        data = figure_of(chart).data
        assert data and any(len(trace.x if trace.x is not None else trace.locations) for trace in data)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_in_english_with_the_snapshot_line(serving, page):
    at = open_page(page, {"lang": "en"})
    assert not at.error
    assert "Data up to 2022-12-31" in texts(at.caption)
    assert "Gegevens" not in texts(at.caption).replace("Gegevens tot", "")


@pytest.mark.parametrize("page", ("advisory", "events", "accelerator", "value_chains", "circular", "social"))
def test_every_kpi_page_offers_csv_and_xlsx_and_definitions(serving, page):
    at = open_page(page)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download CSV") == labels.count("Download XLSX") >= 2
    assert all(m.help for m in at.metric)  # every KPI card explains itself


def test_kpi_pages_on_an_old_snapshot_without_the_new_tables(keet_home):
    fx.build_serving(
        keet_home / "serving.duckdb",
        omit=["marts.kpi_progress", "marts.fct_intake_invitations", "marts.dim_co2e_factors"],
    )
    for page in ("advisory", "circular"):
        at = open_page(page)
        assert not at.error
    assert "marts.fct_intake_invitations" in texts(open_page("advisory").info)


# --------------------------------------------------------------------------------------------- upload

BAD_EVENTS = (
    b"event_id,event_type,title,date,municipality,chains\n"
    b"E10,workshop,Herstelcafe,2022-06-02,Aalst,textile\n"
    b"E11,barbecue,Zomerfeest,2022-06-09,Ninove,\n"
)


class FakePopen:
    """Stands in for the background pipeline run."""

    calls: ClassVar[list[dict]] = []

    def __init__(self, args, **kwargs):
        FakePopen.calls.append({"args": args, **kwargs})
        self.pid = 424242

    exit_code: ClassVar[int | None] = None

    def poll(self):
        return FakePopen.exit_code


def test_upload_validates_on_the_spot_and_sends_to_the_inbox(serving, keet_home, monkeypatch):
    FakePopen.calls, FakePopen.exit_code = [], None
    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    at = open_page("upload")
    assert at.title[0].value == "Bestanden opladen"
    at.file_uploader[0].set_value(
        [
            ("events_juni.csv", BAD_EVENTS, "text/csv"),
            ("kapot.xlsx", b"not a workbook", "application/octet-stream"),
        ]
    ).run()
    assert not at.exception
    report = at.code[0].value
    # the same report as `keet validate`, in Dutch: the row number and the reason
    assert "events_juni.csv (events): 2 rijen gelezen, 1 zouden geladen worden, 1 in quarantaine" in report
    assert "rij 3, kolom event_type: waarde 'barbecue' onbekend voor event_type" in report
    assert "kapot.xlsx: GEWEIGERD" in report
    issues = table(at, "Reden")
    assert issues.loc[issues["Bestand"] == "events_juni.csv", "Rij"].tolist() == ["3"]
    assert "1 bestand(en) zouden volledig geweigerd worden" in texts(at.error)

    at.text_input(key="upload_source").set_value("Repair Café Aalst").run()
    assert "Submap in de inbox: repair-cafe-aalst" in texts(at.caption)
    at.button(key="upload_send").click().run()
    assert not at.exception
    inbox = keet_home / "inbox" / "repair-cafe-aalst"
    assert [p.name for p in inbox.iterdir()] == ["events_juni.csv"]  # the rejected workbook stays out
    assert (inbox / "events_juni.csv").read_bytes() == BAD_EVENTS
    assert len(FakePopen.calls) == 1
    call = FakePopen.calls[0]
    assert call["args"] == [sys.executable, "-m", "pipelines.cli", "run"]
    assert call["start_new_session"] is True
    assert call["env"]["KEET_HOME"] == str(keet_home)
    assert "In de inbox gezet: events_juni.csv" in texts(at.success)
    assert "De verwerking wordt gestart" in texts(at.info)
    assert not at.file_uploader[0].value  # a fresh uploader: the same files are not sent twice

    # the run says it started, then its process ends without writing a result: the page says so
    from pipelines.formatting import local_now

    now = local_now().isoformat()  # the platform's one clock (Belgian time)
    (keet_home / "run_status.json").write_text(json.dumps({"state": "running", "started_at": now}))
    (keet_home / "dashboard_run.log").write_text("Traceback ...\nAttributeError: boom\n")
    at.run()
    assert "Bezig sinds" in texts(at.info)
    FakePopen.exit_code = 1
    at.run()
    assert "De verwerking stopte zonder resultaat te melden (exitcode 1)" in texts(at.error)
    assert "AttributeError: boom" in at.code[-1].value


def test_upload_report_in_english(serving):
    at = open_page("upload", {"lang": "en"})
    at.file_uploader[0].set_value(("events_juni.csv", BAD_EVENTS, "text/csv")).run()
    assert "row 3, column event_type: value 'barbecue' unknown for event_type" in at.code[0].value


def test_upload_shows_the_run_status(serving, keet_home):
    status = keet_home / "run_status.json"
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
    at = open_page("upload")
    assert "De laatste verwerking is mislukt (06/01/2023 09:02): dbt build failed." in texts(at.error)
    status.write_text(
        json.dumps(
            {
                "state": "succeeded",
                "started_at": "2023-01-06T09:00:00",
                "finished_at": "2023-01-06T09:03:00",
                "message": "ok",
            }
        )
    )
    at = open_page("upload")
    assert "De laatste verwerking is geslaagd (06/01/2023 09:03)" in texts(at.success)


def test_upload_works_before_there_is_any_snapshot(keet_home):
    at = run_app()
    assert "Nog geen gegevens" in texts(at.info)
    at.switch_page("app_pages/upload.py").run()
    assert not at.exception
    assert at.title[0].value == "Bestanden opladen"
    at.file_uploader[0].set_value(("events_juni.csv", BAD_EVENTS, "text/csv")).run()
    assert "rij 3, kolom event_type" in at.code[0].value


def test_upload_follows_a_busy_run_and_blocks_a_second_one(serving, keet_home):
    import datetime as dt

    from pipelines.formatting import local_now

    started = local_now() - dt.timedelta(minutes=1, seconds=5)
    (keet_home / "run_status.json").write_text(
        json.dumps(
            {"state": "running", "started_at": started.isoformat(), "finished_at": None, "message": ""}
        )
    )
    at = open_page("upload")
    assert "Bezig sinds" in texts(at.info) and "(1 min" in texts(at.info)
    at.file_uploader[0].set_value(("events_juni.csv", BAD_EVENTS, "text/csv")).run()
    at.text_input(key="upload_source").set_value("partner").run()
    assert "Er loopt al een verwerking" in texts(at.info)
    assert at.button(key="upload_send").disabled


def test_report_page_builds_a_real_pdf_for_download(serving, keet_home):
    at = open_page("report")
    assert not at.exception
    at.button[0].click().run(timeout=180)
    assert not at.exception
    name, data, kind = at.session_state["report_file"]
    assert name == "keet-esf-project-nl.pdf" and kind == "pdf" and data.startswith(b"%PDF")
    audit = (keet_home / "audit.log").read_text()
    assert '"event": "report_download"' in audit


def test_map_choice_follows_from_the_overview_to_the_map_page(serving):
    at = run_app()
    at.selectbox(key="map").set_value("EVENTS")
    at.radio(key="scale").set_value("per10k").run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    assert (at.selectbox(key="map").value, at.radio(key="scale").value) == ("EVENTS", "per10k")
    at.radio(key="scale").set_value("abs").run()  # and it can still be changed there
    assert params_of(at)["scale"] == "abs"
    assert at.selectbox(key="mun").value == "all"


# ------------------------------------------------------------------------------------------- log-in and roles


def _hide(serving: Path, kpi: str, municipality: str, suppression: str = "primary", period: str = "project") -> None:
    """Mark one published cell as hidden (what the publish step does for a count of 1-4)."""
    with duckdb.connect(str(serving)) as con:
        con.execute(
            "update marts.kpi_values_published set value = null, suppressed = true, suppression = ?, display = ? "
            "where kpi = ? and period = ? and municipality = ? and chain = 'all' and breakdown = ''",
            [suppression, "<5" if suppression == "primary" else "x", kpi, period, municipality],
        )


def test_an_anonymous_visitor_sees_only_the_log_in(serving):
    at = run_app(user=None)
    assert [t.value for t in at.title] == ["De Keet: aanmelden"]
    assert [t.label for t in at.text_input] == ["Gebruikersnaam", "Wachtwoord"]
    assert not at.metric and not at.dataframe and not at.selectbox  # no figure, no filter, no table
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # only the form is routed
        at.switch_page("app_pages/data_quality.py")


def test_log_in_with_the_users_file_and_every_attempt_is_audited(serving, keet_home):
    from pipelines import auth

    auth.add_user("marie", "partner", "een-lang-wachtwoord")
    at = run_app(user=None)
    at.text_input(key="login_name").input("marie")
    at.text_input(key="login_password").input("fout-wachtwoord")
    at.button[0].click().run()
    assert "Naam of wachtwoord klopt niet" in texts(at.error)
    assert not at.metric
    at.text_input(key="login_password").input("een-lang-wachtwoord")
    at.button[0].click().run()
    assert not at.exception
    assert "Aangemeld als **marie** (partner)" in texts(at.sidebar.caption)
    assert metrics(at)["Intakes"] == "1.500"  # the overview of the whole region (fx.REGION_INTAKES)
    events = [e["event"] for e in auth.read_audit()]
    assert events[-2:] == ["login_failed", "login"]
    assert "een-lang-wachtwoord" not in (keet_home / "audit.log").read_text()
    # the session was stored server-side as a hash only; the users file holds a scrypt hash
    sessions = json.loads((keet_home / "secrets" / "sessions.json").read_text())
    assert [v["user"] for v in sessions.values()] == ["marie"]
    assert at.session_state[access.TOKEN_KEY] not in json.dumps(sessions)
    assert auth.resume_session(at.session_state[access.TOKEN_KEY]) == User("marie", "partner")


def test_log_out_ends_the_session_on_the_server(serving, keet_home):
    from pipelines import auth

    user = auth.add_user("marie", "lead", "een-lang-wachtwoord")
    token = auth.start_session(user)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[access.USER_KEY] = user
    at.session_state[access.TOKEN_KEY] = token
    at.run()
    at.sidebar.button(key="logout").click().run()
    assert [t.value for t in at.title] == ["De Keet: aanmelden"]
    assert auth.resume_session(token) is None
    assert auth.read_audit()[-1]["event"] == "logout"


@pytest.mark.parametrize(
    ("user", "page"),
    [(PARTNER, "data_quality"), (PARTNER, "upload"), (PARTNER, "report"), (VIEWER, "events"), (VIEWER, "map")],
)
def test_a_page_refuses_a_role_that_may_not_open_it(serving, keet_home, user, page):
    at = run_app(user=user)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not listed, not routed
        at.switch_page(f"app_pages/{page}.py")
    # and the page checks the role itself, whichever way it is reached
    at = AppTest.from_file(str(APP.parent / "app_pages" / f"{page}.py"), default_timeout=TIMEOUT)
    at.session_state[access.USER_KEY] = user
    at.run()
    assert not at.exception
    assert f"niet beschikbaar voor je rol ({'partner' if user is PARTNER else 'lezer'})" in texts(at.error)
    assert not at.dataframe and not at.metric
    from pipelines import auth

    assert auth.read_audit()[-1] == {
        **auth.read_audit()[-1],
        "event": "page_refused",
        "actor": user.name,
        "detail": {"page": page, "role": user.role},
    }


def test_the_navigation_lists_only_the_pages_of_the_role():
    lead = [k for k in access.PAGE_ROLES if access.may_open(LEAD, k)]
    partner = [k for k in access.PAGE_ROLES if access.may_open(PARTNER, k)]
    viewer = [k for k in access.PAGE_ROLES if access.may_open(VIEWER, k)]
    assert lead == list(access.PAGE_ROLES)
    assert partner == list(KPI_PAGES)
    assert viewer == ["overview"]
    assert not any(access.may_open(None, k) for k in access.PAGE_ROLES)


def test_a_partner_sees_the_published_figures_the_lead_the_exact_ones(serving):
    _hide(serving, "ADV_REFERRED", fx.NINOVE)  # 12 in the exact table
    lead = metrics(run_app({"mun": fx.NINOVE}))
    assert lead["Doorverwezen"] == "12"
    st.cache_data.clear()
    at = run_app({"mun": fx.NINOVE}, user=PARTNER)
    partner = metrics(at)
    assert partner["Doorverwezen"] == "<5"
    assert partner["Intakes"] == "1.234"  # a cell that is not hidden is the same
    card = next(m for m in at.metric if m.label == "Doorverwezen")
    assert "Verborgen: minder dan 5 personen" in card.help
    # the what-changed table (exact figures of two snapshots) is the lead's only
    assert "Wat veranderde" not in texts(at.subheader)
    assert "Je ziet de gepubliceerde cijfers" in texts(at.sidebar.caption)


def test_a_hidden_cell_is_hidden_in_the_targets_and_on_the_map_too(serving):
    _hide(serving, "ADV_INTAKES", "all", "secondary")
    _hide(serving, "ADV_INTAKES", "41034")  # 20 in the exact table
    at = run_app(user=PARTNER)
    targets = table(at, "Doel").set_index("Indicator")
    assert targets.loc["Intakes", "Waarde"] == "x"
    assert targets.loc["Intakes", "Bereikt"] == "–"  # the share reached would give the value away
    by_municipality = open_page("map", user=PARTNER)
    shown = table(by_municipality, "Gemeente").set_index("Gemeente")
    assert shown.loc["Lede", "Waarde"] == "<5"
    assert shown.loc["Aalst", "Waarde"] == "600"


def test_a_partner_does_not_get_the_list_of_single_intakes(serving):
    lead = open_page("advisory")
    assert "nog wachten op een uitnodiging" in texts(lead.subheader)
    st.cache_data.clear()
    partner = open_page("advisory", user=PARTNER)
    assert "nog wachten op een uitnodiging" not in texts(partner.subheader)
    assert not any("intake_id" in str(f.value.columns) or "Intake" in list(f.value.columns) for f in partner.dataframe)


def test_a_hidden_month_is_a_gap_in_the_partners_trend_and_says_why(serving):
    _hide(serving, "ADV_INTAKES", fx.NINOVE, period="2022-02")  # 12 in the exact table
    at = run_app({"mun": fx.NINOVE, "ptype": "quarter", "period": "2022-Q1"}, user=PARTNER)
    trend = figure(at, "chart_trend").data[0]
    assert list(trend.y) == [10.0, None, 14.0] or (trend.y[0] == 10.0 and np.isnan(trend.y[1]) and trend.y[2] == 14.0)
    assert "<5: minder dan 5 personen" in texts(at.caption)
    st.cache_data.clear()
    lead = run_app({"mun": fx.NINOVE, "ptype": "quarter", "period": "2022-Q1"})
    assert list(figure(lead, "chart_trend").data[0].y) == [10.0, 12.0, 14.0]
