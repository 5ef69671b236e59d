"""Log-in and roles in a real headless Chromium, on the snapshot of the small hand-made delivery.

Hand-worked figures (tests/integration/test_pipeline_small.py): 2 event attendances in Ninove (41048) over the
whole project, 8 in the region. Attendances count people, so a partner sees Ninove's 2 as `<5` (a people count
from 1 to 4, kpi-catalogue "publication rules"); the project lead sees 2.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import add_account, new_page, screenshot, session_token, upload_file, wait_ready
from tests.e2e.test_dashboard_browser import metric_value

pytestmark = pytest.mark.e2e

ATTENDANCES = "Aanwezigheden op events"


def test_an_anonymous_visitor_gets_only_the_log_in_form(anonymous_page, dashboard_url):
    page = anonymous_page
    page.goto(dashboard_url + "/data-quality")  # a lead page by URL
    wait_ready(page)
    page.get_by_role("heading", name="De Keet: aanmelden").wait_for()
    assert page.get_by_role("button", name="Aanmelden").is_visible()
    assert page.get_by_text("Page not found").count() == 0  # a shared link shows the form, not an error
    body = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert "Datakwaliteit" not in body and "barbecue" not in body  # neither the page nor its data
    assert page.locator('[data-testid="stMetric"]').count() == 0
    screenshot(page, "access_login_nl")


def test_a_partner_logs_in_sees_published_figures_and_cannot_open_lead_pages(browser, dashboard_url, small_pipeline):
    password = add_account(small_pipeline, "e2e-partner", "partner")
    page = new_page(browser)
    try:
        page.goto(dashboard_url + "/events")  # a shared link: the form first, then the page itself
        wait_ready(page)
        page.get_by_label("Gebruikersnaam").fill("e2e-partner")
        page.get_by_label("Wachtwoord").fill("niet-dit-wachtwoord")
        page.get_by_role("button", name="Aanmelden").click()
        page.get_by_text("Naam of wachtwoord klopt niet").wait_for()
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Aanmelden").click()
        page.get_by_role("heading", name="Events en workshops", exact=True).wait_for()
        wait_ready(page)
        page.goto(dashboard_url + "/?mun=41048")  # a new page load: the session cookie keeps the log-in
        wait_ready(page)
        page.get_by_role("heading", name="Overzicht", exact=True).wait_for()
        assert metric_value(page, ATTENDANCES) == "<5"  # 2 in the exact table
        assert "Aangemeld als e2e-partner (partner)" in page.locator('[data-testid="stSidebar"]').inner_text()
        screenshot(page, "access_partner_overview_ninove")

        # the lead pages are not in the menu, and typing their URL does not open them (the session cookie
        # keeps the partner logged in across the reload)
        menu = page.locator('[data-testid="stAppViewContainer"] header, [data-testid="stHeader"]').first.inner_text()
        assert "Datakwaliteit" not in menu and "Bestanden opladen" not in menu
        for path in ("/data-quality", "/upload", "/report"):
            page.goto(dashboard_url + path)
            wait_ready(page)
            page.get_by_role("heading", name="Overzicht", exact=True).wait_for()
            page.get_by_text("Deze pagina is niet beschikbaar voor je rol (partner)").wait_for()
            assert page.get_by_role("heading", name="Datakwaliteit").count() == 0
            assert page.locator('[data-testid="stFileUploader"]').count() == 0
            body = page.locator('[data-testid="stAppViewContainer"]').inner_text()
            assert "Aangemeld als e2e-partner" in body or "e2e-partner" in page.locator(
                '[data-testid="stSidebar"]'
            ).inner_text()
        screenshot(page, "access_partner_refused_lead_page")
    finally:
        page.context.close()


def test_the_lead_sees_the_exact_figure_of_the_same_cell(page, dashboard_url):
    page.goto(dashboard_url + "/?mun=41048")
    wait_ready(page)
    assert metric_value(page, ATTENDANCES) == "2"


def test_a_viewer_sees_the_published_overview_only(browser, dashboard_url, small_pipeline):
    page = new_page(browser, session_token(small_pipeline, "e2e-viewer", "viewer"))
    try:
        page.goto(dashboard_url + "/events?mun=41048")
        wait_ready(page)
        page.get_by_role("heading", name="Overzicht", exact=True).wait_for()
        assert page.get_by_role("heading", name="Events en workshops").count() == 0
        assert metric_value(page, ATTENDANCES) == "<5"
        header = page.locator('[data-testid="stHeader"]').inner_text()
        assert "Kaart" not in header and "Adviesloket" not in header
        screenshot(page, "access_viewer_overview")
    finally:
        page.context.close()


HTML_ROW = (
    "event_id,event_type,title,date,municipality,chains\n"
    'EH1,"<img src=x onerror=""window.__keet_xss=1"">",<script>window.__keet_xss=2</script>,2022-06-01,Aalst,textile\n'
)


def test_html_or_script_in_the_data_is_shown_as_text(page, dashboard_url, tmp_path):
    report = upload_file(page, dashboard_url, tmp_path / "events_html.csv", HTML_ROW)
    report.get_by_text("<img src=x onerror=", exact=False).wait_for()
    wait_ready(page)
    assert page.evaluate("() => window.__keet_xss") is None  # nothing ran
    assert page.locator('img[src="x"]').count() == 0  # and nothing was turned into an element
    assert "<img src=x onerror=\"window.__keet_xss=1\">" in report.inner_text()
    screenshot(page, "access_html_as_text")
