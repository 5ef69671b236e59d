"""Every dashboard page in a real headless Chromium, on the snapshot of the small hand-made delivery
(tests/fixtures/small_delivery.py), and the upload flow: a file with one bad row gives the report with its row
number and reason; a good file sent to the inbox starts a run whose result the page shows.

Hand-worked figures (tests/integration/test_pipeline_small.py and the delivery itself):
- 7 intakes (I7 is quarantined: 'Aalts'); 4 accepted (I1, I2, I3, I6), 3 of them invited (I1, I2, I3); I6 was
  never invited: the one intake overdue at the cut-off 31/12/2022 (deadline Wednesday 30/03/2022).
- 3 events: E1 network event (Aalst), E2 workshop (Ninove), E3 hackathon (Aalst); in Aalst 2 events.
- Attendance rows name persons that were never delivered (no people file): unresolved references, all in
  attendance_2022.xlsx of source 'testpartner'.
- No material flows, jobs or collaborations: those pages explain the empty cell.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.e2e.conftest import _free_port, choose, screenshot, start_dashboard, upload_file, wait_ready

pytestmark = pytest.mark.e2e

PAGES = {
    "": "Overzicht",
    "map": "Kaart",
    "advisory-desk": "Adviesloket",
    "events": "Events en workshops",
    "accelerator": "CO:KEET-versneller",
    "value-chains": "Waardeketens",
    "circular-impact": "Circulaire impact",
    "social-impact": "Sociale impact",
    "report": "ESF-voortgangsrapport",
    "data-quality": "Datakwaliteit",
    "upload": "Bestanden opladen",
}

EVENTS_WITH_ONE_BAD_ROW = (
    "event_id,event_type,title,date,municipality,chains\n"
    "E4,workshop,Herstelcafé Lede,2022-06-02,Lede,textile\n"
    "E5,barbecue,Zomerfeest,2022-06-09,Ninove,\n"
)


def settled(page) -> None:
    """The script run is over and the elements are drawn (no skeletons left), charts included."""
    wait_ready(page)
    page.wait_for_function(
        """() => {
            const widget = document.querySelector('[data-testid="stStatusWidget"]');
            const busy = widget && /Running|Stop|Bezig/.test(widget.innerText);
            return !busy
                && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
                && document.querySelector('[data-testid="stMainBlockContainer"] h1') !== null;
        }"""
    )
    page.wait_for_timeout(700)


def full_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside its main block: grow the window to the page's height, then take the picture."""
    height = page.evaluate(
        """() => { const main = document.querySelector('[data-testid="stMain"]') || document.body;
                   return Math.max(main.scrollHeight, document.body.scrollHeight); }"""
    )
    page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 40), 12000)})
    page.wait_for_timeout(600)
    screenshot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})


def metric_value(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^{re.escape(label)}$"))
    )
    return card.locator('[data-testid="stMetricValue"]').inner_text().strip()


def grid_cell(page, text: str):
    """A cell of an st.dataframe (drawn on a canvas; its cells exist as hidden grid cells)."""
    return page.locator('[role="gridcell"]', has_text=text).first


def no_errors(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_opens_without_error(page, dashboard_url, path):
    page.goto(f"{dashboard_url}/{path}")
    settled(page)
    page.get_by_role("heading", name=PAGES[path], exact=True).wait_for()
    assert page.get_by_text(re.compile(r"Gegevens tot 31/12/2022 · momentopname van")).count() >= 1
    no_errors(page)
    full_screenshot(page, f"page_{path or 'overview'}_nl")


def test_overview_targets_and_no_previous_snapshot(page, dashboard_url):
    page.goto(dashboard_url + "/")
    settled(page)
    page.get_by_text("Voorlopige doelen (*)").wait_for()
    page.get_by_text("Er is geen vorige momentopname om mee te vergelijken.").wait_for()
    grid_cell(page, "7").wait_for(state="attached")  # Intakes 7 of target 120 in the targets table


def test_advisory_desk_hand_worked_funnel_and_waiting_list(page, dashboard_url):
    page.goto(dashboard_url + "/advisory-desk")
    settled(page)
    assert metric_value(page, "Intakes") == "7"
    # the funnel: 7 intakes, 4 accepted, 3 invited (plotly draws its text as SVG)
    funnel = page.locator('[data-testid="stPlotlyChart"]').first
    for text, steps in (
        ("7 (100,0 %)", 1),
        ("4 (57,1 %)", 1),
        ("3 (42,9 %)", 2),
    ):  # invited 3, conversations 3
        funnel.get_by_text(text, exact=True).first.wait_for()
        assert funnel.get_by_text(text, exact=True).count() == steps
    page.get_by_text("1 intake(s) wachten langer dan 3 werkdagen").wait_for()
    grid_cell(page, "I6").wait_for(state="attached")
    grid_cell(page, "30/03/2022").wait_for(state="attached")  # I6's deadline


def test_filter_on_a_new_page_and_it_follows_to_the_next_page(page, dashboard_url):
    page.goto(dashboard_url + "/events")
    settled(page)
    assert metric_value(page, "Events") == "3"
    choose(page, "Gemeente", "Aalst")
    settled(page)
    page.wait_for_function("() => window.location.search.includes('mun=41002')")
    assert metric_value(page, "Events") == "2"  # E1 and E3
    full_screenshot(page, "page_events_aalst")
    # the page navigation is at the top, by section
    page.locator('[data-testid="stTopNavSection"]').filter(has_text="Werking").click()
    page.locator('[data-testid="stTopNavDropdownLink"]').filter(has_text="Adviesloket").click()
    settled(page)
    page.get_by_role("heading", name="Adviesloket", exact=True).wait_for()
    assert metric_value(page, "Intakes") == "3"  # I1, I3, I6: the filter followed
    page.wait_for_function("() => window.location.search.includes('mun=41002')")


def test_empty_pages_explain_themselves(page, dashboard_url):
    page.goto(dashboard_url + "/circular-impact")
    settled(page)
    page.get_by_text(re.compile("Geen gegevens over materiaalstromen")).wait_for()
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0  # no blank chart
    no_errors(page)


def test_data_quality_lists_unresolved_references_and_the_scorecard(page, dashboard_url):
    page.goto(dashboard_url + "/data-quality")
    settled(page)
    grid_cell(page, "Onbekende persoon").wait_for(state="attached")
    grid_cell(page, "testpartner").wait_for(state="attached")
    page.get_by_text("Geen records buiten de periode.").wait_for()


def test_a_new_page_in_english(page, dashboard_url):
    page.goto(dashboard_url + "/advisory-desk?lang=en")
    settled(page)
    page.get_by_role("heading", name="Advisory desk", exact=True).wait_for()
    assert metric_value(page, "Intakes") == "7"
    full_screenshot(page, "page_advisory-desk_en")


def test_upload_shows_the_report_with_row_and_reason(page, dashboard_url, tmp_path):
    report = upload_file(page, dashboard_url, tmp_path / "events_juni.csv", EVENTS_WITH_ONE_BAD_ROW)
    report.get_by_text("rij 3, kolom event_type: waarde 'barbecue' onbekend voor event_type").wait_for()
    assert "events_juni.csv (events): 2 rijen gelezen, 1 zouden geladen worden, 1 in quarantaine" in (
        report.inner_text()
    )
    settled(page)
    no_errors(page)
    full_screenshot(page, "upload_report_nl")


@pytest.fixture
def own_dashboard(small_pipeline, lead_token, tmp_path):
    """A second dashboard on a copy of the small pipeline's home, for a test that sends files and runs."""
    home = tmp_path / "home"
    source = small_pipeline["KEET_HOME"]
    shutil.copytree(source, home, ignore=shutil.ignore_patterns("*.wal", "*.tmp", "run_status.json"))
    env = {**small_pipeline, "KEET_HOME": str(home)}
    port = _free_port()
    proc = start_dashboard(env, port)
    yield f"http://127.0.0.1:{port}", home
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_upload_sends_to_the_inbox_and_the_run_result_shows(page, own_dashboard, tmp_path):
    url, _home = own_dashboard
    report = upload_file(page, url, tmp_path / "events_juni.csv", EVENTS_WITH_ONE_BAD_ROW)
    report.get_by_text("rij 3, kolom event_type").wait_for()
    page.get_by_label("Bron (wie leverde deze bestanden?)", exact=True).fill("E2E partner")
    page.get_by_label("Bron (wie leverde deze bestanden?)", exact=True).press("Enter")
    page.get_by_text("Submap in de inbox: e2e-partner").wait_for()
    page.get_by_role("button", name=re.compile("versturen en verwerking starten")).click()
    page.get_by_text("In de inbox gezet: events_juni.csv").wait_for()
    outcome = re.compile("De laatste verwerking is (geslaagd|mislukt)|De verwerking stopte zonder resultaat")
    page.get_by_text(outcome).first.wait_for(timeout=300_000)
    settled(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "De laatste verwerking is geslaagd" in main, main[-2000:]  # else: the pipeline's own failure
    full_screenshot(page, "upload_run_succeeded_nl")
    # the accepted row is in the new snapshot: 4 events now (E4 in Lede), E5 quarantined
    page.goto(url + "/events")
    settled(page)
    assert metric_value(page, "Events") == "4"
    page.goto(url + "/data-quality")
    settled(page)
    grid_cell(page, "e2e-partner").wait_for(state="attached")
    grid_cell(page, "barbecue").wait_for(state="attached")
